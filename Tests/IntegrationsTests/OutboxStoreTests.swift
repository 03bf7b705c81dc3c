import BookingCore
import BookingEngine
import BookingStoreSQLite
import Foundation
import Integrations
import Testing

@Suite("SQLite outbox: idempotent fan-out, scheduled deliveries, staff actions")
struct OutboxStoreTests {
    @Test func aBookingFansOutIntoEveryServiceWithItsDueTimes() async throws {
        let harness = try await OutboxHarness()
        let booking = try await harness.book(at(2026, 11, 26, 19))
        let events = try await harness.store.unplannedEvents(limit: 10)
        #expect(events.map(\.event.kind) == [.created])
        let plan = DeliveryPlanner().plan(try #require(events.first))
        try await harness.store.apply(plan, at: harness.clock.now())

        let deliveries = try await harness.allDeliveries()
        let now = OutboxHarness.now
        let expected: [(String, Date, Bool)] = [
            ("clubos:context", now, false),
            ("clubos:input_event", now, false),
            ("unifi:grant", now, false),
            ("hubspot:note", now, false),
            ("ninjaone:prepare", at(2026, 11, 26, 18, 50), true),
            ("ninjaone:reset", at(2026, 11, 26, 21), true),
            ("reminder:remind", at(2026, 11, 26, 17), true),
        ]
        #expect(deliveries.map { "\($0.service):\($0.action)" } == expected.map(\.0))
        #expect(deliveries.map(\.dueAt) == expected.map(\.1))
        #expect(deliveries.map(\.isScheduled) == expected.map(\.2))
        #expect(deliveries.allSatisfy { $0.status == .pending && $0.attempts == 0 && $0.event.booking == booking })
        #expect(deliveries[2].idempotencyKey == "\(booking.ref):booking.created:1:unifi:grant")
        #expect(try await harness.store.unplannedEvents(limit: 10).isEmpty)
    }

    @Test func applyingAPlanTwiceAddsNothing() async throws {
        let harness = try await OutboxHarness()
        _ = try await harness.book(at(2026, 11, 26, 19))
        let event = try #require(try await harness.store.unplannedEvents(limit: 10).first)
        let plan = DeliveryPlanner().plan(event)
        try await harness.store.apply(plan, at: harness.clock.now())
        try await harness.store.apply(plan, at: harness.clock.now())
        #expect(try await harness.allDeliveries().count == 7)
    }

    @Test func aCancellationCancelsScheduledDeliveriesAndAddsARevoke() async throws {
        let harness = try await OutboxHarness()
        let booking = try await harness.book(at(2026, 11, 26, 19))
        _ = try await harness.engine.cancel(ref: booking.ref)
        for event in try await harness.store.unplannedEvents(limit: 10) {
            try await harness.store.apply(DeliveryPlanner().plan(event), at: harness.clock.now())
        }
        let deliveries = try await harness.allDeliveries()
        let scheduled = deliveries.filter(\.isScheduled)
        #expect(scheduled.count == 3 && scheduled.allSatisfy { $0.status == .cancelled })
        let revoke = try #require(deliveries.first { $0.action == "revoke" })
        #expect(revoke.status == .pending && revoke.event.kind == .cancelled)
    }

    /// The dispatcher plans a batch of events in one transaction: a booking and its cancellation in one batch
    /// end as they do one by one (the cancellation sees the deliveries the booking's plan just inserted).
    @Test func aBatchOfPlansInOneTransactionEndsAsOneByOne() async throws {
        let batched = try await OutboxHarness()
        let oneByOne = try await OutboxHarness()
        for harness in [batched, oneByOne] {
            let booking = try await harness.book(at(2026, 11, 26, 19))
            _ = try await harness.engine.cancel(ref: booking.ref)
            _ = try await harness.book(at(2026, 11, 27, 20))
        }
        let events = try await batched.store.unplannedEvents(limit: 10)
        #expect(events.map(\.event.kind) == [.created, .cancelled, .created])
        try await batched.store.apply(events.map(DeliveryPlanner().plan), at: batched.clock.now())
        for event in try await oneByOne.store.unplannedEvents(limit: 10) {
            try await oneByOne.store.apply(DeliveryPlanner().plan(event), at: oneByOne.clock.now())
        }
        func summary(_ harness: OutboxHarness) async throws -> [String] {
            try await harness.allDeliveries().map { "\($0.service):\($0.action):\($0.status):\($0.dueAt)" }
        }
        #expect(try await summary(batched) == (try await summary(oneByOne)))
        #expect(try await batched.allDeliveries().filter { $0.status == .cancelled }.count == 3)
        #expect(try await batched.store.unplannedEvents(limit: 10).isEmpty)
    }

    @Test func aRescheduleReplacesScheduledDeliveriesAtTheNewTimes() async throws {
        let harness = try await OutboxHarness()
        let booking = try await harness.book(at(2026, 11, 26, 19))
        _ = try await harness.engine.reschedule(
            RescheduleRequest(ref: booking.ref, start: at(2026, 11, 27, 20), isStaff: true)
        )
        for event in try await harness.store.unplannedEvents(limit: 10) {
            try await harness.store.apply(DeliveryPlanner().plan(event), at: harness.clock.now())
        }
        let prepares = try await harness.allDeliveries().filter { $0.action == "prepare" }
        #expect(prepares.map(\.status) == [.cancelled, .pending])
        #expect(prepares.map(\.dueAt) == [at(2026, 11, 26, 18, 50), at(2026, 11, 27, 19, 50)])
    }

    @Test func staffRetryAndDropOnlyUndeliveredDeliveries() async throws {
        let harness = try await OutboxHarness()
        _ = try await harness.book(at(2026, 11, 26, 19))
        let event = try #require(try await harness.store.unplannedEvents(limit: 10).first)
        try await harness.store.apply(DeliveryPlanner().plan(event), at: harness.clock.now())
        let store = harness.store
        let now = harness.clock.now()
        let first = try #require(try await harness.allDeliveries().first)
        try await store.markDead(id: first.id, error: "clubos: HTTP 400", at: now)
        let dead = try await store.deliveries(status: .dead, limit: 10)
        #expect(dead.map(\.id) == [first.id] && dead.first?.lastError == "clubos: HTTP 400")
        #expect(dead.first?.attempts == 1)

        #expect(try await store.retry(id: first.id, at: now))
        let retried = try #require(try await store.delivery(id: first.id))
        #expect(retried.status == .pending && retried.attempts == 0)

        try await store.markDelivered(id: first.id, result: "ok", at: now)
        #expect(try await store.drop(id: first.id, at: now) == false)
        #expect(try await store.retry(id: first.id, at: now) == false)
        #expect(try await store.drop(id: 9_999, at: now) == false)
        #expect(
            try await store.latestResult(bookingRef: first.event.booking.ref, service: "clubos", action: "context")
                == "ok"
        )

        let second = try await harness.allDeliveries()[1]
        #expect(try await store.drop(id: second.id, at: now))
        #expect(try await store.delivery(id: second.id)?.status == .cancelled)
    }
}
