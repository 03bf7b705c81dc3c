public import BookingCore
public import Foundation
public import Logging
import PostgresNIO

/// The booking store on PostgreSQL, for a club that runs several agent instances on one database.
///
/// Same protocols and the same guarantees as the SQLite store: booking transactions are serialised,
/// here across every instance by a transaction-scoped advisory lock, so the engine's availability check
/// and its insert see the same bays; and the database itself refuses two confirmed bookings that
/// overlap on one bay, whatever wrote them.
public final class PostgresBookingStore: BookingStore, ConversationStore, Sendable {
    let writer: SessionPool
    let reader: SessionPool

    private init(writer: SessionPool, reader: SessionPool) {
        self.writer = writer
        self.reader = reader
    }

    /// Connects (`settings.writeConnections` for transactions that write, `settings.readConnections` for
    /// reads) and applies the migrations.
    public static func open(
        _ settings: PostgresSettings,
        logger: Logger = Logger(label: "BookingStorePostgres")
    )
        async throws -> PostgresBookingStore
    {
        var sessions: [Session] = []
        do {
            for index in 0..<(settings.writeConnections + settings.readConnections) {
                let connection = try await PostgresConnection.connect(
                    configuration: settings.connection,
                    id: index + 1,
                    logger: logger
                )
                sessions.append(
                    Session(
                        connection: connection,
                        configuration: settings.connection,
                        id: index + 1,
                        statementTimeout: settings.statementTimeout,
                        logger: logger
                    )
                )
            }
        } catch {
            for session in sessions { await session.close() }
            throw PostgresSettingsError.unreachable(settings, error)
        }
        let store = PostgresBookingStore(
            writer: SessionPool(Array(sessions.prefix(settings.writeConnections))),
            reader: SessionPool(Array(sessions.dropFirst(settings.writeConnections)))
        )
        do {
            try await PostgresSchema.migrate(store.writer.sessions[0])
        } catch {
            await store.close()
            throw error
        }
        return store
    }

    /// Closes every connection; the store cannot be used afterwards.
    public func close() async {
        await writer.close()
        await reader.close()
    }

    public func write<T: Sendable>(_ body: @Sendable (any BookingTransaction) throws -> T) async throws -> T {
        try await writer.transaction(first: "SELECT pg_advisory_xact_lock(\(PostgresSchema.writeLock))") { session in
            try body(PostgresTransaction(session: session))
        }
    }

    public func read<T: Sendable>(_ body: @Sendable (any BookingReader) throws -> T) async throws -> T {
        // One snapshot for every statement of the read, like a SQLite read transaction.
        try await reader.readTransaction { session in try body(PostgresTransaction(session: session)) }
    }

    public func loadConversation(id: String) async throws -> Data? {
        try await reader.perform { session in
            try session.rows("SELECT state FROM conversations WHERE id = \(id)").first.map { try $0.decode(Data.self) }
        }
    }

    public func saveConversation(id: String, state: Data, updatedAt: Date) async throws {
        try await writer.perform { session in
            try PostgresTransaction(session: session).saveConversation(id: id, state: state, updatedAt: updatedAt)
        }
    }

    /// Writes the given members, replacing rows with the same phone; bookings are never touched.
    public func seed(members: [Member]) async throws {
        try await writer.transaction { session in
            let transaction = PostgresTransaction(session: session)
            for member in members { try transaction.save(member) }
        }
    }
}
