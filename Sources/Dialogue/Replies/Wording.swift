import BookingCore
import BookingEngine
import Foundation

/// How times, days, prices and bookings are written in replies: the way people write them.
struct Wording {
    let club: Club
    let now: Date

    func zone(_ locationID: String?) -> TimeZone {
        locationID.flatMap { club.location($0)?.timeZone } ?? club.timeZone
    }

    func locationName(_ id: String?) -> String {
        id.flatMap { club.location($0)?.name } ?? (id ?? "")
    }

    /// "7 pm", "7:30 am", "noon", "midnight".
    func clock(_ date: Date, zone: TimeZone, withMeridiem: Bool = true) -> String {
        let minute = LocalCalendar.minuteOfDay(date, in: zone)
        let hour24 = minute / 60
        let minutes = minute % 60
        let hour12 = hour24 % 12 == 0 ? 12 : hour24 % 12
        let meridiem = hour24 < 12 ? "am" : "pm"
        let base = "\(hour12):" + Digits.padded(minutes, width: 2)
        return withMeridiem ? base + " " + meridiem : base
    }

    /// "7:00-9:00 pm", "11:00 am-1:00 pm".
    func span(_ interval: Interval, zone: TimeZone) -> String {
        let startHour = LocalCalendar.minuteOfDay(interval.start, in: zone) / 60
        let endHour = LocalCalendar.minuteOfDay(interval.end, in: zone) / 60
        let sameHalf = (startHour < 12) == (endHour < 12) && interval.minutes < 12 * 60
        if sameHalf {
            return clock(interval.start, zone: zone, withMeridiem: false) + "-" + clock(interval.end, zone: zone)
        }
        return clock(interval.start, zone: zone) + "-" + clock(interval.end, zone: zone)
    }

    /// "Wed Nov 25".
    func date(_ day: LocalDay) -> String {
        let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(weekdays[day.weekday.rawValue - 1]) \(months[max(0, min(11, day.month - 1))]) \(day.day)"
    }

    /// "today", "tomorrow", or "Sat Nov 28".
    func relativeDay(_ day: LocalDay, zone: TimeZone) -> String {
        let today = LocalDay(containing: now, in: zone)
        if day == today { return "today" }
        if day == today.adding(days: 1) { return "tomorrow" }
        return date(day)
    }

    /// "$90", "$97.20".
    func money(_ cents: Int) -> String {
        cents % 100 == 0 ? "$\(cents / 100)" : "$\(cents / 100)." + Digits.padded(cents % 100, width: 2)
    }

    func players(_ count: Int) -> String {
        count == 1 ? "1 player" : "\(count) players"
    }

    func duration(_ minutes: Int) -> String {
        BookingError.describe(minutes: minutes)
    }

    /// "Bay 3 at Bedford, Wed Nov 25, 7:00-9:00 pm".
    func slot(location: String, bay: Int, interval: Interval) -> String {
        let zone = zone(location)
        let day = LocalDay(containing: interval.start, in: zone)
        return "Bay \(bay) at \(locationName(location)), \(date(day)), \(span(interval, zone: zone))"
    }

    func slot(_ booking: Booking) -> String {
        slot(location: booking.locationID, bay: booking.bay, interval: booking.interval)
    }

    /// "1) Bay 3 at Bedford, Wed Nov 25, 8:00-9:00 pm, $48" lines.
    func options(_ proposals: [Proposal]) -> String {
        proposals.enumerated().map { index, proposal in
            "\(index + 1)) \(slot(location: proposal.locationID, bay: proposal.bay, interval: proposal.interval)), "
                + money(proposal.priceCents)
        }.joined(separator: "\n")
    }

    /// "Bedford, tomorrow at 7 pm" — what is understood so far, for the next question.
    func understood(_ draft: Draft) -> String {
        var parts: [String] = []
        if let location = draft.location { parts.append(locationName(location)) }
        let zone = zone(draft.location)
        if let start = draft.start {
            let day = relativeDay(LocalDay(containing: start, in: zone), zone: zone)
            parts.append("\(day) at \(clock(start, zone: zone))")
        } else if let day = draft.day {
            parts.append(relativeDay(day, zone: zone))
        }
        if let party = draft.partySize { parts.append(players(party)) }
        return parts.joined(separator: ", ")
    }
}
