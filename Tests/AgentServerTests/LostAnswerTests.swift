import BookingCore
import Foundation
import Synchronization
import Testing

/// What a crash can lose, and why a retry makes up for it.
///
/// A turn that books, cancels or moves commits its answer in the change's transaction. Any other turn commits
/// its answer with the conversation's new state, grouped with other turns' answers: a crash before that group
/// commits loses the answer and the state together, so the retry runs the same turn from the same state.
@Suite("Answers a crash can lose")
struct LostAnswerTests {
    @Test func aTurnWhoseAnswerWasLostIsAnsweredTheSameFromTheSameState() async throws {
        let failing = FailingOnce(keys: ["clubos:lost-1"])
        let messages: (any MessageLog) -> any MessageLog = { FailingMessageLog(base: $0, failing: failing) }
        try await ServerHarness.run(messages: messages) { harness in
            let request = "bedford friday at 8pm for 2 hours, 3 of us"
            // The answer's commit fails, as a crash before the grouped commit would end it.
            let lost = try await harness.client.clubOS(request, messageID: "lost-1", thread: "t-lost")
            #expect(lost.status == 503)
            #expect(try await !harness.hasConversation("clubos:t-lost"))
            #expect(try await !harness.isRecorded("clubos:lost-1"))
            // The retry starts from the same (empty) state: the answer a first attempt would have had, which is
            // the answer the same message gets in a fresh conversation.
            let retried = try await harness.client.clubOS(request, messageID: "lost-1", thread: "t-lost")
            let control = try await harness.client.clubOS(request, messageID: "control-1", thread: "t-control")
            #expect(retried.status == 200)
            #expect(retried.body == control.body)
            #expect(retried.json["state"] as? String == "confirming")
            #expect(try await harness.isRecorded("clubos:lost-1"))
        }
    }

    @Test func aYesIsAnsweredFromItsBookingsTransactionNotTheGroupedCommit() async throws {
        // The grouped commit fails for the YES: its answer is already stored with the booking.
        let failing = FailingOnce(keys: ["clubos:yes-1"])
        let messages: (any MessageLog) -> any MessageLog = { FailingMessageLog(base: $0, failing: failing) }
        try await ServerHarness.run(messages: messages) { harness in
            _ = try await harness.client.clubOS("bedford friday at 8pm for 2 hours", messageID: "ask-1")
            let yes = try await harness.client.clubOS("yes", messageID: "yes-1")
            #expect(yes.status == 200)
            #expect(yes.json["state"] as? String == "booked")
            #expect(failing.wasUsed("clubos:yes-1") == false)
            let retried = try await harness.client.clubOS("yes", messageID: "yes-1")
            #expect(retried.body == yes.body)
            #expect(try await harness.bookings().count == 1)
        }
    }
}

/// Keys whose first grouped record fails.
final class FailingOnce: Sendable {
    private let pending: Mutex<Set<String>>
    private let used = Mutex<Set<String>>([])

    init(keys: Set<String>) {
        pending = Mutex(keys)
    }

    func shouldFail(_ key: String) -> Bool {
        let fails = pending.withLock { $0.remove(key) != nil }
        if fails { used.withLock { _ = $0.insert(key) } }
        return fails
    }

    func wasUsed(_ key: String) -> Bool { used.withLock { $0.contains(key) } }
}

/// The store's message log, with a grouped record that fails once for chosen keys.
struct FailingMessageLog: MessageLog {
    struct Crash: Error {}

    let base: any MessageLog
    let failing: FailingOnce

    func processedMessage(id: String) async throws -> ProcessedMessage? {
        try await base.processedMessage(id: id)
    }

    func turnStart(messageID: String, conversationID: String) async throws -> TurnStart {
        try await base.turnStart(messageID: messageID, conversationID: conversationID)
    }

    func record(_ message: ProcessedMessage, conversation: ConversationSnapshot?) async throws {
        if failing.shouldFail(message.id) { throw Crash() }
        try await base.record(message, conversation: conversation)
    }

    func ping() async throws { try await base.ping() }
}
