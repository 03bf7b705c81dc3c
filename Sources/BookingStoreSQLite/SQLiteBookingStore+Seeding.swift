public import BookingCore
import GRDB

extension SQLiteBookingStore {
    /// Writes the club's locations, bays and tiers and the given members, replacing rows with the same keys.
    ///
    /// One transaction, and idempotent: seeding twice leaves the same rows, and bookings are never touched,
    /// so it is safe to run on every start-up after the config changes.
    public func seed(club: Club, members: [Member]) async throws {
        try await pool.write { db in
            for location in club.locations {
                try LocationRecord(location: location).upsert(db)
                for bay in location.bays {
                    try BayRecord(locationID: location.id, bay: bay).upsert(db)
                }
            }
            for tier in club.tiers {
                try TierRecord(tier: tier).upsert(db)
            }
            for member in members {
                try MemberRecord(member).upsert(db)
            }
        }
    }

    /// Inserts many bookings in one transaction with one prepared statement; for benchmarks and imports.
    ///
    /// Fails, inserting none, on the first duplicate ref or idempotency key.
    public func insertBulk(_ bookings: [Booking]) async throws {
        try await pool.write { db in
            let statement = try db.makeStatement(
                sql: "INSERT INTO bookings (\(BookingRecord.columnList)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            )
            for booking in bookings {
                try SQLiteTransaction.validate(booking)
                do {
                    try statement.execute(arguments: BookingRecord(booking).insertArguments)
                } catch let error as DatabaseError {
                    throw SQLiteTransaction.mapConstraint(error, booking: booking)
                }
            }
        }
    }
}
