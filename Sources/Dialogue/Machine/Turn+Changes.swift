import BookingCore
import BookingEngine
import Foundation
import Understanding

extension Turn {
    /// Finds the booking a cancel, move or extension is about.
    ///
    /// By reference, by the day or time the customer named ("my friday one"), or the only upcoming
    /// one. Nil with a reply when it has to ask.
    mutating func findTarget() throws(Missing) -> (Booking?, Reply?) {
        if let ref = state.targetRef ?? slots.bookingRef {
            guard let booking = try facts.booking(ref: ref), booking.status == .confirmed else {
                state = ConversationState(lastActivity: state.lastActivity)
                return (nil, reply([words.reason(.notFound(ref: ref.uppercased()))], .idle))
            }
            if !identity.isStaff, booking.memberPhone != memberPhone {
                state = ConversationState(lastActivity: state.lastActivity)
                return (nil, reply([words.reason(.notFound(ref: ref.uppercased()))], .idle))
            }
            state.targetRef = booking.ref
            return (booking, nil)
        }
        guard let phone = memberPhone else {
            state.expecting = .bookingRef
            return (nil, reply([Phrase(.askBookingRef)], .collecting))
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
            let text = Phrase(named == nil && namedStart == nil ? .noUpcoming : .noBookingThen)
            return (nil, reply([text], .idle))
        case 1:
            state.targetRef = upcoming[0].ref
            return (upcoming[0], nil)
        default:
            state.bookingChoices = upcoming.prefix(5).map(\.ref)
            state.phase = .choosing
            state.expecting = .choice
            let question: ReplyKey =
                switch state.flow {
                case .reschedule: .whichToMove
                case .extend: .whichToExtend
                default: .whichToCancel
                }
            return (nil, reply([Phrase(question)] + words.bookingLines(Array(upcoming.prefix(5))), .choosing))
        }
    }

    mutating func advanceCancel() throws(Missing) -> Reply {
        let (found, question) = try findTarget()
        guard let booking = found else { return question ?? notUnderstood() }
        state.pending = .cancel(ref: booking.ref)
        state.phase = .confirming
        state.expecting = .confirmation
        let cutoff = Double(club.policies.cancellationCutoffMinutes) * 60
        var text = [Phrase(.confirmCancel, ["ref": .text(booking.ref), "slot": words.slot(booking)])]
        if booking.interval.start.timeIntervalSince(now) < cutoff {
            text.append(Phrase(.lateCancelWarning, ["cutoff": .minutes(club.policies.cancellationCutoffMinutes)]))
        }
        return reply(text, .confirming, booking: booking)
    }

    mutating func commitCancel(_ ref: String) throws(Missing) -> Reply {
        switch try facts.outcome(of: .cancel(ref: ref, isStaff: identity.isStaff)) {
        case .cancelled(let cancellation):
            state = ConversationState(lastActivity: state.lastActivity)
            state.phase = .cancelled
            return cancelledReply(cancellation)
        case .refused(let error), .rejected(let error, _):
            state = ConversationState(lastActivity: state.lastActivity)
            return reply([words.reason(error)], .idle)
        case .booked(let booking), .moved(let booking):
            return movedReply(booking)  // not an outcome of a cancellation
        }
    }

    /// The reply to a cancellation just made.
    func cancelledReply(_ cancellation: Cancellation) -> Reply {
        let booking = cancellation.booking
        let effect =
            cancellation.isLate
            ? Phrase(.noRefund) : Phrase(.refund, ["amount": .money(cancellation.refundCents)])
        let done = Phrase(.cancelled, ["ref": .text(booking.ref), "slot": words.slot(booking)])
        return reply([done, effect], .cancelled, booking: booking)
    }

    /// The reply to a booking just moved or extended.
    func movedReply(_ booking: Booking) -> Reply {
        let done = Phrase(
            .moved,
            ["ref": .text(booking.ref), "slot": words.slot(booking), "price": .money(booking.priceCents)]
        )
        return reply([done], .rescheduled, booking: booking)
    }

    mutating func advanceReschedule() throws(Missing) -> Reply {
        let (found, question) = try findTarget()
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
            return reply(
                [Phrase(.bookingIs, ["ref": .text(booking.ref), "slot": words.slot(booking)]), Phrase(.askMoveTo)],
                .collecting,
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
            let slot = words.slot(location: proposal.locationID, bay: proposal.bay, interval: proposal.interval)
            let text = Phrase(
                .confirmMove,
                ["ref": .text(booking.ref), "slot": slot, "price": .money(proposal.priceCents)]
            )
            return reply([text], .confirming, booking: booking)
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
        let (found, question) = try findTarget()
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
            let text = Phrase(
                .confirmExtend,
                [
                    "ref": .text(booking.ref), "extra": .minutes(extra), "span": .span(proposal.interval, zone),
                    "price": .money(proposal.priceCents),
                ]
            )
            return reply([text], .confirming, booking: booking)
        case .rejected(let error, _):
            state = ConversationState(lastActivity: state.lastActivity)
            let reason = ReplyValue.phrases([words.reason(error)])
            return reply([Phrase(.cannotExtend, ["ref": .text(booking.ref), "reason": reason])], .idle)
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
            return justTaken(refusal(error, alternatives))
        case .refused(let error):
            state = ConversationState(lastActivity: state.lastActivity)
            return reply([words.reason(error)], .idle)
        case .cancelled(let cancellation):
            return cancelledReply(cancellation)  // not an outcome of a move
        }
    }
}
