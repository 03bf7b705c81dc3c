import BookingCore
import BookingEngine
import Foundation
import Understanding

/// One message being handled: the state it started from, who wrote it, and what was understood.
struct Turn {
    let manager: DialogueManager
    let conversationID: String
    var state: ConversationState
    let identity: Identity
    let now: Date
    let parse: Parse
    /// True when the state after this turn was already saved with the booking it made.
    var isStateSaved = false
    /// Said before the reply ("welcome back" after an expired conversation).
    var preface = ""
    /// The webhook message this turn answers, whose answer commits with any change the turn makes.
    var recording: AnswerRecording?

    init(
        manager: DialogueManager,
        conversationID: String,
        state: ConversationState,
        identity: Identity,
        now: Date,
        parse: Parse
    ) {
        self.manager = manager
        self.conversationID = conversationID
        self.state = state
        self.identity = identity
        self.now = now
        self.parse = parse
    }

    var engine: BookingEngine { manager.engine }
    var club: Club { manager.club }
    var words: Wording { Wording(club: club, now: now) }
    var slots: Slots { parse.slots }

    /// The member the conversation acts for: the customer, or the member staff named.
    var memberPhone: String? {
        if identity.isStaff { return state.draft.memberPhone ?? slots.phone.flatMap(PhoneNumber.e164) }
        return identity.phone.flatMap(PhoneNumber.e164) ?? state.draft.memberPhone
            ?? slots.phone.flatMap(PhoneNumber.e164)
    }

    /// Whether the message carries anything that could change a request in progress.
    var carriesDetails: Bool {
        let details = slots
        return details.start != nil || details.date != nil || details.windowStart != nil
            || details.durationMinutes != nil || details.partySize != nil || details.bay != nil
            || details.location != nil || details.phone != nil
    }

