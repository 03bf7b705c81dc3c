import PostgresNIO

/// The PostgreSQL schema, as numbered migrations applied once each.
///
/// The same tables as the SQLite store, plus what only PostgreSQL can say: an exclusion constraint
/// that refuses two confirmed bookings overlapping on one bay, whichever instance writes them.
enum PostgresSchema {
    static let maxBookingSeconds: Int64 = 24 * 60 * 60
    /// The advisory lock key that serialises migrations between instances starting together.
    static let migrationLock: Int64 = 0x426f_6f6b_4d69_67
    /// The advisory lock key that serialises booking transactions between instances.
    static let writeLock: Int64 = 0x426f_6f6b_5772_6974

    /// Each migration is a list of statements (PostgreSQL runs one statement per extended query).
    static let migrations: [(version: Int, statements: [String])] = [
        (
            1,
            [
                "CREATE EXTENSION IF NOT EXISTS btree_gist",
                """
                CREATE TABLE members (
                    phone TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    email TEXT,
                    hubspot_id TEXT,
                    tier_id TEXT NOT NULL,
                    tags TEXT[] NOT NULL DEFAULT '{}'
                )
                """,
                """
                CREATE TABLE bookings (
                    ref TEXT PRIMARY KEY,
                    location_id TEXT NOT NULL,
                    bay INTEGER NOT NULL,
                    start_utc BIGINT NOT NULL,
                    end_utc BIGINT NOT NULL,
                    member_phone TEXT NOT NULL,
                    party_size INTEGER NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('confirmed', 'cancelled')),
                    price_cents INTEGER NOT NULL,
                    channel TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    idempotency_key TEXT UNIQUE,
                    CHECK (end_utc > start_utc),
                    CHECK (end_utc - start_utc <= \(maxBookingSeconds)),
                    CONSTRAINT bookings_no_overlap EXCLUDE USING gist (
                        location_id WITH =, bay WITH =, int8range(start_utc, end_utc) WITH &&
                    ) WHERE (status = 'confirmed')
                )
                """,
                "CREATE INDEX bookings_by_member ON bookings (member_phone, start_utc, end_utc)",
                "CREATE INDEX bookings_by_start ON bookings (start_utc, end_utc)",
                """
                CREATE TABLE audit_log (
                    id BIGSERIAL PRIMARY KEY,
                    at BIGINT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    booking_ref TEXT,
                    details TEXT NOT NULL
                )
                """,
                "CREATE INDEX audit_log_by_booking ON audit_log (booking_ref, id)",
                """
                CREATE TABLE outbox_events (
                    seq BIGSERIAL PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL,
                    booking_ref TEXT NOT NULL,
                    occurred_at BIGINT NOT NULL,
                    payload TEXT NOT NULL
                )
                """,
                "CREATE INDEX outbox_events_by_booking ON outbox_events (booking_ref, seq)",
                """
                CREATE TABLE conversations (
                    id TEXT PRIMARY KEY,
                    state BYTEA NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
            ]
        ),
        (
            2,
            [
                """
                CREATE TABLE processed_messages (
                    id TEXT PRIMARY KEY,
                    conversation_id TEXT NOT NULL,
                    status INTEGER NOT NULL,
                    response BYTEA NOT NULL,
                    processed_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE sms_opt_outs (
                    phone TEXT PRIMARY KEY,
                    opted_out_at BIGINT NOT NULL
                )
                """,
            ]
        ),
        (
            3,
            [
                "ALTER TABLE outbox_events ADD COLUMN planned_at BIGINT",
                "CREATE INDEX outbox_events_unplanned ON outbox_events (seq) WHERE planned_at IS NULL",
                """
                CREATE TABLE outbox_deliveries (
                    id BIGSERIAL PRIMARY KEY,
                    idempotency_key TEXT NOT NULL UNIQUE,
                    event_seq BIGINT NOT NULL REFERENCES outbox_events (seq),
                    booking_ref TEXT NOT NULL,
                    service TEXT NOT NULL,
                    action TEXT NOT NULL,
                    is_scheduled BOOLEAN NOT NULL,
                    due_at BIGINT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead', 'cancelled')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at BIGINT NOT NULL,
                    last_error TEXT,
                    result TEXT,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX outbox_deliveries_pending ON outbox_deliveries (due_at, id) WHERE status = 'pending'",
                """
                CREATE INDEX outbox_deliveries_by_booking
                    ON outbox_deliveries (booking_ref, service, action, status)
                """,
            ]
        ),
        (
            4,
            [
                "CREATE INDEX processed_messages_by_time ON processed_messages (processed_at)",
                "CREATE INDEX conversations_by_update ON conversations (updated_at)",
            ]
        ),
        (
            // The message that asked for a change, on its audit row: how a webhook retried after a crash
            // finds the booking its first attempt made.
            5,
            [
                "ALTER TABLE audit_log ADD COLUMN message_id TEXT",
                "CREATE INDEX audit_log_by_message ON audit_log (message_id, id) WHERE message_id IS NOT NULL",
            ]
        ),
    ]

    /// Applies the migrations not yet applied, in one transaction under an advisory lock, so instances
    /// starting at the same moment do not race.
    static func migrate(_ session: Session) async throws {
        try await session.transaction(first: "SELECT pg_advisory_xact_lock(\(migrationLock))") { session in
            try session.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)")
            let applied =
                try session.rows("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
                .first.map { try $0.decode(Int.self) } ?? 0
            for migration in migrations where migration.version > applied {
                for statement in migration.statements {
                    try session.execute(PostgresQuery(unsafeSQL: statement))
                }
                try session.execute("INSERT INTO schema_migrations (version) VALUES (\(migration.version))")
            }
        }
    }
}
