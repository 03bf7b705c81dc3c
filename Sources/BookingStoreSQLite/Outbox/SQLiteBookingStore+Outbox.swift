public import BookingCore
public import Foundation
import GRDB

extension SQLiteBookingStore: Outbox {
    /// Events not yet fanned out, in commit order.
    public func unplannedEvents(limit: Int) async throws -> [OutboxEvent] {
        try await pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT seq, payload FROM outbox_events WHERE planned_at IS NULL ORDER BY seq LIMIT ?",
                arguments: [limit]
            )
            return try rows.map { row in
                OutboxEvent(sequence: row["seq"], event: try BookingEvent(storedPayload: row["payload"]))
            }
        }
    }

    /// Fans events out in one `BEGIN IMMEDIATE` transaction, in order; an event already planned is left as it is.
    public func apply(_ plans: [DeliveryPlan], at now: Date) async throws {
        let nowMilliseconds = StoredTime.milliseconds(now)
        try await pool.write { db in
            for plan in plans { try Self.apply(plan, nowMilliseconds, in: db) }
        }
    }

    private static func apply(_ plan: DeliveryPlan, _ nowMilliseconds: Int64, in db: Database) throws {
        // Missing, or planned by an earlier run or another dispatcher: nothing to do.
        guard
            let row = try Row.fetchOne(
                db,
                sql: "SELECT planned_at FROM outbox_events WHERE seq = ?",
                arguments: [plan.eventSequence]
            ),
            row["planned_at"] as Int64? == nil
        else { return }
        if plan.cancelsScheduledDeliveries {
            try db.execute(
                sql: """
                    UPDATE outbox_deliveries SET status = 'cancelled', updated_at = ?
                    WHERE booking_ref = ? AND status = 'pending' AND is_scheduled = 1
                    """,
                arguments: [nowMilliseconds, plan.event.booking.ref]
            )
        }
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO outbox_deliveries
                    (idempotency_key, event_seq, booking_ref, service, action, is_scheduled, due_at, status,
                     attempts, next_attempt_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)
                ON CONFLICT (idempotency_key) DO NOTHING
                """
        )
        for delivery in plan.deliveries {
            let due = StoredTime.milliseconds(delivery.dueAt)
            try insert.execute(arguments: [
                delivery.idempotencyKey(eventID: plan.event.id), plan.eventSequence, plan.event.booking.ref,
                delivery.service, delivery.action, delivery.isScheduled, due, due, nowMilliseconds,
            ])
        }
        try db.execute(
            sql: "UPDATE outbox_events SET planned_at = ? WHERE seq = ?",
            arguments: [nowMilliseconds, plan.eventSequence]
        )
    }

    /// Pending deliveries whose due time has come, backing off or not, by due time then id.
    public func dueDeliveries(at now: Date, limit: Int) async throws -> [OutboxDelivery] {
        try await pool.read { db in
            try OutboxRows.fetch(
                db,
                where: "d.status = 'pending' AND d.due_at <= ?",
                order: "d.due_at, d.id",
                arguments: [StoredTime.milliseconds(now), limit]
            )
        }
    }

    /// Marks a delivery done; a delivery that staff dropped meanwhile stays dropped.
    public func markDelivered(id: Int64, result: String?, at now: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE outbox_deliveries
                    SET status = 'delivered', attempts = attempts + 1, result = ?, last_error = NULL, updated_at = ?
                    WHERE id = ? AND status = 'pending'
                    """,
                arguments: [result, StoredTime.milliseconds(now), id]
            )
        }
    }

    /// Counts a failed attempt and sets the next one.
    public func markFailed(id: Int64, error: String, nextAttemptAt: Date, at now: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE outbox_deliveries
                    SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, updated_at = ?
                    WHERE id = ? AND status = 'pending'
                    """,
                arguments: [error, StoredTime.milliseconds(nextAttemptAt), StoredTime.milliseconds(now), id]
            )
        }
    }

    /// Counts the last failed attempt and moves the delivery to the dead letters.
    public func markDead(id: Int64, error: String, at now: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE outbox_deliveries
                    SET status = 'dead', attempts = attempts + 1, last_error = ?, updated_at = ?
                    WHERE id = ? AND status = 'pending'
                    """,
                arguments: [error, StoredTime.milliseconds(now), id]
            )
        }
    }

    /// Deliveries newest first, optionally of one status.
    public func deliveries(status: OutboxDelivery.Status?, limit: Int) async throws -> [OutboxDelivery] {
        try await pool.read { db in
            if let status {
                return try OutboxRows.fetch(
                    db,
                    where: "d.status = ?",
                    order: "d.id DESC",
                    arguments: [status.rawValue, limit]
                )
            }
            return try OutboxRows.fetch(db, where: "1", order: "d.id DESC", arguments: [limit])
        }
    }

    /// One delivery by id.
    public func delivery(id: Int64) async throws -> OutboxDelivery? {
        try await pool.read { db in
            try OutboxRows.fetch(db, where: "d.id = ?", order: "d.id", arguments: [id, 1]).first
        }
    }

    /// Requeues a delivery that was not delivered: due now, attempts reset.
    public func retry(id: Int64, at now: Date) async throws -> Bool {
        let milliseconds = StoredTime.milliseconds(now)
        return try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE outbox_deliveries
                    SET status = 'pending', attempts = 0, next_attempt_at = ?, due_at = MIN(due_at, ?),
                        updated_at = ?
                    WHERE id = ? AND status != 'delivered'
                    """,
                arguments: [milliseconds, milliseconds, milliseconds, id]
            )
            return db.changesCount > 0
        }
    }

    /// Cancels a delivery that was not delivered.
    public func drop(id: Int64, at now: Date) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE outbox_deliveries SET status = 'cancelled', updated_at = ?
                    WHERE id = ? AND status != 'delivered'
                    """,
                arguments: [StoredTime.milliseconds(now), id]
            )
            return db.changesCount > 0
        }
    }

    /// The result of the latest delivered delivery of a booking for one service and action.
    public func latestResult(bookingRef: String, service: String, action: String) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(
                db,
                sql: """
                    SELECT result FROM outbox_deliveries
                    WHERE booking_ref = ? AND service = ? AND action = ? AND status = 'delivered'
                    ORDER BY id DESC LIMIT 1
                    """,
                arguments: [bookingRef, service, action]
            )
        }
    }
}

