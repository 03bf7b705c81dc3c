import BookingCore
import BookingEngine
import Dialogue
import Foundation

/// The JSON answer to a ClubOS message; `openapi/clubos-webhook.yaml` describes it and tests hold it to that.
struct ClubOSReplyDocument: Codable, Sendable, Equatable {
    /// The booking a reply is about, with times in the location's zone.
    struct BookingSummary: Codable, Sendable, Equatable {
        var ref: String
        var location: String
        var bay: Int
        var start: String
        var end: String
        var priceCents: Int
        var partySize: Int
        var status: String

        enum CodingKeys: String, CodingKey {
            case ref, location, bay, start, end, status
            case priceCents = "price_cents"
            case partySize = "party_size"
        }
    }

    /// One numbered alternative; the customer answers with its number.
    struct Option: Codable, Sendable, Equatable {
        var number: Int
        var location: String
        var bay: Int
        var start: String
        var end: String
        var priceCents: Int

        enum CodingKeys: String, CodingKey {
            case number, location, bay, start, end
            case priceCents = "price_cents"
        }
    }

    var reply: String
    var intent: String
    /// The conversation's phase after this message: `collecting`, `confirming`, `booked`, ...
    var state: String
    var booking: BookingSummary?
    var options: [Option]
    var handoff: Bool
    var handoffReason: String?

    enum CodingKeys: String, CodingKey {
        case reply, intent, state, booking, options, handoff
        case handoffReason = "handoff_reason"
    }

    init(_ reply: Reply, club: Club) {
        func zone(_ locationID: String) -> TimeZone { club.location(locationID)?.timeZone ?? club.timeZone }
        self.reply = ReplyRenderer.text(reply, for: .clubos)
        intent = reply.intent.rawValue
        state = reply.phase.rawValue
        booking = reply.booking.map { booking in
            BookingSummary(
                ref: booking.ref,
                location: booking.locationID,
                bay: booking.bay,
                start: ISOTime.string(booking.interval.start, zone: zone(booking.locationID)),
                end: ISOTime.string(booking.interval.end, zone: zone(booking.locationID)),
                priceCents: booking.priceCents,
                partySize: booking.partySize,
                status: booking.status.rawValue
            )
        }
        options = reply.options.enumerated().map { index, proposal in
            Option(
                number: index + 1,
                location: proposal.locationID,
                bay: proposal.bay,
                start: ISOTime.string(proposal.interval.start, zone: zone(proposal.locationID)),
                end: ISOTime.string(proposal.interval.end, zone: zone(proposal.locationID)),
                priceCents: proposal.priceCents
            )
        }
        handoff = reply.handoff
        handoffReason = reply.handoffReason
    }
}
