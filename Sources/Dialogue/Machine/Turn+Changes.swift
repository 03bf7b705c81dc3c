import BookingCore
import BookingEngine
import Foundation
import Understanding

extension Turn {
    /// Finds the booking a cancel, move or extension is about.
    ///
    /// By reference, by the day or time the customer named ("my friday one"), or the only upcoming
    /// one. Nil with a reply when it has to ask.
    mutating func findTarget(verb: String) throws(Missing) -> (Booking?, Reply?) {
        if let ref = state.targetRef ?? slots.bookingRef {
            guard let booking = try facts.booking(ref: ref), booking.status == .confirmed else {
                state = ConversationState(lastActivity: state.lastActivity)
                return (nil, reply(BookingError.notFound(ref: ref.uppercased()).message, .idle))
            }
            if !identity.isStaff, booking.memberPhone != memberPhone {
                state = ConversationState(lastActivity: state.lastActivity)
                return (nil, reply(BookingError.notFound(ref: ref.uppercased()).message, .idle))
            }
            state.targetRef = booking.ref
            return (booking, nil)
        }
        guard let phone = memberPhone else {
            state.expecting = .bookingRef
            return (nil, reply("Which booking? Send its reference, like K7Q-4M2.", .collecting))
        }
        var upcoming = try facts.bookings(memberPhone: phone).filter { $0.interval.start > now }
        let named = slots.fromDate ?? (state.flow == .cancel ? slots.date : nil)
        let namedStart = slots.fromStart ?? (state.flow == .cancel ? slots.start : nil)
        if let day = named ?? namedStart.map({ LocalDay(containing: $0, in: club.timeZone) }) {
            upcoming = upcoming.filter { LocalDay(containing: $0.interval.start, in: words.zone($0.locationID)) == day }
        }
        if let start = namedStart {
            let exact = upcoming.filter { $0.interval.start == start }
            if !exact.isEmpty { upcoming = exact }
        }
        switch upcoming.count {
        case 0:
            state = ConversationState(lastActivity: state.lastActivity)
            let text = named == nil && namedStart == nil ? Phrases.noUpcoming : "I can't find a booking of yours then."
            return (nil, reply(text, .idle))
        case 1:
            state.targetRef = upcoming[0].ref
            return (upcoming[0], nil)
        default:
            state.bookingChoices = upcoming.prefix(5).map(\.ref)
            state.phase = .choosing
            state.expecting = .choice
            let list = upcoming.prefix(5).enumerated().map { index, booking in
                "\(index + 1)) \(booking.ref): \(words.slot(booking))"
            }.joined(separator: "\n")
            return (nil, reply("Which one do you want to \(verb)?\n" + list, .choosing))
        }
    }

    mutating func advanceCancel() throws(Missing) -> Reply {
        let (found, question) = try findTarget(verb: "cancel")
        guard let booking = found else { return question ?? notUnderstood() }
        state.pending = .cancel(ref: booking.ref)
        state.phase = .confirming
        state.expecting = .confirmation
        let cutoff = Double(club.policies.cancellationCutoffMinutes) * 60
        var text = "Cancel \(booking.ref): \(words.slot(booking))? Reply YES to cancel."
        if booking.interval.start.timeIntervalSince(now) < cutoff {
            text +=
                " It's less than \(words.duration(club.policies.cancellationCutoffMinutes)) before the start, "
                + "so it can't be refunded."
        }
        return Reply(text: text, intent: parse.intent, phase: .confirming, booking: booking)
    }

    mutating func commitCancel(_ ref: String) throws(Missing) -> Reply {
        switch try facts.outcome(of: .cancel(ref: ref, isStaff: identity.isStaff)) {
        case .cancelled(let cancellation):
            state = ConversationState(lastActivity: state.lastActivity)
            state.phase = .cancelled
            return cancelledReply(cancellation)
        case .refused(let error), .rejected(let error, _):
            state = ConversationState(lastActivity: state.lastActivity)
            return reply(error.message, .idle)
        case .booked(let booking), .moved(let booking):
            return movedReply(booking)  // not an outcome of a cancellation
        }
    }

    /// The reply to a cancellation just made.
    var cancelledReply: @Sendable (Cancellation) -> Reply {
        let (words, intent) = (self.words, parse.intent)
        return { cancellation in
            let effect =
                cancellation.isLate
                ? "It was inside the cancellation cut-off, so there's no refund."
                : "You'll be refunded \(words.money(cancellation.refundCents))."
            let text = "Cancelled \(cancellation.booking.ref): \(words.slot(cancellation.booking)). \(effect)"
            return Reply(text: text, intent: intent, phase: .cancelled, booking: cancellation.booking)
        }
    }

    /// The reply to a booking just moved or extended.
    var movedReply: @Sendable (Booking) -> Reply {
        let (words, intent) = (self.words, parse.intent)
        return { booking in
            let text = "Done! \(booking.ref) is now \(words.slot(booking)), \(words.money(booking.priceCents))."
            return Reply(text: text, intent: intent, phase: .rescheduled, booking: booking)
        }
    }

