import BookingCore
import BookingEngine
import Foundation
import Understanding

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

    public init(
        expiryMinutes: Int? = nil,
        unknownLimit: Int = 2,
        refreshMember: (@Sendable (String) async -> Void)? = nil
    ) {
        self.expiryMinutes = expiryMinutes
        self.unknownLimit = unknownLimit
        self.refreshMember = refreshMember
    }
}

/// Turns one message of a conversation into a reply, keeping the conversation's state in a store.
///
/// A turn loads the state, reads the message in the context of what was last asked, moves the
/// conversation on (asking, confirming, proposing, booking through the engine), and saves the
/// state. Callers serialise turns of one conversation; different conversations run in parallel.
public struct DialogueManager: Sendable {
    let engine: BookingEngine
    let parser: any MessageParser
    let conversations: any ConversationStore
    let clock: any Clock
    let settings: DialogueSettings
    let decodedStates = DecodedStates()

    public init(
        engine: BookingEngine,
        parser: any MessageParser,
        conversations: any ConversationStore,
        clock: any Clock,
        settings: DialogueSettings = DialogueSettings()
    ) {
        self.engine = engine
        self.parser = parser
        self.conversations = conversations
        self.clock = clock
        self.settings = settings
    }

    var club: Club { engine.club }

    /// Answers one message of conversation `id` from `identity`.
    ///
    /// With `recording`, a turn that changes a booking commits its answer with the change, and a message
    /// whose change was already made (a retry after a crash) is answered with that change.
    public func respond(
        to text: String,
        conversation id: String,
        identity: Identity,
        recording: AnswerRecording? = nil
    ) async throws -> Reply {
        let now = clock.now()
        if !identity.isStaff, let phone = identity.phone, let refresh = settings.refreshMember { await refresh(phone) }
        let stored = try await conversations.loadConversation(id: id)
        var state =
            stored.flatMap { decodedStates.state(for: id, data: $0) } ?? ConversationState.decode(stored)
            ?? ConversationState()
        if let recording, state.changeMessageID == recording.messageID,
            let change = try await engine.change(madeBy: recording.messageID)
        {
            let parse = understand(text, state: state, now: now)
            let turn = Turn(manager: self, conversationID: id, state: state, identity: identity, now: now, parse: parse)
            return turn.replyForChange(change.entry, change.booking)
        }
        var preface = ""
        if let last = state.lastActivity,
            now.timeIntervalSince(last) > Double(settings.expiryMinutes ?? club.policies.conversationExpiryMinutes)
                * 60,
            state.phase != .idle || state.isBusy
        {
            if state.isBusy { preface = Phrases.freshStart + " " }
            state = ConversationState()
        }
        let parse = understand(text, state: state, now: now)
        var turn = Turn(manager: self, conversationID: id, state: state, identity: identity, now: now, parse: parse)
        turn.preface = preface
        turn.recording = recording
        var reply = try await turn.run()
        if !reply.isRecordedWithChange { reply.text = preface + reply.text }
        turn.state.lastActivity = now
        if !turn.isStateSaved {
            let data = try turn.state.encoded()
            try await conversations.saveConversation(id: id, state: data, updatedAt: now)
            decodedStates.remember(turn.state, data: data, for: id)
        }
        return reply
    }

    /// The state of a conversation as the REPL's `:state` shows it.
    public func describeState(conversation id: String) async throws -> String {
        guard let data = try await conversations.loadConversation(id: id) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Forgets a conversation.
    public func reset(conversation id: String) async throws {
        try await conversations.saveConversation(
            id: id,
            state: try ConversationState().encoded(),
            updatedAt: clock.now()
        )
    }

    /// Reads the message in context.
    ///
    /// When a day is already agreed and the message names only a time ("8", "7:30 works"), the
    /// time is read on that day rather than today or tomorrow.
    func understand(_ text: String, state: ConversationState, now: Date) -> Parse {
        let zone = state.draft.location.flatMap { club.location($0)?.timeZone } ?? club.timeZone
        let first = parser.parse(text, reference: now, timeZone: zone, expecting: state.expecting)
        guard let agreedDay = state.draft.day ?? state.draft.start.map({ LocalDay(containing: $0, in: zone) }),
            let start = first.slots.start, first.slots.date == nil
        else { return first }
        let today = LocalDay(containing: now, in: zone)
        let saidDay = LocalDay(containing: start, in: zone)
        guard agreedDay > today, saidDay == today || saidDay == today.adding(days: 1), saidDay != agreedDay else {
            return first
        }
        let dayStart = LocalCalendar.instant(agreedDay, minuteOfDay: 0, in: zone)
        let second = parser.parse(text, reference: dayStart, timeZone: zone, expecting: state.expecting)
        guard let moved = second.slots.start, LocalDay(containing: moved, in: zone) == agreedDay else { return first }
        return second
    }
}
