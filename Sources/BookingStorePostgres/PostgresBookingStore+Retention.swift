public import BookingCore
public import Foundation
import PostgresNIO

extension PostgresBookingStore: Retention {
    /// Deletes in batches of 2000 rows, one short statement each, so no instance waits on a long delete.
    public func prune(answeredBefore: Date, idleBefore: Date) async throws -> PruneReport {
        let answerCutoff = PostgresTransaction.milliseconds(answeredBefore)
        let idleCutoff = PostgresTransaction.milliseconds(idleBefore)
        let answers = try await deleteInBatches(
            """
            DELETE FROM processed_messages WHERE id IN
                (SELECT id FROM processed_messages WHERE processed_at < \(answerCutoff) LIMIT 2000)
            RETURNING 1
            """
        )
        let conversations = try await deleteInBatches(
            """
            DELETE FROM conversations WHERE id IN
                (SELECT id FROM conversations WHERE updated_at < \(idleCutoff) LIMIT 2000)
            RETURNING 1
            """
        )
        return PruneReport(answers: answers, conversations: conversations)
    }

    private func deleteInBatches(_ query: PostgresQuery) async throws -> Int {
        var total = 0
        while true {
            let deleted = try await writer.perform { try $0.rows(query).count }
            total += deleted
            if deleted < 2000 { return total }
        }
    }
}
