import BookingCore
import BookingEngine
import Foundation

/// Human-readable lines for staff at a terminal.
enum TextFormat {
    static func money(_ cents: Int) -> String {
        String(format: "$%d.%02d", cents / 100, cents % 100)
    }

    static func time(_ date: Date, zone: TimeZone) -> String {
        let minute = LocalCalendar.minuteOfDay(date, in: zone)
        return String(format: "%02d:%02d", minute / 60, minute % 60)
    }

    static func day(_ date: Date, zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "EEE MMM d"
        return formatter.string(from: date)
    }

    static func span(_ interval: Interval, zone: TimeZone) -> String {
        "\(day(interval.start, zone: zone)) \(time(interval.start, zone: zone))-\(time(interval.end, zone: zone))"
    }

    static func booking(_ booking: Booking, club: Club) -> String {
        let location = club.location(booking.locationID)
        let zone = location?.timeZone ?? club.timeZone
        let players = booking.partySize == 1 ? "1 player" : "\(booking.partySize) players"
        return [
            booking.ref,
            "\(location?.name ?? booking.locationID) bay \(booking.bay)",
            span(booking.interval, zone: zone),
            booking.memberPhone,
            players,
            money(booking.priceCents),
            booking.status.rawValue,
        ].joined(separator: "  ")
    }

    static func proposal(_ index: Int, _ proposal: Proposal, club: Club) -> String {
        let location = club.location(proposal.locationID)
        let zone = location?.timeZone ?? club.timeZone
        return
            "  \(index). \(location?.name ?? proposal.locationID) bay \(proposal.bay)  \(span(proposal.interval, zone: zone))  \(money(proposal.priceCents))"
    }
}
