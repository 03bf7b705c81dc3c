public import BookingCore
public import BookingEngine
public import Foundation
public import Understanding

/// Reads a message and says what was understood; the intent parser, or a stand-in in tests.
public protocol MessageParser: Sendable {
    func parse(_ text: String, reference: Date, timeZone: TimeZone, expecting: Expectation) -> Parse
}

/// Who is writing: a customer known by phone, or staff acting for any member.
public struct Identity: Sendable, Equatable, Codable {
    /// E.164 or any common form; nil for staff who have not said which member.
    public var phone: String?
    public var name: String?
    /// Staff may override the last-minute cutoff and act for any member.
    public var isStaff: Bool
    /// Where the messages come from (`sms`, `clubos`, `repl`, `chat`); bookings made here carry it.
    public var channel: String
    /// The location the customer's thread was opened from (ClubOS `location_id`): the conversation's
    /// location until the customer names another.
    public var location: String?

    public init(
        phone: String? = nil,
        name: String? = nil,
        isStaff: Bool = false,
        channel: String = "chat",
        location: String? = nil
    ) {
        self.phone = phone
        self.name = name
        self.isStaff = isStaff
        self.channel = channel
        self.location = location
    }

    /// A customer writing from a phone.
    public static func customer(
        phone: String,
        name: String? = nil,
        channel: String = "chat",
        location: String? = nil
    ) -> Identity {
        Identity(phone: phone, name: name, channel: channel, location: location)
    }

    /// A staff member at the front desk.
    public static let staff = Identity(isStaff: true, channel: "repl")
}

/// Settings of the dialogue that a club may tune.
public struct DialogueSettings: Sendable {
    /// A conversation quiet for this long starts fresh; nil takes the club's policy.
    public var expiryMinutes: Int?
    /// Unknown messages in a row before handing off to a person.
    public var unknownLimit: Int
    /// Brings a customer's member record up to date before their turn.
    ///
    /// Tier and tags come from the CRM. It must not throw and should answer quickly; a CRM outage
    /// leaves the local record as it is.
    public var refreshMember: (@Sendable (String) async -> Void)?
    /// Runs after a turn's booking change has committed and before its answer goes out, with the message
    /// id: a failpoint for the crash tests (`booking serve` sets it only in debug builds).
    public var afterCommit: (@Sendable (String?) -> Void)?

    public init(
        expiryMinutes: Int? = nil,
        unknownLimit: Int = 2,
        refreshMember: (@Sendable (String) async -> Void)? = nil,
        afterCommit: (@Sendable (String?) -> Void)? = nil
    ) {
        self.expiryMinutes = expiryMinutes
        self.unknownLimit = unknownLimit
        self.refreshMember = refreshMember
        self.afterCommit = afterCommit
    }
}

/// The answer to a webhook message as sent on the wire, and whether it was a stored one.
public struct WebhookAnswer: Sendable, Equatable {
    public var status: Int
    public var body: Data
    /// True when the message had been answered before and this is the stored answer.
    public var isReplay: Bool
    /// The reply of a turn that ran now; nil for a stored answer.
    public var reply: Reply?

    public init(status: Int, body: Data, isReplay: Bool, reply: Reply?) {
        self.status = status
        self.body = body
        self.isReplay = isReplay
        self.reply = reply
    }
}

/// What went wrong driving a turn: a defect, never a customer's input.
public enum DriverError: Error, Equatable {
    /// A webhook answer was asked of a driver built without a message log.
    case noMessageLog
    /// The machine kept asking for facts (more than the most any flow needs).
    case tooManyFacts
    /// The machine asked for a fact that comes only from running a change.
    case outcomeWithoutRun
    /// The machine did not end the turn after a change's outcome.
    case turnDidNotEnd
}

/// Runs the conversation machine against the world: parses the message, fetches the facts the machine
/// asks for, runs the change it decides on, and commits the change, the conversation's next state and
/// (for a webhook) the answer in one transaction.
///
/// Callers serialise turns of one conversation; different conversations run in parallel.
public struct DialogueDriver: Sendable {
    public let machine: ConversationMachine
    let engine: BookingEngine
    let parser: any MessageParser
    let conversations: any ConversationStore
    let messages: (any MessageLog)?
    let clock: any Clock
    let settings: DialogueSettings
    let decodedStates = DecodedStates()

