public import BookingCore
import Foundation

/// The outbox dispatcher's driver: fans events out, then performs what `DispatchStateMachine` decides.
///
/// It owns no delivery state of its own: the outbox holds it, so a dispatcher killed at any point (even between a
/// send and its mark-done) restarts from the stored rows, and at worst repeats a send under the same idempotency
/// key. Time comes only from the injected clock and randomness only from the injected source, so tests drive it
/// pass by pass with a hand-moved clock.
public actor OutboxDispatcher {
    /// What one pass (or several) did.
    public struct Report: Sendable, Equatable {
        public var eventsPlanned = 0
        public var sent = 0
        public var delivered = 0
        public var retried = 0
        public var deadLettered = 0

        public init() {}

        static func + (left: Report, right: Report) -> Report {
            var sum = left
            sum.eventsPlanned += right.eventsPlanned
            sum.sent += right.sent
            sum.delivered += right.delivered
            sum.retried += right.retried
            sum.deadLettered += right.deadLettered
            return sum
        }
    }

    private let outbox: any Outbox
    private let club: Club
    private let planner: DeliveryPlanner
    private let performers: [IntegrationService: any DeliveryPerformer]
    private let clock: any Clock
    private let configuration: DispatchStateMachine.Configuration
    private let random: @Sendable () -> Double
    private let batchSize: Int

    public init(
        outbox: any Outbox,
        club: Club,
        planner: DeliveryPlanner,
        performers: [any DeliveryPerformer],
        clock: any Clock = SystemClock(),
        configuration: DispatchStateMachine.Configuration = .init(),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        batchSize: Int = 200
    ) {
        self.outbox = outbox
        self.club = club
        self.planner = planner
        self.performers = Dictionary(performers.map { ($0.service, $0) }, uniquingKeysWith: { first, _ in first })
        self.clock = clock
        self.configuration = configuration
        self.random = random
        self.batchSize = max(1, batchSize)
    }

    /// One pass: fan out new events, then send every delivery due now (one per booking and service).
    public func runOnce() async throws -> Report {
        var report = Report()
        report.eventsPlanned = try await planEvents()
        let now = clock.now()
        let due = try await outbox.dueDeliveries(at: now, limit: batchSize)
        var machine = DispatchStateMachine(configuration: configuration)
        let context = DeliveryContext(club: club, now: now, outbox: outbox)
        let first = machine.pollReturned(due, now: now)
        try await withThrowingTaskGroup(of: (OutboxDelivery, Result<String?, IntegrationError>).self) { group in
            var pending = first
            while true {
                for action in pending {
                    switch action {
                    case .send(let delivery):
                        report.sent += 1
                        let performer = IntegrationService(rawValue: delivery.service).flatMap { performers[$0] }
                        group.addTask {
                            guard let performer else {
                                return (delivery, .failure(Self.notConfigured(delivery)))
                            }
                            return (delivery, await Self.perform(delivery, with: performer, context: context))
                        }
                    default:
                        try await record(action, into: &report)
                    }
                }
                guard let (delivery, outcome) = try await group.next() else { break }
                switch outcome {
                case .success(let result):
                    pending = machine.sendSucceeded(delivery, result: result)
                case .failure(let error):
                    let failure = DispatchStateMachine.Failure(
                        message: error.description,
                        isPermanent: error.isPermanent
                    )
                    pending = machine.sendFailed(delivery, failure: failure, now: clock.now(), random: random())
                }
            }
        }
        return report
    }

    /// Passes until one finds nothing to plan or send at the clock's current time.
    ///
    /// Retries scheduled for later are not waited for; move the clock (or wait, in production) and call again.
    public func runUntilIdle(maxPasses: Int = 1_000) async throws -> Report {
        var total = Report()
        for _ in 0..<maxPasses {
            let report = try await runOnce()
            total = total + report
            if report.sent == 0 && report.eventsPlanned == 0 { break }
        }
        return total
    }

    /// Runs until the task is cancelled: a pass until idle, then a sleep of `pollInterval`.
    ///
    /// A failing store (a locked or missing file) is retried at the next poll instead of ending the loop.
    public func run(pollInterval: Duration, onError: @Sendable (any Error) -> Void = { _ in }) async {
        while !Task.isCancelled {
            do {
                _ = try await runUntilIdle()
            } catch {
                if Task.isCancelled { return }
                onError(error)
            }
            do {
                try await Task.sleep(for: pollInterval)
            } catch {
                return
            }
        }
    }

    // MARK: - Helpers

    private func planEvents() async throws -> Int {
        var planned = 0
        while true {
            let events = try await outbox.unplannedEvents(limit: batchSize)
            if !events.isEmpty { try await outbox.apply(events.map(planner.plan), at: clock.now()) }
            planned += events.count
            if events.count < batchSize { return planned }
        }
    }

    private func record(_ action: DispatchStateMachine.Action, into report: inout Report) async throws {
        let now = clock.now()
        switch action {
        case .send:
            return
        case .markDelivered(let id, let result):
            report.delivered += 1
            try await outbox.markDelivered(id: id, result: result, at: now)
        case .scheduleRetry(let id, let error, let at):
            report.retried += 1
            try await outbox.markFailed(id: id, error: error, nextAttemptAt: at, at: now)
        case .deadLetter(let id, let error):
            report.deadLettered += 1
            try await outbox.markDead(id: id, error: error, at: now)
        }
    }

    private static func perform(
        _ delivery: OutboxDelivery,
        with performer: any DeliveryPerformer,
        context: DeliveryContext
    ) async -> Result<String?, IntegrationError> {
        do {
            return .success(try await performer.perform(delivery, context: context))
        } catch let error as IntegrationError {
            return .failure(error)
        } catch {
            let service = IntegrationService(rawValue: delivery.service) ?? .clubOS
            return .failure(IntegrationError(service, .unexpectedResponse("\(type(of: error))")))
        }
    }

    private static func notConfigured(_ delivery: OutboxDelivery) -> IntegrationError {
        IntegrationError(IntegrationService(rawValue: delivery.service) ?? .clubOS, .notConfigured)
    }
}
