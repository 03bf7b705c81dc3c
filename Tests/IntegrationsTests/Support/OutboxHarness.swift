import BookingCore
import BookingEngine
import BookingStoreSQLite
import ClubConfig
import Foundation
import Integrations
import TestSupport

/// The demo club on a fresh SQLite store, an engine and a dispatcher sharing one hand-moved clock.
struct OutboxHarness {
    let club: Club
    let temporary: TemporaryStore
    let clock: ManualClock
    let engine: BookingEngine

    /// Wednesday 2026-11-25 10:00 in Halifax.
    static let now = TestClub.now

    var store: SQLiteBookingStore { temporary.store }

    init(now: Date = OutboxHarness.now) async throws {
        let file = try DemoClub.load()
        club = file.club
        temporary = try await TemporaryStore(club: file.club, members: file.members)
        clock = ManualClock(now)
        engine = BookingEngine(club: file.club, store: temporary.store, clock: clock, refs: .seeded(11))
    }

    /// Books Bedford bay 3 for Alex MacDonald and returns the booking.
    func book(_ start: Date, minutes: Int = 120, bay: Int = 3) async throws -> Booking {
        let outcome = try await engine.book(
            BookingRequest(
                location: "bedford",
                bay: bay,
                start: start,
                minutes: minutes,
                memberPhone: "902-555-0101",
                partySize: 4,
                channel: "sms",
                isStaff: true
            )
        )
        guard let booking = outcome.booking else { throw HarnessError.refused("\(outcome)") }
        return booking
    }

    func dispatcher(
        performers: [any DeliveryPerformer],
        configuration: DispatchStateMachine.Configuration = .init(maxAttempts: 5, baseDelay: 30, maxDelay: 600),
        services: Set<IntegrationService> = Set(IntegrationService.allCases)
    ) -> OutboxDispatcher {
        OutboxDispatcher(
            outbox: store,
            club: club,
            planner: DeliveryPlanner(enabledServices: services),
            performers: performers,
            clock: clock,
            configuration: configuration,
            random: FixedRandom.half
        )
    }

    /// Every delivery, oldest first.
    func allDeliveries() async throws -> [OutboxDelivery] {
        try await store.deliveries(status: nil, limit: 10_000).reversed()
    }
}

enum HarnessError: Error {
    case refused(String)
}

/// A wall-clock time in Halifax.
func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
    TestClub.at(year, month, day, hour, minute)
}