    /// The most facts one turn fetches; a machine asking for more has a defect, not a hard question.
    static let maxFactsPerTurn = 16

    /// A driver over the engine and stores; `messages` is needed for webhook answers only.
    public init(
        engine: BookingEngine,
        parser: any MessageParser,
        conversations: any ConversationStore,
        messages: (any MessageLog)? = nil,
        wording: ReplyWording,
        clock: any Clock,
        settings: DialogueSettings = DialogueSettings()
    ) {
        self.machine = ConversationMachine(
            club: engine.club,
            wording: wording,
            expiryMinutes: settings.expiryMinutes,
            unknownLimit: settings.unknownLimit
        )
        self.engine = engine
        self.parser = parser
        self.conversations = conversations
        self.messages = messages
        self.clock = clock
        self.settings = settings
    }

    public var club: Club { engine.club }

    /// The words of the conversation's language, for what is said outside a turn.
    public var wording: ReplyWording { machine.wording }

    /// Answers one message of conversation `id` from `identity` (the REPL, the fixtures).
    public func respond(to text: String, conversation id: String, identity: Identity) async throws -> Reply {
        let stored = try await conversations.loadConversation(id: id)
        let result = try await turn(text, conversation: id, identity: identity, stored: stored, answerAs: nil)
        if !result.isCommitted {
            try await conversations.saveConversation(id: id, state: result.data, updatedAt: result.now)
        }
        return result.reply
    }

    /// Answers webhook message `messageID` once: a retry gets the stored answer, byte for byte.
    ///
    /// The message lookup reads the conversation's state in the same round trip. A turn that changes a
    /// booking commits the answer in the change's transaction; any other turn commits it with the
    /// conversation's next state. Either way a crash keeps both or neither.
    public func answer(
        _ text: String,
        messageID: String,
        conversation id: String,
        identity: Identity,
        render: @escaping @Sendable (Reply) throws -> (status: Int, body: Data)
    ) async throws -> WebhookAnswer {
        guard let messages else { throw DriverError.noMessageLog }
        let start = try await messages.turnStart(messageID: messageID, conversationID: id)
        if let stored = start.answered {
            return WebhookAnswer(status: stored.status, body: stored.response, isReplay: true, reply: nil)
        }
        let clock = self.clock
        let answerAs = AnswerAs(messageID: messageID) { reply in
            let (status, body) = try render(reply)
            return ProcessedMessage(
                id: messageID,
                conversationID: id,
                status: status,
                response: body,
                processedAt: clock.now()
            )
        }
        let result = try await turn(
            text,
            conversation: id,
            identity: identity,
            stored: start.conversationState,
            answerAs: answerAs
        )
        let processed = try result.processed ?? answerAs.make(result.reply)
        if !result.isCommitted {
            try await messages.record(
                processed,
                conversation: ConversationSnapshot(id: id, state: result.data, updatedAt: result.now)
            )
        }
        return WebhookAnswer(status: processed.status, body: processed.response, isReplay: false, reply: result.reply)
    }

