import BookingCore
import GRDB
import GRDBSQLite

/// A row of `members`, keyed by E.164 phone.
struct MemberRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "members"

    /// Every column, in the order `member(columns:)` and `insertArguments` use.
    static let columnList = "phone, name, email, hubspot_id, tier_id, tags"

    var member: Member

    init(_ member: Member) {
        self.member = member
    }

    init(row: Row) throws {
        member = Member(
            phone: row["phone"],
            name: row["name"],
            email: row["email"],
            hubspotID: row["hubspot_id"],
            tierID: row["tier_id"],
            tags: try StoredList.list(row["tags"])
        )
    }

    /// The member in the current row of a statement that selects `columnList`, read with SQLite's own calls.
    static func member(columns row: SQLiteStatement) throws -> Member {
        let table = databaseTableName
        return Member(
            phone: try SQLiteColumn.requiredText(row, 0, table: table),
            name: try SQLiteColumn.requiredText(row, 1, table: table),
            email: SQLiteColumn.text(row, 2),
            hubspotID: SQLiteColumn.text(row, 3),
            tierID: try SQLiteColumn.requiredText(row, 4, table: table),
            tags: try StoredList.list(try SQLiteColumn.requiredText(row, 5, table: table))
        )
    }

    /// The values for `INSERT INTO members (columnList) VALUES (...)`, in column order.
    var insertValues: [SQLValue] {
        get throws {
            let tags = try StoredList.text(member.tags)
            return [
                .text(member.phone), .text(member.name), .text(member.email), .text(member.hubspotID),
                .text(member.tierID), .text(tags),
            ]
        }
    }

    func encode(to container: inout PersistenceContainer) throws {
        container["phone"] = member.phone
        container["name"] = member.name
        container["email"] = member.email
        container["hubspot_id"] = member.hubspotID
        container["tier_id"] = member.tierID
        container["tags"] = try StoredList.text(member.tags)
    }
}
