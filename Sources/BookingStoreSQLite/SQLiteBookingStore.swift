import BookingCore
import GRDB

/// The embedded store: one SQLite file in WAL mode that several `booking` processes can share.
///
/// Each `write` is one `BEGIN IMMEDIATE` transaction (GRDB's default for a pool's writes), so the engine's
/// check-then-insert holds the file's write lock from its first read and is atomic across processes. A process
/// that finds the lock taken waits up to `busyTimeout` instead of failing with "database is locked".
public final class SQLiteBookingStore: BookingStore {
    /// How long a writer waits for another process's transaction before giving up.
    public static let busyTimeout: Double = 30

    let pool: DatabasePool

    /// Opens the database at `path`, creating it if needed, and brings its schema up to date.
    ///
    /// Opening runs the migrations, so any command can open any file; processes opening a fresh file at the
    /// same moment are safe, because the migration that loses the race finds the schema already in place.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "BookingStoreSQLite"
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrate(pool)
    }

    private static func migrate(_ pool: DatabasePool) throws {
        let migrator = Migrations.migrator
        do {
            try migrator.migrate(pool)
        } catch {
            // Another process may have applied the same migration between our check and our BEGIN IMMEDIATE;
            // ours then failed on "table already exists". Only a schema still out of date is a real failure.
            guard try pool.read({ db in try migrator.hasCompletedMigrations(db) }) else { throw error }
        }
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction; commits when it returns, rolls back when it throws.
    public func write<T: Sendable>(_ body: @Sendable (any BookingTransaction) throws -> T) async throws -> T {
        try await pool.write { db in try body(SQLiteTransaction(db)) }
    }

    /// Runs `body` on a WAL snapshot, concurrently with writers.
    public func read<T: Sendable>(_ body: @Sendable (any BookingReader) throws -> T) async throws -> T {
        try await pool.read { db in try body(SQLiteTransaction(db)) }
    }
}
