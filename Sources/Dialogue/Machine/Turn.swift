import BookingCore
import BookingEngine
import Foundation
import Understanding

/// One message being handled: the state it started from, who wrote it, what was understood, and the
/// facts fetched for it so far.
///
/// Replayed from the start each time a fact arrives.
struct Turn {
    let machine: ConversationMachine
    var state: ConversationState
    let identity: Identity
    let now: Date
    /// The message as read; `readInContext` may replace it with a reading on the day already agreed.
    var parse: Parse
    let facts: TurnFacts
    /// The writer's phone and the phone the message names, in E.164: read once, asked for often.
    let writerPhone: String?
    var saidPhone: String?

    init(machine: ConversationMachine, progress: TurnInProgress) {
        self.machine = machine
        state = progress.start
        identity = progress.message.identity
        now = progress.message.now
        parse = progress.message.parse
        facts = TurnFacts(given: progress.facts)
        words = Wording(club: machine.club, now: progress.message.now, language: machine.wording)
        writerPhone = progress.message.identity.phone.flatMap(PhoneNumber.e164)
        saidPhone = progress.message.parse.slots.phone.flatMap(PhoneNumber.e164)
    }

    var club: Club { machine.club }
    /// The club's places and times as reply values, in the conversation's language.
    let words: Wording
    var slots: Slots { parse.slots }

    /// The member the conversation acts for: the customer, or the member staff named.
    var memberPhone: String? {
        if identity.isStaff { return state.draft.memberPhone ?? saidPhone }
        return writerPhone ?? state.draft.memberPhone ?? saidPhone
    }

    /// Whether the message carries anything that could change a request in progress.
    var carriesDetails: Bool {
        let details = slots
        return details.start != nil || details.date != nil || details.windowStart != nil
            || details.durationMinutes != nil || details.partySize != nil || details.bay != nil
            || details.location != nil || details.phone != nil
    }

    mutating func run() throws(Missing) -> Reply {
        try readInContext()
        if parse.intent != .unknown { state.unknownStreak = 0 }
        switch parse.intent {
        case .unknown:
            if state.isBusy && carriesDetails { return try continueFlow() }
            return notUnderstood()
        case .greeting:
            // A bare name or phone reads as a greeting; in a flow it is an answer.
            if state.isBusy && carriesDetails { return try continueFlow() }
            if state.isBusy { return try reask(prefix: [Phrase(.hello)]) }
            return reply([Phrase(.greeting)], .idle)
        case .thanks:
            if state.isBusy, state.pending != nil { return try reask(prefix: []) }
            return reply([Phrase(.thanks)], .idle)
        case .help:
            return reply([Phrase(.help)], state.phase == .idle ? .idle : state.phase)
        case .human:
            state = ConversationState()
            return reply([Phrase(.handoffHuman)], .handoff, handoffReason: "asked_for_human")
        case .confirm:
            if state.pending != nil { return try commit() }
            if state.isBusy {
                if carriesDetails { return try continueFlow() }
                if state.options.count == 1 { return try choose(1) }
                return try reask(prefix: [])
            }
            return reply([Phrase(.nothingToConfirm)], .idle)
        case .deny:
            return try deny()
        case .choose:
            if let choice = slots.choice { return try choose(choice) }
            if state.isBusy { return try continueFlow() }
            return notUnderstood()
        case .book:
            if state.flow == .reschedule || state.flow == .extend || state.flow == .book {
                return try continueFlow()
            }
            startFlow(.book)
            return try advanceBooking()
        case .availability:
            return try answerAvailability()
        case .pricing:
            return try answerPricing()
        case .hours:
            return answerHours()
        case .listBookings:
            return try listBookings()
        case .cancel:
            startFlow(.cancel)
            return try advanceCancel()
        case .reschedule:
            startFlow(.reschedule)
            return try advanceReschedule()
        case .extend:
            startFlow(.extend)
            return try advanceExtend()
        }
    }

    /// Starts a new flow; a booking keeps the details already given, so "actually, cancel that"
    /// followed by "book it for 8" does not lose the day.
    mutating func startFlow(_ flow: Flow) {
        let keep = state.flow == .book && flow == .book ? state.draft : Draft()
        state = ConversationState(unknownStreak: state.unknownStreak, lastActivity: state.lastActivity)
        state.flow = flow
        state.draft = keep
        if identity.isStaff, let phone = slots.phone.flatMap(PhoneNumber.e164) { state.draft.memberPhone = phone }
        merge(slots)
    }

