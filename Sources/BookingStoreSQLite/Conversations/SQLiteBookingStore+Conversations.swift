import BookingCore
import Foundation
import GRDB

extension SQLiteBookingStore: ConversationStore {
    public func loadConversation(id: String) async throws -> Data? {
        try await pool.read { db in
            try Data.fetchOne(db, sql: "SELECT state FROM conversations WHERE id = ?", arguments: [id])
        }
    }

    public func saveConversation(id: String, state: Data, updatedAt: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO conversations (id, state, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
                    """,
                arguments: [id, state, StoredTime.milliseconds(updatedAt)]
            )
        }
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
