import BookingCore
import BookingEngine
import BookingStoreSQLite
import Foundation
import TestSupport
import Testing

@Suite("Cancel, reschedule, extend, list")
struct ChangeTests {
    @Test func cancellingEarlyRefundsAndLateDoesNot() async throws {
        let harness = try await EngineHarness()
        let early = try #require(try await harness.book(harness.request(at(2026, 11, 26, 12))))
        let cancelled = try await harness.engine.cancel(ref: early.ref.lowercased())
        #expect(!cancelled.isLate && cancelled.refundCents == early.priceCents)
        #expect(cancelled.booking.status == .cancelled)

        let soon = try #require(try await harness.book(harness.request(bay: 2, at(2026, 11, 25, 11, 30))))
        let late = try await harness.engine.cancel(ref: soon.ref)
        #expect(late.isLate && late.refundCents == 0)
    }

    @Test func cancelErrorsSayWhatIsWrong() async throws {
        let harness = try await EngineHarness()
        await #expect(throws: BookingError.notFound(ref: "ZZZ-ZZZ")) { try await harness.engine.cancel(ref: "zzz-zzz") }
        let booking = try #require(try await harness.book(harness.request(at(2026, 11, 26, 12))))
        _ = try await harness.engine.cancel(ref: booking.ref)
        await #expect(throws: BookingError.alreadyCancelled(ref: booking.ref)) {
            try await harness.engine.cancel(ref: booking.ref)
        }
        let other = try #require(try await harness.book(harness.request(at(2026, 11, 26, 14))))
        await #expect(throws: BookingError.alreadyStarted(ref: other.ref)) {
            try await harness.at(at(2026, 11, 26, 14, 30)).cancel(ref: other.ref)
        }
        #expect(BookingError.alreadyStarted(ref: "K7Q-4M2").message == "Booking K7Q-4M2 has already started.")
    }

    @Test func rescheduleMovesTheBookingAndKeepsItsReference() async throws {
        let harness = try await EngineHarness()
        let booking = try #require(try await harness.book(harness.request(bay: 1, at(2026, 11, 26, 12))))
        let outcome = try await harness.engine.reschedule(
            RescheduleRequest(ref: booking.ref, start: at(2026, 11, 26, 15))
        )
        let moved = try #require(outcome.booking)
        #expect(moved.ref == booking.ref && moved.bay == 1)
        #expect(moved.interval == Interval(start: at(2026, 11, 26, 15), minutes: 60))
        let log = try await harness.temporary.store.read { try $0.auditLog(bookingRef: booking.ref) }
        #expect(log.map(\.action) == ["booking.created", "booking.rescheduled"])
    }

    @Test func aRefusedRescheduleKeepsTheOldSlot() async throws {
        let harness = try await EngineHarness()
        let mine = try #require(try await harness.book(harness.request(bay: 1, at(2026, 11, 26, 12))))
        #expect(try await harness.book(harness.request(bay: 1, at(2026, 11, 26, 15), member: TestClub.vipPhone)) != nil)
        let outcome = try await harness.engine.reschedule(RescheduleRequest(ref: mine.ref, start: at(2026, 11, 26, 15)))
        guard case .rejected(let error, let alternatives) = outcome else {
            Issue.record("expected a refusal")
            return
        }
        #expect(error.rule == "taken")
        #expect(!alternatives.isEmpty)
        #expect(try await harness.engine.booking(ref: mine.ref) == mine)
    }

    @Test func moveWithinItsOwnSlotDoesNotConflictWithItself() async throws {
        let harness = try await EngineHarness()
        let booking = try #require(try await harness.book(harness.request(bay: 1, at(2026, 11, 26, 12), minutes: 120)))
        let later = try await harness.engine.reschedule(
            RescheduleRequest(ref: booking.ref, start: at(2026, 11, 26, 13))
        )
        #expect(later.booking?.interval.start == at(2026, 11, 26, 13))
    }

    @Test func extendAddsTimeOnTheSameBayWithinTheRules() async throws {
        let harness = try await EngineHarness()
        let booking = try #require(try await harness.book(harness.request(bay: 1, at(2026, 11, 26, 12))))
        let extended = try await harness.engine.extend(ref: booking.ref, byMinutes: 60)
        #expect(extended.booking?.interval.minutes == 120)
        #expect(try #require(extended.booking).priceCents > booking.priceCents)
        #expect(try await harness.book(harness.request(bay: 1, at(2026, 11, 26, 14), member: TestClub.vipPhone)) != nil)
        let blocked = try await harness.engine.extend(ref: booking.ref, byMinutes: 30)
        guard case .rejected(let error, _) = blocked else {
            Issue.record("expected a refusal")
            return
        }
        #expect(error.rule == "taken")
        let tooLong = try await harness.engine.extend(ref: booking.ref, byMinutes: 120)
        #expect(tooLong == .rejected(.tooLong(tierName: "Standard", maximumMinutes: 180), alternatives: []))
        let log = try await harness.temporary.store.read { try $0.auditLog(bookingRef: booking.ref) }
        #expect(log.map(\.action) == ["booking.created", "booking.extended"])
    }

    @Test func aMembersUpcomingBookingsSoonestFirst() async throws {
        let harness = try await EngineHarness()
        let later = try #require(try await harness.book(harness.request(at(2026, 11, 28, 12))))
        let sooner = try #require(try await harness.book(harness.request(at(2026, 11, 26, 12))))
        let cancelled = try #require(try await harness.book(harness.request(at(2026, 11, 27, 12))))
        _ = try await harness.engine.cancel(ref: cancelled.ref)
        let list = try await harness.engine.bookings(memberPhone: "902-555-0101")
        #expect(list.map(\.ref) == [sooner.ref, later.ref])
        let day = try await harness.engine.bookings(on: LocalDay(year: 2026, month: 11, day: 27))
        #expect(day.map(\.status) == [.cancelled])
    }

    @Test func everyChangeIsInTheAuditLog() async throws {
        let harness = try await EngineHarness()
        let booking = try #require(try await harness.book(harness.request(at(2026, 11, 26, 12), staff: true)))
        _ = try await harness.engine.cancel(ref: booking.ref)
        let log = try await harness.temporary.store.read { try $0.auditLog(bookingRef: booking.ref) }
        #expect(log.map(\.action) == ["booking.created", "booking.cancelled"])
        #expect(log.first?.actor == "staff")
        #expect(log.last?.actor == "member:+19025550101")
        #expect(log.allSatisfy { $0.at == TestClub.now })
    }
}
