import BookingCore
import Foundation

extension BookingEngine {
    /// The free slots that start on a local day, ordered by start, then bay.
    ///
    /// A slot is a grid start on a bay (or the one asked for) where the location is open, no
    /// blackout or booking is in the way, and the start is not inside the last-minute cutoff.
    ///
    /// It answers for anyone (no member limits); `book` still checks the member's own limits.
    public func availability(_ query: AvailabilityQuery) async throws -> [Slot] {
        let location = try location(query.location)
        if let bay = query.bay, location.bay(bay) == nil {
            throw BookingError.unknownBay(location: location.name, bay: query.bay ?? 0)
        }
        let now = clock.now()
        let day = LocalCalendar.span(of: query.day, in: location.timeZone)
        let buffer = Double(club.policies.bufferMinutes) * 60
        let lookup = Interval(
            start: day.start.addingTimeInterval(-buffer),
            end: day.end.addingTimeInterval(Double(query.minutes) * 60 + buffer)
        )
        let busy = try await store.read { try $0.busySpans(locationID: location.id, overlapping: lookup) }
        return slots(at: location, day: day, query: query, busy: busy, now: now)
    }

    func slots(at location: Location, day: Interval, query: AvailabilityQuery, busy: [BaySpan], now: Date) -> [Slot] {
        let policies = club.policies
        let grid = Double(policies.gridMinutes) * 60
        let length = Double(query.minutes) * 60
        let buffer = Double(policies.bufferMinutes) * 60
        let earliest = query.isStaff ? now : now.addingTimeInterval(Double(policies.lastMinuteCutoffMinutes) * 60)
        let firstDay = LocalDay(containing: day.start, in: location.timeZone)
        let open = location.openIntervals(from: firstDay, through: firstDay.adding(days: 1))
        let bays = location.bays.filter { bay in
            (query.bay == nil || query.bay == bay.number) && bay.capacity >= query.partySize
        }.map(\.number).sorted()
        var busyByBay: [Int: [Interval]] = [:]
        for span in busy {
            busyByBay[span.bay, default: []].append(span.interval)
        }
        guard query.minutes >= policies.minimumMinutes, query.minutes % policies.gridMinutes == 0 else { return [] }
        var slots: [Slot] = []
        // The first grid start at or after the day's first instant (a day can start off-grid only in odd zones).
        var start = day.start
        let offset = LocalCalendar.minuteOfDay(start, in: location.timeZone) % policies.gridMinutes
        if offset != 0 { start = start.addingTimeInterval(Double(policies.gridMinutes - offset) * 60) }
        while start < day.end {
            defer { start = start.addingTimeInterval(grid) }
            let interval = Interval(start: start, end: start.addingTimeInterval(length))
            if start < earliest { continue }
            if let window = query.window, !(window.start <= start && start < window.end) { continue }
            if !open.contains(where: { $0.contains(interval) }) { continue }
            let padded = Interval(
                start: interval.start.addingTimeInterval(-buffer),
                end: interval.end.addingTimeInterval(buffer)
            )
            var price: Int?
            for bay in bays {
                if location.blackout(blocking: interval, bay: bay) != nil { continue }
                if busyByBay[bay]?.contains(where: { $0.overlaps(padded) }) == true { continue }
                let cents =
                    price ?? prices.quote(location: location, interval: interval, tier: club.defaultTier).totalCents
                price = cents
                slots.append(Slot(locationID: location.id, bay: bay, interval: interval, priceCents: cents))
            }
        }
        return slots
    }
}
