import BookingCore
import BookingEngine
import Foundation
import Understanding

extension Turn {
    /// Asks for the next missing detail, or checks the request and asks for a YES.
    mutating func advanceBooking() throws(Missing) -> Reply {
        state.flow = .book
        state.options = []
        guard let phone = memberPhone else {
            state.phase = .collecting
            state.expecting = .nothing
            return reply([Phrase(identity.isStaff ? .askMemberPhone : .askOwnPhone)], .collecting)
        }
        try fillDefaultLocation(phone: phone)
        guard let locationID = state.draft.location, let location = club.location(locationID) else {
            state.phase = .collecting
            state.expecting = .location
            return reply(understoodSoFar() + locationQuestion(), .collecting)
        }
        guard let start = state.draft.start else {
            if let window = state.draft.window { return try offerWindow(window, at: location, phone: phone) }
            state.phase = .collecting
            state.expecting = .time
            return reply(understoodSoFar() + timeQuestion(), .collecting)
        }
        let request = bookingRequest(location: location.id, start: start, phone: phone)
        return try present(try facts.preview(request), request: request)
    }

    /// Shows a previewed request: a summary to confirm, or why not with numbered alternatives.
    mutating func present(_ outcome: PreviewOutcome, request: BookingRequest) throws(Missing) -> Reply {
        switch outcome {
        case .available(let proposal):
            state.pending = .book(proposal)
            state.phase = .confirming
            state.expecting = .confirmation
            let party = request.partySize
            var arguments: [String: ReplyValue] = [
                "slot": words.slot(location: proposal.locationID, bay: proposal.bay, interval: proposal.interval),
                "players": words.players(party),
                "price": .money(proposal.priceCents),
            ]
            var summary: [Phrase] = []
            if identity.isStaff, let phone = memberPhone { summary.append(Phrase(.forMember, ["phone": .text(phone)])) }
            if state.draft.minutes == nil {
                arguments["length"] = .minutes(proposal.interval.minutes)
                summary.append(Phrase(.summaryBookWithLength, arguments))
            } else {
                summary.append(Phrase(.summaryBook, arguments))
            }
            return reply(summary, .confirming)
        case .rejected(let error, let alternatives):
            return refusal(error, alternatives)
        }
    }

    /// One line on why, then the alternatives; a rule staff could lift is flagged for them.
    mutating func refusal(_ error: BookingError, _ alternatives: [Proposal]) -> Reply {
        state.pending = nil
        state.options = alternatives
        var text = [words.reason(error)]
        if !alternatives.isEmpty {
            text += [Phrase(.alternativesIntro)] + words.options(alternatives)
            text.append(Phrase(.pickOption, startsLine: true))
            state.phase = .choosing
            state.expecting = .choice
        } else {
            state.phase = .collecting
            state.expecting = .time
            if error.isAboutTheSlot { text.append(Phrase(.askDayAndTime)) }
        }
        let overridable = error.rule == "last_minute_cutoff" && !identity.isStaff
        if overridable { text.append(Phrase(.staffOverride)) }
        return reply(
            text,
            state.phase,
            options: alternatives,
            handoffReason: overridable ? "needs_staff_override" : nil
        )
    }

    /// What is understood so far, before the next question: "Bedford, tomorrow at 7:00 pm —".
    func understoodSoFar() -> [Phrase] {
        let known = words.understood(state.draft)
        return known.isEmpty ? [] : [Phrase(.understood, ["known": .text(known)])]
    }

    /// "Saturday morning": the first free starts in the window, as numbered options.
    mutating func offerWindow(_ window: Interval, at location: Location, phone: String) throws(Missing) -> Reply {
        let day = LocalDay(containing: window.start, in: location.timeZone)
        let slots = try facts.availability(
            AvailabilityQuery(
                location: location.id,
                day: day,
                minutes: state.draft.minutes ?? Draft.defaultMinutes,
                bay: state.draft.bay,
                window: window,
                partySize: state.draft.partySize ?? 1,
                isStaff: identity.isStaff
            )
        )
        var seen = Set<Date>()
        let firstPerStart = slots.filter { seen.insert($0.interval.start).inserted }
        if let first = firstPerStart.first, first.interval.start == window.start, parse.slots.windowStart != nil,
            parse.slots.windowEnd == nil
        {
            // "from noon" and noon is free: that is the booking asked for, so it is summarised, not listed.
            state.draft.start = window.start
            state.draft.window = nil
            return try advanceBooking()
        }
        let picks = spread(firstPerStart, count: 3)
        guard !picks.isEmpty else {
            state.phase = .collecting
            state.expecting = .time
            state.draft.window = nil
            return reply(
                [
                    Phrase(
                        .nothingFreeThen,
                        ["location": .text(location.name), "day": words.day(day, zone: location.timeZone)]
                    ),
                    Phrase(.askDayAndTime),
                ],
                .collecting
            )
        }
        state.options = picks.map {
            Proposal(locationID: $0.locationID, bay: $0.bay, interval: $0.interval, priceCents: $0.priceCents)
        }
        state.phase = .choosing
        state.expecting = .choice
        let header = Phrase(
            .freeAtHeader,
            ["location": .text(location.name), "day": words.day(day, zone: location.timeZone)]
        )
        let text = [header] + words.options(state.options) + [Phrase(.pickOption, startsLine: true)]
        return reply(text, .choosing, options: state.options)
    }

