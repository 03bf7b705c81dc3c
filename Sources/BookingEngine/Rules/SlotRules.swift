import BookingCore
import Foundation

/// The booking rules as one pure function.
///
/// A candidate slot and a context in, a bay or the first broken rule out. The order is the order a
/// customer should hear about problems in: what they asked for, then when, then their own limits,
/// then whether the bay is free.
enum SlotRules {
    /// The bay the candidate can have, or the first rule it breaks.
    static func check(_ candidate: Candidate, in context: RuleContext) -> Result<Int, BookingError> {
        if let error = checkRequest(candidate, in: context) { return .failure(error) }
        if let error = checkTime(candidate, in: context) { return .failure(error) }
        if let error = checkMemberLimits(candidate, in: context) { return .failure(error) }
        return chooseBay(candidate, in: context)
    }

    private static func checkRequest(_ candidate: Candidate, in context: RuleContext) -> BookingError? {
        let location = candidate.location
        let policies = context.club.policies
        if candidate.partySize < 1 { return .partySizeInvalid }
        if let number = candidate.bay {
            guard let bay = location.bay(number) else { return .unknownBay(location: location.name, bay: number) }
            if candidate.partySize > bay.capacity { return .partyTooLarge(bay: number, capacity: bay.capacity) }
        } else if let largest = location.bays.map(\.capacity).max(), candidate.partySize > largest {
            return .partyTooLargeForLocation(location: location.name, capacity: largest)
        }
        let grid = policies.gridMinutes
        let startMinute = LocalCalendar.minuteOfDay(candidate.interval.start, in: location.timeZone)
        let seconds = Int(candidate.interval.start.timeIntervalSince1970) % 60
        if startMinute % grid != 0 || seconds != 0 { return .offGrid(gridMinutes: grid) }
        let minutes = candidate.interval.end.timeIntervalSince(candidate.interval.start) / 60
        if minutes < Double(policies.minimumMinutes) { return .tooShort(minimumMinutes: policies.minimumMinutes) }
        if Int(minutes) % grid != 0 || minutes != minutes.rounded() { return .durationOffGrid(gridMinutes: grid) }
        if Int(minutes) > context.tier.maxMinutes {
            return .tooLong(tierName: context.tier.name, maximumMinutes: context.tier.maxMinutes)
        }
        return nil
    }

    private static func checkTime(_ candidate: Candidate, in context: RuleContext) -> BookingError? {
        let location = candidate.location
        let start = candidate.interval.start
        if start < context.now { return .inThePast }
        let cutoff = context.club.policies.lastMinuteCutoffMinutes
        if !context.isStaff, start < context.now.addingTimeInterval(Double(cutoff) * 60) {
            return .lastMinute(cutoffMinutes: cutoff)
        }
        let today = LocalDay(containing: context.now, in: location.timeZone)
        if LocalDay(containing: start, in: location.timeZone) > today.adding(days: context.advanceDays) {
            return .tooFarAhead(tierName: context.tier.name, days: context.advanceDays)
        }
        if !location.isOpen(for: candidate.interval) { return .closed(location: location.name) }
        if let blackout = location.blackout(blocking: candidate.interval, bay: candidate.bay) {
            return .blackout(location: location.name, reason: blackout.reason, description: blackout.description)
        }
        return nil
    }

    private static func checkMemberLimits(_ candidate: Candidate, in context: RuleContext) -> BookingError? {
        let tier = context.tier
        let own = context.memberBookings
        let active = own.filter { $0.interval.end > context.now }
        if active.count >= tier.maxActiveBookings {
            return .activeBookingLimit(tierName: tier.name, limit: tier.maxActiveBookings)
        }
        if candidate.interval.minutes > tier.maxHoursPerWeek * 60 {
            return .weeklyHoursLimit(tierName: tier.name, hours: tier.maxHoursPerWeek)
        }
        // Most requests come from members with nothing else booked: no week to add up.
        if own.isEmpty { return nil }
        let week = weekSpan(containing: candidate.interval.start, in: candidate.location.timeZone)
        let bookedMinutes = own.filter { week.start <= $0.interval.start && $0.interval.start < week.end }
            .reduce(0) { $0 + $1.interval.minutes }
        if bookedMinutes + candidate.interval.minutes > tier.maxHoursPerWeek * 60 {
            return .weeklyHoursLimit(tierName: tier.name, hours: tier.maxHoursPerWeek)
        }
        return nil
    }

    /// The requested bay when it is free, else the lowest-numbered free bay that fits the party.
    ///
    /// Alternatives run this for dozens of candidate slots a turn, so the taken bays are a bit set, not a `Set`.
    private static func chooseBay(_ candidate: Candidate, in context: RuleContext) -> Result<Int, BookingError> {
        let location = candidate.location
        let buffer = context.club.policies.bufferMinutes
        let wanted = candidate.interval.widened(byMinutes: buffer)
        let spans = context.busy[location.id] ?? []
        if let bay = candidate.bay {
            let taken = spans.contains { $0.bay == bay && $0.interval.overlaps(wanted) }
            return taken ? .failure(.taken(location: location.name, bay: bay)) : .success(bay)
        }
        var taken = TakenBays()
        for span in spans where span.interval.overlaps(wanted) { taken.insert(span.bay) }
        var chosen: Int?
        for bay in location.bays where bay.capacity >= candidate.partySize && !taken.contains(bay.number) {
            if let lowest = chosen, lowest <= bay.number { continue }
            if location.blackout(blocking: candidate.interval, bay: bay.number) != nil { continue }
            chosen = bay.number
        }
        guard let bay = chosen else { return .failure(.noBayFree(location: location.name)) }
        return .success(bay)
    }

    /// Bay numbers, as bits for the usual 0-63 and in a set beyond.
    private struct TakenBays {
        private var bits: UInt64 = 0
        private var others: Set<Int> = []

        mutating func insert(_ bay: Int) {
            if (0..<64).contains(bay) { bits |= 1 << UInt64(bay) } else { others.insert(bay) }
        }

        func contains(_ bay: Int) -> Bool {
            (0..<64).contains(bay) ? bits & (1 << UInt64(bay)) != 0 : others.contains(bay)
        }
    }

    /// Monday 00:00 to the next Monday 00:00 in the location's zone.
    static func weekSpan(containing instant: Date, in zone: TimeZone) -> Interval {
        let day = LocalDay(containing: instant, in: zone)
        let monday = day.adding(days: -(day.weekday.rawValue - 1))
        return Interval(
            start: LocalCalendar.instant(monday, minuteOfDay: 0, in: zone),
            end: LocalCalendar.instant(monday.adding(days: 7), minuteOfDay: 0, in: zone)
        )
    }
}
