import BookingCore
import Foundation
import GRDBSQLite

/// The statements of the hot paths, written once (an interpolated literal was built and hashed on every call).
///
/// The literal `status = 'confirmed'` lets SQLite pick the partial index; the lower bound on start_utc keeps an
/// overlap query's range to bookings that could still be running at the interval's start.
enum Query {
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
    static let auditOfBooking = "SELECT \(AuditRecord.columnList) FROM audit_log WHERE booking_ref = ? ORDER BY id"
    static let auditOfMessage =
        "SELECT \(AuditRecord.columnList) FROM audit_log WHERE message_id = ? ORDER BY id DESC LIMIT 1"
    static let processedMessage =
        "SELECT conversation_id, status, response, processed_at FROM processed_messages WHERE id = ?"
    static let conversationState = "SELECT state FROM conversations WHERE id = ?"
    static let optedOut = "SELECT 1 FROM sms_opt_outs WHERE phone = ?"
}

/// The store's queries, the same on a GRDB transaction and on the store's own reader connections.
extension SQLiteStatements {
    func confirmedBookings(locationID: String, overlapping interval: Interval) throws -> [Booking] {
        try rows(
            Query.confirmedAtLocation,
            [.text(locationID)] + overlapValues(interval),
            BookingRecord.booking(columns:)
        )
    }

    func busySpans(locationID: String, overlapping interval: Interval) throws -> [BaySpan] {
        try rows(Query.busySpans, [.text(locationID)] + overlapValues(interval)) { row in
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
        try rows(Query.ofMember, [.text(memberPhone)] + overlapValues(interval), BookingRecord.booking(columns:))
    }

    func bookings(overlapping interval: Interval) throws -> [Booking] {
        try rows(Query.overlapping, overlapValues(interval), BookingRecord.booking(columns:))
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
        try rows(Query.auditOfBooking, [.text(bookingRef)], AuditRecord.entry(columns:))
    }

    func auditEntry(messageID: String) throws -> AuditEntry? {
        try firstRow(Query.auditOfMessage, [.text(messageID)], AuditRecord.entry(columns:))
    }

    func eventCount(bookingRef: String) throws -> Int {
        try firstRow(Query.eventCount, [.text(bookingRef)]) { Int(sqlite3_column_int64($0, 0)) } ?? 0
    }

    func processedMessage(id: String) throws -> ProcessedMessage? {
        try firstRow(Query.processedMessage, [.text(id)]) { row in
            ProcessedMessage(
                id: id,
                conversationID: try SQLiteColumn.requiredText(row, 0, table: "processed_messages"),
                status: Int(sqlite3_column_int64(row, 1)),
                response: SQLiteColumn.blob(row, 2) ?? Data(),
                processedAt: StoredTime.date(milliseconds: sqlite3_column_int64(row, 3))
            )
        }
    }

    func conversationState(id: String) throws -> Data? {
        try firstRow(Query.conversationState, [.text(id)]) { SQLiteColumn.blob($0, 0) ?? Data() }
    }

    func isOptedOut(phone: String) throws -> Bool {
        try firstRow(Query.optedOut, [.text(phone)]) { _ in true } ?? false
    }

    /// The three parameters of an overlap query: the look-back bound, the end and the start.
    func overlapValues(_ interval: Interval) -> [SQLValue] {
        let (start, end) = Self.bounds(interval)
        return [.integer(start - Migrations.maxBookingSeconds), .integer(end), .integer(start)]
    }

    private static func bounds(_ interval: Interval) -> (start: Int64, end: Int64) {
        (StoredTime.seconds(interval.start), StoredTime.seconds(interval.end))
    }
}
