public import BookingCore
public import Foundation
import PostgresNIO

/// The transactional outbox on PostgreSQL, with the SQLite store's semantics.
///
/// Events are written by the booking's own transaction; planning an event and changing a delivery are
/// guarded by their current state, so a second dispatcher repeating a step changes nothing. Two
/// dispatchers may still both attempt one due delivery (each service gets the same idempotency key), so a
/// club with several instances runs the dispatcher on one of them (`--no-outbox` on the others).
extension PostgresBookingStore: Outbox {
    public func unplannedEvents(limit: Int) async throws -> [OutboxEvent] {
        try await reader.perform { session in
            try session.rows(
                "SELECT seq, payload FROM outbox_events WHERE planned_at IS NULL ORDER BY seq LIMIT \(limit)"
            ).map { row in
                let (sequence, payload) = try row.decode((Int64, String).self)
                return OutboxEvent(sequence: sequence, event: try BookingEvent(storedPayload: payload))
            }
        }
    }

    public func apply(_ plans: [DeliveryPlan], at now: Date) async throws {
        let milliseconds = PostgresTransaction.milliseconds(now)
        try await writer.transaction { session in
            for plan in plans { try Self.apply(plan, milliseconds, session) }
        }
    }

    private static func apply(_ plan: DeliveryPlan, _ now: Int64, _ session: Session) throws {
        // Missing, or planned by an earlier run or another dispatcher: nothing to do. The row lock makes a
        // second dispatcher planning the same event wait, then see it planned.
        let rows = try session.rows(
            "SELECT planned_at FROM outbox_events WHERE seq = \(plan.eventSequence) FOR UPDATE"
        )
        guard let row = rows.first, try row.decode(Int64?.self) == nil else { return }
        if plan.cancelsScheduledDeliveries {
            try session.execute(
                """
                UPDATE outbox_deliveries SET status = 'cancelled', updated_at = \(now)
                WHERE booking_ref = \(plan.event.booking.ref) AND status = 'pending' AND is_scheduled
                """
            )
        }
        for delivery in plan.deliveries {
            let due = PostgresTransaction.milliseconds(delivery.dueAt)
            try session.execute(
                """
                INSERT INTO outbox_deliveries
                    (idempotency_key, event_seq, booking_ref, service, action, is_scheduled, due_at, status,
                     attempts, next_attempt_at, updated_at)
                VALUES (\(delivery.idempotencyKey(eventID: plan.event.id)), \(plan.eventSequence),
                    \(plan.event.booking.ref), \(delivery.service), \(delivery.action), \(delivery.isScheduled),
                    \(due), 'pending', 0, \(due), \(now))
                ON CONFLICT (idempotency_key) DO NOTHING
                """
            )
        }
        try session.execute("UPDATE outbox_events SET planned_at = \(now) WHERE seq = \(plan.eventSequence)")
    }

    public func dueDeliveries(at now: Date, limit: Int) async throws -> [OutboxDelivery] {
        try await deliveries(
            """
            \(unescaped: OutboxRows.select) WHERE d.status = 'pending' AND d.due_at <= \(PostgresTransaction.milliseconds(now))
            ORDER BY d.due_at, d.id LIMIT \(limit)
            """
        )
    }

    public func markDelivered(id: Int64, result: String?, at now: Date) async throws {
        _ = try await change(
            """
            UPDATE outbox_deliveries
            SET status = 'delivered', attempts = attempts + 1, result = \(result), last_error = NULL,
                updated_at = \(PostgresTransaction.milliseconds(now))
            WHERE id = \(id) AND status = 'pending' RETURNING id
            """
        )
    }

    public func markFailed(id: Int64, error: String, nextAttemptAt: Date, at now: Date) async throws {
        _ = try await change(
            """
            UPDATE outbox_deliveries
            SET attempts = attempts + 1, last_error = \(error),
                next_attempt_at = \(PostgresTransaction.milliseconds(nextAttemptAt)),
                updated_at = \(PostgresTransaction.milliseconds(now))
            WHERE id = \(id) AND status = 'pending' RETURNING id
            """
        )
    }

