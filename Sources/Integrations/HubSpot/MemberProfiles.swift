public import BookingCore
public import Foundation

/// A member's tier and tags from HubSpot, cached for a while, falling back to what the club knows locally.
///
/// Booking must never wait on the CRM: a lookup that fails or times out answers from the cache (even a stale
/// entry) or from the local member record, and says which it used. An actor, because the cache is shared by
/// every conversation.
public actor MemberProfiles {
    /// A tier and tags, and where they came from.
    public struct Profile: Sendable, Equatable {
        /// Where a profile came from.
        public enum Source: String, Sendable, Equatable {
            /// HubSpot answered just now.
            case hubSpot
            /// HubSpot answered within the time to live.
            case cache
            /// HubSpot did not answer; an older HubSpot answer was used.
            case staleCache
            /// HubSpot did not answer and had never answered; the local member record was used.
            case local
        }

        public var tierID: String
        public var tags: [String]
        public var contactID: String?
        public var source: Source

        public init(tierID: String, tags: [String], contactID: String?, source: Source) {
            self.tierID = tierID
            self.tags = tags
            self.contactID = contactID
            self.source = source
        }
    }

    private let client: HubSpotClient
    private let clock: any Clock
    private let timeToLive: TimeInterval
    private var entries: [String: (profile: Profile, fetchedAt: Date)] = [:]

    public init(client: HubSpotClient, clock: any Clock = SystemClock(), timeToLive: TimeInterval = 15 * 60) {
        self.client = client
        self.clock = clock
        self.timeToLive = timeToLive
    }

    /// The member's profile: cached if fresh, else from HubSpot, else stale cache, else the local record.
    public func profile(for member: Member) async -> Profile {
        let key = member.phone
        let now = clock.now()
        if let entry = entries[key], now.timeIntervalSince(entry.fetchedAt) < timeToLive {
            var cached = entry.profile
            cached.source = .cache
            return cached
        }
        do {
            if let contact = try await client.findContact(phone: member.phone, email: member.email) {
                let profile = Profile(
                    tierID: contact.tierID ?? member.tierID,
                    tags: contact.tags,
                    contactID: contact.id,
                    source: .hubSpot
                )
                entries[key] = (profile, now)
                return profile
            }
            let profile = Profile(tierID: member.tierID, tags: member.tags, contactID: nil, source: .hubSpot)
            entries[key] = (profile, now)
            return profile
        } catch {
            if let entry = entries[key] {
                var stale = entry.profile
                stale.source = .staleCache
                return stale
            }
            return Profile(tierID: member.tierID, tags: member.tags, contactID: member.hubspotID, source: .local)
        }
    }
}