/// Reading delivery rows with their event.
enum OutboxRows {
    static func fetch(
        _ db: Database,
        where condition: String,
        order: String,
        arguments: StatementArguments
    ) throws -> [OutboxDelivery] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT d.*, e.payload FROM outbox_deliveries d JOIN outbox_events e ON e.seq = d.event_seq
                WHERE \(condition) ORDER BY \(order) LIMIT ?
                """,
            arguments: arguments
        )
        return try rows.map(delivery)
    }

    static func delivery(_ row: Row) throws -> OutboxDelivery {
        let statusText: String = row["status"]
        guard let status = OutboxDelivery.Status(rawValue: statusText) else {
            throw StoreError.corruptRow(table: "outbox_deliveries")
        }
        let isScheduled: Int64 = row["is_scheduled"]
        return OutboxDelivery(
            id: row["id"],
            idempotencyKey: row["idempotency_key"],
            event: try BookingEvent(storedPayload: row["payload"]),
            service: row["service"],
            action: row["action"],
            isScheduled: isScheduled != 0,
            dueAt: StoredTime.date(milliseconds: row["due_at"]),
            status: status,
            attempts: row["attempts"],
            nextAttemptAt: StoredTime.date(milliseconds: row["next_attempt_at"]),
            lastError: row["last_error"],
            result: row["result"],
            updatedAt: StoredTime.date(milliseconds: row["updated_at"])
        )
    }
}
