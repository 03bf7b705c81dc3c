import BookingCore
import Foundation
import Synchronization

/// The conversation store the server hands the dialogue manager: a save made during a webhook turn is
/// held back, so the server can commit it with the message's answer in one transaction
/// (`MessageLog.record(_:conversation:)`), and the load is answered from the state the turn already
/// read with the message lookup (`MessageLog.turnStart`).
///
/// Without this, a crash between saving the state and recording the answer would let a retried message
/// move the conversation a second time. Saves outside a webhook turn (none today) go straight through.
struct CapturingConversationStore: ConversationStore {
    /// The save a turn made, if any.
    final class Capture: Sendable {
        private let saved = Mutex<ConversationSnapshot?>(nil)
        /// The conversation id and state read at the start of the turn.
        let loaded: (id: String, state: Data?)?

        init(loaded: (id: String, state: Data?)? = nil) {
            self.loaded = loaded
        }

        var snapshot: ConversationSnapshot? { saved.withLock { $0 } }

        func keep(_ snapshot: ConversationSnapshot) {
            saved.withLock { $0 = snapshot }
        }
    }

    /// The capture of the turn running in this task.
    @TaskLocal static var capture: Capture?

    let base: any ConversationStore

    func loadConversation(id: String) async throws -> Data? {
        if let loaded = Self.capture?.loaded, loaded.id == id { return loaded.state }
        return try await base.loadConversation(id: id)
    }

    func saveConversation(id: String, state: Data, updatedAt: Date) async throws {
        if let capture = Self.capture {
            capture.keep(ConversationSnapshot(id: id, state: state, updatedAt: updatedAt))
        } else {
            try await base.saveConversation(id: id, state: state, updatedAt: updatedAt)
        }
    }
}
