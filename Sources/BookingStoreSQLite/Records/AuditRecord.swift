import BookingCore
import GRDB
import GRDBSQLite

/// A row of `audit_log`; the rowid gives the order entries were appended in.
struct AuditRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "audit_log"

    /// Every column but the rowid, in the order `entry(columns:)` reads them.
    static let columnList = "at, actor, action, booking_ref, details, message_id"

    var entry: AuditEntry

    init(_ entry: AuditEntry) {
        self.entry = entry
    }

    init(row: Row) {
        entry = AuditEntry(
            at: StoredTime.date(milliseconds: row["at"]),
            actor: row["actor"],
            action: row["action"],
            bookingRef: row["booking_ref"],
            details: row["details"],
            messageID: row["message_id"]
        )
    }

    /// The entry in the current row of a statement that selects `columnList`, read with SQLite's own calls.
    static func entry(columns row: SQLiteStatement) throws -> AuditEntry {
        AuditEntry(
            at: StoredTime.date(milliseconds: sqlite3_column_int64(row, 0)),
            actor: try SQLiteColumn.requiredText(row, 1, table: databaseTableName),
            action: try SQLiteColumn.requiredText(row, 2, table: databaseTableName),
            bookingRef: SQLiteColumn.text(row, 3),
            details: try SQLiteColumn.requiredText(row, 4, table: databaseTableName),
            messageID: SQLiteColumn.text(row, 5)
        )
    }

    func encode(to container: inout PersistenceContainer) {
        container["at"] = StoredTime.milliseconds(entry.at)
        container["actor"] = entry.actor
        container["action"] = entry.action
        container["booking_ref"] = entry.bookingRef
        container["details"] = entry.details
        container["message_id"] = entry.messageID
    }
}
