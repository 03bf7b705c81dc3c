import BookingCore
import BookingEngine
import BookingStoreSQLite
import Foundation
import TestSupport
import Testing

@Suite("Booking rules, each with the words a customer reads")
struct RuleTests {
    @Test func aFreeSlotIsBookedWithAReadableReference() async throws {
        let harness = try await EngineHarness()
        let booking = try #require(
            try await harness.book(harness.request(bay: 3, at(2026, 11, 25, 19), minutes: 120, party: 4))
        )
        #expect(RefGenerator.looksLikeRef(booking.ref))
        #expect(booking.bay == 3 && booking.partySize == 4 && booking.status == .confirmed)
        #expect(booking.interval == Interval(start: at(2026, 11, 25, 19), minutes: 120))
        // Weekday evening is peak: 2 h x $45 x 1.2 = $108, less the standard 10 % = $97.20.
        #expect(booking.priceCents == 9720)
    }

    @Test func startsMustBeOnTheHourOrHalfHour() async throws {
        let harness = try await EngineHarness()
        let error = try await harness.refusal(harness.request(at(2026, 11, 25, 19, 15)))
        #expect(error == .offGrid(gridMinutes: 30))
        #expect(error?.message == "Bookings start on the hour or half hour.")
    }

    @Test func lengthsAreWholeHalfHoursOfAtLeastAnHour() async throws {
        let harness = try await EngineHarness()
        let odd = try await harness.refusal(harness.request(at(2026, 11, 25, 19), minutes: 75))
        #expect(odd?.message == "Bookings last a whole number of half hours.")
        let short = try await harness.refusal(harness.request(at(2026, 11, 25, 19), minutes: 30))
        #expect(short?.message == "The shortest booking is 1 hour.")
        #expect(short?.rule == "minimum_duration")
    }

    @Test func eachTierHasAMaximumLength() async throws {
        let harness = try await EngineHarness()
        let standard = try await harness.refusal(harness.request(at(2026, 11, 26, 12), minutes: 240))
        #expect(standard?.message == "Standard members can book up to 3 hours at a time.")
        let guest = try await harness.refusal(
            harness.request(at(2026, 11, 26, 12), minutes: 150, member: TestClub.nonMemberPhone)
        )
        #expect(guest?.message == "Non-members can book up to 2 hours at a time.")
        #expect(
            try await harness.book(harness.request(at(2026, 11, 26, 12), minutes: 240, member: TestClub.vipPhone))
                != nil
        )
    }

    @Test func thePastCannotBeBooked() async throws {
        let harness = try await EngineHarness()
        let error = try await harness.refusal(harness.request(at(2026, 11, 24, 19), staff: true))
        #expect(error?.message == "That time has already passed.")
    }

    @Test func customersBookAtLeastAnHourAheadButStaffMayOverride() async throws {
        let harness = try await EngineHarness()
        let error = try await harness.refusal(harness.request(at(2026, 11, 25, 10, 30)))
        #expect(error?.message == "Bookings must be made at least 1 hour before the start; please call the club.")
        #expect(error?.rule == "last_minute_cutoff")
        #expect(try await harness.book(harness.request(at(2026, 11, 25, 10, 30), staff: true)) != nil)
        #expect(try await harness.book(harness.request(bay: 2, at(2026, 11, 25, 11))) != nil)
    }

    @Test func theAdvanceWindowDependsOnTierAndEarlyAccess() async throws {
        let harness = try await EngineHarness()
        let standard = try await harness.refusal(harness.request(at(2026, 12, 10, 12)))
        #expect(standard?.message == "Standard members can book 14 days ahead.")
        #expect(try await harness.book(harness.request(at(2026, 12, 9, 12))) != nil)
        let guest = try await harness.refusal(harness.request(at(2026, 12, 3, 12), member: TestClub.nonMemberPhone))
        #expect(guest?.message == "Non-members can book 7 days ahead.")
        // The VIP tier carries EARLY_ACCESS: 30 days.
        #expect(try await harness.book(harness.request(at(2026, 12, 25, 12), member: TestClub.vipPhone)) != nil)
        let vipTooFar = try await harness.refusal(
            harness.request(bay: 1, at(2026, 12, 26, 12), member: TestClub.vipPhone)
        )
        #expect(vipTooFar?.message == "VIP members can book 30 days ahead.")
        // A standard member tagged EARLY_ACCESS gets 30 days too.
        #expect(try await harness.book(harness.request(at(2026, 12, 20, 12), member: TestClub.earlyAccessPhone)) != nil)
    }

    @Test func openingHoursIncludingAWindowThatPassesMidnight() async throws {
        let harness = try await EngineHarness()
        // Truro closes at 23:00 on weekdays.
        let late = try await harness.refusal(harness.request("truro", at(2026, 11, 25, 22, 30)))
        #expect(late?.message == "Truro is closed then.")
        #expect(late?.rule == "opening_hours")
        // Friday's window runs to 02:00 Saturday: 00:30-02:00 Saturday morning is open.
        let vip = TestClub.vipPhone
        #expect(
            try await harness.book(harness.request("truro", at(2026, 11, 28, 0, 30), minutes: 90, member: vip)) != nil
        )
        let pastClose = try await harness.refusal(
            harness.request("truro", bay: 2, at(2026, 11, 28, 1, 30), member: vip)
        )
        #expect(pastClose?.message == "Truro is closed then.")
        // Saturday opens at 08:00.
        let early = try await harness.refusal(harness.request("truro", at(2026, 11, 28, 7), member: vip))
        #expect(early?.message == "Truro is closed then.")
        // A booking across midnight inside Saturday's window (to 02:00 Sunday).
        #expect(
            try await harness.book(harness.request("truro", at(2026, 11, 28, 23, 30), minutes: 120, member: vip)) != nil
        )
    }

    @Test func blackoutsForABayAndForAWholeLocation() async throws {
        let harness = try await EngineHarness()
        let vip = TestClub.vipPhone
        let maintenance = try await harness.refusal(
            harness.request("dartmouth", bay: 2, at(2026, 12, 2, 8), member: vip)
        )
        #expect(maintenance?.message == "Dartmouth is closed for maintenance then (TrackMan calibration).")
        #expect(maintenance?.rule == "blackout")
        // Without a bay the engine skips the blacked-out one.
        let picked = try await harness.book(harness.request("dartmouth", at(2026, 12, 2, 8), member: vip))
        #expect(picked?.bay == 1)
        let event = try await harness.refusal(harness.request("halifax", at(2026, 12, 12, 19), member: vip))
        #expect(event?.message == "Halifax is reserved for a private event then.")
    }

    @Test func partiesMustFitTheBay() async throws {
        let harness = try await EngineHarness()
        let small = try await harness.refusal(harness.request(bay: 4, at(2026, 11, 26, 12), party: 4))
        #expect(small?.message == "Bay 4 takes up to 2 players.")
        let huge = try await harness.refusal(harness.request(at(2026, 11, 26, 12), party: 9))
        #expect(huge?.message == "The largest bay at Bedford takes up to 6 players.")
        let none = try await harness.refusal(harness.request(at(2026, 11, 26, 12), party: 0))
        #expect(none?.rule == "party_size")
        // Without a bay, the party of 5 gets the 6-seat bay 3.
        #expect(try await harness.book(harness.request(at(2026, 11, 26, 12), party: 5))?.bay == 3)
    }

    @Test func unknownLocationsAndBaysAreClearErrors() async throws {
        let harness = try await EngineHarness()
        await #expect(throws: BookingError.unknownLocation("narnia")) {
            try await harness.engine.book(harness.request("narnia", at(2026, 11, 26, 12)))
        }
        let bay = try await harness.refusal(harness.request(bay: 9, at(2026, 11, 26, 12)))
        #expect(bay?.message == "Bedford has no bay 9.")
        await #expect(throws: BookingError.invalidPhone("call me")) {
            try await harness.engine.book(harness.request(at(2026, 11, 26, 12), member: "call me"))
        }
    }

    @Test func aTakenBayIsRefusedAndHalfOpenIntervalsTouchWithoutOverlap() async throws {
        let harness = try await EngineHarness()
        #expect(try await harness.book(harness.request(bay: 1, at(2026, 11, 26, 17), minutes: 120)) != nil)
        let taken = try await harness.refusal(harness.request(bay: 1, at(2026, 11, 26, 18), member: TestClub.vipPhone))
        #expect(taken?.message == "Bay 1 at Bedford is already booked then.")
        #expect(taken?.rule == "taken")
        #expect(try await harness.book(harness.request(bay: 1, at(2026, 11, 26, 19), member: TestClub.vipPhone)) != nil)
        #expect(try await harness.book(harness.request(bay: 1, at(2026, 11, 26, 16), member: TestClub.vipPhone)) != nil)
    }

    @Test func buffersKeepTimeBetweenBookings() async throws {
        let harness = try await EngineHarness(bufferMinutes: 30)
        #expect(try await harness.book(harness.request(bay: 1, at(2026, 11, 26, 17))) != nil)
        let tooSoon = try await harness.refusal(
            harness.request(bay: 1, at(2026, 11, 26, 18), member: TestClub.vipPhone)
        )
        #expect(tooSoon?.rule == "taken")
        #expect(
            try await harness.book(harness.request(bay: 1, at(2026, 11, 26, 18, 30), member: TestClub.vipPhone)) != nil
        )
    }

    @Test func activeBookingLimitPerTier() async throws {
        let harness = try await EngineHarness()
        let guest = TestClub.nonMemberPhone
        #expect(try await harness.book(harness.request(at(2026, 11, 26, 12), member: guest)) != nil)
        let second = try await harness.refusal(harness.request(at(2026, 11, 27, 12), member: guest))
        #expect(second?.message == "Non-members can hold 1 upcoming booking at a time.")
        #expect(second?.rule == "active_booking_limit")
    }

    @Test func weeklyHoursPerTierCountTheLocalMondayToSundayWeek() async throws {
        let harness = try await EngineHarness()
        #expect(try await harness.book(harness.request(at(2026, 11, 26, 12), minutes: 180)) != nil)
        #expect(try await harness.book(harness.request(at(2026, 11, 27, 12), minutes: 180)) != nil)
        let third = try await harness.refusal(harness.request(at(2026, 11, 29, 12), minutes: 180))
        #expect(third?.message == "Standard members can book up to 8 hours a week.")
        // Monday starts a new week.
        #expect(try await harness.book(harness.request(at(2026, 11, 30, 12), minutes: 180)) != nil)
    }

    @Test func anIdempotencyKeyReturnsTheSameBooking() async throws {
        let harness = try await EngineHarness()
        let request = harness.request(at(2026, 11, 26, 12), key: "msg-1")
        let first = try await harness.engine.book(request)
        let second = try await harness.engine.book(request)
        #expect(first.booking?.ref == second.booking?.ref)
        guard case .booked(_, let isReplay) = second else {
            Issue.record("not booked")
            return
        }
        #expect(isReplay)
        #expect(try await harness.engine.bookings(memberPhone: TestClub.standardPhone).count == 1)
    }

    @Test func anUnknownPhoneBooksAsANonMemberAndIsRemembered() async throws {
        let harness = try await EngineHarness()
        let booking = try await harness.book(harness.request(at(2026, 11, 26, 12), member: "(902) 555-0199"))
        #expect(booking?.memberPhone == "+19025550199")
        let member = try await harness.temporary.store.read { try $0.member(phone: "+19025550199") }
        #expect(member?.tierID == "non_member")
    }
}
