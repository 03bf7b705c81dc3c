public import Foundation

/// How precise a resolved instant or interval is.
public enum Grain: String, Sendable, Hashable {
    case minute
    case hour
    case day
    case week
    case month
}

/// A named part of a day; `ResolutionPolicy` says which hours each one covers.
public enum PartOfDay: String, Sendable, Hashable, CaseIterable {
    case morning
    case afternoon
    case evening
    case night
    case afterWork = "after_work"
    case lunch
    case afterSchool = "after_school"
    case daytime
}

/// A calendar day (proleptic Gregorian) in the zone the text was resolved in.
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A day from its year, month (1–12) and day of the month (1–31).
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day as `YYYY-MM-DD`.
    public var description: String {
        "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))"
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(abs(value))
        let padding = String(repeating: "0", count: max(0, width - digits.count))
        return (value < 0 ? "-" : "") + padding + digits
    }
}

/// What a temporal expression means once resolved against a reference instant and a time zone.
public enum TimeValue: Sendable, Equatable {
    /// A whole day ("tomorrow", "nov 28", "boxing day") in the given zone.
    case day(CalendarDay, timeZone: TimeZone)
    /// A point in time ("tmrw at 7", "in 30 minutes") with the precision it was said with.
    case instant(Date, grain: Grain)
    /// A span ("7-9pm", "this weekend"); a nil end is open ("after 6"), a nil start too ("by 8").
    case interval(start: Date?, end: Date?, grain: Grain)
    /// A part of a day ("sat morning", "tonight") resolved to its window on a concrete day.
    case partOfDay(PartOfDay, day: CalendarDay, start: Date, end: Date)
    /// A length of time ("2 hrs", "an hour and a half"), in whole minutes.
    case duration(minutes: Int)
}

/// One temporal expression found in a text, with where it was and what it means.
public struct TimeMatch: Sendable, Equatable {
    /// Where the expression is in the parsed text.
    public let range: Range<String.Index>
    /// The words the expression covers, as written.
    public let text: String
    /// The resolved meaning.
    public let value: TimeValue

    /// A match from its range, its words and its value.
    public init(range: Range<String.Index>, text: String, value: TimeValue) {
        self.range = range
        self.text = text
        self.value = value
    }
}