    /// A message that changes details of the flow in progress (a correction or an answer).
    mutating func continueFlow() throws(Missing) -> Reply {
        if let question = readInsideListedWindow() { return question }
        merge(slots)
        state.pending = nil
        switch state.flow {
        case .book, nil:
            state.flow = .book
            return try advanceBooking()
        case .cancel:
            return try advanceCancel()
        case .reschedule:
            return try advanceReschedule()
        case .extend:
            return try advanceExtend()
        }
    }

    /// A bare time said right after the free times of a window were listed is read inside that window.
    ///
    /// "2" after Friday night's times is not 2 pm. The other half of the day is taken when it falls inside;
    /// otherwise the agent asks (the reply), rather than book a time the customer did not look at.
    mutating func readInsideListedWindow() -> Reply? {
        guard state.phase == .answered, let window = state.draft.window, let start = slots.start,
            slots.date == nil, slots.windowStart == nil, !Self.holds(window, start)
        else { return nil }
        for shift in [12.0, -12.0] {
            let moved = start.addingTimeInterval(shift * 3600)
            if Self.holds(window, moved) {
                parse.slots.start = moved
                parse.slots.end = parse.slots.end?.addingTimeInterval(shift * 3600)
                return nil
            }
        }
        let zone = words.zone(state.draft.location)
        state.expecting = .time
        let day = words.day(LocalDay(containing: window.start, in: zone), zone: zone)
        return reply(
            [Phrase(.outsideListedWindow, ["time": .time(start, zone), "day": day, "window": .span(window, zone)])],
            .answered
        )
    }

    static func holds(_ window: Interval, _ instant: Date) -> Bool {
        window.start <= instant && instant < window.end
    }

    /// Puts what the message said into the draft; a later detail replaces an earlier one.
    mutating func merge(_ said: Slots) {
        var draft = state.draft
        let zone = words.zone(said.location ?? draft.location)
        if let location = said.location {
            // A move to another location keeps the time but not the bay.
            if draft.location != nil, draft.location != location, said.bay == nil { draft.bay = nil }
            draft.location = location
        }
        if let start = said.start {
            draft.start = start
            draft.day = LocalDay(containing: start, in: zone)
            draft.window = nil
            if let end = said.end, end > start { draft.minutes = Int(end.timeIntervalSince(start) / 60) }
        } else if let day = said.date, said.windowStart == nil {
            if let previous = draft.start {
                let minute = LocalCalendar.minuteOfDay(previous, in: zone)
                draft.start = LocalCalendar.instant(day, minuteOfDay: minute, in: zone)
            }
            draft.day = day
        }
        if said.start == nil, let windowStart = said.windowStart {
            let windowEnd =
                said.windowEnd ?? LocalCalendar.span(of: LocalDay(containing: windowStart, in: zone), in: zone).end
            draft.window = Interval(start: windowStart, end: windowEnd)
            draft.day = said.date ?? LocalDay(containing: windowStart, in: zone)
            draft.start = nil
        }
        if let minutes = said.durationMinutes { draft.minutes = minutes }
        if let party = said.partySize { draft.partySize = party }
        if let bay = said.bay { draft.bay = bay }
        if let phone = said.phone.flatMap(PhoneNumber.e164) { draft.memberPhone = phone }
        if let name = said.name { draft.memberName = name }
        let quote = "said:" + String(parse.text.prefix(60))
        let filled: [(String, Bool)] = [
            ("location", said.location != nil), ("start", said.start != nil),
            ("day", said.date != nil || said.start != nil || said.windowStart != nil),
            ("window", said.windowStart != nil), ("minutes", said.durationMinutes != nil),
            ("party", said.partySize != nil), ("bay", said.bay != nil), ("member", said.phone != nil),
        ]
        for (slot, isFilled) in filled where isFilled { draft.sources[slot] = quote }
        state.draft = draft
    }

    mutating func notUnderstood() -> Reply {
        state.unknownStreak += 1
        if state.unknownStreak >= machine.unknownLimit {
            state = ConversationState()
            return reply([Phrase(.handoffConfused)], .handoff, handoffReason: "not_understood")
        }
        if state.isBusy {
            return reply([Phrase(.notUnderstood)] + question(), state.phase)
        }
        return reply([Phrase(.notUnderstoodIdle)], .idle)
    }

