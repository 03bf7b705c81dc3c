public import Foundation

/// The whole club as the owner configured it: locations, membership tiers, policies and prices.
///
/// Loaded once at start-up from `Config/club.yaml` and passed around as an immutable value, so every
/// rule check reads the same picture of the club.
public struct Club: Sendable, Equatable {
    public var name: String
    /// The zone used when no location is known yet.
    public var timeZone: TimeZone
    public var locations: [Location]
    public var tiers: [Tier]
    public var policies: Policies
    public var pricing: Pricing

    public init(
        name: String,
        timeZone: TimeZone,
        locations: [Location],
        tiers: [Tier],
        policies: Policies,
        pricing: Pricing
    ) {
        self.name = name
        self.timeZone = timeZone
        self.locations = locations
        self.tiers = tiers
        self.policies = policies
        self.pricing = pricing
    }

    /// The location with this id or alias, ignoring case.
    public func location(_ idOrAlias: String) -> Location? {
        // Most callers hold an id already: found without lowercasing anything.
        if let exact = locations.first(where: { $0.id == idOrAlias }) { return exact }
        let key = idOrAlias.lowercased()
        return locations.first { $0.id == key || $0.aliases.contains(key) || $0.name.lowercased() == key }
    }

    /// The tier with this id.
    public func tier(_ id: String) -> Tier? {
        tiers.first { $0.id == id }
    }

    /// The tier an unknown customer books under.
    public var defaultTier: Tier? {
        tier(policies.defaultTierID) ?? tiers.first
    }
}

/// One club site with its bays, hours and blackouts.
public struct Location: Sendable, Equatable, Identifiable {
    /// A short lowercase id such as `bedford`.
    public var id: String
    public var name: String
    /// Other names customers use ("bed", "larry uteck").
    public var aliases: [String]
    public var timeZone: TimeZone
    public var address: String
    public var bays: [Bay]
    public var hours: OpeningHours
    public var blackouts: [Blackout]
    /// Price per hour before adjustments, in cents.
    public var centsPerHour: Int

    public init(
        id: String,
        name: String,
        aliases: [String] = [],
        timeZone: TimeZone,
        address: String = "",
        bays: [Bay],
        hours: OpeningHours,
        blackouts: [Blackout] = [],
        centsPerHour: Int
    ) {
        self.id = id
        self.name = name
        self.aliases = aliases
        self.timeZone = timeZone
        self.address = address
        self.bays = bays
        self.hours = hours
        self.blackouts = blackouts
        self.centsPerHour = centsPerHour
    }

    /// The bay with this number.
    public func bay(_ number: Int) -> Bay? {
        bays.first { $0.number == number }
    }
}

/// One simulator bay.
public struct Bay: Sendable, Equatable, Hashable {
    public var number: Int
    /// Most players the bay takes.
    public var capacity: Int
    public var simulator: String
    /// The simulator PC's device id in the remote-management system, such as `TM-BAY-03`.
    public var deviceID: String?

    public init(number: Int, capacity: Int, simulator: String = "TrackMan", deviceID: String? = nil) {
        self.number = number
        self.capacity = capacity
        self.simulator = simulator
        self.deviceID = deviceID
    }
}

/// A membership tier and the limits that come with it.
public struct Tier: Sendable, Equatable, Identifiable {
    /// `non_member`, `standard`, `vip`, ...
    public var id: String
    public var name: String
    public var tags: [String]
    /// Longest single booking.
    public var maxMinutes: Int
    /// How many days ahead a booking may start.
    public var advanceDays: Int
    /// Bookings that have not ended yet.
    public var maxActiveBookings: Int
    /// Booked hours per calendar week (Monday to Sunday, location time).
    public var maxHoursPerWeek: Int
    /// Percent off the price.
    public var discountPercent: Int

    public init(
        id: String,
        name: String,
        tags: [String] = [],
        maxMinutes: Int,
        advanceDays: Int,
        maxActiveBookings: Int,
        maxHoursPerWeek: Int,
        discountPercent: Int = 0
    ) {
        self.id = id
        self.name = name
        self.tags = tags
        self.maxMinutes = maxMinutes
        self.advanceDays = advanceDays
        self.maxActiveBookings = maxActiveBookings
        self.maxHoursPerWeek = maxHoursPerWeek
        self.discountPercent = discountPercent
    }
}

/// Club-wide booking rules.
public struct Policies: Sendable, Equatable {
    /// Bookings start and end on this grid (30: on the hour or half hour).
    public var gridMinutes: Int
    public var minimumMinutes: Int
    /// Customers cannot book a slot that starts sooner than this; staff may.
    public var lastMinuteCutoffMinutes: Int
    /// Cancelling later than this before the start is a late cancellation: no refund.
    public var cancellationCutoffMinutes: Int
    /// Free time kept after each booking for cleaning and reset.
    public var bufferMinutes: Int
    /// The tag that gives a member the longer advance window.
    public var earlyAccessTag: String
    public var earlyAccessAdvanceDays: Int
    /// The tier of a customer the club does not know.
    public var defaultTierID: String
    /// A conversation quiet for this long starts fresh.
    public var conversationExpiryMinutes: Int

    public init(
        gridMinutes: Int = 30,
        minimumMinutes: Int = 60,
        lastMinuteCutoffMinutes: Int = 60,
        cancellationCutoffMinutes: Int = 120,
        bufferMinutes: Int = 0,
        earlyAccessTag: String = "EARLY_ACCESS",
        earlyAccessAdvanceDays: Int = 30,
        defaultTierID: String = "non_member",
        conversationExpiryMinutes: Int = 30
    ) {
        self.gridMinutes = gridMinutes
        self.minimumMinutes = minimumMinutes
        self.lastMinuteCutoffMinutes = lastMinuteCutoffMinutes
        self.cancellationCutoffMinutes = cancellationCutoffMinutes
        self.bufferMinutes = bufferMinutes
        self.earlyAccessTag = earlyAccessTag
        self.earlyAccessAdvanceDays = earlyAccessAdvanceDays
        self.defaultTierID = defaultTierID
        self.conversationExpiryMinutes = conversationExpiryMinutes
    }
}
