import BookingCore
import Yams

extension ClubConfigLoader {
    /// Member values are personal data, so errors here say what is wrong without repeating the value.
    static func readMembers(_ node: ConfigNode, club: Club) throws -> [Member] {
        var members: [Member] = []
        var indexByPhone: [String: Int] = [:]
        for (index, element) in try node.sequence().enumerated() {
            let mapping = try element.mapping(allowedKeys: ["phone", "name", "email", "hubspot_id", "tier", "tags"])
            let phoneNode = try mapping.required("phone")
            guard case .scalar(let rawPhone) = phoneNode.node, let phone = PhoneNumber.e164(rawPhone.string) else {
                throw phoneNode.error("not a phone number; write it like 902-555-0101 or +19025550101")
            }
            if let earlier = indexByPhone[phone] {
                throw phoneNode.error("same phone number as members[\(earlier)]")
            }
            indexByPhone[phone] = index
            var email: String?
            if let emailNode = mapping.optional("email") {
                let text = try emailNode.string()
                let halves = text.split(separator: "@", omittingEmptySubsequences: false)
                guard halves.count == 2, !halves[0].isEmpty, halves[1].contains("."), !text.contains(" ") else {
                    throw emailNode.error("not an email address")
                }
                email = text
            }
            let tierNode = try mapping.required("tier")
            let tierID = try tierNode.identifier()
            guard club.tier(tierID) != nil else {
                let known = club.tiers.map(\.id).joined(separator: ", ")
                throw tierNode.error("no tier \"\(tierID)\" (tiers: \(known))")
            }
            let member = Member(
                phone: phone,
                name: try mapping.required("name").string(),
                email: email,
                hubspotID: try mapping.optional("hubspot_id")?.string(),
                tierID: tierID,
                tags: try mapping.optional("tags").map { try readTags($0) } ?? []
            )
            members.append(member)
        }
        return members
    }
}
