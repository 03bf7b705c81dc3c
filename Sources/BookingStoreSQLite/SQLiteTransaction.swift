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

    /// The statements of the hot paths, written once.
    ///
    /// An interpolated literal was built and hashed anew on every call. The literal `status = 'confirmed'` lets SQLite pick the partial index; the lower bound on
    /// start_utc keeps an overlap query's range to bookings that could still be running at the interval's start.
    private enum Query {
        static let confirmedAtLocation = """
            SELECT \(BookingRecord.columnList) FROM bookings
            WHERE location_id = ? AND status = 'confirmed'
              AND start_utc > ? AND start_utc < ? AND end_utc > ?
            ORDER BY bay, start_utc
            """
        /// Answered from the covering index alone: (location_id, start_utc, end_utc, bay) of confirmed rows.
        static let busySpans = """
            SELECT bay, start_utc, end_utc FROM bookings
            WHERE location_id = ? AND status = 'confirmed'
              AND start_utc > ? AND start_utc < ? AND end_utc > ?
            """
        static let ofMember = """
            SELECT \(BookingRecord.columnList) FROM bookings
            WHERE member_phone = ? AND start_utc > ? AND start_utc < ? AND end_utc > ?
            ORDER BY start_utc, ref
            """
        static let overlapping = """
            SELECT \(BookingRecord.columnList) FROM bookings
            WHERE start_utc > ? AND start_utc < ? AND end_utc > ?
            ORDER BY start_utc, ref
            """
        static let byRef = "SELECT \(BookingRecord.columnList) FROM bookings WHERE ref = ?"
        static let byIdempotencyKey = "SELECT \(BookingRecord.columnList) FROM bookings WHERE idempotency_key = ?"
        static let member = "SELECT \(MemberRecord.columnList) FROM members WHERE phone = ?"
        static let insertBooking =
            "INSERT INTO bookings (\(BookingRecord.columnList)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        static let saveMember = """
            INSERT INTO members (\(MemberRecord.columnList)) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(phone) DO UPDATE SET name = excluded.name, email = excluded.email,
              hubspot_id = excluded.hubspot_id, tier_id = excluded.tier_id, tags = excluded.tags
            """
        static let appendAudit =
            "INSERT INTO audit_log (at, actor, action, booking_ref, details, message_id) VALUES (?, ?, ?, ?, ?, ?)"
        static let enqueue =
            "INSERT INTO outbox_events (id, kind, booking_ref, occurred_at, payload) VALUES (?, ?, ?, ?, ?)"
        static let eventCount = "SELECT COUNT(*) FROM outbox_events WHERE booking_ref = ?"
    }

    func confirmedBookings(locationID: String, overlapping interval: Interval) throws -> [Booking] {
        try rows(
            Query.confirmedAtLocation,
            [.text(locationID)] + Self.overlap(interval),
            BookingRecord.booking(columns:)
        )
    }

    func busySpans(locationID: String, overlapping interval: Interval) throws -> [BaySpan] {
        try rows(Query.busySpans, [.text(locationID)] + Self.overlap(interval)) { row in
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
        try rows(Query.ofMember, [.text(memberPhone)] + Self.overlap(interval), BookingRecord.booking(columns:))
    }

    func bookings(overlapping interval: Interval) throws -> [Booking] {
        try rows(Query.overlapping, Self.overlap(interval), BookingRecord.booking(columns:))
    }

    func booking(ref: String) throws -> Booking? {
        try firstRow(Query.byRef, [.text(ref)], BookingRecord.booking(columns:))
    }

    func booking(idempotencyKey: String) throws -> Booking? {
        try firstRow(Query.byIdempotencyKey, [.text(idempotencyKey)], BookingRecord.booking(columns:))
    }

    func member(phone: String) throws -> Member? {
        try firstRow(Query.member, [.text(phone)], MemberRecord.member(columns:))
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
            try run(Query.insertBooking, BookingRecord(booking).insertValues)
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
        try run(Query.saveMember, try MemberRecord(member).insertValues)
    }

    func append(_ entry: AuditEntry) throws {
        try run(
            Query.appendAudit,
            [
                .integer(StoredTime.milliseconds(entry.at)), .text(entry.actor), .text(entry.action),
                .text(entry.bookingRef), .text(entry.details), .text(entry.messageID),
            ]
        )
    }

    func recordAnswer(_ message: ProcessedMessage) throws {
        try record(message, conversation: nil)
    }

    func enqueue(_ event: BookingEvent) throws {
        let payload = try event.storedPayload()
        try run(
            Query.enqueue,
            [
                .text(event.id), .text(event.kind.rawValue), .text(event.booking.ref),
                .integer(StoredTime.milliseconds(event.occurredAt)), .text(payload),
            ]
        )
    }

    func eventCount(bookingRef: String) throws -> Int {
        try firstRow(Query.eventCount, [.text(bookingRef)]) { Int(sqlite3_column_int64($0, 0)) } ?? 0
    }

    // MARK: Helpers

    /// The three parameters of an overlap query: the look-back bound, the end and the start.
    private static func overlap(_ interval: Interval) -> [SQLValue] {
        let (start, end) = bounds(interval)
        return [.integer(start - Migrations.maxBookingSeconds), .integer(end), .integer(start)]
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
