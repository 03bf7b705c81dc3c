public import BookingCore
public import Foundation

/// Prices a slot from the location's hourly rate, the time-of-day windows and the tier discount.
public struct PriceCalculator: Sendable {
    public let club: Club

    public init(club: Club) {
        self.club = club
    }

    /// The quote for `interval` at `location` for a member of `tier`.
    public func quote(location: Location, interval: Interval, tier: Tier?) -> PriceQuote {
        let grid = max(club.policies.gridMinutes, 1)
        var lines: [PriceQuote.Line] = []
        var sliceStart = interval.start
        while sliceStart < interval.end {
            let sliceEnd = min(sliceStart.addingTimeInterval(Double(grid) * 60), interval.end)
            let minutes = Int(sliceEnd.timeIntervalSince(sliceStart) / 60)
            let rate = self.rate(at: sliceStart, in: location.timeZone)
            if let last = lines.last, last.rate == rate {
                lines[lines.count - 1].minutes += minutes
            } else {
                lines.append(PriceQuote.Line(rate: rate, minutes: minutes, cents: 0))
            }
            sliceStart = sliceEnd
        }
        for index in lines.indices {
            let adjustment = percentAdjustment(lines[index].rate)
            lines[index].cents = Self.rounded(location.centsPerHour * lines[index].minutes * (100 + adjustment), 6000)
        }
        let subtotal = lines.reduce(0) { $0 + $1.cents }
        let discount = Self.rounded(subtotal * (tier?.discountPercent ?? 0), 100)
        return PriceQuote(lines: lines, tierDiscountCents: discount, totalCents: subtotal - discount)
    }

    /// The rate that applies at an instant; discount windows win over peak.
    public func rate(at instant: Date, in zone: TimeZone) -> PriceQuote.Rate {
        let pricing = club.pricing
        let minute = LocalCalendar.minuteOfDay(instant, in: zone)
        if pricing.lateNight.contains(minuteOfDay: minute) { return .lateNight }
        if pricing.earlyBird.contains(minuteOfDay: minute) { return .earlyBird }
        let weekday = LocalDay(containing: instant, in: zone).weekday
        if weekday.isWeekend { return pricing.weekendsArePeak ? .peak : .standard }
        return minute >= pricing.weekdayPeakStartMinute ? .peak : .standard
    }

    private func percentAdjustment(_ rate: PriceQuote.Rate) -> Int {
        switch rate {
        case .standard: 0
        case .peak: club.pricing.peakPercent
        case .earlyBird: -club.pricing.earlyBird.percentOff
        case .lateNight: -club.pricing.lateNight.percentOff
        }
    }

    /// Integer division rounded half up, for non-negative amounts.
    private static func rounded(_ numerator: Int, _ denominator: Int) -> Int {
        (numerator * 2 + denominator) / (denominator * 2)
    }
}
