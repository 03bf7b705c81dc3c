import BookingCore
import GRDB
import Synchronization

/// Group commit for webhook answers: the answers recorded while the writer is busy commit together.
///
/// Every webhook turn ends with a small write (its answer and the conversation's state). One
/// transaction each cost the writer a lock round, WAL frame headers and the same B-tree pages written
/// again; under load the writer's queue was a fifth of the server's CPU. Each caller still waits until
/// its own answer is committed, and a batch takes one turn on GRDB's writer queue, so bookings and
/// other writes queued meanwhile go first instead of waiting for a stream of answers to dry up.
final class RecordBatcher: Sendable {
    private struct Pending: Sendable {
        let message: ProcessedMessage
        let conversation: ConversationSnapshot?
        let done: CheckedContinuation<Void, any Error>
    }

    private struct Queue {
        var pending: [Pending] = []
        /// True while a batch is scheduled on or running in the writer.
        var isScheduled = false
    }

    private let queue = Mutex(Queue())
    private let pool: DatabasePool

    init(pool: DatabasePool) {
        self.pool = pool
    }

    /// Records the answer with the next batch and returns once that batch committed.
    func record(_ message: ProcessedMessage, conversation: ConversationSnapshot?) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            let schedules = queue.withLock { queue in
                queue.pending.append(Pending(message: message, conversation: conversation, done: done))
                defer { queue.isScheduled = true }
                return !queue.isScheduled
            }
            if schedules { scheduleBatch() }
        }
    }

    private func scheduleBatch() {
        pool.asyncWriteWithoutTransaction { [self] db in commitBatch(db) }
    }

    private func commitBatch(_ db: Database) {
        let batch = queue.withLock { queue in
            defer { queue.pending = [] }
            return queue.pending
        }
        do {
            try SQLiteTransaction.withoutFsync(db) {
                for entry in batch {
                    try SQLiteTransaction(db).record(entry.message, conversation: entry.conversation)
                }
            }
            for entry in batch { entry.done.resume() }
        } catch {
            for entry in batch { entry.done.resume(throwing: error) }
        }
        let more = queue.withLock { queue in
            queue.isScheduled = !queue.pending.isEmpty
            return queue.isScheduled
        }
        if more { scheduleBatch() }
    }
}
