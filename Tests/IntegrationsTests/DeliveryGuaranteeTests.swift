import BookingCore
import BookingEngine
import BookingStoreSQLite
import Foundation
import Integrations
import Testing

@Suite("Outbox guarantees end to end: outages, cancellations, moves, dead letters", .serialized)
struct DeliveryGuaranteeTests {
    @Test func servicesDownForAWhileGetEveryDeliveryExactlyOnceInOrder() async throws {
        let systems = try ClubSystems()
        defer { systems.stopAll() }
        let harness = try await OutboxHarness()
        let dispatcher = harness.dispatcher(systems: systems, timeout: 0.3)
        let first = try await harness.book(at(2026, 11, 26, 19))
        let second = try await harness.book(at(2026, 11, 27, 12), minutes: 60, bay: 2)
        _ = try await harness.engine.extend(ref: first.ref, byMinutes: 30, isStaff: true)

        // ClubOS refuses connections, UniFi answers 500, HubSpot hangs past the timeout.
        systems.clubOS.stop()
        systems.set(.uniFiAccess, .failing)
        systems.set(.hubSpot, .hanging)
        let outage = try await harness.run(dispatcher)
        #expect(outage.delivered == 0 && outage.retried > 0 && outage.deadLettered == 0)
        for _ in 0..<3 {
            harness.clock.advance(by: 10 * 60)
            try await harness.run(dispatcher)
        }
        #expect(systems.accepted(.clubOS).isEmpty && systems.accepted(.uniFiAccess).isEmpty)
        #expect(systems.accepted(.hubSpot).isEmpty)

        // Back up: the next passes catch up, and the scheduled work goes out at its time.
        try systems.clubOS.restart()
        systems.set(.uniFiAccess, .up)
        systems.set(.hubSpot, .up)
        harness.clock.advance(by: 10 * 60)
        try await harness.run(dispatcher)
        for hour in [17, 18, 19, 20, 21, 22] {
            try await harness.run(dispatcher, at: at(2026, 11, 26, hour, 50))
        }
        for hour in [10, 11, 12, 13] {
            try await harness.run(dispatcher, at: at(2026, 11, 27, hour, 0))
        }

        #expect(systems.violations.isEmpty)
        let deliveries = try await harness.allDeliveries()
        let delivered = deliveries.filter { $0.status == .delivered }
        #expect(deliveries.allSatisfy { $0.status == .delivered || $0.status == .cancelled })
        // 4 immediate of the first booking, 6 of its extension (whose new prep, reset and reminder replace the
        // first three), and 7 of the second booking.
        #expect(delivered.count == 17 && deliveries.count == 20)
        #expect(Set(delivered.map(\.event.booking.ref)) == [first.ref, second.ref])

        // Exactly once per key: every delivered delivery's keyed call was accepted once, and nothing else was.
        var acceptedKeys: [String] = []
        for service in IntegrationService.allCases {
            let keys = systems.accepted(service).compactMap(ClubSystems.key)
            acceptedKeys += keys
            // In order: within a service, each booking's calls follow its deliveries' due order.
            for ref in [first.ref, second.ref] {
                let sent = keys.filter { $0.hasPrefix(ref) }
                let planned = delivered.filter { $0.service == service.rawValue && $0.event.booking.ref == ref }
                    .sorted { ($0.dueAt, $0.id) < ($1.dueAt, $1.id) }
                    .map(\.idempotencyKey)
                #expect(sent == planned, "\(service) \(ref)")
            }
        }
        #expect(acceptedKeys.sorted() == delivered.map(\.idempotencyKey).sorted())
        #expect(Set(acceptedKeys).count == acceptedKeys.count)
    }

    @Test func aCancellationInsideTheAccessWindowRevokesTheCredential() async throws {
        let systems = try ClubSystems()
        defer { systems.stopAll() }
        let harness = try await OutboxHarness()
        let dispatcher = harness.dispatcher(systems: systems)
        let booking = try await harness.book(at(2026, 11, 25, 19))
        try await harness.run(dispatcher)
        #expect(systems.liveVisitors.keys.sorted() == ["visitor-1"])

        // 18:46: the credential opened at 18:45; the prep at 18:50 has not run yet.
        harness.clock.set(at(2026, 11, 25, 18, 46))
        let cancellation = try await harness.engine.cancel(ref: booking.ref, isStaff: true)
        #expect(cancellation.booking.status == .cancelled)
        try await harness.run(dispatcher)
        try await harness.run(dispatcher, at: at(2026, 11, 25, 22))

        #expect(systems.violations.isEmpty)
        #expect(systems.liveVisitors.isEmpty)
        let deletes = systems.accepted(.uniFiAccess).filter { $0.method == "DELETE" }
        #expect(deletes.map(\.path) == ["/api/v1/developer/visitors/visitor-1"])
        #expect(deletes.first.flatMap(ClubSystems.key) == "\(booking.ref):booking.cancelled:2:unifi:revoke")
        #expect(try await harness.deliveries(.uniFiAccess, .revoke).map(\.status) == [.delivered])
        // The simulator is never prepared or reset for a cancelled booking, and no reminder goes out late.
        #expect(systems.accepted(.ninjaOne).isEmpty)
        #expect(try await harness.allDeliveries().filter(\.isScheduled).allSatisfy { $0.status == .cancelled })
        let context = try #require(systems.accepted(.clubOS).last { $0.method == "PUT" })
        #expect(context.json["hasUpcomingBooking"] as? Bool == false)
    }

