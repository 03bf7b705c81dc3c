public import BookingCore
public import BookingEngine
public import Foundation
public import Understanding

/// A message as the machine sees it: already read by the parser, with who wrote it and when.
public struct Message: Sendable, Equatable {
    public var parse: Parse
    public var identity: Identity
    /// The time the message is answered at: the driver's clock.
    public var now: Date

    public init(parse: Parse, identity: Identity, now: Date) {
        self.parse = parse
        self.identity = identity
        self.now = now
    }
}

/// A fact the machine needs from outside to go on: the driver fetches it and feeds it back.
public enum FactRequest: Sendable, Equatable {
    /// Whether a booking request would succeed, without writing it.
    case preview(BookingRequest)
    /// Whether a move or an extension would succeed, without writing it.
    case previewMove(RescheduleRequest)
    /// The free slots a search finds.
    case availability(AvailabilityQuery)
    /// A member's bookings that have not ended (all of them with `includePast`).
    case bookings(phone: String, includePast: Bool)
    /// One booking by reference.
    case booking(ref: String)
    /// The member's tier.
    case tier(phone: String)
    /// The price of a slot for a tier.
    case quote(location: String, interval: Interval, tierID: String?)
    /// The message read again against another reference time ("8" when the day agreed is Saturday).
    case reading(reference: Date, timeZone: TimeZone, expecting: Expectation)
    /// What came of a change the machine asked the driver to run (`Action.run`).
    case outcome(BookingCommand)
}

/// A fetched fact's value.
public enum FactValue: Sendable {
    case preview(PreviewOutcome)
    case slots([Slot])
    case bookings([Booking])
    case booking(Booking?)
    case tier(Tier?)
    case quote(PriceQuote)
    case reading(Parse)
    case outcome(CommandOutcome)
}

/// A fact the driver fetched: the request it answers and its value.
public struct Fact: Sendable {
    public var request: FactRequest
    public var value: FactValue

    public init(_ request: FactRequest, _ value: FactValue) {
        self.request = request
        self.value = value
    }
}

/// What reaches the machine: a message, or a fact it asked for.
public enum Event: Sendable {
    case message(Message)
    case fact(Fact)
}

/// What the machine asks the driver to do.
public enum Action: Sendable, Equatable {
    /// Fetch a fact and feed it back as `Event.fact`.
    case fetch(FactRequest)
    /// Make a booking change, commit it with the conversation's next state (and the webhook's answer), and
    /// feed its outcome back as `Event.fact` inside that transaction.
    case run(BookingCommand)
    /// Answer the message; the turn is over and the state is the one to save.
    case reply(Reply)
    /// A person should take over (the reply says so to the customer).
    case handOff(reason: String)
}

/// Where a conversation stands: what it remembers between turns, and the turn under way.
public struct MachineState: Sendable {
    /// What the conversation remembers between turns (saved as JSON).
    var conversation: ConversationState
    /// The message being answered and the facts fetched for it; nil between turns.
    var turn: TurnInProgress?

    /// A conversation that has not started.
    public init() {
        conversation = ConversationState()
    }

    init(conversation: ConversationState) {
        self.conversation = conversation
    }

    /// Whether a turn is waiting on a fact.
    public var isMidTurn: Bool { turn != nil }

    /// The state as the store keeps it between turns.
    public func encoded() throws -> Data { try conversation.encoded() }

    /// A state the store kept; nil for bytes that do not read (the conversation then starts fresh).
    public static func decode(_ data: Data?) -> MachineState? {
        ConversationState.decode(data).map { MachineState(conversation: $0) }
    }

    /// The phase of the conversation, as a channel shows it.
    public var phase: Phase { conversation.phase }
}

/// A message being answered: the state it started from, and the facts fetched so far.
struct TurnInProgress: Sendable {
    var start: ConversationState
    var message: Message
    /// A busy conversation was quiet past the expiry and starts fresh: the reply says so first.
    var isFresh: Bool
    var facts: [Fact]
}

/// The conversation as a pure machine: `(state, event) -> (state, [action])`.
///
/// No clock, store, engine or parser inside: the driver parses the message, fetches the facts the machine
/// asks for and runs the changes it decides on, so every path can be tested as a table of events and
/// actions. A turn is replayed from its start each time a fact arrives, which keeps the flows written as
/// straight-line code while the I/O stays outside.
public struct ConversationMachine: Sendable {
    public let club: Club
    /// The words of the conversation's language.
    public let wording: ReplyWording
    /// A conversation quiet for this long starts fresh; nil takes the club's policy.
    public var expiryMinutes: Int?
    /// Unknown messages in a row before handing off to a person.
    public var unknownLimit: Int

    public init(club: Club, wording: ReplyWording, expiryMinutes: Int? = nil, unknownLimit: Int = 2) {
        self.club = club
        self.wording = wording
        self.expiryMinutes = expiryMinutes
        self.unknownLimit = unknownLimit
    }

    /// How the next message should be read in `state` at `now`: the zone of the conversation's location and
    /// what the last question expects.
    public func readingContext(_ state: MachineState, at now: Date) -> (timeZone: TimeZone, expecting: Expectation) {
        let (conversation, _) = afterExpiry(state.conversation, at: now)
        let zone = conversation.draft.location.flatMap { club.location($0)?.timeZone } ?? club.timeZone
        return (zone, conversation.expecting)
    }

    /// Moves the conversation on by one event.
    public func step(_ state: MachineState, _ event: Event) -> (MachineState, [Action]) {
        var state = state
        switch event {
        case .message(let message):
            let (start, isFresh) = afterExpiry(state.conversation, at: message.now)
            state.turn = TurnInProgress(start: start, message: message, isFresh: isFresh, facts: [])
        case .fact(let fact):
            guard var turn = state.turn else { return (state, []) }  // a fact nobody waits for changes nothing
            turn.facts.append(fact)
            state.turn = turn
        }
        return resume(state)
    }

    /// Runs the turn under way from its start with the facts it has; it ends with a reply or asks for more.
    private func resume(_ state: MachineState) -> (MachineState, [Action]) {
        guard let inProgress = state.turn else { return (state, []) }
        var turn = Turn(machine: self, progress: inProgress)
        do {
            var reply = try turn.run()
            if inProgress.isFresh {
                reply.phrases.insert(Phrase(.freshStart), at: 0)
                reply.text = wording.render(reply.phrases)
            }
            turn.state.lastActivity = inProgress.message.now
            var actions: [Action] = [.reply(reply)]
            if reply.handoff { actions.append(.handOff(reason: reply.handoffReason ?? "handoff")) }
            return (MachineState(conversation: turn.state), actions)
        } catch {
            if case .outcome(let command) = error.request { return (state, [.run(command)]) }
            return (state, [.fetch(error.request)])
        }
    }

    /// The conversation a message finds: a busy one quiet for longer than the expiry starts fresh, with a
    /// welcome back.
    private func afterExpiry(_ conversation: ConversationState, at now: Date) -> (ConversationState, Bool) {
        guard let last = conversation.lastActivity,
            now.timeIntervalSince(last) > Double(expiryMinutes ?? club.policies.conversationExpiryMinutes) * 60,
            conversation.phase != .idle || conversation.isBusy
        else { return (conversation, false) }
        return (ConversationState(), conversation.isBusy)
    }
}

/// A fact the turn needs and does not have yet.
struct Missing: Error {
    let request: FactRequest
}
