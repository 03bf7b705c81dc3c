import BookingCore
import Foundation
import Integrations

extension OutboxHarness {
    /// A dispatcher on the real URLSession transport, pointed at the stand-ins.
    func dispatcher(
        systems: ClubSystems,
        timeout: TimeInterval = 1,
        configuration: DispatchStateMachine.Configuration = .init(maxAttempts: 8, baseDelay: 30, maxDelay: 600)
    ) -> OutboxDispatcher {
        let settings = systems.settings(timeout: timeout)
        return dispatcher(
            performers: settings.performers(store: store, transport: URLSessionTransport(), clock: clock),
            configuration: configuration,
            services: settings.enabledServices
        )
    }

    /// Moves the clock to `date` and runs the dispatcher until nothing more is due.
    @discardableResult
    func run(_ dispatcher: OutboxDispatcher, at date: Date? = nil) async throws -> OutboxDispatcher.Report {
        if let date { clock.set(date) }
        return try await dispatcher.runUntilIdle()
    }

    /// The deliveries of one service and action.
    func deliveries(_ service: IntegrationService, _ action: DeliveryAction) async throws -> [OutboxDelivery] {
        try await allDeliveries().filter { $0.service == service.rawValue && $0.action == action.rawValue }
    }
}
