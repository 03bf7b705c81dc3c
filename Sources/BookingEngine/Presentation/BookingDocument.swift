public import BookingCore
public import Foundation

/// The stable JSON shape of a booking that scripts and tools rely on: times as ISO 8601 with the
/// location's offset, money in cents.
public struct BookingDocument: Codable, Sendable, Equatable {
    public var ref: String
    public var location: String
    public var bay: Int
    public var start: String
    public var end: String
    public var member: String
    public var partySize: Int
    public var status: String
    public var priceCents: Int
    public var channel: String

    enum CodingKeys: String, CodingKey {
        case ref, location, bay, start, end, member, status, channel
        case partySize = "party_size"
        case priceCents = "price_cents"
    }

    /// The document for a booking, with times in `zone`.
    public init(_ booking: Booking, zone: TimeZone) {
        ref = booking.ref
        location = booking.locationID
        bay = booking.bay
        start = ISOTime.string(booking.interval.start, zone: zone)
        end = ISOTime.string(booking.interval.end, zone: zone)
        member = booking.memberPhone
        partySize = booking.partySize
        status = booking.status.rawValue
        priceCents = booking.priceCents
        channel = booking.channel
    }
}

/// A slot or a proposal as JSON.
public struct SlotDocument: Codable, Sendable, Equatable {
    public var location: String
    public var bay: Int
    public var start: String
    public var end: String
    public var priceCents: Int

    enum CodingKeys: String, CodingKey {
        case location, bay, start, end
        case priceCents = "price_cents"
    }

    public init(location: String, bay: Int, interval: Interval, priceCents: Int, zone: TimeZone) {
        self.location = location
        self.bay = bay
        start = ISOTime.string(interval.start, zone: zone)
        end = ISOTime.string(interval.end, zone: zone)
        self.priceCents = priceCents
    }
}

/// A refused request as JSON: the rule, its words, and what would work instead.
public struct RejectionDocument: Codable, Sendable, Equatable {
    public struct Reason: Codable, Sendable, Equatable {
        public var rule: String
        public var message: String
    }

    public var error: Reason
    public var alternatives: [SlotDocument]

    public init(error: BookingError, alternatives: [SlotDocument]) {
        self.error = Reason(rule: error.rule, message: error.message)
        self.alternatives = alternatives
    }
}

/// ISO 8601 with the zone's offset at that instant, such as `2026-11-25T19:00:00-04:00`.
public enum ISOTime {
    public static func string(_ date: Date, zone: TimeZone) -> String {
        // Wall-clock arithmetic on the zone's offset at that instant: the same answer as a calendar's
        // components, without ICU on a path every webhook reply takes.
        let offset = zone.secondsFromGMT(for: date)
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset) / 60
        let day = LocalDay(containing: date, in: zone)
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        let secondOfDay = (local % 86_400 + 86_400) % 86_400
        let time = [secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60].map { Digits.padded($0, width: 2) }
        let zoneOffset = Digits.padded(magnitude / 60, width: 2) + ":" + Digits.padded(magnitude % 60, width: 2)
        return day.description + "T" + time.joined(separator: ":") + sign + zoneOffset
    }
}
