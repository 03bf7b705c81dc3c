public import Foundation

/// Where conversations are kept between turns, so one survives a restart of the agent.
///
/// The dialogue layer owns the state's shape and hands the store opaque bytes.
public protocol ConversationStore: Sendable {
    /// The saved state of a conversation, or nil for one never seen.
    func loadConversation(id: String) async throws -> Data?
    /// Saves a conversation's state, replacing what was there.
    func saveConversation(id: String, state: Data, updatedAt: Date) async throws
}
