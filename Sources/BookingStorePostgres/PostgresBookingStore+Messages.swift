public import BookingCore
public import Foundation
import PostgresNIO

extension PostgresBookingStore: MessageLog {
    /// The stored answer to a message id, or nil.
    public func processedMessage(id: String) async throws -> ProcessedMessage? {
        try await reader.perform { try Self.processedMessage(id: id, $0) }
    }

    /// The stored answer to a message, else its conversation's state: one statement, so one snapshot.
    public func turnStart(messageID: String, conversationID: String) async throws -> TurnStart {
        try await reader.perform { session in
            let rows = try session.rows(
                """
                SELECT p.conversation_id, p.status, p.response, p.processed_at,
                    CASE WHEN p.id IS NULL THEN c.state END
                FROM (SELECT \(messageID)::text AS id) wanted
                LEFT JOIN processed_messages p ON p.id = wanted.id
                LEFT JOIN conversations c ON c.id = \(conversationID)
                """
            )
            guard let row = rows.first else { return TurnStart(answered: nil, conversationState: nil) }
            let (conversation, status, response, processedAt, state) = try row.decode(
                (String?, Int?, Data?, Int64?, Data?).self
            )
            guard let conversation, let status, let response, let processedAt else {
                return TurnStart(answered: nil, conversationState: state)
            }
            return TurnStart(
                answered: ProcessedMessage(
                    id: messageID,
                    conversationID: conversation,
                    status: status,
                    response: response,
                    processedAt: PostgresTransaction.date(milliseconds: processedAt)
                ),
                conversationState: nil
            )
        }
    }

    /// Records the answer and the conversation's state in one statement; a second record of the same id,
    /// from this instance or another, keeps the first answer and leaves the conversation as the first left it.
    public func record(_ message: ProcessedMessage, conversation: ConversationSnapshot?) async throws {
        let processedAt = PostgresTransaction.milliseconds(message.processedAt)
        try await writer.perform { session in
            guard let conversation else {
                try session.execute(
                    """
                    INSERT INTO processed_messages (id, conversation_id, status, response, processed_at)
                    VALUES (\(message.id), \(message.conversationID), \(message.status), \(message.response),
                        \(processedAt))
                    ON CONFLICT (id) DO NOTHING
                    """
                )
                return
            }
            try session.execute(
                """
                WITH answered AS (
                    INSERT INTO processed_messages (id, conversation_id, status, response, processed_at)
                    VALUES (\(message.id), \(message.conversationID), \(message.status), \(message.response),
                        \(processedAt))
                    ON CONFLICT (id) DO NOTHING
                    RETURNING id
                )
                INSERT INTO conversations (id, state, updated_at)
                SELECT \(conversation.id), \(conversation.state), \(PostgresTransaction.milliseconds(conversation.updatedAt))
                FROM answered
                ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at
                """
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