    @Test func aRescheduleMovesTheNinjaOneJobsAndTheCredentialWindow() async throws {
        let systems = try ClubSystems()
        defer { systems.stopAll() }
        let harness = try await OutboxHarness()
        let dispatcher = harness.dispatcher(systems: systems)
        let booking = try await harness.book(at(2026, 11, 26, 19))
        try await harness.run(dispatcher)
        _ = try await harness.engine.reschedule(
            RescheduleRequest(ref: booking.ref, bay: 4, start: at(2026, 11, 27, 20), isStaff: true)
        )
        try await harness.run(dispatcher)

        // The old times pass without a call; the new ones prepare and reset bay 4's PC.
        try await harness.run(dispatcher, at: at(2026, 11, 26, 18, 50))
        try await harness.run(dispatcher, at: at(2026, 11, 26, 21))
        #expect(systems.accepted(.ninjaOne).isEmpty)
        try await harness.run(dispatcher, at: at(2026, 11, 27, 19, 50))
        try await harness.run(dispatcher, at: at(2026, 11, 27, 22))
        let runs = systems.accepted(.ninjaOne).filter { $0.path.hasSuffix("/script/run") }
        #expect(runs.map(\.path) == Array(repeating: "/v2/device/TM-BED-04/script/run", count: 2))
        #expect(runs.compactMap(ClubSystems.key).map { $0.hasSuffix("ninjaone:prepare") } == [true, false])
        #expect(runs.compactMap(ClubSystems.key).allSatisfy { $0.contains("booking.rescheduled") })

        let prepares = try await harness.deliveries(.ninjaOne, .prepare)
        #expect(prepares.map(\.status) == [.cancelled, .delivered])
        let visitor = try #require(systems.liveVisitors["visitor-1"])
        #expect(visitor["start_time"] as? Int == Int(at(2026, 11, 27, 19, 45).timeIntervalSince1970))
        #expect(visitor["end_time"] as? Int == Int(at(2026, 11, 27, 22, 15).timeIntervalSince1970))
        #expect(systems.violations.isEmpty)
    }

    @Test func theDeadLettersShowPermanentlyFailingDeliveriesWithTheirLastError() async throws {
        let systems = try ClubSystems()
        defer { systems.stopAll() }
        let harness = try await OutboxHarness()
        let dispatcher = harness.dispatcher(
            systems: systems,
            configuration: .init(maxAttempts: 3, baseDelay: 30, maxDelay: 600)
        )
        systems.set(.hubSpot, .failing)
        let booking = try await harness.book(at(2026, 11, 26, 19))
        for _ in 0..<4 {
            try await harness.run(dispatcher)
            harness.clock.advance(by: 601)
        }
        let dead = try await harness.store.deliveries(status: .dead, limit: 10)
        #expect(dead.map(\.idempotencyKey) == ["\(booking.ref):booking.created:1:hubspot:note"])
        #expect(dead.first?.attempts == 3)
        #expect(dead.first?.lastError == "hubspot: HTTP 500 (INTERNAL)")
        #expect(systems.hubSpot.requests.count == 3)

        // Staff fix HubSpot and retry: it arrives.
        systems.set(.hubSpot, .up)
        let id = try #require(dead.first?.id)
        #expect(try await harness.store.retry(id: id, at: harness.clock.now()))
        try await harness.run(dispatcher)
        #expect(try await harness.store.delivery(id: id)?.status == .delivered)
    }

    @Test func aMissingSettingIsADeadLetterAtOnce() async throws {
        let systems = try ClubSystems()
        defer { systems.stopAll() }
        let harness = try await OutboxHarness()
        let dispatcher = harness.dispatcher(systems: systems)
        let outcome = try await harness.engine.book(
            BookingRequest(
                location: "dartmouth",
                bay: 1,
                start: at(2026, 11, 26, 19),
                minutes: 60,
                memberPhone: "902-555-0101",
                isStaff: true
            )
        )
        let booking = try #require(outcome.booking)
        try await harness.run(dispatcher)
        let dead = try await harness.store.deliveries(status: .dead, limit: 10)
        #expect(dead.map(\.idempotencyKey) == ["\(booking.ref):booking.created:1:unifi:grant"])
        #expect(dead.first?.lastError == "unifi: missing setting (no door ids for location dartmouth)")
        #expect(dead.first?.attempts == 1)
    }
}
