import GRDB

extension Migrations {
    /// Deliveries: each outbox event fanned out into one row per service and action, with its delivery state.
    ///
    /// `idempotency_key` is UNIQUE, so fanning an event out twice (a crash after the insert, two dispatchers) adds
    /// nothing. `outbox_events.planned_at` marks the events already fanned out. Instants are Unix milliseconds.
    /// The partial index on pending rows is what the dispatcher polls; the booking index finds the scheduled
    /// deliveries a cancellation or a move replaces, and the credential a revoke needs.
    static func createOutboxDeliveries(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE outbox_events ADD COLUMN planned_at INTEGER;
                CREATE INDEX outbox_events_unplanned ON outbox_events(seq) WHERE planned_at IS NULL;

                CREATE TABLE outbox_deliveries (
                    id INTEGER PRIMARY KEY,
                    idempotency_key TEXT NOT NULL UNIQUE,
                    event_seq INTEGER NOT NULL REFERENCES outbox_events(seq),
                    booking_ref TEXT NOT NULL,
                    service TEXT NOT NULL,
                    action TEXT NOT NULL,
                    is_scheduled INTEGER NOT NULL CHECK (is_scheduled IN (0, 1)),
                    due_at INTEGER NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead', 'cancelled')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at INTEGER NOT NULL,
                    last_error TEXT,
                    result TEXT,
                    updated_at INTEGER NOT NULL
                ) STRICT;

                CREATE INDEX outbox_deliveries_pending ON outbox_deliveries(due_at, id) WHERE status = 'pending';
                CREATE INDEX outbox_deliveries_by_booking ON outbox_deliveries(booking_ref, service, action, status);
                """
        )
    }
}
