/// Why a PostgreSQL URL could not be used.
public enum PostgresSettingsError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidURL(String)

    public var description: String {
        switch self {
        case .invalidURL(let url):
            "'\(url)' is not a PostgreSQL URL (postgres://user[:password]@host[:port]/database)"
        }
    }
}
