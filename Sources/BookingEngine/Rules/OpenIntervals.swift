import BookingCore
import Foundation

extension Location {
    /// The instants the location is open between two local days, merged so that back-to-back
    /// windows (Monday until midnight, Tuesday from midnight) read as one stretch.
    func openIntervals(from firstDay: LocalDay, through lastDay: LocalDay) -> [Interval] {
        var intervals: [Interval] = []
        var day = firstDay.adding(days: -1)  // a window that opened the evening before may still run
        while day <= lastDay {
            for window in hours.windows(on: day.weekday) {
                let start = LocalCalendar.instant(day, minuteOfDay: window.openMinute, in: timeZone)
                let end = LocalCalendar.instant(day, minuteOfDay: window.closeMinute, in: timeZone)
                if start < end { intervals.append(Interval(start: start, end: end)) }
            }
            day = day.adding(days: 1)
        }
        intervals.sort { $0.start < $1.start }
        var merged: [Interval] = []
        for interval in intervals {
            if let last = merged.last, interval.start <= last.end {
                merged[merged.count - 1].end = max(last.end, interval.end)
            } else {
                merged.append(interval)
            }
        }
        return merged
    }

    /// Whether the location is open for the whole of `interval`.
    func isOpen(for interval: Interval) -> Bool {
        if case .alwaysOpen = hours { return true }
        let first = LocalDay(containing: interval.start, in: timeZone)
        let last = LocalDay(containing: interval.end, in: timeZone)
        return openIntervals(from: first, through: last).contains { $0.contains(interval) }
    }

    /// The first blackout that keeps `bay` (or, with no bay, the whole location) from `interval`.
    func blackout(blocking interval: Interval, bay: Int?) -> Blackout? {
        blackouts.first { blackout in
            guard blackout.interval.overlaps(interval) else { return false }
            guard let bay else { return blackout.bays == nil }
            return blackout.covers(bay: bay)
        }
    }
}
