import BookingCore
import Foundation
import PostgresNIO

/// The engine's view of one PostgreSQL transaction; every call runs on the session's queue.
struct PostgresTransaction: BookingTransaction {
    let session: Session

    static let bookingColumns =
        "ref, location_id, bay, start_utc, end_utc, member_phone, party_size, status, price_cents, channel, "
        + "created_at, updated_at, idempotency_key"

    // MARK: Reading

    func confirmedBookings(locationID: String, overlapping interval: Interval) throws -> [Booking] {
        let (start, end) = Self.bounds(interval)
        return try bookings(
            """
            SELECT \(unescaped: Self.bookingColumns) FROM bookings
            WHERE location_id = \(locationID) AND status = 'confirmed' AND start_utc < \(end) AND end_utc > \(start)
            ORDER BY bay, start_utc
            """
        )
    }

    func busySpans(locationID: String, overlapping interval: Interval) throws -> [BaySpan] {
        let (start, end) = Self.bounds(interval)
        let rows = try session.rows(
            """
            SELECT bay, start_utc, end_utc FROM bookings
            WHERE location_id = \(locationID) AND status = 'confirmed' AND start_utc < \(end) AND end_utc > \(start)
            """
        )
        return try rows.map { row in
            let (bay, spanStart, spanEnd) = try row.decode((Int, Int64, Int64).self)
            return BaySpan(bay: bay, interval: Interval(start: Self.date(spanStart), end: Self.date(spanEnd)))
        }
    }

    func bookings(memberPhone: String, overlapping interval: Interval) throws -> [Booking] {
        let (start, end) = Self.bounds(interval)
        return try bookings(
            """
            SELECT \(unescaped: Self.bookingColumns) FROM bookings
            WHERE member_phone = \(memberPhone) AND start_utc < \(end) AND end_utc > \(start)
            ORDER BY start_utc, ref
            """
        )
    }

    func bookings(overlapping interval: Interval) throws -> [Booking] {
        let (start, end) = Self.bounds(interval)
        return try bookings(
            """
            SELECT \(unescaped: Self.bookingColumns) FROM bookings
            WHERE start_utc < \(end) AND end_utc > \(start)
            ORDER BY start_utc, ref
            """
        )
    }

    func booking(ref: String) throws -> Booking? {
        try bookings("SELECT \(unescaped: Self.bookingColumns) FROM bookings WHERE ref = \(ref)").first
    }

    func booking(idempotencyKey: String) throws -> Booking? {
        try bookings("SELECT \(unescaped: Self.bookingColumns) FROM bookings WHERE idempotency_key = \(idempotencyKey)")
            .first
    }

    func member(phone: String) throws -> Member? {
        let rows = try session.rows(
            "SELECT phone, name, email, hubspot_id, tier_id, tags FROM members WHERE phone = \(phone)"
        )
        return try rows.first.map { row in
            let (phone, name, email, hubspotID, tierID, tags) = try row.decode(
                (String, String, String?, String?, String, [String]).self
            )
            return Member(phone: phone, name: name, email: email, hubspotID: hubspotID, tierID: tierID, tags: tags)
        }
    }

    func auditLog(bookingRef: String) throws -> [AuditEntry] {
        try auditEntries(
            """
            SELECT at, actor, action, booking_ref, details, message_id FROM audit_log
            WHERE booking_ref = \(bookingRef) ORDER BY id
            """
        )
    }

    func auditEntry(messageID: String) throws -> AuditEntry? {
        try auditEntries(
            """
            SELECT at, actor, action, booking_ref, details, message_id FROM audit_log
            WHERE message_id = \(messageID) ORDER BY id DESC LIMIT 1
            """
        ).first
    }

    private func auditEntries(_ query: PostgresQuery) throws -> [AuditEntry] {
        try session.rows(query).map { row in
            let (at, actor, action, ref, details, messageID) = try row.decode(
                (Int64, String, String, String?, String, String?).self
            )
            return AuditEntry(
                at: Self.date(milliseconds: at),
                actor: actor,
                action: action,
                bookingRef: ref,
                details: details,
                messageID: messageID
            )
        }
    }

    // MARK: Writing

    func insert(_ booking: Booking) throws {
        try Self.validate(booking)
        let (start, end) = Self.bounds(booking.interval)
        try mapping(booking) {
            try session.execute(
                """
                INSERT INTO bookings (\(unescaped: Self.bookingColumns)) VALUES (
                    \(booking.ref), \(booking.locationID), \(booking.bay), \(start), \(end), \(booking.memberPhone),
                    \(booking.partySize), \(booking.status.rawValue), \(booking.priceCents), \(booking.channel),
                    \(Self.milliseconds(booking.createdAt)), \(Self.milliseconds(booking.updatedAt)),
                    \(booking.idempotencyKey)
                )
                """
            )
        }
    }

