public import BookingCore
public import BookingEngine
import Foundation
public import Understanding

/// The agent's answer to one message: the words, and the structured facts a channel can act on.
public struct Reply: Sendable, Equatable {
    /// What the agent says, as wording keys and typed arguments.
    public var phrases: [Phrase]
    /// The phrases rendered in the conversation's language, before any channel's limits.
    public var text: String
    /// What the agent understood the message as.
    public var intent: Intent
    public var phase: Phase
    /// The booking made, changed, cancelled or about to be confirmed.
    public var booking: Booking?
    /// Numbered alternatives on offer.
    public var options: [Proposal]
    /// True when a person should take over; `handoffReason` says why.
    public var handoff: Bool
    public var handoffReason: String?

    /// The intent's name, as logs and metrics label it.
    public var intentName: String { intent.rawValue }
    /// Every intent name a reply can carry, so metrics can be set up before the first turn.
    public static let intentNames: [String] = Intent.allCases.map(\.rawValue)

    public init(
        phrases: [Phrase] = [],
        text: String,
        intent: Intent,
        phase: Phase,
        booking: Booking? = nil,
        options: [Proposal] = [],
        handoff: Bool = false,
        handoffReason: String? = nil
    ) {
        self.phrases = phrases
        self.text = text
        self.intent = intent
        self.phase = phase
        self.booking = booking
        self.options = options
        self.handoff = handoff
        self.handoffReason = handoffReason
    }
}

/// Where a reply goes; each has its own limits.
public enum Channel: String, Sendable, Equatable, Codable {
    /// Plain text under 320 characters.
    case sms
    /// Text plus structured fields.
    case clubos
    case repl
}

/// Shapes a reply's text for its channel.
public enum ReplyRenderer {
    public static let smsLimit = 320

    /// The text to send on `channel`.
    public static func text(_ reply: Reply, for channel: Channel) -> String {
        guard channel == .sms, reply.text.count > smsLimit else { return reply.text }
        // Keep whole lines while they fit: the question and the first options matter most.
        var kept = ""
        for line in reply.text.split(separator: "\n", omittingEmptySubsequences: false) {
            let next = kept.isEmpty ? String(line) : kept + "\n" + line
            if next.count > smsLimit - 1 { break }
            kept = next
        }
        if kept.isEmpty { kept = String(reply.text.prefix(smsLimit - 1)) }
        return kept + "…"
    }
}
