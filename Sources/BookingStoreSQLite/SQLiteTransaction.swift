import BookingCore
import Foundation
import GRDB
import GRDBSQLite

/// The store's queries and writes on one GRDB connection, inside the transaction or snapshot GRDB opened.
///
/// Reads hand it to the body as `any BookingReader`, so a read can only call the query methods.
struct SQLiteTransaction: BookingTransaction {
    let db: Database

    init(_ db: Database) {
        self.db = db
    }

    // MARK: Reading

    /// Steps `statement`, whose arguments are bound, and reads each row's columns with SQLite's own calls.
    ///
    /// For the queries a turn makes many rows of (every booked span of a location's day), GRDB's row
    /// decoding cost about 1,000 instructions a row; `read` takes only the columns it needs. The
    /// statement is reset afterwards, so it goes back to GRDB's cache ready for its next use.
    static func rows<T>(
        of statement: Statement,
        in db: Database,
        _ read: (SQLiteStatement) throws -> T
    ) throws -> [T] {
        let sqlite = statement.sqliteStatement
        defer { sqlite3_reset(sqlite) }
        var rows: [T] = []
        while true {
            let code = sqlite3_step(sqlite)
            if code == SQLITE_DONE { return rows }
            guard code == SQLITE_ROW else {
                let message = db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
            }
            rows.append(try read(sqlite))
        }
    }

