public import BookingCore
public import Foundation
import GRDB

extension SQLiteBookingStore: Retention {
    /// Deletes in batches of 2000 rows, one short write transaction each, so turns are not held up
    /// behind a long delete.
    public func prune(answeredBefore: Date, idleBefore: Date) async throws -> PruneReport {
        let answers = try await deleteInBatches(
            """
            DELETE FROM processed_messages WHERE rowid IN
                (SELECT rowid FROM processed_messages WHERE processed_at < ? LIMIT 2000)
            """,
            before: answeredBefore
        )
        let conversations = try await deleteInBatches(
            """
            DELETE FROM conversations WHERE rowid IN
                (SELECT rowid FROM conversations WHERE updated_at < ? LIMIT 2000)
            """,
            before: idleBefore
        )
        return PruneReport(answers: answers, conversations: conversations)
    }

    private func deleteInBatches(_ sql: String, before date: Date) async throws -> Int {
        let cutoff = StoredTime.milliseconds(date)
        var total = 0
        while true {
            let deleted = try await pool.write { db in
                try db.execute(sql: sql, arguments: [cutoff])
                return db.changesCount
            }
            total += deleted
            if deleted < 2000 { return total }
        }
    }
}

extension Migrations {
    /// Lets a prune find old answers and idle conversations without reading every row.
    static func indexForRetention(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE INDEX processed_messages_by_time ON processed_messages(processed_at);
                CREATE INDEX conversations_by_update ON conversations(updated_at);
                """
        )
    }
}
