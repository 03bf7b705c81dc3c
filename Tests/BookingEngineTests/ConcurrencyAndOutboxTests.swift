import BookingCore
import BookingEngine
import BookingStoreSQLite
import Foundation
import TestSupport
import Testing

@Suite("Conflict-freedom under concurrent tasks, and events committed with their change")
struct ConcurrencyAndOutboxTests {
    @Test func sixteenConcurrentRequestsForOneBayBookItOnce() async throws {
        let harness = try await EngineHarness()
        let outcomes = try await withThrowingTaskGroup(of: BookingOutcome.self) { group in
            for index in 0..<16 {
                let request = harness.request(
                    bay: 2,
                    at(2026, 11, 27, 20),
                    minutes: 90,
                    member: String(format: "902-555-03%02d", index)
                )
                group.addTask { try await harness.engine.book(request) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.compactMap(\.booking).count == 1)
        let refusals = outcomes.compactMap { outcome -> BookingError? in
            if case .rejected(let error, _) = outcome { return error }
            return nil
        }
        #expect(refusals.count == 15 && refusals.allSatisfy { $0.rule == "taken" })
    }

    @Test func everyChangeWritesItsEventAndARefusedOneWritesNone() async throws {
        let harness = try await EngineHarness()
        let booking = try #require(try await harness.book(harness.request(bay: 1, at(2026, 11, 26, 12))))
        let store = harness.temporary.store
        #expect(try await store.write { try $0.eventCount(bookingRef: booking.ref) } == 1)
        _ = try await harness.engine.extend(ref: booking.ref, byMinutes: 30)
        #expect(try await harness.book(harness.request(bay: 1, at(2026, 11, 26, 16), member: TestClub.vipPhone)) != nil)
        let refused = try await harness.engine.reschedule(
            RescheduleRequest(ref: booking.ref, start: at(2026, 11, 26, 16))
        )
        #expect(refused.booking == nil)
        _ = try await harness.engine.cancel(ref: booking.ref)
        #expect(try await store.write { try $0.eventCount(bookingRef: booking.ref) } == 3)
    }
}
