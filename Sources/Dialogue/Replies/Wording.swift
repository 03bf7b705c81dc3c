import BookingCore
import BookingEngine
import Foundation

/// The phrases a turn builds its replies from: the club's places and times as typed values, and the
/// language's wording to render them.
struct Wording {
    let club: Club
    let now: Date
    let language: ReplyWording

    func zone(_ locationID: String?) -> TimeZone {
        locationID.flatMap { club.location($0)?.timeZone } ?? club.timeZone
    }

    func locationName(_ id: String?) -> String {
        id.flatMap { club.location($0)?.name } ?? (id ?? "")
    }

    /// Today at the location.
    func today(_ zone: TimeZone) -> LocalDay { LocalDay(containing: now, in: zone) }

    /// A day said relative to today at the zone: "today", "tomorrow", or its date.
    func day(_ day: LocalDay, zone: TimeZone) -> ReplyValue { .day(day, today: today(zone)) }

    /// "Bay 3 at Bedford, Wed Nov 25, 7:00-9:00 pm".
    func slot(location: String, bay: Int, interval: Interval) -> ReplyValue {
        .slot(location: locationName(location), bay: bay, interval, zone(location))
    }

    func slot(_ booking: Booking) -> ReplyValue {
        slot(location: booking.locationID, bay: booking.bay, interval: booking.interval)
    }

    func players(_ count: Int) -> ReplyValue { .phrases([Phrase(.players, ["count": .count(count)])]) }

    /// "1) Bay 3 at Bedford, Wed Nov 25, 8:00-9:00 pm, $48", one line each.
    func options(_ proposals: [Proposal]) -> [Phrase] {
        proposals.enumerated().map { index, proposal in
            Phrase(
                .optionLine,
                [
                    "number": .count(index + 1),
                    "slot": slot(location: proposal.locationID, bay: proposal.bay, interval: proposal.interval),
                    "price": .money(proposal.priceCents),
                ],
                startsLine: true
            )
        }
    }

    /// "1) K7Q-4M2: Bay 3 at Bedford, Wed Nov 25, 8:00-9:00 pm", one line each.
    func bookingLines(_ bookings: [Booking]) -> [Phrase] {
        bookings.enumerated().map { index, booking in
            Phrase(
                .bookingLine,
                ["number": .count(index + 1), "ref": .text(booking.ref), "slot": slot(booking)],
                startsLine: true
            )
        }
    }

    /// "Bedford, tomorrow at 7:00 pm, 4 players" — what is understood so far, for the next question.
    func understood(_ draft: Draft) -> String {
        var parts: [String] = []
        if let location = draft.location { parts.append(locationName(location)) }
        let zone = zone(draft.location)
        if let start = draft.start {
            let when = day(LocalDay(containing: start, in: zone), zone: zone)
            parts.append(language.say(.dayAtTime, ["day": when, "time": .time(start, zone)]))
        } else if let day = draft.day {
            parts.append(language.render(Phrase(.understoodDay, ["day": self.day(day, zone: zone)])))
        }
        if let party = draft.partySize { parts.append(language.say(.players, ["count": .count(party)])) }
        return parts.joined(separator: language.say(.formatListSeparator))
    }

    /// Why the engine refused, as a phrase.
    func reason(_ error: BookingError) -> Phrase {
        switch error {
        case .unknownLocation(let name): Phrase(.errorUnknownLocation, ["name": .text(name)])
        case .unknownBay(let location, let bay):
            Phrase(.errorUnknownBay, ["location": .text(location), "bay": .count(bay)])
        case .offGrid(let grid): Phrase(.errorOffGrid, ["grid": .count(grid)])
        case .durationOffGrid(let grid): Phrase(.errorDurationOffGrid, ["grid": .count(grid)])
        case .tooShort(let minimum): Phrase(.errorTooShort, ["minimum": .minutes(minimum)])
        case .tooLong(let tier, let maximum):
            Phrase(.errorTooLong, ["tier": .text(BookingError.audience(tier)), "maximum": .minutes(maximum)])
        case .inThePast: Phrase(.errorInThePast)
        case .lastMinute(let cutoff): Phrase(.errorLastMinute, ["cutoff": .minutes(cutoff)])
        case .tooFarAhead(let tier, let days):
            Phrase(.errorTooFarAhead, ["tier": .text(BookingError.audience(tier)), "days": .count(days)])
        case .closed(let location): Phrase(.errorClosed, ["location": .text(location)])
        case .blackout(let location, let reason, let description):
            switch reason {
            case .maintenance:
                Phrase(.errorMaintenance, ["location": .text(location), "description": .text(description)])
            case .privateEvent: Phrase(.errorPrivateEvent, ["location": .text(location)])
            case .holiday: Phrase(.errorHoliday, ["location": .text(location), "description": .text(description)])
            }
        case .partyTooLarge(let bay, let capacity):
            Phrase(.errorPartyTooLarge, ["bay": .count(bay), "capacity": .count(capacity)])
        case .partySizeInvalid: Phrase(.errorPartySizeInvalid)
        case .partyTooLargeForLocation(let location, let capacity):
            Phrase(.errorPartyTooLargeForLocation, ["location": .text(location), "capacity": .count(capacity)])
        case .taken(let location, let bay): Phrase(.errorTaken, ["location": .text(location), "bay": .count(bay)])
        case .noBayFree(let location): Phrase(.errorNoBayFree, ["location": .text(location)])
        case .activeBookingLimit(let tier, let limit):
            Phrase(.errorActiveBookingLimit, ["tier": .text(BookingError.audience(tier)), "count": .count(limit)])
        case .weeklyHoursLimit(let tier, let hours):
            Phrase(.errorWeeklyHoursLimit, ["tier": .text(BookingError.audience(tier)), "hours": .count(hours)])
        case .notFound(let ref): Phrase(.errorNotFound, ["ref": .text(ref)])
        case .alreadyCancelled(let ref): Phrase(.errorAlreadyCancelled, ["ref": .text(ref)])
        case .alreadyStarted(let ref): Phrase(.errorAlreadyStarted, ["ref": .text(ref)])
        case .invalidPhone(let phone): Phrase(.errorInvalidPhone, ["phone": .text(phone)])
        }
    }
}
