public import Foundation

/// The delivery side of the transactional outbox: what the dispatcher reads and writes.
///
/// The engine commits events with their change (`BookingTransaction.enqueue`); an `Outbox` turns each event into
/// deliveries, one per service and action, and keeps each delivery's attempts, next attempt and last error, so a
/// dispatcher that crashes or restarts picks up exactly where the last one stopped.
public protocol Outbox: Sendable {
    /// Events not yet fanned out into deliveries, oldest first.
    func unplannedEvents(limit: Int) async throws -> [OutboxEvent]
    /// Fans events out, in order, in one transaction: for each plan, cancels the booking's pending scheduled
    /// deliveries when the plan says so, inserts the plan's deliveries (a key already present is skipped), and
    /// marks the event planned.
    ///
    /// Applying the same plan twice changes nothing, so two dispatchers racing on one event cannot duplicate work.
    /// One transaction for a batch: after a burst of bookings, one commit (and one fsync) instead of one per event
    /// holding the database's single writer.
    func apply(_ plans: [DeliveryPlan], at now: Date) async throws
    /// Pending deliveries due at `now` (their scheduled time has come), by due time then id.
    ///
    /// Includes deliveries still backing off, so the dispatcher can keep a booking's deliveries to one service in
    /// order: a later one never overtakes an earlier one that is waiting for its retry.
    func dueDeliveries(at now: Date, limit: Int) async throws -> [OutboxDelivery]
    /// Marks a delivery done, keeping what the service answered (a visitor id, a note id) for later deliveries.
    func markDelivered(id: Int64, result: String?, at now: Date) async throws
    /// Counts a failed attempt and sets when to try again.
    func markFailed(id: Int64, error: String, nextAttemptAt: Date, at now: Date) async throws
    /// Counts a failed attempt and gives up: the delivery waits in the dead letters for staff.
    func markDead(id: Int64, error: String, at now: Date) async throws
    /// Deliveries newest first, all or with one status: what `booking outbox list` shows.
    func deliveries(status: OutboxDelivery.Status?, limit: Int) async throws -> [OutboxDelivery]
    /// One delivery by id.
    func delivery(id: Int64) async throws -> OutboxDelivery?
    /// Puts a dead, cancelled or failing delivery back in the queue, due now with its attempts reset.
    ///
    /// - Returns: false when there is no such delivery or it was already delivered.
    func retry(id: Int64, at now: Date) async throws -> Bool
    /// Gives up on a delivery that has not been delivered: it is cancelled and never sent.
    ///
    /// - Returns: false when there is no such delivery or it was already delivered.
    func drop(id: Int64, at now: Date) async throws -> Bool
    /// The result of the latest delivered `service`/`action` delivery of a booking: how a revoke finds the
    /// credential that the grant created.
    func latestResult(bookingRef: String, service: String, action: String) async throws -> String?
}

/// An event as the outbox stored it, with its commit order.
public struct OutboxEvent: Sendable, Equatable {
    /// The order in which events committed.
    public var sequence: Int64
    public var event: BookingEvent

    public init(sequence: Int64, event: BookingEvent) {
        self.sequence = sequence
        self.event = event
    }
}

/// The deliveries one event causes, as decided by the dispatcher's planner.
public struct DeliveryPlan: Sendable, Equatable {
    public var eventSequence: Int64
    public var event: BookingEvent
    /// Whether the booking's pending scheduled deliveries (simulator prep, reset, reminder) are cancelled first:
    /// true for cancellations and moves, whose plan carries the replacements at the new times.
    public var cancelsScheduledDeliveries: Bool
    public var deliveries: [PlannedDelivery]

    public init(
        eventSequence: Int64,
        event: BookingEvent,
        cancelsScheduledDeliveries: Bool,
        deliveries: [PlannedDelivery]
    ) {
        self.eventSequence = eventSequence
        self.event = event
        self.cancelsScheduledDeliveries = cancelsScheduledDeliveries
        self.deliveries = deliveries
    }
}

/// One delivery a plan asks for.
public struct PlannedDelivery: Sendable, Equatable {
    /// `clubos`, `unifi`, `ninjaone`, `hubspot`, `reminder`.
    public var service: String
    /// What to do there: `context`, `grant`, `prepare`, ...
    public var action: String
    /// When it may first be sent.
    public var dueAt: Date
    /// Tied to the booking's times (sent before start or at end), so a cancellation or a move replaces it.
    public var isScheduled: Bool

    public init(service: String, action: String, dueAt: Date, isScheduled: Bool) {
        self.service = service
        self.action = action
        self.dueAt = dueAt
        self.isScheduled = isScheduled
    }

    /// The key the delivery is stored and sent under: `<event id>:<service>:<action>`.
    public func idempotencyKey(eventID: String) -> String {
        "\(eventID):\(service):\(action)"
    }
}

/// One unit of work for one service, with its delivery state.
public struct OutboxDelivery: Sendable, Equatable {
    /// Where a delivery stands.
    public enum Status: String, Sendable, Equatable, Codable, CaseIterable {
        /// Waiting for its due time or its next attempt.
        case pending
        case delivered
        /// Failed too often or for good; waits for staff to retry or drop it.
        case dead
        /// Replaced by a later change of the booking, or dropped by staff.
        case cancelled
    }

    public var id: Int64
    /// `<event id>:<service>:<action>`; sent with the request so a repeated send can be recognised.
    public var idempotencyKey: String
    public var event: BookingEvent
    public var service: String
    public var action: String
    public var isScheduled: Bool
    public var dueAt: Date
    public var status: Status
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?
    /// What the service answered, for deliveries that need it later.
    public var result: String?
    public var updatedAt: Date

    public init(
        id: Int64,
        idempotencyKey: String,
        event: BookingEvent,
        service: String,
        action: String,
        isScheduled: Bool,
        dueAt: Date,
        status: Status,
        attempts: Int,
        nextAttemptAt: Date,
        lastError: String? = nil,
        result: String? = nil,
        updatedAt: Date
    ) {
        self.id = id
        self.idempotencyKey = idempotencyKey
        self.event = event
        self.service = service
        self.action = action
        self.isScheduled = isScheduled
        self.dueAt = dueAt
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.result = result
        self.updatedAt = updatedAt
    }
}

extension Outbox {
    /// Fans one event out in one transaction; see `apply(_:at:)` for a batch.
    public func apply(_ plan: DeliveryPlan, at now: Date) async throws {
        try await apply([plan], at: now)
    }
}