    /// The state of a conversation as the REPL's `:state` shows it.
    public func describeState(conversation id: String) async throws -> String {
        guard let data = try await conversations.loadConversation(id: id) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Forgets a conversation.
    public func reset(conversation id: String) async throws {
        try await conversations.saveConversation(id: id, state: try MachineState().encoded(), updatedAt: clock.now())
    }

    /// How a webhook's answer is made from a reply, to be recorded under the message's id.
    struct AnswerAs: Sendable {
        let messageID: String
        let make: @Sendable (Reply) throws -> ProcessedMessage
    }

    /// A turn's result: the reply, the state to save, and whether they were already committed with a change.
    struct TurnResult: Sendable {
        var reply: Reply
        var data: Data
        var now: Date
        var isCommitted: Bool
        var processed: ProcessedMessage?
    }

    /// Runs the machine over one message until it replies.
    private func turn(
        _ text: String,
        conversation id: String,
        identity: Identity,
        stored: Data?,
        answerAs: AnswerAs?
    ) async throws -> TurnResult {
        let now = clock.now()
        if !identity.isStaff, let phone = identity.phone, let refresh = settings.refreshMember { await refresh(phone) }
        let state =
            stored.flatMap { decodedStates.state(for: id, data: $0) }.map { MachineState(conversation: $0) }
            ?? MachineState.decode(stored) ?? MachineState()
        let (zone, expecting) = machine.readingContext(state, at: now)
        let parse = parser.parse(text, reference: now, timeZone: zone, expecting: expecting)
        var (next, actions) = machine.step(state, .message(Message(parse: parse, identity: identity, now: now)))
        for _ in 0...Self.maxFactsPerTurn {
            if let reply = actions.reply {
                let data = try next.encoded()
                decodedStates.remember(next.conversation, data: data, for: id)
                return TurnResult(reply: reply, data: data, now: now, isCommitted: false)
            }
            if let command = actions.command {
                let result = try await commit(command, after: next, conversation: id, now: now, answerAs: answerAs)
                settings.afterCommit?(answerAs?.messageID)
                return result
            }
            guard let request = actions.request else { throw DriverError.turnDidNotEnd }
            let value = try await fetch(request, text: text)
            (next, actions) = machine.step(next, .fact(Fact(request, value)))
        }
        throw DriverError.tooManyFacts
    }

    /// Runs a change and, in its transaction, the rest of the turn: the next state and the answer commit
    /// with it.
    private func commit(
        _ command: BookingCommand,
        after state: MachineState,
        conversation id: String,
        now: Date,
        answerAs: AnswerAs?
    ) async throws -> TurnResult {
        let machine = self.machine
        let result = try await engine.run(command, messageID: answerAs?.messageID) { transaction, outcome in
            let (next, actions) = machine.step(state, .fact(Fact(.outcome(command), .outcome(outcome))))
            guard let reply = actions.reply else { throw DriverError.turnDidNotEnd }
            let data = try next.encoded()
            try transaction.saveConversation(id: id, state: data, updatedAt: now)
            var processed: ProcessedMessage?
            if let answerAs {
                let answer = try answerAs.make(reply)
                try transaction.recordAnswer(answer)
                processed = answer
            }
            return (TurnResult(reply: reply, data: data, now: now, isCommitted: true, processed: processed), next)
        }
        decodedStates.remember(result.1.conversation, data: result.0.data, for: id)
        return result.0
    }

    /// Fetches one fact the machine asked for.
    private func fetch(_ request: FactRequest, text: String) async throws -> FactValue {
        switch request {
        case .preview(let booking): return .preview(try await engine.preview(booking))
        case .previewMove(let move): return .preview(try await engine.preview(move))
        case .availability(let query): return .slots(try await engine.availability(query))
        case .bookings(let phone, let includePast):
            return .bookings(try await engine.bookings(memberPhone: phone, includePast: includePast))
        case .booking(let ref): return .booking(try await engine.booking(ref: ref))
        case .tier(let phone): return .tier(try await engine.tier(forPhone: phone))
        case .quote(let location, let interval, let tierID):
            return .quote(try engine.quote(location: location, interval: interval, tierID: tierID))
        case .reading(let reference, let zone, let expecting):
            return .reading(parser.parse(text, reference: reference, timeZone: zone, expecting: expecting))
        case .outcome: throw DriverError.outcomeWithoutRun
        }
    }
}

extension [Action] {
    /// The reply that ends the turn, if the machine gave one.
    public var reply: Reply? {
        for case .reply(let reply) in self { return reply }
        return nil
    }

    /// The fact the machine waits for, if any.
    public var request: FactRequest? {
        for case .fetch(let request) in self { return request }
        return nil
    }

    /// The change the machine decided on, if any.
    public var command: BookingCommand? {
        for case .run(let command) in self { return command }
        return nil
    }
}
