import BookingCore
import Foundation
import TimeExpressions

/// Folds the temporal parser's values into booking slots, following the JSON contract's rules.
///
/// A day alone is `date`; an instant is `start` (and `end` once a duration is known); a closed interval of
/// hours is `start`/`end` and its length; a part of the day or an open interval is a window with its `date`;
/// a day said apart from a time ("saturday ... at 7") moves the time onto that day. A start makes any window
/// redundant ("dec 3rd at 6:30", "tonight at 9"), and a bare time in the next day moves onto the day of a part
/// of the day said beside it ("2moro nite 9-11"). "Now" is a time only when no other clock time was said ("and now
/// they all want to golf ... 10am to noon").
enum TimeSlots {
    static func apply(_ values: [TimeValue], to slots: inout Slots, zone: TimeZone, reference: Date? = nil) {
        var day: CalendarDay?
        var partOfDay: (day: LocalDay, start: Date, end: Date)?
        let isNow: (TimeValue) -> Bool = { value in
            guard let reference, case .instant(let date, _) = value else { return false }
            return abs(date.timeIntervalSince(reference)) < 60
        }
        let hasOtherClock = values.contains { value in
            switch value {
            case .instant: return !isNow(value)
            case .interval(let start, let end, let grain):
                return (grain == .hour || grain == .minute) && start != nil && end != nil
            default: return false
            }
        }
        for value in values {
            if hasOtherClock, isNow(value) { continue }
            switch value {
            case .day(let found, _):
                day = found
            case .instant(let date, _):
                if slots.start == nil { slots.start = date }
            case .interval(let start, let end, let grain):
                let isClock = grain == .hour || grain == .minute
                if isClock, let start, let end, slots.start == nil {
                    slots.start = start
                    slots.end = end
                    if slots.durationMinutes == nil { slots.durationMinutes = Int(end.timeIntervalSince(start) / 60) }
                } else if slots.windowStart == nil, slots.windowEnd == nil {
                    slots.windowStart = start
                    slots.windowEnd = end
                    if isClock, let anchor = start ?? end { slots.date = localDay(anchor, zone) }
                }
            case .partOfDay(_, let found, let start, let end):
                if slots.windowStart == nil {
                    slots.windowStart = start
                    slots.windowEnd = end
                    slots.date = LocalDay(year: found.year, month: found.month, day: found.day)
                    if let date = slots.date { partOfDay = (date, start, end) }
                }
            case .duration(let minutes):
                if slots.durationMinutes == nil { slots.durationMinutes = minutes }
            }
        }
        if let day {
            let local = LocalDay(year: day.year, month: day.month, day: day.day)
            if let start = slots.start {
                slots.start = move(start, to: local, zone: zone)
                if let end = slots.end { slots.end = move(end, to: local, zone: zone, after: slots.start) }
            } else if slots.windowStart != nil || slots.windowEnd != nil {
                if let date = slots.date, date != local {
                    slots.windowStart = slots.windowStart.map { move($0, to: local, zone: zone) }
                    slots.windowEnd = slots.windowEnd.map { move($0, to: local, zone: zone, after: slots.windowStart) }
                }
                slots.date = local
            } else {
                slots.date = local
            }
        }
        if day == nil, let part = partOfDay, let start = slots.start, let reference,
            start.timeIntervalSince(reference) < 86_400, localDay(start, zone) != part.day
        {
            let moved = move(start, to: part.day, zone: zone)
            if moved >= part.start, moved < part.end {
                slots.start = moved
                if let end = slots.end { slots.end = move(end, to: part.day, zone: zone, after: moved) }
            }
        }
        if let start = slots.start {
            slots.date = nil
            slots.windowStart = nil
            slots.windowEnd = nil
            if slots.end == nil, let minutes = slots.durationMinutes {
                slots.end = start.addingTimeInterval(TimeInterval(minutes * 60))
            }
        }
    }

    /// The day `date` falls on in `zone`.
    static func localDay(_ date: Date, _ zone: TimeZone) -> LocalDay {
        LocalDay(containing: date, in: zone)
    }

    /// The same wall-clock time on `day`; an end that would fall before its start moves a day later.
    static func move(_ date: Date, to day: LocalDay, zone: TimeZone, after start: Date? = nil) -> Date {
        let current = LocalDay(containing: date, in: zone)
        guard current != day else { return date }
        var days = 0
        var probe = current
        while probe < day, days < 400 {
            probe = probe.adding(days: 1)
            days += 1
        }
        while probe > day, days > -400 {
            probe = probe.adding(days: -1)
            days -= 1
        }
        let shifted = date.addingTimeInterval(TimeInterval(days * 86_400))
        let correction = zone.secondsFromGMT(for: date) - zone.secondsFromGMT(for: shifted)
        var moved = shifted.addingTimeInterval(TimeInterval(correction))
        if let start, moved <= start { moved = moved.addingTimeInterval(86_400) }
        return moved
    }
}
