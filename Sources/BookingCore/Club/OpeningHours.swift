import Foundation

/// When a location is open: always, or a weekly schedule of daily windows.
public enum OpeningHours: Sendable, Equatable {
    /// Open around the clock, every day.
    case alwaysOpen
    /// Windows per weekday. A window's close may pass midnight (minutes above 1440).
    case weekly([Weekday: [DailyWindow]])

    /// The open windows that begin on the given weekday.
    public func windows(on weekday: Weekday) -> [DailyWindow] {
        switch self {
        case .alwaysOpen: return [DailyWindow(openMinute: 0, closeMinute: 1440)]
        case .weekly(let schedule): return schedule[weekday] ?? []
        }
    }
}

/// A day of the week, Monday first as people in the club think of a week.
public enum Weekday: Int, Sendable, CaseIterable, Comparable, Hashable {
    case monday = 1
    case tuesday, wednesday, thursday, friday, saturday, sunday

    /// From Foundation's weekday number (1 = Sunday).
    public init(gregorianWeekday: Int) {
        self = Weekday(rawValue: gregorianWeekday == 1 ? 7 : gregorianWeekday - 1) ?? .monday
    }

    /// Whether this is Saturday or Sunday.
    public var isWeekend: Bool { self == .saturday || self == .sunday }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One opening window in minutes after local midnight; `closeMinute` may exceed 1440 to pass midnight.
public struct DailyWindow: Sendable, Equatable, Hashable {
    public var openMinute: Int
    public var closeMinute: Int

    public init(openMinute: Int, closeMinute: Int) {
        self.openMinute = openMinute
        self.closeMinute = closeMinute
    }
}

/// A period when a location or some of its bays cannot be booked.
public struct Blackout: Sendable, Equatable {
    /// Why the club is closed; it decides the words a customer reads.
    public enum Reason: String, Sendable, Equatable, CaseIterable {
        case maintenance
        case privateEvent = "private_event"
        case holiday
    }

    public var reason: Reason
    public var description: String
    public var interval: Interval
    /// The bays affected; `nil` means the whole location.
    public var bays: [Int]?

    public init(reason: Reason, description: String, interval: Interval, bays: [Int]? = nil) {
        self.reason = reason
        self.description = description
        self.interval = interval
        self.bays = bays
    }

    /// Whether the blackout applies to this bay.
    public func covers(bay: Int) -> Bool {
        bays?.contains(bay) ?? true
    }
}
