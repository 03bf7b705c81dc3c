import Dispatch
import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// One connection and the serial queue its statements run on.
///
/// The store's transactions are synchronous closures (the engine decides inside them), so their statements
/// wait for PostgreSQL on this queue's thread, never on an event loop or a Swift concurrency thread.
///
/// When the server has closed the connection (a restart, a fail-over, an administrator), the next call
/// connects again before it runs; the call that found it broken fails, and the webhook's retry or the
/// dispatcher's next pass succeeds.
final class Session: Sendable {
    let logger: Logger
    private let queue: DispatchQueue
    private let current: Mutex<PostgresConnection>
    private let configuration: PostgresConnection.Configuration
    private let id: Int
    private let statementTimeout: Double

    init(
        connection: PostgresConnection,
        configuration: PostgresConnection.Configuration,
        id: Int,
        statementTimeout: Double,
        logger: Logger
    ) {
        current = Mutex(connection)
        self.configuration = configuration
        self.id = id
        self.statementTimeout = statementTimeout
        self.logger = logger
        queue = DispatchQueue(label: "BookingStorePostgres.connection-\(id)")
    }

    /// The live connection; replaced when the server closed the previous one.
    var connection: PostgresConnection { current.withLock { $0 } }

    /// Connects again if the server closed the connection; only on this session's queue.
    private func reconnectIfClosed() throws {
        dispatchPrecondition(condition: .onQueue(queue))
        guard connection.isClosed else { return }
        logger.warning("PostgreSQL connection closed; connecting again", metadata: ["connection": "\(id)"])
        let configuration = self.configuration
        let id = self.id
        let logger = self.logger
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<PostgresConnection, any Error>?>(nil)
        Task {
            do {
                let fresh = try await PostgresConnection.connect(configuration: configuration, id: id, logger: logger)
                outcome.withLock { $0 = .success(fresh) }
            } catch {
                outcome.withLock { $0 = .failure(error) }
            }
            done.signal()
        }
        done.wait()
        let fresh = try outcome.withLock { $0 }.map { try $0.get() }
        guard let fresh else { return }
        current.withLock { $0 = fresh }
    }

    /// Runs one statement and returns its rows; only on this session's queue.
    func rows(_ query: PostgresQuery) throws -> [PostgresRow] {
        dispatchPrecondition(condition: .onQueue(queue))
        return Array(try waitBounded(connection.query(query, logger: logger)).rows)
    }

    /// Waits for `future` at most `statementTimeout`, then closes the connection and fails the call.
    ///
    /// PostgresNIO never answers a query written to a connection that closed at that moment, so an
    /// unbounded wait could hold this queue for ever; the next call connects again.
    func waitBounded<Value: Sendable>(_ future: EventLoopFuture<Value>) throws -> Value {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<Value, any Error>?>(nil)
        future.whenComplete { result in
            outcome.withLock { $0 = result }
            done.signal()
        }
        guard done.wait(timeout: .now() + statementTimeout) == .success, let result = outcome.withLock({ $0 }) else {
            logger.warning(
                "PostgreSQL did not answer in time; closing the connection",
                metadata: ["connection": "\(id)"]
            )
            connection.close().whenComplete { _ in }
            throw PostgresSessionError.noAnswer(seconds: statementTimeout)
        }
        return try result.get()
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
                    let result = Result {
                        try self.reconnectIfClosed()
                        return try box.run(self)
                    }
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
                _ = try session.waitBounded(begun)
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
                _ = try session.waitBounded(begun)
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

/// Why a statement got no result.
public enum PostgresSessionError: Error, Equatable, CustomStringConvertible {
    /// PostgreSQL did not answer within the statement timeout.
    case noAnswer(seconds: Double)

    public var description: String {
        switch self {
        case .noAnswer(let seconds): "PostgreSQL did not answer within \(Int(seconds)) s"
        }
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