    public func markDead(id: Int64, error: String, at now: Date) async throws {
        _ = try await change(
            """
            UPDATE outbox_deliveries
            SET status = 'dead', attempts = attempts + 1, last_error = \(error),
                updated_at = \(PostgresTransaction.milliseconds(now))
            WHERE id = \(id) AND status = 'pending' RETURNING id
            """
        )
    }

    public func deliveries(status: OutboxDelivery.Status?, limit: Int) async throws -> [OutboxDelivery] {
        guard let status else {
            return try await deliveries("\(unescaped: OutboxRows.select) ORDER BY d.id DESC LIMIT \(limit)")
        }
        return try await deliveries(
            "\(unescaped: OutboxRows.select) WHERE d.status = \(status.rawValue) ORDER BY d.id DESC LIMIT \(limit)"
        )
    }

    public func delivery(id: Int64) async throws -> OutboxDelivery? {
        try await deliveries("\(unescaped: OutboxRows.select) WHERE d.id = \(id)").first
    }

    public func retry(id: Int64, at now: Date) async throws -> Bool {
        let milliseconds = PostgresTransaction.milliseconds(now)
        return try await change(
            """
            UPDATE outbox_deliveries
            SET status = 'pending', attempts = 0, next_attempt_at = \(milliseconds),
                due_at = LEAST(due_at, \(milliseconds)), updated_at = \(milliseconds)
            WHERE id = \(id) AND status <> 'delivered' RETURNING id
            """
        )
    }

    public func drop(id: Int64, at now: Date) async throws -> Bool {
        try await change(
            """
            UPDATE outbox_deliveries SET status = 'cancelled', updated_at = \(PostgresTransaction.milliseconds(now))
            WHERE id = \(id) AND status <> 'delivered' RETURNING id
            """
        )
    }

    public func latestResult(bookingRef: String, service: String, action: String) async throws -> String? {
        try await reader.perform { session in
            try session.rows(
                """
                SELECT result FROM outbox_deliveries
                WHERE booking_ref = \(bookingRef) AND service = \(service) AND action = \(action)
                  AND status = 'delivered'
                ORDER BY id DESC LIMIT 1
                """
            ).first.flatMap { try $0.decode(String?.self) }
        }
    }

    /// Runs one guarded `UPDATE` that returns the ids it changed; true when it changed a row.
    private func change(_ query: PostgresQuery) async throws -> Bool {
        try await writer.perform { !(try $0.rows(query).isEmpty) }
    }

    /// Deliveries with their events, selected by `query` (which starts with `OutboxRows.select`).
    private func deliveries(_ query: PostgresQuery) async throws -> [OutboxDelivery] {
        try await reader.perform { session in try session.rows(query).map(OutboxRows.delivery) }
    }
}

enum OutboxRows {
    /// The columns `delivery(_:)` reads, in its order.
    static let select = """
        SELECT d.id, d.idempotency_key, e.payload, d.service, d.action, d.is_scheduled, d.due_at, d.status,
            d.attempts, d.next_attempt_at, d.last_error, d.result, d.updated_at
        FROM outbox_deliveries d JOIN outbox_events e ON e.seq = d.event_seq
        """

    static func delivery(_ row: PostgresRow) throws -> OutboxDelivery {
        let (
            id, key, payload, service, action, isScheduled, dueAt, statusText, attempts, nextAttempt, lastError,
            result, updatedAt
        ) = try row.decode(
            (Int64, String, String, String, String, Bool, Int64, String, Int, Int64, String?, String?, Int64).self
        )
        guard let status = OutboxDelivery.Status(rawValue: statusText) else {
            throw StoreError.corruptRow(table: "outbox_deliveries")
        }
        return OutboxDelivery(
            id: id,
            idempotencyKey: key,
            event: try BookingEvent(storedPayload: payload),
            service: service,
            action: action,
            isScheduled: isScheduled,
            dueAt: PostgresTransaction.date(milliseconds: dueAt),
            status: status,
            attempts: attempts,
            nextAttemptAt: PostgresTransaction.date(milliseconds: nextAttempt),
            lastError: lastError,
            result: result,
            updatedAt: PostgresTransaction.date(milliseconds: updatedAt)
        )
    }
}
