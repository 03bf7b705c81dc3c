import Dispatch
import Logging
import NIOCore
import PostgresNIO

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
    func transaction<T: Sendable>(
        begin: PostgresQuery = "BEGIN",
        _ work: (Session) throws -> T
    ) async throws -> T {
        try await perform { session in
            try session.execute(begin)
            do {
                let result = try work(session)
                try session.execute("COMMIT")
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
