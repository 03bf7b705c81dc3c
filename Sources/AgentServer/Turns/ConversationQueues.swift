/// One turn at a time per conversation, in arrival order; different conversations run in parallel.
///
/// A conversation's state is read at the start of a turn and written at its end, so two turns of one
/// conversation must not overlap, and a customer's "yes" must not overtake the question it answers.
/// Each busy conversation has a FIFO queue of waiters; a conversation with no turn running has no
/// entry, so memory follows the number of conversations talking right now, not all ever seen.
actor ConversationQueues {
    private struct Waiter {
        let ticket: UInt64
        let continuation: CheckedContinuation<Bool, Never>
    }

    /// Busy conversations and the turns waiting behind the running one.
    private var waiting: [String: [Waiter]] = [:]
    private var nextTicket: UInt64 = 0

    /// Waits until the conversation's earlier turns are done; false when `timeout` passed first, in which
    /// case the caller must not run its turn (and must not call `leave`).
    func enter(_ conversation: String, timeout: Duration) async -> Bool {
        guard waiting[conversation] != nil else {
            waiting[conversation] = []
            return true
        }
        nextTicket &+= 1
        let ticket = nextTicket
        let timer = Task { [weak self] in
            try await Task.sleep(for: timeout)
            await self?.expire(conversation, ticket: ticket)
        }
        let admitted = await withCheckedContinuation { continuation in
            waiting[conversation, default: []].append(Waiter(ticket: ticket, continuation: continuation))
        }
        timer.cancel()
        return admitted
    }

    /// How many turns wait behind the running one; tests use it to queue turns in a known order.
    func waiterCount(_ conversation: String) -> Int {
        waiting[conversation]?.count ?? 0
    }

    /// Ends the running turn of a conversation and admits the next one in line.
    func leave(_ conversation: String) {
        guard var queue = waiting[conversation] else { return }
        if queue.isEmpty {
            waiting[conversation] = nil
            return
        }
        let next = queue.removeFirst()
        waiting[conversation] = queue
        next.continuation.resume(returning: true)
    }

    /// Runs `body` as the conversation's next turn, or returns nil when it waited longer than `timeout`.
    func run<T: Sendable>(
        _ conversation: String,
        timeout: Duration,
        _ body: @Sendable () async throws -> T
    ) async throws -> T? {
        guard await enter(conversation, timeout: timeout) else { return nil }
        do {
            let value = try await body()
            leave(conversation)
            return value
        } catch {
            leave(conversation)
            throw error
        }
    }

    /// How many conversations have a turn running: for tests and the metrics.
    var busyConversations: Int { waiting.count }

    private func expire(_ conversation: String, ticket: UInt64) {
        guard var queue = waiting[conversation], let index = queue.firstIndex(where: { $0.ticket == ticket }) else {
            return
        }
        let waiter = queue.remove(at: index)
        waiting[conversation] = queue
        waiter.continuation.resume(returning: false)
    }
}
