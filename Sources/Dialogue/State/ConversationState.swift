import BookingCore
import BookingEngine
import Foundation
import Understanding

/// Where a conversation stands, as the channel sees it.
public enum Phase: String, Sendable, Equatable, Codable {
    /// Nothing in progress.
    case idle
    /// Asking for what is missing.
    case collecting
    /// A summary is on the table; only YES commits it.
    case confirming
    /// Numbered options are on the table.
    case choosing
    case booked
    case cancelled
    case rescheduled
    /// A question was answered (hours, prices, bookings, availability).
    case answered
    /// A person should take over.
    case handoff
}

/// The request being put together, slot by slot; each field remembers what the customer said.
struct Draft: Sendable, Equatable, Codable {
    var location: String?
    var day: LocalDay?
    var start: Date?
    var window: Interval?
    var minutes: Int?
    var partySize: Int?
    var bay: Int?
    /// Staff acting for a member give the member's phone.
    var memberPhone: String?
    var memberName: String?
    /// Where each filled slot came from ("said: bedford tomorrow at 7", "usual location", "option 2"),
    /// so `:state` and staff can see why the agent believes it.
    var sources: [String: String] = [:]

    static let defaultMinutes = 60
}

/// What a pending YES would do.
enum PendingAction: Sendable, Equatable, Codable {
    case book(Proposal)
    case cancel(ref: String)
    case reschedule(ref: String, to: Proposal)
    case extend(ref: String, to: Proposal)
}

/// Which operation the conversation is working towards.
enum Flow: String, Sendable, Equatable, Codable {
    case book, cancel, reschedule, extend
}

/// Everything the dialogue remembers between turns.
///
/// Persisted as JSON in the conversation store.
struct ConversationState: Sendable, Equatable, Codable {
    var phase: Phase = .idle
    var flow: Flow?
    var draft = Draft()
    /// The booking a cancel, reschedule or extend is about.
    var targetRef: String?
    /// Bookings offered for "which one?".
    var bookingChoices: [String] = []
    /// Slots offered instead of one that was refused.
    var options: [Proposal] = []
    var pending: PendingAction?
    var expecting: Expectation = .nothing
    var unknownStreak = 0
    var lastActivity: Date?

    /// Whether a flow is under way that a short reply could continue.
    var isBusy: Bool { flow != nil }
}

extension ConversationState {
    static func decode(_ data: Data?) -> ConversationState? {
        guard let data else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try? decoder.decode(ConversationState.self, from: data)
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }
}
