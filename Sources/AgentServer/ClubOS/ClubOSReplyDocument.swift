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
        intent = reply.intentName
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

extension ClubOSReplyDocument {
    /// The document as `JSONCoding.encoder` writes it (sorted keys, slashes unescaped, absent optionals
    /// left out), written by hand: it is encoded on every ClubOS turn.
    func json() -> Data {
        var writer = JSONWriter()
        writer.object {
            $0.member("booking", booking) { writer, booking in
                writer.object {
                    $0.member("bay") { $0.number(booking.bay) }
                    $0.member("end") { $0.string(booking.end) }
                    $0.member("location") { $0.string(booking.location) }
                    $0.member("party_size") { $0.number(booking.partySize) }
                    $0.member("price_cents") { $0.number(booking.priceCents) }
                    $0.member("ref") { $0.string(booking.ref) }
                    $0.member("start") { $0.string(booking.start) }
                    $0.member("status") { $0.string(booking.status) }
                }
            }
            $0.member("handoff") { $0.bool(handoff) }
            $0.member("handoff_reason", handoffReason) { $0.string($1) }
            $0.member("intent") { $0.string(intent) }
            $0.member("options") {
                $0.array(options) { writer, option in
                    writer.object {
                        $0.member("bay") { $0.number(option.bay) }
                        $0.member("end") { $0.string(option.end) }
                        $0.member("location") { $0.string(option.location) }
                        $0.member("number") { $0.number(option.number) }
                        $0.member("price_cents") { $0.number(option.priceCents) }
                        $0.member("start") { $0.string(option.start) }
                    }
                }
            }
            $0.member("reply") { $0.string(reply) }
            $0.member("state") { $0.string(state) }
        }
        return Data(writer.bytes)
    }
}
