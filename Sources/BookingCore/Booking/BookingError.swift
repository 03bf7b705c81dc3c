public import Foundation

/// Why a booking request cannot be met, in words a customer can read.
///
/// Every case is a domain outcome the reply renderer switches over; none carries secrets.
public enum BookingError: Error, Sendable, Equatable {
    case unknownLocation(String)
    case unknownBay(location: String, bay: Int)
    case offGrid(gridMinutes: Int)
    case durationOffGrid(gridMinutes: Int)
    case tooShort(minimumMinutes: Int)
    case tooLong(tierName: String, maximumMinutes: Int)
    case inThePast
    case lastMinute(cutoffMinutes: Int)
    case tooFarAhead(tierName: String, days: Int)
    case closed(location: String)
    case blackout(location: String, reason: Blackout.Reason, description: String)
    case partyTooLarge(bay: Int, capacity: Int)
    case partySizeInvalid
    case partyTooLargeForLocation(location: String, capacity: Int)
    case taken(location: String, bay: Int)
    case noBayFree(location: String)
    case activeBookingLimit(tierName: String, limit: Int)
    case weeklyHoursLimit(tierName: String, hours: Int)
    case notFound(ref: String)
    case alreadyCancelled(ref: String)
    case alreadyStarted(ref: String)
    case invalidPhone(String)

    /// A short stable identifier of the rule, for logs, JSON and tests.
    public var rule: String {
        switch self {
        case .unknownLocation: "unknown_location"
        case .unknownBay: "unknown_bay"
        case .offGrid: "grid"
        case .durationOffGrid: "duration_grid"
        case .tooShort: "minimum_duration"
        case .tooLong: "maximum_duration"
        case .inThePast: "past"
        case .lastMinute: "last_minute_cutoff"
        case .tooFarAhead: "advance_window"
        case .closed: "opening_hours"
        case .blackout: "blackout"
        case .partyTooLarge: "bay_capacity"
        case .partySizeInvalid: "party_size"
        case .partyTooLargeForLocation: "bay_capacity"
        case .taken: "taken"
        case .noBayFree: "taken"
        case .activeBookingLimit: "active_booking_limit"
        case .weeklyHoursLimit: "weekly_hours_limit"
        case .notFound: "not_found"
        case .alreadyCancelled: "already_cancelled"
        case .alreadyStarted: "already_started"
        case .invalidPhone: "invalid_phone"
        }
    }

    /// Whether the slot itself is the problem, so other slots are worth proposing.
    public var isAboutTheSlot: Bool {
        switch self {
        case .offGrid, .inThePast, .lastMinute, .closed, .blackout, .taken, .noBayFree, .partyTooLarge, .tooFarAhead:
            true
        default:
            false
        }
    }

    /// One sentence a customer can read.
    public var message: String {
        switch self {
        case .unknownLocation(let name):
            "We don't have a location called \"\(name)\"."
        case .unknownBay(let location, let bay):
            "\(location) has no bay \(bay)."
        case .offGrid(let grid):
            grid == 30
                ? "Bookings start on the hour or half hour."
                : "Bookings start on a \(grid)-minute mark."
        case .durationOffGrid(let grid):
            grid == 30
                ? "Bookings last a whole number of half hours."
                : "Bookings last a multiple of \(grid) minutes."
        case .tooShort(let minimum):
            "The shortest booking is \(Self.describe(minutes: minimum))."
        case .tooLong(let tier, let maximum):
            "\(Self.audience(tier)) can book up to \(Self.describe(minutes: maximum)) at a time."
        case .inThePast:
            "That time has already passed."
        case .lastMinute(let cutoff):
            "Bookings must be made at least \(Self.describe(minutes: cutoff)) before the start; please call the club."
        case .tooFarAhead(let tier, let days):
            "\(Self.audience(tier)) can book \(days) days ahead."
        case .closed(let location):
            "\(location) is closed then."
        case .blackout(let location, let reason, let description):
            switch reason {
            case .maintenance: "\(location) is closed for maintenance then (\(description))."
            case .privateEvent: "\(location) is reserved for a private event then."
            case .holiday: "\(location) is closed for \(description)."
            }
        case .partyTooLarge(let bay, let capacity):
            "Bay \(bay) takes up to \(capacity) players."
        case .partySizeInvalid:
            "A booking is for at least 1 player."
        case .partyTooLargeForLocation(let location, let capacity):
            "The largest bay at \(location) takes up to \(capacity) players."
        case .taken(let location, let bay):
            "Bay \(bay) at \(location) is already booked then."
        case .noBayFree(let location):
            "Every bay at \(location) is booked then."
        case .activeBookingLimit(let tier, let limit):
            "\(Self.audience(tier)) can hold \(limit) upcoming \(limit == 1 ? "booking" : "bookings") at a time."
        case .weeklyHoursLimit(let tier, let hours):
            "\(Self.audience(tier)) can book up to \(hours) hours a week."
        case .notFound(let ref):
            "We can't find a booking \(ref)."
        case .alreadyCancelled(let ref):
            "Booking \(ref) is already cancelled."
        case .alreadyStarted(let ref):
            "Booking \(ref) has already started."
        case .invalidPhone(let phone):
            "\"\(phone)\" is not a phone number we can use."
        }
    }

    /// "Standard members", "VIP members", "Non-members": who a tier's limit applies to.
    public static func audience(_ tierName: String) -> String {
        let lowered = tierName.lowercased()
        if lowered.hasSuffix("members") { return tierName }
        if lowered.hasSuffix("member") { return tierName + "s" }
        return tierName + " members"
    }

    /// "1 hour", "90 minutes", "2 hours".
    public static func describe(minutes: Int) -> String {
        if minutes % 60 == 0 {
            let hours = minutes / 60
            return hours == 1 ? "1 hour" : "\(hours) hours"
        }
        return "\(minutes) minutes"
    }
}

extension BookingError: LocalizedError {
    public var errorDescription: String? { message }
}
