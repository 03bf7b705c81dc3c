import Synchronization

/// One turn at a time per conversation, in arrival order; different conversations run in parallel.
///
/// A conversation's state is read at the start of a turn and written at its end, so two turns of one
/// conversation must not overlap, and a customer's "yes" must not overtake the question it answers.
/// Each busy conversation has a FIFO queue of waiters; a conversation with no turn running has no
/// entry, so memory follows the number of conversations talking right now, not all ever seen.
///
/// A lock rather than an actor: every webhook turn enters and leaves, and as an actor that was four
/// executor hops per turn through one shared serial executor; with the lock a turn that finds its
/// conversation free never suspends.
final class ConversationQueues: Sendable {
    private struct Waiter {
        let ticket: UInt64
        let continuation: CheckedContinuation<Bool, Never>
        let timer: Task<Void, Never>
    }

    private struct Queues {
        /// Busy conversations and the turns waiting behind the running one.
        var waiting: [String: [Waiter]] = [:]
        var nextTicket: UInt64 = 0
    }

    private let queues = Mutex(Queues())

    /// Waits until the conversation's earlier turns are done; false when `timeout` passed first, in which
    /// case the caller must not run its turn (and must not call `leave`).
    func enter(_ conversation: String, timeout: Duration) async -> Bool {
        let isFree = queues.withLock { queues in
            guard queues.waiting[conversation] == nil else { return false }
            queues.waiting[conversation] = []
            return true
        }
        if isFree { return true }
        return await withCheckedContinuation { continuation in
            let freedMeanwhile = queues.withLock { queues in
                guard queues.waiting[conversation] != nil else {
                    queues.waiting[conversation] = []
                    return true
                }
                queues.nextTicket &+= 1
                let ticket = queues.nextTicket
                // Created under the lock, so its `expire` cannot run before the waiter is in the queue.
                let timer = Task { [weak self] in
                    try? await Task.sleep(for: timeout)
                    if Task.isCancelled { return }
                    self?.expire(conversation, ticket: ticket)
                }
                queues.waiting[conversation, default: []].append(
                    Waiter(ticket: ticket, continuation: continuation, timer: timer)
                )
                return false
            }
            if freedMeanwhile { continuation.resume(returning: true) }
        }
    }

    /// How many turns wait behind the running one; tests use it to queue turns in a known order.
    func waiterCount(_ conversation: String) -> Int {
        queues.withLock { $0.waiting[conversation]?.count ?? 0 }
    }

    /// Ends the running turn of a conversation and admits the next one in line.
    func leave(_ conversation: String) {
        let next = queues.withLock { queues -> Waiter? in
            guard var queue = queues.waiting[conversation] else { return nil }
            if queue.isEmpty {
                queues.waiting[conversation] = nil
                return nil
            }
            let next = queue.removeFirst()
            queues.waiting[conversation] = queue
            return next
        }
        guard let next else { return }
        next.timer.cancel()
        next.continuation.resume(returning: true)
    }

    /// Runs `body` as the conversation's next turn, or returns nil when it waited longer than `timeout`.
    func run<T: Sendable>(
        _ conversation: String,
        timeout: Duration,
        _ body: @Sendable () async throws -> T
    ) async throws -> T? {
        guard await enter(conversation, timeout: timeout) else { return nil }
        defer { leave(conversation) }
        return try await body()
    }

    /// How many conversations have a turn running: for tests and the metrics.
    var busyConversations: Int { queues.withLock { $0.waiting.count } }

    private func expire(_ conversation: String, ticket: UInt64) {
        let expired = queues.withLock { queues -> Waiter? in
            guard var queue = queues.waiting[conversation],
                let index = queue.firstIndex(where: { $0.ticket == ticket })
            else { return nil }
            let waiter = queue.remove(at: index)
            queues.waiting[conversation] = queue
            return waiter
        }
        expired?.continuation.resume(returning: false)
    }
}