    mutating func advanceReschedule() throws(Missing) -> Reply {
        let (found, question) = try findTarget(verb: "move")
        guard let booking = found else { return question ?? notUnderstood() }
        let zone = words.zone(state.draft.location ?? booking.locationID)
        let bookingDay = LocalDay(containing: booking.interval.start, in: zone)
        if let said = state.draft.start, slots.date == nil, let onBookingDay = try restated(on: bookingDay, zone: zone),
            said != onBookingDay
        {
            // "move my friday one to 8pm": a bare time means that day, not today.
            state.draft.start = onBookingDay
            state.draft.day = bookingDay
        }
        var start = state.draft.start
        if start == nil, let day = state.draft.day, state.draft.window == nil {
            // "move it to saturday": same time of day, new day.
            let minute = LocalCalendar.minuteOfDay(booking.interval.start, in: zone)
            start = LocalCalendar.instant(day, minuteOfDay: minute, in: zone)
        }
        guard let newStart = start else {
            state.phase = .collecting
            state.expecting = .time
            if state.draft.day == nil { state.draft.day = bookingDay }
            return Reply(
                text: "\(booking.ref) is \(words.slot(booking)). " + Phrases.askMoveTo,
                intent: parse.intent,
                phase: .collecting,
                booking: booking
            )
        }
        let request = RescheduleRequest(
            ref: booking.ref,
            location: state.draft.location,
            bay: state.draft.bay,
            start: newStart,
            minutes: state.draft.minutes,
            isStaff: identity.isStaff
        )
        switch try facts.preview(request) {
        case .available(let proposal):
            state.pending = .reschedule(ref: booking.ref, to: proposal)
            state.phase = .confirming
            state.expecting = .confirmation
            let text =
                "Move \(booking.ref) to \(words.slot(location: proposal.locationID, bay: proposal.bay, interval: proposal.interval))"
                + " (\(words.money(proposal.priceCents)))? Reply YES to move it."
            return Reply(text: text, intent: parse.intent, phase: .confirming, booking: booking)
        case .rejected(let error, let alternatives):
            state.draft.start = nil
            return refusal(error, alternatives)
        }
    }

    /// The message's time read on `day` instead of today, when it named no day of its own: the
    /// start it gives on `day`, or nil when reading it there lands on another day.
    func restated(on day: LocalDay, zone: TimeZone) throws(Missing) -> Date? {
        guard let start = slots.start else { return nil }
        let today = LocalDay(containing: now, in: zone)
        let said = LocalDay(containing: start, in: zone)
        guard said == today || said == today.adding(days: 1), said != day, day > today else { return nil }
        let reference = LocalCalendar.instant(day, minuteOfDay: 0, in: zone)
        let again = try facts.reading(reference: reference, timeZone: zone, expecting: state.expecting)
        guard let moved = again.slots.start, LocalDay(containing: moved, in: zone) == day else { return nil }
        return moved
    }

    mutating func advanceExtend() throws(Missing) -> Reply {
        if state.targetRef == nil, slots.bookingRef == nil, let phone = memberPhone {
            // "add 30 min": the booking under way or the next one.
            let mine = try facts.bookings(memberPhone: phone)
            if let next = mine.first { state.targetRef = next.ref }
        }
        let (found, question) = try findTarget(verb: "extend")
        guard let booking = found else { return question ?? notUnderstood() }
        let extra = state.draft.minutes ?? 30
        let request = RescheduleRequest(
            ref: booking.ref,
            minutes: booking.interval.minutes + extra,
            isStaff: identity.isStaff
        )
        switch try facts.preview(request) {
        case .available(let proposal):
            state.pending = .extend(ref: booking.ref, to: proposal)
            state.phase = .confirming
            state.expecting = .confirmation
            let zone = words.zone(booking.locationID)
            let text =
                "Extend \(booking.ref) by \(words.duration(extra)) to \(words.span(proposal.interval, zone: zone)) "
                + "(\(words.money(proposal.priceCents)) in total)? Reply YES to extend."
            return Reply(text: text, intent: parse.intent, phase: .confirming, booking: booking)
        case .rejected(let error, _):
            state = ConversationState(lastActivity: state.lastActivity)
            return reply("I can't extend \(booking.ref): " + error.message, .idle)
        }
    }

    mutating func commitMove(_ ref: String, to proposal: Proposal) throws(Missing) -> Reply {
        let request = RescheduleRequest(
            ref: ref,
            location: proposal.locationID,
            bay: proposal.bay,
            start: proposal.interval.start,
            minutes: proposal.interval.minutes,
            isStaff: identity.isStaff
        )
        switch try facts.outcome(of: .move(request)) {
        case .moved(let booking), .booked(let booking):
            state = ConversationState(lastActivity: state.lastActivity)
            state.phase = .rescheduled
            return movedReply(booking)
        case .rejected(let error, let alternatives):
            var refused = refusal(error, alternatives)
            refused.text = Phrases.slotJustTaken + " " + refused.text
            return refused
        case .refused(let error):
            state = ConversationState(lastActivity: state.lastActivity)
            return reply(error.message, .idle)
        case .cancelled(let cancellation):
            return cancelledReply(cancellation)  // not an outcome of a move
        }
    }
}
