import Foundation

/// A calendar day in a location's zone, such as 2026-11-28, independent of any instant.
public struct LocalDay: Sendable, Equatable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads `YYYY-MM-DD`; nil for anything else or a day that does not exist.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let components = DateComponents(year: year, month: month, day: day)
        guard components.isValidDate(in: calendar) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The day an instant falls on in `zone`.
    public init(containing date: Date, in zone: TimeZone) {
        let parts = LocalCalendar.calendar(zone).dateComponents([.year, .month, .day], from: date)
        self.init(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// The day `count` days later (earlier when negative).
    public func adding(days count: Int) -> LocalDay {
        let utc = LocalCalendar.calendar(LocalCalendar.utc)
        let noon = utc.date(from: DateComponents(year: year, month: month, day: day, hour: 12)) ?? Date()
        let moved = noon.addingTimeInterval(Double(count) * 86_400)
        return LocalDay(containing: moved, in: LocalCalendar.utc)
    }

    /// The day of the week.
    public var weekday: Weekday {
        let utc = LocalCalendar.calendar(LocalCalendar.utc)
        let noon = utc.date(from: DateComponents(year: year, month: month, day: day, hour: 12)) ?? Date()
        return Weekday(gregorianWeekday: utc.component(.weekday, from: noon))
    }

    public static func < (lhs: LocalDay, rhs: LocalDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// Wall-clock arithmetic in a zone, where DST gaps resolve forward and repeated hours to the first.
public enum LocalCalendar {
    public static let utc = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? .current

    /// A Gregorian calendar in `zone`.
    public static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        calendar.firstWeekday = 2
        return calendar
    }

    /// The instant a wall-clock minute of a day names in `zone`; minutes past 1440 run into the next days.
    public static func instant(_ day: LocalDay, minuteOfDay: Int, in zone: TimeZone) -> Date {
        let extraDays = minuteOfDay >= 0 ? minuteOfDay / 1440 : (minuteOfDay - 1439) / 1440
        let minute = minuteOfDay - extraDays * 1440
        let target = extraDays == 0 ? day : day.adding(days: extraDays)
        let components = DateComponents(
            year: target.year,
            month: target.month,
            day: target.day,
            hour: minute / 60,
            minute: minute % 60
        )
        return calendar(zone).date(from: components) ?? Date(timeIntervalSince1970: 0)
    }

    /// The wall-clock minute after local midnight of an instant in `zone`.
    public static func minuteOfDay(_ date: Date, in zone: TimeZone) -> Int {
        let parts = calendar(zone).dateComponents([.hour, .minute], from: date)
        return (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
    }

    /// The start of the day's first instant and the next day's, in `zone` (23 or 25 hours on DST days).
    public static func span(of day: LocalDay, in zone: TimeZone) -> Interval {
        Interval(start: instant(day, minuteOfDay: 0, in: zone), end: instant(day.adding(days: 1), minuteOfDay: 0, in: zone))
    }
}
