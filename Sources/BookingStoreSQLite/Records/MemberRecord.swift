import BookingCore
import GRDB

/// A row of `members`, keyed by E.164 phone.
struct MemberRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "members"

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

    func encode(to container: inout PersistenceContainer) throws {
        container["phone"] = member.phone
        container["name"] = member.name
        container["email"] = member.email
        container["hubspot_id"] = member.hubspotID
        container["tier_id"] = member.tierID
        container["tags"] = try StoredList.text(member.tags)
    }
}
