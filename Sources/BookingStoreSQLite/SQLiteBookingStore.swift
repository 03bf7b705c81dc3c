public import BookingCore
import Foundation
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
    let recorder: RecordBatcher
    /// The hot paths' reads: the store's own connections, used on the calling thread (`SQLiteReader`).
    let readers: ReaderConnections

    /// Opens the database at `path`, creating it if needed, and brings its schema up to date.
    ///
    /// Opening runs the migrations, so any command can open any file; processes opening a fresh file at the
    /// same moment are safe, because the migration that loses the race finds the schema already in place.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "BookingStoreSQLite"
        pool = try Self.openPool(path: path, configuration: configuration)
        recorder = RecordBatcher(pool: pool)
        // GRDB opens WAL pools with synchronous = NORMAL, which can lose the last commits on power loss; a
        // booking a customer was told about must survive that, so the writer syncs the WAL on every commit.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        try Self.migrate(pool)
        readers = ReaderConnections(path: path, busyTimeout: Self.busyTimeout)
    }

    /// Opens the pool, retrying while another process is switching a fresh file to WAL.
    ///
    /// `PRAGMA journal_mode = WAL` can fail with SQLITE_BUSY without calling the busy handler when two
    /// processes create the file at the same moment, so the busy timeout alone does not cover it.
    private static func openPool(path: String, configuration: Configuration) throws -> DatabasePool {
        var attemptsLeft = 100
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attemptsLeft > 0 {
                attemptsLeft -= 1
                usleep(20_000)
            }
        }
    }

    private static func migrate(_ pool: DatabasePool) throws {
        let migrator = Migrations.migrator
        // Another process may apply a migration between our check of what is applied and our BEGIN IMMEDIATE;
        // ours then fails on "table already exists". Each retry re-reads what is applied and gets further, so
        // one attempt per migration is enough; only a schema still out of date after that is a real failure.
        var attemptsLeft = migrator.migrations.count + 1
        while true {
            do {
                try migrator.migrate(pool)
                return
            } catch {
                attemptsLeft -= 1
                if try pool.read({ db in try migrator.hasCompletedMigrations(db) }) { return }
                if attemptsLeft == 0 { throw error }
            }
        }
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction; commits when it returns, rolls back when it throws.
    public func write<T: Sendable>(_ body: @Sendable (any BookingTransaction) throws -> T) async throws -> T {
        try await pool.write { db in try body(SQLiteTransaction(db)) }
    }

    /// Runs `body` on a WAL snapshot, concurrently with writers, on the calling thread.
    ///
    /// In WAL mode a reader never waits for a writer, and the queries the hot paths run take tens of
    /// microseconds: handing each to a reader's queue and back cost more than the query, so reads stay on
    /// the caller's thread, and only writes, which may wait for the file lock and an fsync, hop to GRDB's
    /// writer.
    public func read<T: Sendable>(_ body: @Sendable (any BookingReader) throws -> T) async throws -> T {
        try readers.snapshot { try body($0) }
    }

    /// A read through GRDB's pool, for what has no query of its own in `SQLiteStatements`.
    func readOnThisThread<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.read(body)
    }
}
