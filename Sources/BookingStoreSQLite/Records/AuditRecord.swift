import BookingCore
import GRDB

/// A row of `audit_log`; the rowid gives the order entries were appended in.
struct AuditRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "audit_log"

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

    func encode(to container: inout PersistenceContainer) {
        container["at"] = StoredTime.milliseconds(entry.at)
        container["actor"] = entry.actor
        container["action"] = entry.action
        container["booking_ref"] = entry.bookingRef
        container["details"] = entry.details
        container["message_id"] = entry.messageID
    }
}
