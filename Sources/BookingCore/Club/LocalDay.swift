public import Foundation
import Synchronization

/// A calendar day in a location's zone, such as 2026-11-28, independent of any instant.
public struct LocalDay: Sendable, Equatable, Hashable, Comparable, Codable, CustomStringConvertible {
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
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: date)
        self.init(daysSinceEpoch: Self.floorDivide(local, 86_400))
    }

    /// The day a count of days after 1970-01-01 names (civil-from-days, proleptic Gregorian).
    init(daysSinceEpoch days: Int) {
        let shifted = days + 719_468
        let era = Self.floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    /// Days after 1970-01-01 (days-from-civil).
    var daysSinceEpoch: Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = Self.floorDivide(shiftedYear, 400)
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        value >= 0 ? value / divisor : (value - divisor + 1) / divisor
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        Digits.padded(year, width: 4) + "-" + Digits.padded(month, width: 2) + "-" + Digits.padded(day, width: 2)
    }

    /// The day `count` days later (earlier when negative).
    public func adding(days count: Int) -> LocalDay {
        LocalDay(daysSinceEpoch: daysSinceEpoch + count)
    }

    /// The day of the week.
    public var weekday: Weekday {
        // 1970-01-01 was a Thursday.
        let shifted = daysSinceEpoch + 3
        return Weekday(rawValue: shifted - Self.floorDivide(shifted, 7) * 7 + 1) ?? .monday
    }

    public static func < (lhs: LocalDay, rhs: LocalDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// Wall-clock arithmetic in a zone, where DST gaps resolve forward and repeated hours to the first.
public enum LocalCalendar {
    public static let utc = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? .current

    private static let calendars = Mutex<[String: Calendar]>([:])

    /// A Gregorian calendar in `zone`, made once per zone.
    public static func calendar(_ zone: TimeZone) -> Calendar {
        calendars.withLock { cache in
            if let calendar = cache[zone.identifier] { return calendar }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            calendar.firstWeekday = 2
            cache[zone.identifier] = calendar
            return calendar
        }
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
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: date)
        return (local - LocalDay.floorDivide(local, 86_400) * 86_400) / 60
    }

    /// The start of the day's first instant and the next day's, in `zone` (23 or 25 hours on DST days).
    public static func span(of day: LocalDay, in zone: TimeZone) -> Interval {
        Interval(
            start: instant(day, minuteOfDay: 0, in: zone),
            end: instant(day.adding(days: 1), minuteOfDay: 0, in: zone)
        )
    }
}
