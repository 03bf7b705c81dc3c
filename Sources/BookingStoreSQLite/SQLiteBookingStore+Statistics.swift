import GRDB

/// How many rows each table holds.
public struct SQLiteStoreCounts: Sendable, Equatable {
    public var locations: Int
    public var bays: Int
    public var tiers: Int
    public var members: Int
    public var bookings: Int
    public var auditEntries: Int

    /// Counts as given; tests compare against this.
    public init(locations: Int, bays: Int, tiers: Int, members: Int, bookings: Int, auditEntries: Int) {
        self.locations = locations
        self.bays = bays
        self.tiers = tiers
        self.members = members
        self.bookings = bookings
        self.auditEntries = auditEntries
    }
}

extension SQLiteBookingStore {
    /// Row counts of every table, read from one snapshot; for `booking db` stats, tests and benchmarks.
    public func counts() async throws -> SQLiteStoreCounts {
        try await pool.read { db in
            SQLiteStoreCounts(
                locations: try LocationRecord.fetchCount(db),
                bays: try BayRecord.fetchCount(db),
                tiers: try TierRecord.fetchCount(db),
                members: try MemberRecord.fetchCount(db),
                bookings: try BookingRecord.fetchCount(db),
                auditEntries: try AuditRecord.fetchCount(db)
            )
        }
    }

    /// How many bookings the file holds, any status.
    public func bookingCount() async throws -> Int {
        try await pool.read { db in try BookingRecord.fetchCount(db) }
    }

    /// The names of the migrations applied to this file, oldest first.
    public func appliedMigrations() async throws -> [String] {
        try await pool.read { db in try Migrations.migrator.appliedMigrations(db) }
    }

    /// The tables the schema holds, sorted; lets tests check a migration without reaching for SQL.
    public func tableNames() async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(
                db,
                sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        }
    }
}
