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
            return reply(identity.isStaff ? Phrases.askMemberPhone : Phrases.askOwnPhone, .collecting)
        }
        try fillDefaultLocation(phone: phone)
        guard let locationID = state.draft.location, let location = club.location(locationID) else {
            state.phase = .collecting
            state.expecting = .location
            let known = words.understood(state.draft)
            return reply((known.isEmpty ? "" : known + " — ") + locationQuestion(), .collecting)
        }
        guard let start = state.draft.start else {
            if let window = state.draft.window { return try offerWindow(window, at: location, phone: phone) }
            state.phase = .collecting
            state.expecting = .time
            let known = words.understood(state.draft)
            return reply((known.isEmpty ? "" : known + " — ") + timeQuestion(), .collecting)
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
            var summary = words.slot(location: proposal.locationID, bay: proposal.bay, interval: proposal.interval)
            if state.draft.minutes == nil { summary += " (\(words.duration(proposal.interval.minutes)))" }
            summary += ", \(words.players(party)), \(words.money(proposal.priceCents)). " + Phrases.replyYesToBook
            if identity.isStaff, let phone = memberPhone { summary = "For \(phone): " + summary }
            return reply(summary, .confirming)
        case .rejected(let error, let alternatives):
            return refusal(error, alternatives)
        }
    }

    /// One line on why, then the alternatives; a rule staff could lift is flagged for them.
    mutating func refusal(_ error: BookingError, _ alternatives: [Proposal]) -> Reply {
        state.pending = nil
        state.options = alternatives
        var text = error.message
        if !alternatives.isEmpty {
            text += " Here's what I can do:\n" + words.options(alternatives) + "\n" + Phrases.pickOption
            state.phase = .choosing
            state.expecting = .choice
        } else {
            state.phase = .collecting
            state.expecting = .time
            text += error.isAboutTheSlot ? " " + Phrases.askDayAndTime : ""
        }
        let overridable = error.rule == "last_minute_cutoff" && !identity.isStaff
        if overridable { text += " " + Phrases.staffOverride }
        return Reply(
            text: text,
            intent: parse.intent,
            phase: state.phase,
            options: alternatives,
            handoff: overridable,
            handoffReason: overridable ? "needs_staff_override" : nil
        )
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
                "Nothing is free at \(location.name) \(words.relativeDay(day, zone: location.timeZone)) then. "
                    + Phrases.askDayAndTime,
                .collecting
            )
        }
        state.options = picks.map {
            Proposal(locationID: $0.locationID, bay: $0.bay, interval: $0.interval, priceCents: $0.priceCents)
        }
        state.phase = .choosing
        state.expecting = .choice
        let text =
            "Free at \(location.name) \(words.relativeDay(day, zone: location.timeZone)):\n"
            + words.options(state.options) + "\n" + Phrases.pickOption
        return Reply(text: text, intent: parse.intent, phase: .choosing, options: state.options)
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
            state.draft.sources["location"] = "the location the thread was opened from"
        } else if let phone, let usual = try usualLocation(phone: phone) {
            state.draft.location = usual
            state.draft.sources["location"] = "usual location (their last booking)"
        }
    }

    /// The location of the member's latest booking, so a regular is not asked every time.
    func usualLocation(phone: String) throws(Missing) -> String? {
        if club.locations.count == 1 { return club.locations.first?.id }
        let history = try facts.bookings(memberPhone: phone, includePast: true)
        return history.max { $0.createdAt < $1.createdAt }?.locationID
    }

    func locationQuestion() -> String {
        let names = club.locations.map(\.name)
        guard let last = names.last else { return "Which location?" }
        let list = names.count > 1 ? names.dropLast().joined(separator: ", ") + " or " + last : last
        return "Which location: \(list)?"
    }

    func timeQuestion() -> String {
        if let day = state.draft.day {
            let said = words.relativeDay(day, zone: words.zone(state.draft.location))
            return said == "today" || said == "tomorrow" ? "What time \(said)?" : "What time on \(said)?"
        }
        return Phrases.askDayAndTime
    }

    /// The customer said YES: do what was summarised, re-checking at commit time.
    mutating func commit() throws(Missing) -> Reply {
        guard let pending = state.pending else { return reply(Phrases.nothingToConfirm, .idle) }
        switch pending {
        case .book(let proposal):
            guard let phone = memberPhone else { return reply(Phrases.askMemberPhone, .collecting) }
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
                if error.isAboutTheSlot { refused.text = Phrases.slotJustTaken + " " + refused.text }
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
    var bookedReply: @Sendable (Booking) -> Reply {
        let (words, intent) = (self.words, parse.intent)
        return { booking in
            let text = "Booked! \(words.slot(booking)). Your booking reference is \(booking.ref)."
            return Reply(text: text, intent: intent, phase: .booked, booking: booking)
        }
    }
}
