import Foundation
import PostgresNIO

/// Where the PostgreSQL store connects, read from a `postgres://user[:password]@host[:port]/database` URL.
public struct PostgresSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    /// Connections for transactions that write; booking transactions still run one at a time (an advisory
    /// lock), but answers and conversation states commit side by side and share WAL flushes.
    public var writeConnections: Int
    /// Connections for reads.
    public var readConnections: Int
    /// Seconds a statement may take before its connection is given up (and connected again on next use).
    public var statementTimeout: Double

    public init(
        host: String,
        port: Int = 5432,
        username: String,
        password: String? = nil,
        database: String,
        writeConnections: Int = 4,
        readConnections: Int = 4,
        statementTimeout: Double = 30
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.writeConnections = max(1, writeConnections)
        self.readConnections = max(1, readConnections)
        self.statementTimeout = statementTimeout > 0 ? statementTimeout : 30
    }

    /// Reads a `postgres://` or `postgresql://` URL; TLS is not offered, so the server is expected on a
    /// private network or loopback.
    public init(url: String) throws {
        guard let components = URLComponents(string: url),
            components.scheme == "postgres" || components.scheme == "postgresql",
            let host = components.host, !host.isEmpty,
            let user = components.user, !user.isEmpty
        else { throw PostgresSettingsError.invalidURL(url) }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw PostgresSettingsError.invalidURL(url) }
        self.init(
            host: host,
            port: components.port ?? 5432,
            username: user.removingPercentEncoding ?? user,
            password: components.password.map { $0.removingPercentEncoding ?? $0 },
            database: database
        )
    }

    var connection: PostgresConnection.Configuration {
        PostgresConnection.Configuration(
            host: host,
            port: port,
            username: username,
            password: password,
            database: database,
            tls: .disable
        )
    }
}
