import BookingCore
import BookingEngine
import Foundation
import Synchronization
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
        var writer = JSONWriter()
        writer.state(self)
        let data = Data(writer.bytes)
        assert(Self.decode(data) == self, "the hand-written state JSON does not read back")
        return data
    }
}

/// The state each recently active conversation saved, with its bytes, so the next turn can skip the
/// JSON decoder when the store hands the same bytes back.
///
/// Only an optimisation: an entry is used when the stored bytes are identical to what was saved, so a
/// state written elsewhere (another process, a failed commit) is simply decoded. Two generations of
/// `capacity` entries keep memory bounded while the conversations active right now stay in.
final class DecodedStates: Sendable {
    private struct Entry {
        let data: Data
        let state: ConversationState
    }

    private struct Generations {
        var current: [String: Entry] = [:]
        var previous: [String: Entry] = [:]
    }

    private let generations = Mutex(Generations())
    private let capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = max(1, capacity)
    }

    /// The decoded state saved as `data` for conversation `id`, or nil when it is not remembered.
    func state(for id: String, data: Data) -> ConversationState? {
        generations.withLock { generations in
            guard let entry = generations.current[id] ?? generations.previous[id], entry.data == data else {
                return nil
            }
            return entry.state
        }
    }

    func remember(_ state: ConversationState, data: Data, for id: String) {
        // The retired generation is returned so that it is freed after the lock is released.
        _ = generations.withLock { generations -> [String: Entry] in
            var retired: [String: Entry] = [:]
            if generations.current.count >= capacity {
                retired = generations.previous
                generations.previous = generations.current
                generations.current = [:]
            }
            generations.current[id] = Entry(data: data, state: state)
            return retired
        }
    }
}
