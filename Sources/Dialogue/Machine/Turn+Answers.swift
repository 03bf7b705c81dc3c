import BookingCore
import BookingEngine
import Foundation
import Understanding

extension Turn {
    /// "What's free tomorrow evening?": free start times as ranges, and an offer to book.
    mutating func answerAvailability() throws(Missing) -> Reply {
        if state.flow != .book { state = ConversationState(lastActivity: state.lastActivity) }
        state.flow = .book
        merge(slots)
        try fillDefaultLocation(phone: memberPhone)
        guard let locationID = state.draft.location, let location = club.location(locationID) else {
            state.phase = .collecting
            state.expecting = .location
            return reply(locationQuestion(), .collecting)
        }
        if state.draft.start != nil { return try advanceBooking() }
        let zone = location.timeZone
        let day = state.draft.day ?? LocalDay(containing: now, in: zone)
        state.draft.day = day
        let slots = try facts.availability(
            AvailabilityQuery(
                location: location.id,
                day: day,
                minutes: state.draft.minutes ?? Draft.defaultMinutes,
                bay: state.draft.bay,
                window: state.draft.window,
                partySize: state.draft.partySize ?? 1,
                isStaff: identity.isStaff
            )
        )
        state.phase = .answered
        state.expecting = .time
        let when = words.relativeDay(day, zone: zone)
        guard !slots.isEmpty else {
            return reply(
                "Nothing is free at \(location.name) \(when)\(state.draft.window == nil ? "" : " then"). "
                    + "Want to try another day or location?",
                .answered
            )
        }
        let ranges = startRanges(slots.map(\.interval.start), zone: zone)
        let length = words.duration(state.draft.minutes ?? Draft.defaultMinutes)
        let text =
            "Free \(length) starts at \(location.name) \(when): \(ranges). "
            + "Tell me a time and I'll book it."
        return reply(text, .answered)
    }

    /// Start times collapsed into ranges: "9:00 am-12:30 pm, 3:00-11:30 pm".
    func startRanges(_ starts: [Date], zone: TimeZone) -> String {
        let grid = Double(club.policies.gridMinutes) * 60
        var ranges: [Interval] = []
        for start in Set(starts).sorted() {
            if let last = ranges.last, start.timeIntervalSince(last.end) <= grid {
                ranges[ranges.count - 1].end = start
            } else {
                ranges.append(Interval(start: start, end: start))
            }
        }
        let shown = ranges.prefix(4).map { range in
            range.start == range.end ? words.clock(range.start, zone: zone) : words.span(range, zone: zone)
        }
        return shown.joined(separator: ", ") + (ranges.count > 4 ? " and more" : "")
    }

    mutating func answerPricing() throws(Missing) -> Reply {
        let locationID = slots.location ?? state.draft.location
        let tier: Tier?
        if let phone = memberPhone { tier = try facts.tier(forPhone: phone) } else { tier = club.defaultTier }
        if let locationID, let location = club.location(locationID), let start = slots.start {
            let minutes = slots.durationMinutes ?? Draft.defaultMinutes
            let quote = try facts.quote(
                location: location.id,
                interval: Interval(start: start, minutes: minutes),
                tierID: tier?.id
            )
            let zone = location.timeZone
            let day = words.relativeDay(LocalDay(containing: start, in: zone), zone: zone)
            let text =
                "\(location.name) \(day) \(words.span(Interval(start: start, minutes: minutes), zone: zone)): "
                + "\(words.money(quote.totalCents))"
                + (quote.tierDiscountCents > 0 ? " with your \(tier?.name ?? "member") discount." : ".")
            return reply(text, .answered)
        }
        let pricing = club.pricing
        let places = locationID.flatMap { club.location($0) }.map { [$0] } ?? club.locations
        let rates = places.map { "\($0.name) \(words.money($0.centsPerHour))/hour" }.joined(separator: ", ")
        var text =
            "\(rates). Evenings from \(words.clock(LocalCalendar.instant(LocalDay(containing: now, in: club.timeZone), minuteOfDay: pricing.weekdayPeakStartMinute, in: club.timeZone), zone: club.timeZone))"
            + "\(pricing.weekendsArePeak ? " and weekends" : "") +\(pricing.peakPercent)%, "
            + "early bird -\(pricing.earlyBird.percentOff)%, late night -\(pricing.lateNight.percentOff)%."
        let discounts = club.tiers.filter { $0.discountPercent > 0 }
            .map { "\(BookingError.audience($0.name)) save \($0.discountPercent)%" }
        if !discounts.isEmpty { text += " " + discounts.joined(separator: ", ") + "." }
        return reply(text, .answered)
    }

    mutating func answerHours() -> Reply {
        let places =
            (slots.location ?? state.draft.location).flatMap { club.location($0) }.map { [$0] } ?? club.locations
        let lines = places.map { location -> String in
            switch location.hours {
            case .alwaysOpen:
                return "\(location.name) is open 24/7."
            case .weekly:
                let days = Weekday.allCases.map { weekday -> String in
                    let windows = location.hours.windows(on: weekday)
                    let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
                    let today = LocalDay(containing: now, in: location.timeZone)
                    let text =
                        windows.isEmpty
                        ? "closed"
                        : windows.map { window in
                            let day = today
                            return words.span(
                                Interval(
                                    start: LocalCalendar.instant(
                                        day,
                                        minuteOfDay: window.openMinute,
                                        in: location.timeZone
                                    ),
                                    end: LocalCalendar.instant(
                                        day,
                                        minuteOfDay: window.closeMinute,
                                        in: location.timeZone
                                    )
                                ),
                                zone: location.timeZone
                            )
                        }.joined(separator: ", ")
                    return "\(names[weekday.rawValue - 1]) \(text)"
                }
                return "\(location.name): " + days.joined(separator: "; ") + "."
            }
        }
        return reply(lines.joined(separator: "\n"), .answered)
    }

    mutating func listBookings() throws(Missing) -> Reply {
        guard let phone = memberPhone else { return reply(Phrases.askMemberPhone, .collecting) }
        let upcoming = try facts.bookings(memberPhone: phone)
        guard !upcoming.isEmpty else { return reply(Phrases.noUpcoming + " Want to book one?", .answered) }
        let list = upcoming.prefix(5).enumerated().map { index, booking in
            "\(index + 1)) \(booking.ref): \(words.slot(booking))"
        }.joined(separator: "\n")
        let count = upcoming.count == 1 ? "1 upcoming booking" : "\(upcoming.count) upcoming bookings"
        return reply("You have \(count):\n" + list, .answered)
    }
}
