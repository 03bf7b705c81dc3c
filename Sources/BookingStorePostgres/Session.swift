import Dispatch
import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// One connection and the serial queue its statements run on.
///
/// The store's transactions are synchronous closures (the engine decides inside them), so their statements
/// wait for PostgreSQL on this queue's thread, never on an event loop or a Swift concurrency thread.
final class Session: Sendable {
    let connection: PostgresConnection
    let logger: Logger
    private let queue: DispatchQueue

    init(connection: PostgresConnection, label: String, logger: Logger) {
        self.connection = connection
        self.logger = logger
        queue = DispatchQueue(label: "BookingStorePostgres.\(label)")
    }

    /// Runs one statement and returns its rows; only on this session's queue.
    func rows(_ query: PostgresQuery) throws -> [PostgresRow] {
        dispatchPrecondition(condition: .onQueue(queue))
        return Array(try connection.query(query, logger: logger).wait().rows)
    }

    /// Runs one statement, for its effect.
    func execute(_ query: PostgresQuery) throws {
        _ = try rows(query)
    }

    /// Runs `work` on this session's queue and waits for it without blocking the caller's thread.
    func perform<T: Sendable>(_ work: (Session) throws -> T) async throws -> T {
        try await withoutActuallyEscaping(work) { escapable in
            let box = WorkBox(escapable)
            return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                queue.async {
                    let result = Result { try box.run(self) }
                    continuation.resume(with: result)
                }
            }
        }
    }

    /// Runs `work` in a transaction: committed when it returns, rolled back when it throws.
    ///
    /// `BEGIN` goes out with `first` (say, taking a lock) without waiting for its own round trip; its
    /// result is checked before `work` runs, so nothing is written outside the transaction.
    func transaction<T: Sendable>(first: PostgresQuery? = nil, _ work: (Session) throws -> T) async throws -> T {
        try await perform { session in
            let begun = session.connection.query("BEGIN", logger: session.logger)
            do {
                if let first { try session.execute(first) }
                _ = try begun.wait()
                let result = try work(session)
                try session.execute("COMMIT")
                return result
            } catch {
                try? session.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Runs `work` in a read-only transaction with one snapshot for all its statements.
    ///
    /// Neither `BEGIN` nor `COMMIT` costs a round trip of its own: they are sent in line with the reads
    /// (PostgreSQL runs a connection's statements in order), and a read-only commit has nothing to lose.
    func readTransaction<T: Sendable>(_ work: (Session) throws -> T) async throws -> T {
        try await perform { session in
            let begun = session.connection.query(
                "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                logger: session.logger
            )
            do {
                let result = try work(session)
                _ = try begun.wait()
                _ = session.connection.query("COMMIT", logger: session.logger)
                return result
            } catch {
                try? session.execute("ROLLBACK")
                throw error
            }
        }
    }

    func close() async {
        try? await connection.close()
    }
}

/// Hands a non-escaping closure to the queue and lets go of it as soon as it has run, so
/// `withoutActuallyEscaping` finds it unreferenced when the caller resumes.
///
/// Unchecked: the closure is set before the queue gets the box and read once, on the queue.
private final class WorkBox<T>: @unchecked Sendable {
    private var work: ((Session) throws -> T)?

    init(_ work: @escaping (Session) throws -> T) {
        self.work = work
    }

    func run(_ session: Session) throws -> T {
        guard let work else { throw CancellationError() }
        self.work = nil
        return try work(session)
    }
}

/// A few sessions used side by side; each call goes to the one with the least work queued.
///
/// One connection would make every turn wait for every other turn's round trips and, for writes, for
/// each other's WAL flush; with several, PostgreSQL commits concurrent transactions in one flush.
final class SessionPool: Sendable {
    let sessions: [Session]
    private let queued: Mutex<[Int]>

    init(_ sessions: [Session]) {
        precondition(!sessions.isEmpty, "a pool needs a session")
        self.sessions = sessions
        queued = Mutex(Array(repeating: 0, count: sessions.count))
    }

    /// Runs `work` on the least busy session's queue.
    func perform<T: Sendable>(_ work: (Session) throws -> T) async throws -> T {
        let index = checkOut()
        defer { checkIn(index) }
        return try await sessions[index].perform(work)
    }

    /// Runs `work` in a transaction on the least busy session.
    func transaction<T: Sendable>(first: PostgresQuery? = nil, _ work: (Session) throws -> T) async throws -> T {
        let index = checkOut()
        defer { checkIn(index) }
        return try await sessions[index].transaction(first: first, work)
    }

    /// Runs `work` in a read-only snapshot on the least busy session.
    func readTransaction<T: Sendable>(_ work: (Session) throws -> T) async throws -> T {
        let index = checkOut()
        defer { checkIn(index) }
        return try await sessions[index].readTransaction(work)
    }

    func close() async {
        for session in sessions { await session.close() }
    }

    private func checkOut() -> Int {
        queued.withLock { counts in
            var best = 0
            for index in counts.indices where counts[index] < counts[best] { best = index }
            counts[best] += 1
            return best
        }
    }

    private func checkIn(_ index: Int) {
        queued.withLock { $0[index] -= 1 }
    }
}
