import BookingCore
import Foundation
import PostgresNIO

extension PostgresBookingStore: MessageLog {
    /// The stored answer to a message id, or nil.
    public func processedMessage(id: String) async throws -> ProcessedMessage? {
        try await reader.perform { try Self.processedMessage(id: id, $0) }
    }

    /// The stored answer to a message, else its conversation's state, read in one snapshot.
    public func turnStart(messageID: String, conversationID: String) async throws -> TurnStart {
        try await reader.transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { session in
            if let answered = try Self.processedMessage(id: messageID, session) {
                return TurnStart(answered: answered, conversationState: nil)
            }
            let state = try session.rows("SELECT state FROM conversations WHERE id = \(conversationID)")
                .first.map { try $0.decode(Data.self) }
            return TurnStart(answered: nil, conversationState: state)
        }
    }

    /// Records the answer and the conversation's state in one transaction; a second record of the same id,
    /// from this instance or another, keeps the first answer and leaves the conversation as the first left it.
    public func record(_ message: ProcessedMessage, conversation: ConversationSnapshot?) async throws {
        try await writer.transaction { session in
            let inserted = try session.rows(
                """
                INSERT INTO processed_messages (id, conversation_id, status, response, processed_at)
                VALUES (\(message.id), \(message.conversationID), \(message.status), \(message.response),
                    \(PostgresTransaction.milliseconds(message.processedAt)))
                ON CONFLICT (id) DO NOTHING
                RETURNING id
                """
            )
            guard !inserted.isEmpty, let conversation else { return }
            try PostgresTransaction(session: session).saveConversation(
                id: conversation.id,
                state: conversation.state,
                updatedAt: conversation.updatedAt
            )
        }
    }

    /// Runs one statement, so a health check fails when the server is gone.
    public func ping() async throws {
        try await reader.perform { try $0.execute("SELECT 1") }
    }

    private static func processedMessage(id: String, _ session: Session) throws -> ProcessedMessage? {
        let rows = try session.rows(
            "SELECT conversation_id, status, response, processed_at FROM processed_messages WHERE id = \(id)"
        )
        return try rows.first.map { row in
            let (conversationID, status, response, processedAt) = try row.decode((String, Int, Data, Int64).self)
            return ProcessedMessage(
                id: id,
                conversationID: conversationID,
                status: status,
                response: response,
                processedAt: PostgresTransaction.date(milliseconds: processedAt)
            )
        }
    }
}

extension PostgresBookingStore: OptOutList {
    /// Whether `phone`'s latest keyword was STOP.
    public func isOptedOut(phone: String) async throws -> Bool {
        try await reader.perform { !(try $0.rows("SELECT 1 FROM sms_opt_outs WHERE phone = \(phone)").isEmpty) }
    }

    /// Adds `phone` to the opt-outs (STOP) or removes it (START).
    public func setOptedOut(phone: String, _ optedOut: Bool, at date: Date) async throws {
        try await writer.perform { session in
            if optedOut {
                try session.execute(
                    """
                    INSERT INTO sms_opt_outs (phone, opted_out_at)
                    VALUES (\(phone), \(PostgresTransaction.milliseconds(date))) ON CONFLICT (phone) DO NOTHING
                    """
                )
            } else {
                try session.execute("DELETE FROM sms_opt_outs WHERE phone = \(phone)")
            }
        }
    }
}
