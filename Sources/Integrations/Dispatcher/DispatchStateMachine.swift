public import BookingCore
public import Foundation

/// The outbox dispatcher's decisions as a pure state machine: events in, actions out, no I/O inside.
///
/// The driver (`OutboxDispatcher`) feeds it the due deliveries of one pass and the outcome of every send, and
/// performs the actions it returns. Keeping the decisions here (what to send now, in which order, how long to back
/// off, when to give up) lets every rule be tested without a database, a socket or a clock.
public struct DispatchStateMachine: Sendable {
    /// The dispatcher's limits.
    public struct Configuration: Sendable, Equatable {
        /// Attempts before a delivery goes to the dead letters.
        public var maxAttempts: Int
        /// The first retry's delay; each further retry doubles it.
        public var baseDelay: TimeInterval
        /// The longest delay between two attempts.
        public var maxDelay: TimeInterval
        /// Sends in flight at once to one service, so a slow service is not flooded.
        public var concurrencyPerService: Int

        public init(
            maxAttempts: Int = 8,
            baseDelay: TimeInterval = 30,
            maxDelay: TimeInterval = 60 * 60,
            concurrencyPerService: Int = 2
        ) {
            self.maxAttempts = max(1, maxAttempts)
            self.baseDelay = max(0, baseDelay)
            self.maxDelay = max(self.baseDelay, maxDelay)
            self.concurrencyPerService = max(1, concurrencyPerService)
        }
    }

    /// What the driver must do next.
    public enum Action: Sendable, Equatable {
        /// Perform this delivery at its service.
        case send(OutboxDelivery)
        /// Record that the delivery arrived, with what the service answered.
        case markDelivered(id: Int64, result: String?)
        /// Record the failed attempt and try again at `at`.
        case scheduleRetry(id: Int64, error: String, at: Date)
        /// Record the failed attempt and give up until staff act.
        case deadLetter(id: Int64, error: String)
    }

    /// Why a send failed, as the driver classified it.
    public struct Failure: Sendable, Equatable {
        /// A description with no secrets in it, kept as the delivery's last error.
        public var message: String
        /// Retrying cannot help (the service refused the request itself), so the delivery is dead at once.
        public var isPermanent: Bool

        public init(message: String, isPermanent: Bool) {
            self.message = message
            self.isPermanent = isPermanent
        }
    }

    public let configuration: Configuration
    /// Deliveries of this pass that may still start, in due order.
    private var waiting: [OutboxDelivery] = []
    /// Lanes (booking and service) that already have a delivery started or held back in this pass.
    private var closedLanes: Set<String> = []
    private var inFlight: [Int64: String] = [:]
    private var inFlightPerService: [String: Int] = [:]

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// True when nothing is in flight and nothing waits for a free slot.
    public var isIdle: Bool { inFlight.isEmpty && waiting.isEmpty }

    /// Starts a pass with the due deliveries the outbox returned (by due time, then id).
    ///
    /// A booking's deliveries to one service go out one at a time and in order: the first of a lane that is
    /// backing off holds the rest of its lane back, so a revoke never overtakes the grant it revokes.
    public mutating func pollReturned(_ due: [OutboxDelivery], now: Date) -> [Action] {
        waiting = []
        closedLanes = []
        for delivery in due where delivery.status == .pending {
            let lane = Self.lane(of: delivery)
            if closedLanes.contains(lane) { continue }
            if inFlight[delivery.id] != nil || delivery.nextAttemptAt > now {
                closedLanes.insert(lane)
                continue
            }
            closedLanes.insert(lane)
            waiting.append(delivery)
        }
        return startWhatFits()
    }

    /// A send succeeded: record it, and start what was waiting for its slot.
    public mutating func sendSucceeded(_ delivery: OutboxDelivery, result: String?) -> [Action] {
        finish(delivery)
        return [.markDelivered(id: delivery.id, result: result)] + startWhatFits()
    }

    /// A send failed: retry later with backoff, or give up; then start what was waiting for its slot.
    ///
    /// - Parameters:
    ///   - delivery: the delivery that failed.
    ///   - failure: why, as the driver classified it.
    ///   - now: the driver's clock.
    ///   - random: a number in [0, 1) from the driver's random source, for the jitter.
    /// - Returns: the retry or dead letter, then any sends that now fit.
    public mutating func sendFailed(
        _ delivery: OutboxDelivery,
        failure: Failure,
        now: Date,
        random: Double
    ) -> [Action] {
        finish(delivery)
        let attempts = delivery.attempts + 1
        let outcome: Action
        if failure.isPermanent || attempts >= configuration.maxAttempts {
            outcome = .deadLetter(id: delivery.id, error: failure.message)
        } else {
            let delay = retryDelay(afterAttempts: attempts, random: random)
            outcome = .scheduleRetry(id: delivery.id, error: failure.message, at: now.addingTimeInterval(delay))
        }
        return [outcome] + startWhatFits()
    }

    /// Exponential backoff with equal jitter: half the doubled delay for sure, the other half at random, so
    /// deliveries that failed together do not all come back at the same instant.
    public func retryDelay(afterAttempts attempts: Int, random: Double) -> TimeInterval {
        let exponent = Double(min(max(attempts - 1, 0), 30))
        let delay = min(configuration.maxDelay, configuration.baseDelay * pow(2, exponent))
        let unit = min(max(random, 0), 1)
        return delay / 2 + delay / 2 * unit
    }

    // MARK: - Helpers

    private mutating func startWhatFits() -> [Action] {
        var actions: [Action] = []
        var stillWaiting: [OutboxDelivery] = []
        for delivery in waiting {
            let running = inFlightPerService[delivery.service, default: 0]
            if running < configuration.concurrencyPerService {
                inFlight[delivery.id] = delivery.service
                inFlightPerService[delivery.service] = running + 1
                actions.append(.send(delivery))
            } else {
                stillWaiting.append(delivery)
            }
        }
        waiting = stillWaiting
        return actions
    }

    private mutating func finish(_ delivery: OutboxDelivery) {
        guard let service = inFlight.removeValue(forKey: delivery.id) else { return }
        inFlightPerService[service, default: 1] -= 1
    }

    private static func lane(of delivery: OutboxDelivery) -> String {
        "\(delivery.event.booking.ref)\u{1F}\(delivery.service)"
    }
}
