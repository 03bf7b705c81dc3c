import Foundation

/// How a slot is priced: the location's hourly rate, adjusted by time of day, then by tier.
///
/// A discount window (early bird, late night) wins over peak where both would apply, so a Saturday
/// 10 pm slot is late night, not peak.
public struct Pricing: Sendable, Equatable {
    /// Evening and weekend surcharge, percent.
    public var peakPercent: Int
    /// Weekdays are peak from this local minute until the late-night window.
    public var weekdayPeakStartMinute: Int
    /// Whether Saturday and Sunday are peak all day.
    public var weekendsArePeak: Bool
    public var earlyBird: PriceWindow
    public var lateNight: PriceWindow

    public init(
        peakPercent: Int = 20,
        weekdayPeakStartMinute: Int = 17 * 60,
        weekendsArePeak: Bool = true,
        earlyBird: PriceWindow = PriceWindow(percentOff: 15, startMinute: 6 * 60, endMinute: 9 * 60),
        lateNight: PriceWindow = PriceWindow(percentOff: 25, startMinute: 21 * 60, endMinute: 6 * 60)
    ) {
        self.peakPercent = peakPercent
        self.weekdayPeakStartMinute = weekdayPeakStartMinute
        self.weekendsArePeak = weekendsArePeak
        self.earlyBird = earlyBird
        self.lateNight = lateNight
    }
}

/// A discount window in local minutes after midnight; an end before the start passes midnight.
public struct PriceWindow: Sendable, Equatable {
    public var percentOff: Int
    public var startMinute: Int
    public var endMinute: Int

    public init(percentOff: Int, startMinute: Int, endMinute: Int) {
        self.percentOff = percentOff
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// Whether a local minute of the day falls in the window.
    public func contains(minuteOfDay minute: Int) -> Bool {
        if startMinute <= endMinute { return minute >= startMinute && minute < endMinute }
        return minute >= startMinute || minute < endMinute
    }
}

/// What a slot costs and why.
public struct PriceQuote: Sendable, Equatable, Codable {
    /// The kind of rate a part of the slot was charged at.
    public enum Rate: String, Sendable, Codable, Equatable {
        case standard, peak
        case earlyBird = "early_bird"
        case lateNight = "late_night"
    }

    /// A run of the slot charged at one rate.
    public struct Line: Sendable, Equatable, Codable {
        public var rate: Rate
        public var minutes: Int
        public var cents: Int

        public init(rate: Rate, minutes: Int, cents: Int) {
            self.rate = rate
            self.minutes = minutes
            self.cents = cents
        }
    }

    public var lines: [Line]
    /// The tier's discount, as a positive amount taken off.
    public var tierDiscountCents: Int
    public var totalCents: Int

    public init(lines: [Line], tierDiscountCents: Int, totalCents: Int) {
        self.lines = lines
        self.tierDiscountCents = tierDiscountCents
        self.totalCents = totalCents
    }
}
