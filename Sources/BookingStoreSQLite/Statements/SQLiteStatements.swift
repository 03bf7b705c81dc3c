import BookingCore
import Foundation
import GRDB
import GRDBSQLite

/// Where the store's statements run: a GRDB connection inside the transaction GRDB opened
/// (`SQLiteTransaction`), or one of the store's own reader connections (`SQLiteReader`).
///
/// The queries are written once, over this, and bind and step with SQLite's own calls: GRDB's
/// `StatementArguments` boxed every value and checked the list against the statement on each use, and its
/// `execute` and row cursors added their own bookkeeping, together about a tenth of a turn's store cost for
/// the dozen small statements a turn runs.
protocol SQLiteStatements {
    /// The prepared statement for `sql`, from the connection's cache; the caller binds every parameter and
    /// resets it after use.
    func prepared(_ sql: String) throws -> SQLiteStatement
    /// The connection's handle, for the text of an error.
    var connection: SQLiteConnection? { get }
}

/// A statement parameter's value.
enum SQLValue {
    case integer(Int64)
    case text(String)
    case blob(Data)
    case null

    static func int(_ value: Int) -> SQLValue { .integer(Int64(value)) }

    static func text(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
}

/// SQLite's "copy the bytes now" destructor, which the C header spells as a cast of -1.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

extension SQLiteStatements {
    /// The prepared statement for `sql`, with `values` bound to its parameters in order.
    func statement(_ sql: String, _ values: [SQLValue]) throws -> SQLiteStatement {
        let handle = try prepared(sql)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .integer(let number):
                code = sqlite3_bind_int64(handle, index, number)
            case .text(var text):
                // An empty buffer may have no address, and a NULL pointer would bind SQL NULL, not ''.
                code = text.withUTF8 { utf8 in
                    guard let base = utf8.baseAddress, !utf8.isEmpty else {
                        return sqlite3_bind_text(handle, index, "", 0, transient)
                    }
                    let chars = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
                    return sqlite3_bind_text(handle, index, chars, Int32(utf8.count), transient)
                }
            case .blob(let data):
                code =
                    data.isEmpty
                    ? sqlite3_bind_zeroblob(handle, index, 0)
                    : data.withUnsafeBytes {
                        sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), transient)
                    }
            case .null:
                code = sqlite3_bind_null(handle, index)
            }
            guard code == SQLITE_OK else { throw failure(code, sql) }
        }
        return handle
    }

    /// Runs a statement that returns no rows (an insert, an update, a pragma that sets).
    func run(_ sql: String, _ values: [SQLValue] = []) throws {
        let handle = try statement(sql, values)
        defer { sqlite3_reset(handle) }
        var code = sqlite3_step(handle)
        while code == SQLITE_ROW { code = sqlite3_step(handle) }
        guard code == SQLITE_DONE else { throw failure(code, sql) }
    }

    /// Every row of `sql`, each read by `read` from SQLite's current row.
    func rows<T>(_ sql: String, _ values: [SQLValue], _ read: (SQLiteStatement) throws -> T) throws -> [T] {
        let handle = try statement(sql, values)
        defer { sqlite3_reset(handle) }
        var rows: [T] = []
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return rows }
            guard code == SQLITE_ROW else { throw failure(code, sql) }
            rows.append(try read(handle))
        }
    }

    /// The first row of `sql` read by `read`, or nil when there is none.
    func firstRow<T>(_ sql: String, _ values: [SQLValue], _ read: (SQLiteStatement) throws -> T) throws -> T? {
        let handle = try statement(sql, values)
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        if code == SQLITE_DONE { return nil }
        guard code == SQLITE_ROW else { throw failure(code, sql) }
        return try read(handle)
    }

    /// The error GRDB would have thrown: the extended result code (constraint kinds are told apart by it), the
    /// connection's message and the statement.
    func failure(_ code: Int32, _ sql: String) -> DatabaseError {
        let extended = connection.map { sqlite3_extended_errcode($0) } ?? code
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(
            resultCode: ResultCode(rawValue: (extended & 0xFF) == (code & 0xFF) ? extended : code),
            message: message,
            sql: sql
        )
    }
}

/// Reading a column of the current row with SQLite's own calls.
enum SQLiteColumn {
    /// A TEXT column of the current row; nil for NULL.
    static func text(_ row: SQLiteStatement, _ column: Int32) -> String? {
        guard let bytes = sqlite3_column_text(row, column) else { return nil }
        let count = Int(sqlite3_column_bytes(row, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// A TEXT column the schema declares NOT NULL: a NULL there means the file was written by something else.
    static func requiredText(_ row: SQLiteStatement, _ column: Int32, table: String) throws -> String {
        guard let text = text(row, column) else { throw StoreError.corruptRow(table: table) }
        return text
    }

    /// A BLOB column of the current row (an empty blob reads as empty data); nil for NULL.
    static func blob(_ row: SQLiteStatement, _ column: Int32) -> Data? {
        guard sqlite3_column_type(row, column) != SQLITE_NULL else { return nil }
        let count = Int(sqlite3_column_bytes(row, column))
        guard count > 0, let bytes = sqlite3_column_blob(row, column) else { return Data() }
        return Data(bytes: bytes, count: count)
    }
}
