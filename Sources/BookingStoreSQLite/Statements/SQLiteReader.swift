import BookingCore
import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// The store's queries on one of its own read connections.
///
/// GRDB's reader pool handed every read to a reader's dispatch queue and back, found a free reader through a
/// key path, checked the schema version and ran BEGIN and COMMIT around it: about 28,000 instructions a read,
/// more than the queries of a turn's lookups cost. The store's reads of the hot paths take one of these
/// instead, on the calling thread; writes, migrations and the outbox stay on GRDB's pool.
struct SQLiteReader: BookingReader, SQLiteStatements {
    let reader: ReaderConnection

    func prepared(_ sql: String) throws -> SQLiteStatement { try reader.prepared(sql) }

    var connection: SQLiteConnection? { reader.handle }
}

/// One read connection to the database file with its prepared statements, used by one thread at a time.
///
/// It is `Sendable` only as far as `ReaderConnections` hands it out: a connection is taken out of the idle
/// list, used by the taking thread and put back.
final class ReaderConnection: @unchecked Sendable {
    let handle: SQLiteConnection
    private var statements: [String: SQLiteStatement] = [:]

    /// Opens `path` (which the store has created and migrated) for reading: `query_only`, so even a bug cannot
    /// write through it, and the store's busy timeout for the moments a checkpoint or recovery holds the file.
    init(path: String, busyTimeout: Double) throws {
        var opened: SQLiteConnection?
        let code = sqlite3_open_v2(path, &opened, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let opened else {
            let message = opened.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            sqlite3_close_v2(opened)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
        handle = opened
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, Int32(busyTimeout * 1000))
        try SQLiteReader(reader: self).run("PRAGMA query_only = 1")
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    /// The prepared statement for `sql`, prepared on first use and kept for the connection's life.
    func prepared(_ sql: String) throws -> SQLiteStatement {
        if let statement = statements[sql] { return statement }
        var statement: SQLiteStatement?
        let code = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else {
            sqlite3_finalize(statement)
            throw SQLiteReader(reader: self).failure(code, sql)
        }
        statements[sql] = statement
        return statement
    }

    /// False after a failure left a transaction open: such a connection is closed, not reused.
    var isReusable: Bool { sqlite3_get_autocommit(handle) != 0 }
}

/// The store's read connections: taken by the thread that reads, given back after, opened when none is idle.
final class ReaderConnections: Sendable {
    /// Idle connections kept open; more readers at once open more, and the extra ones close when done.
    static let maxIdle = 8

    private let path: String
    private let busyTimeout: Double
    private let idle = Mutex<[ReaderConnection]>([])

    init(path: String, busyTimeout: Double) {
        self.path = path
        self.busyTimeout = busyTimeout
    }

    /// Runs `body` on a connection without a transaction around it: each statement reads the latest commit.
    func read<T>(_ body: (SQLiteReader) throws -> T) throws -> T {
        let connection = try idle.withLock { $0.popLast() } ?? ReaderConnection(path: path, busyTimeout: busyTimeout)
        defer {
            if connection.isReusable {
                idle.withLock { connections in
                    if connections.count < Self.maxIdle { connections.append(connection) }
                }
            }
        }
        return try body(SQLiteReader(reader: connection))
    }

    /// Runs `body` in one read transaction: every statement sees the same commit (a WAL snapshot).
    func snapshot<T>(_ body: (SQLiteReader) throws -> T) throws -> T {
        try read { reader in
            try reader.run("BEGIN")
            do {
                let value = try body(reader)
                try reader.run("COMMIT")
                return value
            } catch {
                try? reader.run("ROLLBACK")
                throw error
            }
        }
    }
}