    func update(_ booking: Booking) throws {
        try Self.validate(booking)
        let (start, end) = Self.bounds(booking.interval)
        let rows = try mapping(booking) {
            try session.rows(
                """
                UPDATE bookings SET location_id = \(booking.locationID), bay = \(booking.bay), start_utc = \(start),
                    end_utc = \(end), member_phone = \(booking.memberPhone), party_size = \(booking.partySize),
                    status = \(booking.status.rawValue), price_cents = \(booking.priceCents),
                    channel = \(booking.channel), created_at = \(Self.milliseconds(booking.createdAt)),
                    updated_at = \(Self.milliseconds(booking.updatedAt)), idempotency_key = \(booking.idempotencyKey)
                WHERE ref = \(booking.ref)
                RETURNING ref
                """
            )
        }
        guard !rows.isEmpty else { throw StoreError.bookingNotFound(booking.ref) }
    }

    func save(_ member: Member) throws {
        try session.execute(
            """
            INSERT INTO members (phone, name, email, hubspot_id, tier_id, tags)
            VALUES (\(member.phone), \(member.name), \(member.email), \(member.hubspotID), \(member.tierID), \(member.tags))
            ON CONFLICT (phone) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email,
                hubspot_id = EXCLUDED.hubspot_id, tier_id = EXCLUDED.tier_id, tags = EXCLUDED.tags
            """
        )
    }

    func append(_ entry: AuditEntry) throws {
        try session.execute(
            """
            INSERT INTO audit_log (at, actor, action, booking_ref, details, message_id)
            VALUES (
                \(Self.milliseconds(entry.at)), \(entry.actor), \(entry.action), \(entry.bookingRef), \(entry.details),
                \(entry.messageID)
            )
            """
        )
    }

    func recordAnswer(_ message: ProcessedMessage) throws {
        try session.execute(
            """
            INSERT INTO processed_messages (id, conversation_id, status, response, processed_at)
            VALUES (\(message.id), \(message.conversationID), \(message.status), \(message.response),
                \(Self.milliseconds(message.processedAt)))
            ON CONFLICT (id) DO NOTHING
            """
        )
    }

    func saveConversation(id: String, state: Data, updatedAt: Date) throws {
        try session.execute(
            """
            INSERT INTO conversations (id, state, updated_at) VALUES (\(id), \(state), \(Self.milliseconds(updatedAt)))
            ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at
            """
        )
    }

    func enqueue(_ event: BookingEvent) throws {
        let payload = try event.storedPayload()
        try session.execute(
            """
            INSERT INTO outbox_events (id, kind, booking_ref, occurred_at, payload)
            VALUES (\(event.id), \(event.kind.rawValue), \(event.booking.ref), \(Self.milliseconds(event.occurredAt)),
                \(payload))
            """
        )
    }

    func eventCount(bookingRef: String) throws -> Int {
        let rows = try session.rows("SELECT COUNT(*) FROM outbox_events WHERE booking_ref = \(bookingRef)")
        return try rows.first.map { try $0.decode(Int.self) } ?? 0
    }

    // MARK: Helpers

    private func bookings(_ query: PostgresQuery) throws -> [Booking] {
        try session.rows(query).map(Self.booking)
    }

    static func booking(_ row: PostgresRow) throws -> Booking {
        let (ref, locationID, bay, start, end, phone, party, statusText, price, channel, created, updated, key) =
            try row.decode(
                (String, String, Int, Int64, Int64, String, Int, String, Int, String, Int64, Int64, String?).self
            )
        guard let status = Booking.Status(rawValue: statusText) else {
            throw StoreError.corruptRow(table: "bookings")
        }
        return Booking(
            ref: ref,
            locationID: locationID,
            bay: bay,
            interval: Interval(start: date(start), end: date(end)),
            memberPhone: phone,
            partySize: party,
            status: status,
            priceCents: price,
            channel: channel,
            createdAt: date(milliseconds: created),
            updatedAt: date(milliseconds: updated),
            idempotencyKey: key
        )
    }

    /// Runs a statement that writes `booking`, turning constraint violations into the store's errors.
    private func mapping<T>(_ booking: Booking, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PSQLError {
            let state = error.serverInfo?[.sqlState]
            let constraint = error.serverInfo?[.constraintName] ?? ""
            switch state {
            case "23505" where constraint == "bookings_pkey":
                throw StoreError.duplicateRef(booking.ref)
            case "23505" where constraint.contains("idempotency_key"):
                throw StoreError.duplicateIdempotencyKey(booking.idempotencyKey ?? "")
            case "23P01":
                throw StoreError.overlapping(ref: booking.ref)
            default:
                throw error
            }
        }
    }

    static func bounds(_ interval: Interval) -> (start: Int64, end: Int64) {
        (seconds(interval.start), seconds(interval.end))
    }

    static func validate(_ booking: Booking) throws {
        let (start, end) = bounds(booking.interval)
        guard end > start, end - start <= PostgresSchema.maxBookingSeconds else {
            throw StoreError.invalidInterval(ref: booking.ref)
        }
    }

    static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }
    static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }
    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(milliseconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(milliseconds) / 1000) }
}