    /// The first row `statement` gives, read as `rows` reads one, or nil when it gives none.
    static func firstRow<T>(
        of statement: Statement,
        _ arguments: StatementArguments,
        in db: Database,
        _ read: (SQLiteStatement) throws -> T
    ) throws -> T? {
        try statement.setArguments(arguments)
        let sqlite = statement.sqliteStatement
        defer { sqlite3_reset(sqlite) }
        let code = sqlite3_step(sqlite)
        if code == SQLITE_DONE { return nil }
        guard code == SQLITE_ROW else {
            let message = db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
        return try read(sqlite)
    }

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

    func confirmedBookings(locationID: String, overlapping interval: Interval) throws -> [Booking] {
        // The literal `status = 'confirmed'` lets SQLite pick the partial index; the lower bound on start_utc
        // keeps its range to bookings that could still be running at the interval's start.
        let (start, end) = Self.bounds(interval)
        let statement = try db.cachedStatement(
            sql: """
                SELECT \(BookingRecord.columnList) FROM bookings
                WHERE location_id = ? AND status = 'confirmed'
                  AND start_utc > ? AND start_utc < ? AND end_utc > ?
                ORDER BY bay, start_utc
                """
        )
        return try fetch(statement, [locationID, start - Migrations.maxBookingSeconds, end, start])
    }

    func busySpans(locationID: String, overlapping interval: Interval) throws -> [BaySpan] {
        // Answered from the covering index alone: (location_id, start_utc, end_utc, bay) of confirmed rows.
        let (start, end) = Self.bounds(interval)
        let statement = try db.cachedStatement(
            sql: """
                SELECT bay, start_utc, end_utc FROM bookings
                WHERE location_id = ? AND status = 'confirmed'
                  AND start_utc > ? AND start_utc < ? AND end_utc > ?
                """
        )
        try statement.setArguments([locationID, start - Migrations.maxBookingSeconds, end, start])
        return try Self.rows(of: statement, in: db) { row in
            BaySpan(
                bay: Int(sqlite3_column_int64(row, 0)),
                interval: Interval(
                    start: StoredTime.date(seconds: sqlite3_column_int64(row, 1)),
                    end: StoredTime.date(seconds: sqlite3_column_int64(row, 2))
                )
            )
        }
    }

    func bookings(memberPhone: String, overlapping interval: Interval) throws -> [Booking] {
        let (start, end) = Self.bounds(interval)
        let statement = try db.cachedStatement(
            sql: """
                SELECT \(BookingRecord.columnList) FROM bookings
                WHERE member_phone = ? AND start_utc > ? AND start_utc < ? AND end_utc > ?
                ORDER BY start_utc, ref
                """
        )
        return try fetch(statement, [memberPhone, start - Migrations.maxBookingSeconds, end, start])
    }

    func bookings(overlapping interval: Interval) throws -> [Booking] {
        let (start, end) = Self.bounds(interval)
        let statement = try db.cachedStatement(
            sql: """
                SELECT \(BookingRecord.columnList) FROM bookings
                WHERE start_utc > ? AND start_utc < ? AND end_utc > ?
                ORDER BY start_utc, ref
                """
        )
        return try fetch(statement, [start - Migrations.maxBookingSeconds, end, start])
    }

    func booking(ref: String) throws -> Booking? {
        let statement = try db.cachedStatement(sql: "SELECT \(BookingRecord.columnList) FROM bookings WHERE ref = ?")
        return try Self.firstRow(of: statement, [ref], in: db, BookingRecord.booking(columns:))
    }

    func booking(idempotencyKey: String) throws -> Booking? {
        let statement = try db.cachedStatement(
            sql: "SELECT \(BookingRecord.columnList) FROM bookings WHERE idempotency_key = ?"
        )
        return try Self.firstRow(of: statement, [idempotencyKey], in: db, BookingRecord.booking(columns:))
    }

    func member(phone: String) throws -> Member? {
        let statement = try db.cachedStatement(
            sql: "SELECT \(MemberRecord.columnList) FROM members WHERE phone = ?"
        )
        return try Self.firstRow(of: statement, [phone], in: db, MemberRecord.member(columns:))
    }

    func auditLog(bookingRef: String) throws -> [AuditEntry] {
        let statement = try db.cachedStatement(sql: "SELECT * FROM audit_log WHERE booking_ref = ? ORDER BY id")
        return try AuditRecord.fetchAll(statement, arguments: [bookingRef]).map(\.entry)
    }

    func auditEntry(messageID: String) throws -> AuditEntry? {
        let statement = try db.cachedStatement(
            sql: "SELECT * FROM audit_log WHERE message_id = ? ORDER BY id DESC LIMIT 1"
        )
        return try AuditRecord.fetchOne(statement, arguments: [messageID])?.entry
    }

    // MARK: Writing

    func insert(_ booking: Booking) throws {
        try Self.validate(booking)
        do {
            try db.cachedStatement(
                sql: "INSERT INTO bookings (\(BookingRecord.columnList)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            ).execute(arguments: BookingRecord(booking).insertArguments)
        } catch let error as DatabaseError {
            throw Self.mapConstraint(error, booking: booking)
        }
    }

    func update(_ booking: Booking) throws {
        try Self.validate(booking)
        do {
            try BookingRecord(booking).update(db)
        } catch RecordError.recordNotFound {
            throw StoreError.bookingNotFound(booking.ref)
        } catch let error as DatabaseError {
            throw Self.mapConstraint(error, booking: booking)
        }
    }

    func save(_ member: Member) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO members (\(MemberRecord.columnList)) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(phone) DO UPDATE SET name = excluded.name, email = excluded.email,
                  hubspot_id = excluded.hubspot_id, tier_id = excluded.tier_id, tags = excluded.tags
                """
        ).execute(arguments: try MemberRecord(member).insertArguments)
    }

    func append(_ entry: AuditEntry) throws {
        try db.cachedStatement(
            sql: "INSERT INTO audit_log (at, actor, action, booking_ref, details, message_id) VALUES (?, ?, ?, ?, ?, ?)"
        ).execute(arguments: [
            StoredTime.milliseconds(entry.at), entry.actor, entry.action, entry.bookingRef, entry.details,
            entry.messageID,
        ])
    }

    func recordAnswer(_ message: ProcessedMessage) throws {
        try record(message, conversation: nil)
    }

    func enqueue(_ event: BookingEvent) throws {
        let payload = try event.storedPayload()
        let statement = try db.cachedStatement(
            sql: "INSERT INTO outbox_events (id, kind, booking_ref, occurred_at, payload) VALUES (?, ?, ?, ?, ?)"
        )
        try statement.execute(arguments: [
            event.id, event.kind.rawValue, event.booking.ref, StoredTime.milliseconds(event.occurredAt), payload,
        ])
    }

    func eventCount(bookingRef: String) throws -> Int {
        let statement = try db.cachedStatement(sql: "SELECT COUNT(*) FROM outbox_events WHERE booking_ref = ?")
        return try Int.fetchOne(statement, arguments: [bookingRef]) ?? 0
    }

    // MARK: Helpers

    private func fetch(_ statement: Statement, _ arguments: StatementArguments) throws -> [Booking] {
        try statement.setArguments(arguments)
        return try Self.rows(of: statement, in: db, BookingRecord.booking(columns:))
    }

    private static func bounds(_ interval: Interval) -> (start: Int64, end: Int64) {
        (StoredTime.seconds(interval.start), StoredTime.seconds(interval.end))
    }

    /// Refuses what the table's CHECKs would refuse, with an error that says why instead of a constraint name.
    static func validate(_ booking: Booking) throws {
        let start = StoredTime.seconds(booking.interval.start)
        let end = StoredTime.seconds(booking.interval.end)
        guard end > start, end - start <= Migrations.maxBookingSeconds else {
            throw StoreError.invalidInterval(ref: booking.ref)
        }
    }

    /// Turns the two uniqueness violations the engine can meet into typed errors; anything else passes through.
    static func mapConstraint(_ error: DatabaseError, booking: Booking) -> any Error {
        switch error.extendedResultCode {
        case .SQLITE_CONSTRAINT_PRIMARYKEY:
            return StoreError.duplicateRef(booking.ref)
        case .SQLITE_CONSTRAINT_UNIQUE:
            if let key = booking.idempotencyKey, error.message?.contains("idempotency_key") ?? true {
                return StoreError.duplicateIdempotencyKey(key)
            }
            return error
        default:
            return error
        }
    }
}
