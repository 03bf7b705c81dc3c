import Foundation

/// What ClubOS V3 posts to `POST /v1/clubos/messages` when a customer writes in a thread.
struct ClubOSMessage: Decodable, Sendable, Equatable {
    /// The customer as ClubOS knows them.
    struct Customer: Decodable, Sendable, Equatable {
        var id: String
        var phone: String
        var name: String?
        var email: String?
        var hubspotID: String?

        enum CodingKeys: String, CodingKey {
            case id, phone, name, email
            case hubspotID = "hubspot_id"
        }
    }

    /// Unique per message; a retry carries the same id.
    var messageID: String
    /// The ClubOS thread: one conversation with the agent.
    var threadID: String
    var customer: Customer
    var content: String
    /// The location the thread was opened from, such as `bedford`.
    var locationID: String?
    var sentAt: String

    enum CodingKeys: String, CodingKey {
        case messageID = "message_id"
        case threadID = "thread_id"
        case customer, content
        case locationID = "location_id"
        case sentAt = "sent_at"
    }

    /// The longest id the server keeps; ids are keys, not documents.
    static let maxIDLength = 200
}
