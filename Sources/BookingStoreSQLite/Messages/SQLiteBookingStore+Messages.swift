public import BookingCore
public import Foundation
import GRDB
import GRDBSQLite

extension SQLiteBookingStore: MessageLog {
    /// The stored answer to a message id, or nil.
    public func processedMessage(id: String) async throws -> ProcessedMessage? {
        try readers.read { try $0.processedMessage(id: id) }
    }

    /// The stored answer to a message, else its conversation's state: what a turn reads first.
    ///
    /// Two statements without a snapshot around them: the previous turn of the conversation committed
    /// its answer and state together before this one could start, so there is nothing to tear.
    public func turnStart(messageID: String, conversationID: String) async throws -> TurnStart {
        try readers.read { transaction in
            guard let answered = try transaction.processedMessage(id: messageID) else {
                return TurnStart(
                    answered: nil,
                    conversationState: try transaction.conversationState(id: conversationID)
                )
            }
            return TurnStart(answered: answered, conversationState: nil)
        }
    }

    /// Records the answer and the conversation's state in one `BEGIN IMMEDIATE` transaction; a second record of
    /// the same id keeps the first answer and leaves the conversation as the first one left it.
    ///
    /// Answers recorded at the same moment share a transaction (`RecordBatcher`). Like a conversation save,
    /// the answer commits with synchronous = NORMAL (no fsync of its own): it survives a crash of the
    /// process; a power cut may lose it, and then a retried message is answered again from the
    /// conversation's state. Bookings still fsync every commit.
    public func record(_ message: ProcessedMessage, conversation: ConversationSnapshot?) async throws {
        try await recorder.record(message, conversation: conversation)
    }

    /// Reads one row, so a health check fails when the file is gone or locked for longer than the busy timeout.
    public func ping() async throws {
        _ = try readOnThisThread { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }
}

extension SQLiteTransaction {
    /// Inserts a message's answer unless the id is there already, and then the conversation's state.
    func record(_ message: ProcessedMessage, conversation: ConversationSnapshot?) throws {
        try run(
            """
            INSERT INTO processed_messages (id, conversation_id, status, response, processed_at)
            VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING
            """,
            [
                .text(message.id), .text(message.conversationID), .int(message.status), .blob(message.response),
                .integer(StoredTime.milliseconds(message.processedAt)),
            ]
        )
        guard db.changesCount > 0, let conversation else { return }
        try saveConversation(id: conversation.id, state: conversation.state, updatedAt: conversation.updatedAt)
    }
}

extension SQLiteBookingStore: OptOutList {
    /// Whether `phone`'s latest keyword was STOP.
    public func isOptedOut(phone: String) async throws -> Bool {
        try readers.read { try $0.isOptedOut(phone: phone) }
    }

    /// Adds `phone` to the opt-outs (STOP) or removes it (START).
    public func setOptedOut(phone: String, _ optedOut: Bool, at date: Date) async throws {
        try await pool.write { db in
            if optedOut {
                try db.execute(
                    sql: "INSERT INTO sms_opt_outs (phone, opted_out_at) VALUES (?, ?) ON CONFLICT(phone) DO NOTHING",
                    arguments: [phone, StoredTime.milliseconds(date)]
                )
            } else {
                try db.execute(sql: "DELETE FROM sms_opt_outs WHERE phone = ?", arguments: [phone])
            }
        }
    }
}

extension Migrations {
    /// Webhook idempotency and SMS opt-outs.
    ///
    /// `processed_messages` keeps each answered message id (prefixed with its channel) with the exact response sent,
    /// so a retried webhook is answered from here without running the turn again. `sms_opt_outs` holds the phones
    /// whose last carrier keyword was STOP. Instants are Unix milliseconds.
    static func createProcessedMessages(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE processed_messages (
                    id TEXT PRIMARY KEY NOT NULL,
                    conversation_id TEXT NOT NULL,
                    status INTEGER NOT NULL,
                    response BLOB NOT NULL,
                    processed_at INTEGER NOT NULL
                ) STRICT;

                CREATE TABLE sms_opt_outs (
                    phone TEXT PRIMARY KEY NOT NULL,
                    opted_out_at INTEGER NOT NULL
                ) STRICT;
                """
        )
    }
}
