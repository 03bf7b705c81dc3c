import PostgresNIO

/// Why the PostgreSQL store could not be opened, in words an operator can act on (never the password).
public enum PostgresSettingsError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidURL(String)
    /// The server could not be reached or refused the login or the database.
    case unreachable(server: String, reason: String)

    public var description: String {
        switch self {
        case .invalidURL(let url):
            "'\(url)' is not a PostgreSQL URL (postgres://user[:password]@host[:port]/database)"
        case .unreachable(let server, let reason):
            "cannot open PostgreSQL database \(server): \(reason)"
        }
    }

    /// PostgresNIO's errors describe themselves generically on purpose; this says what the server or the
    /// network said instead.
    static func unreachable(_ settings: PostgresSettings, _ error: any Error) -> PostgresSettingsError {
        let server = "\(settings.database) at \(settings.host):\(settings.port) as \(settings.username)"
        guard let error = error as? PSQLError else { return .unreachable(server: server, reason: "\(error)") }
        if let message = error.serverInfo?[.message] { return .unreachable(server: server, reason: message) }
        if let underlying = error.underlying { return .unreachable(server: server, reason: "\(underlying)") }
        return .unreachable(server: server, reason: "\(error.code)")
    }
}
