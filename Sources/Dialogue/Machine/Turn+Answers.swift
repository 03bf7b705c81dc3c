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
        let when = words.day(day, zone: zone)
        guard !slots.isEmpty else {
            let key: ReplyKey = state.draft.window == nil ? .nothingFreeDay : .nothingFreeWindow
            return reply([Phrase(key, ["location": .text(location.name), "day": when])], .answered)
        }
        let ranges = startRanges(slots.map(\.interval.start), zone: zone)
        let text = Phrase(
            .freeStarts,
            [
                "length": .minutes(state.draft.minutes ?? Draft.defaultMinutes), "location": .text(location.name),
                "day": when, "ranges": .text(ranges),
            ]
        )
        return reply([text], .answered)
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
            range.start == range.end
                ? words.language.clock(range.start, zone: zone) : words.language.span(range, zone: zone)
        }
        let separator = words.language.say(.formatListSeparator)
        return shown.joined(separator: separator) + (ranges.count > 4 ? words.language.say(.andMore) : "")
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
            var arguments: [String: ReplyValue] = [
                "location": .text(location.name),
                "day": words.day(LocalDay(containing: start, in: zone), zone: zone),
                "span": .span(Interval(start: start, minutes: minutes), zone),
                "price": .money(quote.totalCents),
            ]
            if quote.tierDiscountCents > 0, let tier {
                arguments["tier"] = .text(tier.name)
                return reply([Phrase(.quoteWithDiscount, arguments)], .answered)
            }
            return reply([Phrase(.quote, arguments)], .answered)
        }
        let pricing = club.pricing
        let places = locationID.flatMap { club.location($0) }.map { [$0] } ?? club.locations
        let separator = words.language.say(.formatListSeparator)
        let rates = places.map {
            words.language.say(.rateItem, ["location": .text($0.name), "price": .money($0.centsPerHour)])
        }
        let today = LocalDay(containing: now, in: club.timeZone)
        let peakFrom = LocalCalendar.instant(today, minuteOfDay: pricing.weekdayPeakStartMinute, in: club.timeZone)
        var text = [
            Phrase(
                pricing.weekendsArePeak ? .priceListWithWeekends : .priceList,
                [
                    "rates": .text(rates.joined(separator: separator)), "peak_from": .time(peakFrom, club.timeZone),
                    "peak": .count(pricing.peakPercent), "early_bird": .count(pricing.earlyBird.percentOff),
                    "late_night": .count(pricing.lateNight.percentOff),
                ]
            )
        ]
        let savings = club.tiers.filter { $0.discountPercent > 0 }.map { tier in
            words.language.say(
                .tierSaving,
                ["tier": .text(BookingError.audience(tier.name)), "percent": .count(tier.discountPercent)]
            )
        }
        if !savings.isEmpty {
            text.append(Phrase(.tierSavings, ["savings": .text(savings.joined(separator: separator))]))
        }
        return reply(text, .answered)
    }

    mutating func answerHours() -> Reply {
        let places =
            (slots.location ?? state.draft.location).flatMap { club.location($0) }.map { [$0] } ?? club.locations
        let lines = places.map { location -> Phrase in
            let zone = location.timeZone
            switch location.hours {
            case .alwaysOpen:
                return Phrase(.openAlways, ["location": .text(location.name)], startsLine: true)
            case .weekly:
                let today = LocalDay(containing: now, in: zone)
                let days = Weekday.allCases.map { weekday -> String in
                    let windows = location.hours.windows(on: weekday)
                    let name = ReplyValue.text(words.language.weekdayName(weekday))
                    guard !windows.isEmpty else { return words.language.say(.closedDay, ["weekday": name]) }
                    let hours = windows.map { window in
                        words.language.span(
                            Interval(
                                start: LocalCalendar.instant(today, minuteOfDay: window.openMinute, in: zone),
                                end: LocalCalendar.instant(today, minuteOfDay: window.closeMinute, in: zone)
                            ),
                            zone: zone
                        )
                    }.joined(separator: words.language.say(.formatListSeparator))
                    return words.language.say(.hoursDay, ["weekday": name, "hours": .text(hours)])
                }
                let week = days.joined(separator: words.language.say(.formatDaySeparator))
                return Phrase(.hoursWeek, ["location": .text(location.name), "days": .text(week)], startsLine: true)
            }
        }
        return reply(lines, .answered)
    }

    mutating func listBookings() throws(Missing) -> Reply {
        guard let phone = memberPhone else { return reply([Phrase(.askMemberPhone)], .collecting) }
        let upcoming = try facts.bookings(memberPhone: phone)
        guard !upcoming.isEmpty else { return reply([Phrase(.noUpcoming), Phrase(.wantToBook)], .answered) }
        let header = Phrase(.yourBookings, ["count": .count(upcoming.count)])
        return reply([header] + words.bookingLines(Array(upcoming.prefix(5))), .answered)
    }
}
