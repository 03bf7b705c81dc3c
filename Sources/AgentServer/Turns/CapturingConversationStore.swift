import BookingCore
import Foundation
import Synchronization

/// The conversation store the server hands the dialogue manager: reads go to the store, but a save made
/// during a webhook turn is held back, so the server can commit it with the message's answer in one
/// transaction (`MessageLog.record(_:conversation:)`).
///
/// Without this, a crash between saving the state and recording the answer would let a retried message
/// move the conversation a second time. Saves outside a webhook turn (none today) go straight through.
struct CapturingConversationStore: ConversationStore {
    /// The save a turn made, if any.
    final class Capture: Sendable {
        private let saved = Mutex<ConversationSnapshot?>(nil)

        var snapshot: ConversationSnapshot? { saved.withLock { $0 } }

        func keep(_ snapshot: ConversationSnapshot) {
            saved.withLock { $0 = snapshot }
        }
    }

    /// The capture of the turn running in this task.
    @TaskLocal static var capture: Capture?

    let base: any ConversationStore

    func loadConversation(id: String) async throws -> Data? {
        try await base.loadConversation(id: id)
    }

    func saveConversation(id: String, state: Data, updatedAt: Date) async throws {
        if let capture = Self.capture {
            capture.keep(ConversationSnapshot(id: id, state: state, updatedAt: updatedAt))
        } else {
            try await base.saveConversation(id: id, state: state, updatedAt: updatedAt)
        }
    }
}
