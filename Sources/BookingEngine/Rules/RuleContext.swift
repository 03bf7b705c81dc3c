import BookingCore
import Foundation

/// What the rules read: the moment, who is booking, and the confirmed bookings around the slot.
///
/// Read once inside the write transaction, then checked by pure functions, so the same context
/// serves the request and every alternative proposed for it.
struct RuleContext: Sendable {
    let club: Club
    let now: Date
    let member: Member
    let tier: Tier
    let isStaff: Bool
    /// The member's confirmed bookings, any location, without the one being moved.
    let memberBookings: [Booking]
    /// Bays taken by confirmed bookings per location id, for a window around the request, without the
    /// booking being moved: it neither conflicts with nor counts against its own new slot.
    ///
    /// Spans, not whole bookings: they come from a covering index, and the alternatives search
    /// checks dozens of candidates against them.
    let busy: [String: [BaySpan]]
    /// The booking being moved, if any.
    let moved: Booking?

    /// The tier's advance window, lengthened for members with the early-access tag.
    var advanceDays: Int {
        let tags = Set(member.tags).union(tier.tags)
        if tags.contains(club.policies.earlyAccessTag) {
            return max(tier.advanceDays, club.policies.earlyAccessAdvanceDays)
        }
        return tier.advanceDays
    }
}

extension [BaySpan] {
    /// The spans without the one `booking` holds, when it is being moved.
    func removing(_ booking: Booking?, at locationID: String) -> [BaySpan] {
        guard let booking, booking.locationID == locationID, booking.status == .confirmed else { return self }
        return filter { $0.bay != booking.bay || $0.interval != booking.interval }
    }
}

/// One concrete slot the rules judge: a location, maybe a bay, a span and a party.
struct Candidate: Sendable, Equatable {
    let location: Location
    let bay: Int?
    let interval: Interval
    let partySize: Int
}