    /// Up to `count` slots spread across the list: the first, the middle, the last.
    func spread(_ slots: [Slot], count: Int) -> [Slot] {
        guard slots.count > count else { return slots }
        return (0..<count).map { slots[$0 * (slots.count - 1) / (count - 1)] }
    }

    func bookingRequest(location: String, start: Date, phone: String) -> BookingRequest {
        BookingRequest(
            location: location,
            bay: state.draft.bay,
            start: start,
            minutes: state.draft.minutes ?? Draft.defaultMinutes,
            memberPhone: phone,
            memberName: state.draft.memberName ?? identity.name,
            partySize: state.draft.partySize ?? 1,
            channel: identity.channel,
            isStaff: identity.isStaff
        )
    }

    /// Fills the draft's location when the customer has not named one: the location their thread was opened
    /// from, else the location of their latest booking.
    mutating func fillDefaultLocation(phone: String?) throws(Missing) {
        guard state.draft.location == nil else { return }
        if let here = identity.location, club.location(here) != nil {
            state.draft.location = here
            state.draft.sources["location"] = "thread"
        } else if let phone, let usual = try usualLocation(phone: phone) {
            state.draft.location = usual
            state.draft.sources["location"] = "usual"
        }
    }

    /// The location of the member's latest booking, so a regular is not asked every time.
    func usualLocation(phone: String) throws(Missing) -> String? {
        if club.locations.count == 1 { return club.locations.first?.id }
        let history = try facts.bookings(memberPhone: phone, includePast: true)
        return history.max { $0.createdAt < $1.createdAt }?.locationID
    }

    func locationQuestion() -> [Phrase] {
        let names = club.locations.map(\.name)
        guard !names.isEmpty else { return [Phrase(.whichLocation)] }
        return [Phrase(.whichLocationOf, ["locations": .text(words.language.list(names))])]
    }

    func timeQuestion() -> [Phrase] {
        if let day = state.draft.day {
            let today = words.today(words.zone(state.draft.location))
            if day == today { return [Phrase(.whatTimeToday)] }
            if day == today.adding(days: 1) { return [Phrase(.whatTimeTomorrow)] }
            return [Phrase(.whatTimeOn, ["day": .date(day)])]
        }
        return [Phrase(.askDayAndTime)]
    }

    /// The customer said YES: do what was summarised, re-checking at commit time.
    mutating func commit() throws(Missing) -> Reply {
        guard let pending = state.pending else { return reply([Phrase(.nothingToConfirm)], .idle) }
        switch pending {
        case .book(let proposal):
            guard let phone = memberPhone else { return reply([Phrase(.askMemberPhone)], .collecting) }
            var request = bookingRequest(location: proposal.locationID, start: proposal.interval.start, phone: phone)
            request.bay = proposal.bay
            request.minutes = proposal.interval.minutes
            switch try facts.outcome(of: .book(request)) {
            case .booked(let booking), .moved(let booking):
                state = ConversationState(lastActivity: now)
                state.phase = .booked
                return bookedReply(booking)
            case .rejected(let error, let alternatives):
                var refused = refusal(error, alternatives)
                if error.isAboutTheSlot { refused = justTaken(refused) }
                return refused
            case .refused(let error):
                return refusal(error, [])
            case .cancelled(let cancellation):
                return cancelledReply(cancellation)  // not an outcome of a booking
            }
        case .cancel(let ref):
            return try commitCancel(ref)
        case .reschedule(let ref, let proposal), .extend(let ref, let proposal):
            return try commitMove(ref, to: proposal)
        }
    }

    /// The reply to a booking just made.
    func bookedReply(_ booking: Booking) -> Reply {
        reply([Phrase(.booked, ["slot": words.slot(booking), "ref": .text(booking.ref)])], .booked, booking: booking)
    }

    /// A refusal at commit time: someone took the slot since the summary.
    func justTaken(_ refusal: Reply) -> Reply {
        reply(
            [Phrase(.slotJustTaken)] + refusal.phrases,
            refusal.phase,
            options: refusal.options,
            handoffReason: refusal.handoffReason
        )
    }
}
