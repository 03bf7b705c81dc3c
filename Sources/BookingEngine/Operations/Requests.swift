public import BookingCore
public import Foundation

/// A request to book: where, when, for how long, for whom, and who is asking.
public struct BookingRequest: Sendable, Equatable {
    /// A location id or alias.
    public var location: String
    /// A bay number, or nil to let the engine pick one that fits the party.
    public var bay: Int?
    public var start: Date
    public var minutes: Int
    /// The member's phone in any common form; an unknown phone books under the default tier.
    public var memberPhone: String
    public var memberName: String?
    public var partySize: Int
    /// `cli`, `repl`, `sms`, `clubos`.
    public var channel: String
    /// Staff may book past the last-minute cutoff; never over another booking.
    public var isStaff: Bool
    /// Makes a retried request return the booking it already made.
    public var idempotencyKey: String?

    public init(
        location: String,
        bay: Int? = nil,
        start: Date,
        minutes: Int,
        memberPhone: String,
        memberName: String? = nil,
        partySize: Int = 1,
        channel: String = "cli",
        isStaff: Bool = false,
        idempotencyKey: String? = nil
    ) {
        self.location = location
        self.bay = bay
        self.start = start
        self.minutes = minutes
        self.memberPhone = memberPhone
        self.memberName = memberName
        self.partySize = partySize
        self.channel = channel
        self.isStaff = isStaff
        self.idempotencyKey = idempotencyKey
    }
}

/// A slot the engine offers instead of one it could not give; it passed every rule when offered.
public struct Proposal: Sendable, Equatable, Codable {
    public var locationID: String
    public var bay: Int
    public var interval: Interval
    public var priceCents: Int

    public init(locationID: String, bay: Int, interval: Interval, priceCents: Int) {
        self.locationID = locationID
        self.bay = bay
        self.interval = interval
        self.priceCents = priceCents
    }
}

/// What became of a booking, rescheduling or extension request.
public enum BookingOutcome: Sendable, Equatable {
    /// Done. `isReplay` is true when an idempotency key returned an earlier booking.
    case booked(Booking, isReplay: Bool)
    /// Not done, with the rule that stopped it and up to three slots that would work.
    case rejected(BookingError, alternatives: [Proposal])

    /// The booking, when there is one.
    public var booking: Booking? {
        if case .booked(let booking, _) = self { return booking }
        return nil
    }
}

/// A cancellation and what the policy made of it.
public struct Cancellation: Sendable, Equatable {
    public var booking: Booking
    /// True when cancelled inside the cancellation cut-off: no refund.
    public var isLate: Bool
    public var refundCents: Int

    public init(booking: Booking, isLate: Bool, refundCents: Int) {
        self.booking = booking
        self.isLate = isLate
        self.refundCents = refundCents
    }
}

/// A change to an existing booking; fields left nil keep their current value.
public struct RescheduleRequest: Sendable, Equatable {
    public var ref: String
    public var location: String?
    public var bay: Int?
    public var start: Date?
    public var minutes: Int?
    public var isStaff: Bool

    public init(
        ref: String,
        location: String? = nil,
        bay: Int? = nil,
        start: Date? = nil,
        minutes: Int? = nil,
        isStaff: Bool = false
    ) {
        self.ref = ref
        self.location = location
        self.bay = bay
        self.start = start
        self.minutes = minutes
        self.isStaff = isStaff
    }
}

/// Free slots for a location and day.
public struct AvailabilityQuery: Sendable, Equatable {
    public var location: String
    public var day: LocalDay
    public var minutes: Int
    public var bay: Int?
    /// Only slots that start inside this window, such as "saturday morning".
    public var window: Interval?
    public var partySize: Int
    public var isStaff: Bool

    public init(
        location: String,
        day: LocalDay,
        minutes: Int = 60,
        bay: Int? = nil,
        window: Interval? = nil,
        partySize: Int = 1,
        isStaff: Bool = false
    ) {
        self.location = location
        self.day = day
        self.minutes = minutes
        self.bay = bay
        self.window = window
        self.partySize = partySize
        self.isStaff = isStaff
    }
}

/// One bookable slot.
public struct Slot: Sendable, Equatable, Codable {
    public var locationID: String
    public var bay: Int
    public var interval: Interval
    public var priceCents: Int

    public init(locationID: String, bay: Int, interval: Interval, priceCents: Int) {
        self.locationID = locationID
        self.bay = bay
        self.interval = interval
        self.priceCents = priceCents
    }
}

/// A change the dialogue asks the engine to make: what a customer's YES commits.
public enum BookingCommand: Sendable, Equatable {
    case book(BookingRequest)
    case cancel(ref: String, isStaff: Bool)
    /// A move or an extension: the fields the request leaves nil keep their value.
    case move(RescheduleRequest)
}

/// What came of a `BookingCommand`.
public enum CommandOutcome: Sendable, Equatable {
    case booked(Booking)
    case cancelled(Cancellation)
    case moved(Booking)
    /// The slot broke a rule; nothing changed. Up to three slots that would work.
    case rejected(BookingError, alternatives: [Proposal])
    /// The booking cannot be changed at all (not found, cancelled, already started); nothing changed.
    case refused(BookingError)

    /// Whether the store changed.
    public var isChange: Bool {
        switch self {
        case .booked, .cancelled, .moved: true
        case .rejected, .refused: false
        }
    }
}
