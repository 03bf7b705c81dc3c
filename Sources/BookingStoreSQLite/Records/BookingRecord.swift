import BookingCore
import GRDB
import GRDBSQLite

/// A row of `bookings`.
struct BookingRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "bookings"

    /// Every column, in the order `init(row:)` reads them by index; the hot queries select exactly these.
    static let columnList =
        "ref, location_id, bay, start_utc, end_utc, member_phone, party_size, status, price_cents, channel, "
        + "created_at, updated_at, idempotency_key"

    var booking: Booking

    init(_ booking: Booking) {
        self.booking = booking
    }

    init(row: Row) throws {
        let statusText: String = row[7]
        guard let status = Booking.Status(rawValue: statusText) else {
            throw StoreError.corruptRow(table: Self.databaseTableName)
        }
        booking = Booking(
            ref: row[0],
            locationID: row[1],
            bay: row[2],
            interval: Interval(start: StoredTime.date(seconds: row[3]), end: StoredTime.date(seconds: row[4])),
            memberPhone: row[5],
            partySize: row[6],
            status: status,
            priceCents: row[8],
            channel: row[9],
            createdAt: StoredTime.date(milliseconds: row[10]),
            updatedAt: StoredTime.date(milliseconds: row[11]),
            idempotencyKey: row[12]
        )
    }

    func encode(to container: inout PersistenceContainer) {
        container["ref"] = booking.ref
        container["location_id"] = booking.locationID
        container["bay"] = booking.bay
        container["start_utc"] = StoredTime.seconds(booking.interval.start)
        container["end_utc"] = StoredTime.seconds(booking.interval.end)
        container["member_phone"] = booking.memberPhone
        container["party_size"] = booking.partySize
        container["status"] = booking.status.rawValue
        container["price_cents"] = booking.priceCents
        container["channel"] = booking.channel
        container["created_at"] = StoredTime.milliseconds(booking.createdAt)
        container["updated_at"] = StoredTime.milliseconds(booking.updatedAt)
        container["idempotency_key"] = booking.idempotencyKey
    }

    /// The booking in the current row of a statement that selects `columnList`, read with SQLite's own calls.
    static func booking(columns row: SQLiteStatement) throws -> Booking {
        let table = databaseTableName
        guard let status = Booking.Status(rawValue: try SQLiteColumn.requiredText(row, 7, table: table)) else {
            throw StoreError.corruptRow(table: table)
        }
        return Booking(
            ref: try SQLiteColumn.requiredText(row, 0, table: table),
            locationID: try SQLiteColumn.requiredText(row, 1, table: table),
            bay: Int(sqlite3_column_int64(row, 2)),
            interval: Interval(
                start: StoredTime.date(seconds: sqlite3_column_int64(row, 3)),
                end: StoredTime.date(seconds: sqlite3_column_int64(row, 4))
            ),
            memberPhone: try SQLiteColumn.requiredText(row, 5, table: table),
            partySize: Int(sqlite3_column_int64(row, 6)),
            status: status,
            priceCents: Int(sqlite3_column_int64(row, 8)),
            channel: try SQLiteColumn.requiredText(row, 9, table: table),
            createdAt: StoredTime.date(milliseconds: sqlite3_column_int64(row, 10)),
            updatedAt: StoredTime.date(milliseconds: sqlite3_column_int64(row, 11)),
            idempotencyKey: SQLiteColumn.text(row, 12)
        )
    }

    /// The values for `INSERT INTO bookings (columnList) VALUES (...)`, in column order.
    var insertValues: [SQLValue] {
        [
            .text(booking.ref), .text(booking.locationID), .int(booking.bay),
            .integer(StoredTime.seconds(booking.interval.start)), .integer(StoredTime.seconds(booking.interval.end)),
            .text(booking.memberPhone), .int(booking.partySize), .text(booking.status.rawValue),
            .int(booking.priceCents), .text(booking.channel), .integer(StoredTime.milliseconds(booking.createdAt)),
            .integer(StoredTime.milliseconds(booking.updatedAt)), .text(booking.idempotencyKey),
        ]
    }

    /// The statement arguments for `INSERT INTO bookings (columnList) VALUES (...)`, in column order.
    var insertArguments: StatementArguments {
        [
            booking.ref, booking.locationID, booking.bay,
            StoredTime.seconds(booking.interval.start), StoredTime.seconds(booking.interval.end),
            booking.memberPhone, booking.partySize, booking.status.rawValue, booking.priceCents, booking.channel,
            StoredTime.milliseconds(booking.createdAt), StoredTime.milliseconds(booking.updatedAt),
            booking.idempotencyKey,
        ]
    }
}