    mutating func run() async throws -> Reply {
        if parse.intent != .unknown { state.unknownStreak = 0 }
        switch parse.intent {
        case .unknown:
            if state.isBusy && carriesDetails { return try await continueFlow() }
            return notUnderstood()
        case .greeting:
            // A bare name or phone reads as a greeting; in a flow it is an answer.
            if state.isBusy && carriesDetails { return try await continueFlow() }
            if state.isBusy { return try await reask(prefix: "Hi! ") }
            return reply(Phrases.greeting, .idle)
        case .thanks:
            if state.isBusy, state.pending != nil { return try await reask(prefix: "") }
            return reply(Phrases.thanks, .idle)
        case .help:
            return reply(Phrases.help, state.phase == .idle ? .idle : state.phase)
        case .human:
            state = ConversationState()
            return Reply(
                text: Phrases.handoffHuman,
                intent: parse.intent,
                phase: .handoff,
                handoff: true,
                handoffReason: "asked_for_human"
            )
        case .confirm:
            if state.pending != nil { return try await commit() }
            if state.isBusy {
                if carriesDetails { return try await continueFlow() }
                if state.options.count == 1 { return try await choose(1) }
                return try await reask(prefix: "")
            }
            return reply(Phrases.nothingToConfirm, .idle)
        case .deny:
            return try await deny()
        case .choose:
            if let choice = slots.choice { return try await choose(choice) }
            if state.isBusy { return try await continueFlow() }
            return notUnderstood()
        case .book:
            if state.flow == .reschedule || state.flow == .extend || state.flow == .book {
                return try await continueFlow()
            }
            startFlow(.book)
            return try await advanceBooking()
        case .availability:
            return try await answerAvailability()
        case .pricing:
            return try await answerPricing()
        case .hours:
            return answerHours()
        case .listBookings:
            return try await listBookings()
        case .cancel:
            startFlow(.cancel)
            return try await advanceCancel()
        case .reschedule:
            startFlow(.reschedule)
            return try await advanceReschedule()
        case .extend:
            startFlow(.extend)
            return try await advanceExtend()
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
    mutating func continueFlow() async throws -> Reply {
        merge(slots)
        state.pending = nil
        switch state.flow {
        case .book, nil:
            state.flow = .book
            return try await advanceBooking()
        case .cancel:
            return try await advanceCancel()
        case .reschedule:
            return try await advanceReschedule()
        case .extend:
            return try await advanceExtend()
        }
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
        let quote = "said: " + String(parse.text.prefix(60))
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
        if state.unknownStreak >= manager.settings.unknownLimit {
            state = ConversationState()
            return Reply(
                text: Phrases.handoffConfused,
                intent: .unknown,
                phase: .handoff,
                handoff: true,
                handoffReason: "not_understood"
            )
        }
        if state.isBusy {
            return Reply(text: Phrases.notUnderstood + " " + question(), intent: .unknown, phase: state.phase)
        }
        return reply(Phrases.notUnderstoodIdle, .idle)
    }

    mutating func deny() async throws -> Reply {
        if carriesDetails, state.isBusy { return try await continueFlow() }
        if state.pending != nil, state.flow == .book {
            state.pending = nil
            state.phase = .collecting
            state.expecting = .nothing
            return reply(Phrases.whatToChange, .collecting)
        }
        if !state.options.isEmpty {
            state.options = []
            state.phase = .collecting
            state.expecting = .time
            return reply("OK. " + Phrases.askDayAndTime, .collecting)
        }
        state = ConversationState(lastActivity: state.lastActivity)
        return reply(Phrases.stopped, .idle)
    }

    /// Picks a numbered option: an alternative slot or one of the member's bookings.
    mutating func choose(_ number: Int) async throws -> Reply {
        if !state.bookingChoices.isEmpty {
            guard (1...state.bookingChoices.count).contains(number) else {
                return reply("Please reply with a number from 1 to \(state.bookingChoices.count).", state.phase)
            }
            state.targetRef = state.bookingChoices[number - 1]
            state.bookingChoices = []
            switch state.flow {
            case .cancel: return try await advanceCancel()
            case .reschedule: return try await advanceReschedule()
            case .extend: return try await advanceExtend()
            default: return try await reask(prefix: "")
            }
        }
        guard !state.options.isEmpty else {
            if state.isBusy && carriesDetails { return try await continueFlow() }
            return notUnderstood()
        }
        guard (1...state.options.count).contains(number) else {
            return reply("Please reply with a number from 1 to \(state.options.count).", state.phase)
        }
        let option = state.options[number - 1]
        for slot in ["location", "bay", "start", "day", "minutes"] { state.draft.sources[slot] = "option \(number)" }
        state.draft.location = option.locationID
        state.draft.bay = option.bay
        state.draft.start = option.interval.start
        state.draft.minutes = option.interval.minutes
        state.draft.window = nil
        state.draft.day = LocalDay(containing: option.interval.start, in: words.zone(option.locationID))
        state.options = []
        switch state.flow {
        case .reschedule: return try await advanceReschedule()
        case .extend: return try await advanceExtend()
        default:
            state.flow = .book
            return try await advanceBooking()
        }
    }

    /// Repeats the current question, after a greeting or a message that changed nothing.
    mutating func reask(prefix: String) async throws -> Reply {
        reply(prefix + question(), state.phase)
    }

    /// The question the conversation is waiting on.
    func question() -> String {
        if state.pending != nil { return "Reply YES to go ahead, or tell me what to change." }
        if !state.options.isEmpty || !state.bookingChoices.isEmpty { return Phrases.pickOption }
        switch state.expecting {
        case .location: return locationQuestion()
        case .time, .day: return timeQuestion()
        case .bookingRef: return Phrases.whichBooking
        default: return Phrases.askDayAndTime
        }
    }

    func reply(_ text: String, _ phase: Phase) -> Reply {
        Reply(text: text, intent: parse.intent, phase: phase)
    }
}
