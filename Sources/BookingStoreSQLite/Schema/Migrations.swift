import GRDB

/// The schema, as named and append-only migrations: a shipped migration is never edited, only followed.
enum Migrations {
    /// The longest booking the store accepts, in seconds.
    ///
    /// Overlap queries read only bookings that start after `a - maxBookingSeconds`, which keeps the index range
    /// of `[a, b)` tight; the `bookings` table refuses longer bookings so that bound can never hide one.
    static let maxBookingSeconds: Int64 = 24 * 60 * 60

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1", migrate: createV1)
        migrator.registerMigration("v2-covering-overlap-indexes", migrate: coverOverlapIndexes)
        migrator.registerMigration("v3-outbox-events", migrate: createOutboxEvents)
        migrator.registerMigration("v4-outbox-deliveries", migrate: createOutboxDeliveries)
        migrator.registerMigration("v5-conversations", migrate: createConversations)
        migrator.registerMigration("v6-processed-messages", migrate: createProcessedMessages)
        migrator.registerMigration("v7-retention-indexes", migrate: indexForRetention)
        migrator.registerMigration("v8-audit-message-ids", migrate: recordMessageIDsInAudit)
        return migrator
    }

    /// Locations, bays, tiers, members, bookings and the audit log.
    ///
    /// Instants are INTEGER: `start_utc`/`end_utc` in Unix seconds (bookings sit on a minute grid);
    /// `created_at`, `updated_at` and `audit_log.at` in Unix milliseconds, so events within one second keep
    /// their order. Bookings name their location and member by value, without foreign keys, so a booking for a
    /// customer the club has just met never waits on a member row, and a location dropped from the config keeps
    /// its history.
    private static func createV1(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE locations (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    time_zone TEXT NOT NULL,
                    address TEXT NOT NULL DEFAULT '',
                    aliases TEXT NOT NULL DEFAULT '[]',
                    cents_per_hour INTEGER NOT NULL DEFAULT 0
                ) STRICT;

                CREATE TABLE bays (
                    location_id TEXT NOT NULL REFERENCES locations(id) ON DELETE CASCADE,
                    number INTEGER NOT NULL,
                    capacity INTEGER NOT NULL,
                    simulator TEXT NOT NULL,
                    device_id TEXT,
                    PRIMARY KEY (location_id, number)
                ) STRICT;

                CREATE TABLE tiers (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    tags TEXT NOT NULL DEFAULT '[]',
                    max_minutes INTEGER NOT NULL,
                    advance_days INTEGER NOT NULL,
                    max_active_bookings INTEGER NOT NULL,
                    max_hours_per_week INTEGER NOT NULL,
                    discount_percent INTEGER NOT NULL DEFAULT 0
                ) STRICT;

                CREATE TABLE members (
                    phone TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    email TEXT,
                    hubspot_id TEXT,
                    tier_id TEXT NOT NULL,
                    tags TEXT NOT NULL DEFAULT '[]'
                ) STRICT;

                CREATE TABLE bookings (
                    ref TEXT PRIMARY KEY NOT NULL,
                    location_id TEXT NOT NULL,
                    bay INTEGER NOT NULL,
                    start_utc INTEGER NOT NULL,
                    end_utc INTEGER NOT NULL,
                    member_phone TEXT NOT NULL,
                    party_size INTEGER NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('confirmed', 'cancelled')),
                    price_cents INTEGER NOT NULL,
                    channel TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    idempotency_key TEXT UNIQUE,
                    CHECK (end_utc > start_utc),
                    CHECK (end_utc - start_utc <= \(maxBookingSeconds))
                ) STRICT;

                CREATE INDEX bookings_confirmed_by_location
                    ON bookings(location_id, start_utc) WHERE status = 'confirmed';
                CREATE INDEX bookings_by_member ON bookings(member_phone, start_utc);
                CREATE INDEX bookings_by_start ON bookings(start_utc);

                CREATE TABLE audit_log (
                    id INTEGER PRIMARY KEY,
                    at INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    booking_ref TEXT,
                    details TEXT NOT NULL
                ) STRICT;

                CREATE INDEX audit_log_by_booking ON audit_log(booking_ref, id);
                """
        )
    }

    /// Puts `end_utc` into the overlap indexes, so rows that start inside the 24-hour look-back but end before
    /// the window are dropped from the index alone, without a read of the table row.
    private static func coverOverlapIndexes(_ db: Database) throws {
        try db.execute(
            sql: """
                DROP INDEX bookings_confirmed_by_location;
                CREATE INDEX bookings_confirmed_overlap
                    ON bookings(location_id, start_utc, end_utc, bay) WHERE status = 'confirmed';
                DROP INDEX bookings_by_member;
                CREATE INDEX bookings_by_member ON bookings(member_phone, start_utc, end_utc);
                DROP INDEX bookings_by_start;
                CREATE INDEX bookings_by_start ON bookings(start_utc, end_utc);
                """
        )
    }

    /// The transactional outbox: each booking change writes its events here in its own transaction.
    ///
    /// `seq` orders events as they committed; `payload` is the event as JSON, so a dispatcher can
    /// deliver it without reading the booking again (which may have changed since).
    private static func createOutboxEvents(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE outbox_events (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL,
                    booking_ref TEXT NOT NULL,
                    occurred_at INTEGER NOT NULL,
                    payload TEXT NOT NULL
                ) STRICT;

                CREATE INDEX outbox_events_by_booking ON outbox_events(booking_ref, seq);
                """
        )
    }

    /// The message that asked for a change, on its audit row: how a webhook retried after a crash finds the
    /// booking its first attempt made.
    private static func recordMessageIDsInAudit(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE audit_log ADD COLUMN message_id TEXT;
                CREATE INDEX audit_log_by_message ON audit_log(message_id, id) WHERE message_id IS NOT NULL;
                """
        )
    }
}