    mutating func deny() throws(Missing) -> Reply {
        if carriesDetails, state.isBusy { return try continueFlow() }
        if state.pending != nil, state.flow == .book {
            state.pending = nil
            state.phase = .collecting
            state.expecting = .nothing
            return reply([Phrase(.whatToChange)], .collecting)
        }
        if !state.options.isEmpty {
            state.options = []
            state.phase = .collecting
            state.expecting = .time
            return reply([Phrase(.okay), Phrase(.askDayAndTime)], .collecting)
        }
        state = ConversationState(lastActivity: state.lastActivity)
        return reply([Phrase(.stopped)], .idle)
    }

    /// Picks a numbered option: an alternative slot or one of the member's bookings.
    mutating func choose(_ number: Int) throws(Missing) -> Reply {
        if !state.bookingChoices.isEmpty {
            guard (1...state.bookingChoices.count).contains(number) else {
                return reply([Phrase(.pickNumberRange, ["count": .count(state.bookingChoices.count)])], state.phase)
            }
            state.targetRef = state.bookingChoices[number - 1]
            state.bookingChoices = []
            switch state.flow {
            case .cancel: return try advanceCancel()
            case .reschedule: return try advanceReschedule()
            case .extend: return try advanceExtend()
            default: return try reask(prefix: [])
            }
        }
        guard !state.options.isEmpty else {
            if state.isBusy && carriesDetails { return try continueFlow() }
            return notUnderstood()
        }
        guard (1...state.options.count).contains(number) else {
            return reply([Phrase(.pickNumberRange, ["count": .count(state.options.count)])], state.phase)
        }
        let option = state.options[number - 1]
        for slot in ["location", "bay", "start", "day", "minutes"] { state.draft.sources[slot] = "option:\(number)" }
        state.draft.location = option.locationID
        state.draft.bay = option.bay
        state.draft.start = option.interval.start
        state.draft.minutes = option.interval.minutes
        state.draft.window = nil
        state.draft.day = LocalDay(containing: option.interval.start, in: words.zone(option.locationID))
        state.options = []
        switch state.flow {
        case .reschedule: return try advanceReschedule()
        case .extend: return try advanceExtend()
        default:
            state.flow = .book
            return try advanceBooking()
        }
    }

    /// Repeats the current question, after a greeting or a message that changed nothing.
    mutating func reask(prefix: [Phrase]) throws(Missing) -> Reply {
        reply(prefix + question(), state.phase)
    }

    /// The question the conversation is waiting on.
    func question() -> [Phrase] {
        if state.pending != nil { return [Phrase(.confirmQuestion)] }
        if !state.options.isEmpty || !state.bookingChoices.isEmpty { return [Phrase(.pickOption)] }
        switch state.expecting {
        case .location: return locationQuestion()
        case .time, .day: return timeQuestion()
        case .bookingRef: return [Phrase(.whichBooking)]
        default: return [Phrase(.askDayAndTime)]
        }
    }

    /// Reads the message in context.
    ///
    /// When a day is already agreed and the message names only a time ("8", "7:30 works"), the time is read
    /// on that day rather than today or tomorrow.
    mutating func readInContext() throws(Missing) {
        let zone = state.draft.location.flatMap { club.location($0)?.timeZone } ?? club.timeZone
        guard let agreedDay = state.draft.day ?? state.draft.start.map({ LocalDay(containing: $0, in: zone) }),
            let start = slots.start, slots.date == nil
        else { return }
        let today = LocalDay(containing: now, in: zone)
        let saidDay = LocalDay(containing: start, in: zone)
        guard agreedDay > today, saidDay == today || saidDay == today.adding(days: 1), saidDay != agreedDay else {
            return
        }
        let dayStart = LocalCalendar.instant(agreedDay, minuteOfDay: 0, in: zone)
        let second = try facts.reading(reference: dayStart, timeZone: zone, expecting: state.expecting)
        guard let moved = second.slots.start, LocalDay(containing: moved, in: zone) == agreedDay else { return }
        parse = second
        saidPhone = second.slots.phone.flatMap(PhoneNumber.e164)
    }

    /// A reply of `phrases`, rendered in the conversation's language.
    func reply(
        _ phrases: [Phrase],
        _ phase: Phase,
        booking: Booking? = nil,
        options: [Proposal] = [],
        handoffReason: String? = nil
    ) -> Reply {
        Reply(
            phrases: phrases,
            text: words.language.render(phrases),
            intent: parse.intent,
            phase: phase,
            booking: booking,
            options: options,
            handoff: handoffReason != nil,
            handoffReason: handoffReason
        )
    }
}
