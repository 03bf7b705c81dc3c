public import Foundation

/// Messages the agent has already answered, with the answer, so a retried webhook gets the same reply.
///
/// ClubOS and Twilio retry a webhook when they do not hear back in time; a message id seen before must
/// not move the conversation again (and never book twice). The server looks the id up inside the
/// conversation's turn, and records the answer together with the conversation's new state in one
/// transaction before it responds, so either both are kept or neither is.
public protocol MessageLog: Sendable {
    /// The stored answer to a message, or nil for one never answered.
    func processedMessage(id: String) async throws -> ProcessedMessage?
    /// The stored answer to a message, or else the state of its conversation, in one round trip.
    ///
    /// The first thing a webhook turn needs, in one round trip instead of two.
    func turnStart(messageID: String, conversationID: String) async throws -> TurnStart
    /// Records a message's answer and, when given, the conversation state the turn left, in one transaction.
    ///
    /// Recording an id that is already there keeps the first answer: the first reply is the one sent.
    func record(_ message: ProcessedMessage, conversation: ConversationSnapshot?) async throws
    /// Whether the store answers at all: what a health check asks.
    func ping() async throws
}

/// A message the agent answered and what it answered.
public struct ProcessedMessage: Sendable, Equatable {
    /// The channel's id, prefixed with the channel: `clubos:<message_id>`, `twilio:<MessageSid>`.
    public var id: String
    public var conversationID: String
    /// The HTTP status sent.
    public var status: Int
    /// The response body sent, byte for byte.
    public var response: Data
    public var processedAt: Date

    public init(id: String, conversationID: String, status: Int, response: Data, processedAt: Date) {
        self.id = id
        self.conversationID = conversationID
        self.status = status
        self.response = response
        self.processedAt = processedAt
    }
}

/// What a webhook turn reads before it runs: the answer if the message was answered, else the state.
public struct TurnStart: Sendable, Equatable {
    /// The stored answer when the message was answered before; the turn then does not run.
    public var answered: ProcessedMessage?
    /// The conversation's state (nil for a new conversation); not read when `answered` is set.
    public var conversationState: Data?

    public init(answered: ProcessedMessage?, conversationState: Data?) {
        self.answered = answered
        self.conversationState = conversationState
    }
}

/// A conversation's state as a turn left it, saved with the message that moved it.
public struct ConversationSnapshot: Sendable, Equatable {
    public var id: String
    /// The dialogue layer's opaque state.
    public var state: Data
    public var updatedAt: Date

    public init(id: String, state: Data, updatedAt: Date) {
        self.id = id
        self.state = state
        self.updatedAt = updatedAt
    }
}

/// Phones that texted STOP: the agent sends them nothing until they text START.
///
/// Carriers require an opt-out to hold across restarts and instances, so it lives in the store.
public protocol OptOutList: Sendable {
    func isOptedOut(phone: String) async throws -> Bool
    /// Records a STOP (`optedOut` true) or a START (false) from `phone` at `date`.
    func setOptedOut(phone: String, _ optedOut: Bool, at date: Date) async throws
}

/// Forgets what a club running for years no longer needs, so the message log stops growing.
///
/// That is answers old enough that no webhook retry can still come, and conversations idle for longer
/// than any conversation stays open. Bookings, audit, opt-outs and the outbox are kept.
public protocol Retention: Sendable {
    /// Deletes answers recorded before `answeredBefore` and conversations last saved before `idleBefore`.
    func prune(answeredBefore: Date, idleBefore: Date) async throws -> PruneReport
}

/// How many rows a prune deleted.
public struct PruneReport: Sendable, Equatable {
    public var answers: Int
    public var conversations: Int

    public init(answers: Int, conversations: Int) {
        self.answers = answers
        self.conversations = conversations
    }
}
