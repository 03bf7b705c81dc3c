public import BookingCore
public import Foundation
import GRDB

extension SQLiteBookingStore: ConversationStore {
    public func loadConversation(id: String) async throws -> Data? {
        try readers.read { try $0.conversationState(id: id) }
    }

    /// Saves a conversation without waiting for the disk.
    ///
    /// Bookings commit with `synchronous = FULL` (an fsync each); a conversation's state is
    /// committed with `NORMAL`: it survives a crash of the process, and the next booking's fsync
    /// makes it durable too; a power cut may lose the last turns of a chat, never a booking.
    public func saveConversation(id: String, state: Data, updatedAt: Date) async throws {
        try await pool.writeWithoutTransaction { db in
            try SQLiteTransaction.withoutFsync(db) {
                try SQLiteTransaction(db).saveConversation(id: id, state: state, updatedAt: updatedAt)
            }
        }
    }
}

extension SQLiteTransaction {
    /// Runs `body` in one `BEGIN IMMEDIATE` transaction committed with `synchronous = NORMAL`.
    ///
    /// For what may lose its last commits on a power cut (chat state, webhook answers), never for bookings.
    static func withoutFsync(_ db: Database, _ body: () throws -> Void) throws {
        let transaction = SQLiteTransaction(db)
        try transaction.run("PRAGMA synchronous = NORMAL")
        defer { try? transaction.run("PRAGMA synchronous = FULL") }
        try db.inTransaction(.immediate) {
            try body()
            return .commit
        }
    }

    func saveConversation(id: String, state: Data, updatedAt: Date) throws {
        try run(
            """
            INSERT INTO conversations (id, state, updated_at) VALUES (?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
            """,
            [.text(id), .blob(state), .integer(StoredTime.milliseconds(updatedAt))]
        )
    }
}

extension Migrations {
    /// Conversation state per conversation id (a ClubOS thread, a phone, a REPL session), as the
    /// dialogue layer's JSON, so a conversation survives a restart.
    static func createConversations(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE conversations (
                    id TEXT PRIMARY KEY NOT NULL,
                    state BLOB NOT NULL,
                    updated_at INTEGER NOT NULL
                ) STRICT;
                """
        )
    }
}
