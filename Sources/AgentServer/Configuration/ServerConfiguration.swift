public import Foundation

/// How the webhook server listens, authenticates and limits, from flags and the environment.
public struct ServerConfiguration: Sendable {
    /// The address to bind; 127.0.0.1 unless the server sits behind a proxy on another interface.
    public var host: String
    /// The port to bind; 0 picks a free one (tests).
    public var port: Int
    /// The ClubOS V3 shared secret (`CLUBOS_WEBHOOK_SECRET`); nil only with `isInsecureDevelopment`.
    public var clubOSSecret: String?
    /// Twilio's auth token (`TWILIO_AUTH_TOKEN`); nil only with `isInsecureDevelopment`.
    public var twilioAuthToken: String?
    /// The public base URL Twilio posts to (`BOOKING_PUBLIC_URL`), such as `https://agent.example.com`; the
    /// signature covers the URL Twilio used, which a proxy in front of the server hides.
    public var publicURL: String?
    /// Accept unsigned requests: for a developer's machine only.
    public var isInsecureDevelopment: Bool
    public var limits: ServerLimits

    /// A configuration with every setting given.
    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        clubOSSecret: String? = nil,
        twilioAuthToken: String? = nil,
        publicURL: String? = nil,
        isInsecureDevelopment: Bool = false,
        limits: ServerLimits = ServerLimits()
    ) {
        self.host = host
        self.port = port
        self.clubOSSecret = clubOSSecret
        self.twilioAuthToken = twilioAuthToken
        self.publicURL = publicURL
        self.isInsecureDevelopment = isInsecureDevelopment
        self.limits = limits
    }

    /// Takes the secrets and the public URL from `environment` (empty values count as unset).
    public mutating func readEnvironment(_ environment: [String: String]) {
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
                return nil
            }
            return text
        }
        clubOSSecret = value(EnvironmentKey.clubOSSecret) ?? clubOSSecret
        twilioAuthToken = value(EnvironmentKey.twilioAuthToken) ?? twilioAuthToken
        publicURL = value(EnvironmentKey.publicURL) ?? publicURL
    }

    /// Refuses a configuration that would accept forged requests, unless it is marked for development.
    ///
    /// - Returns: what is unsigned, to log as a warning when `isInsecureDevelopment` allowed it.
    public func validate() throws(ServerConfigurationError) -> [String] {
        var missing: [String] = []
        if clubOSSecret == nil { missing.append(EnvironmentKey.clubOSSecret) }
        if twilioAuthToken == nil { missing.append(EnvironmentKey.twilioAuthToken) }
        if !missing.isEmpty, !isInsecureDevelopment { throw .missingSecrets(missing) }
        guard (0...65_535).contains(port) else { throw .invalid("port \(port) is not between 0 and 65535") }
        if let publicURL, URL(string: publicURL)?.scheme == nil {
            throw .invalid(
                "\(EnvironmentKey.publicURL) '\(publicURL)' is not an absolute URL such as https://agent.example.com"
            )
        }
        return missing
    }
}

/// The environment variables the server reads.
public enum EnvironmentKey {
    /// The ClubOS V3 webhook's shared secret.
    public static let clubOSSecret = "CLUBOS_WEBHOOK_SECRET"
    /// Twilio's account auth token, which signs its webhooks.
    public static let twilioAuthToken = "TWILIO_AUTH_TOKEN"
    /// The base URL Twilio is configured to post to, when a proxy sits in front of the server.
    public static let publicURL = "BOOKING_PUBLIC_URL"
}

/// Why the server will not start.
public enum ServerConfigurationError: Error, Equatable, CustomStringConvertible {
    /// No secret for these variables, and `--insecure-dev` was not given.
    case missingSecrets([String])
    case invalid(String)

    /// The message for the operator.
    public var description: String {
        switch self {
        case .missingSecrets(let names):
            "refusing to start: \(names.joined(separator: " and ")) not set, so anyone could post as ClubOS or Twilio. "
                + "Set them, or pass --insecure-dev on a developer machine to accept unsigned requests."
        case .invalid(let reason):
            reason
        }
    }
}

/// The limits that keep one sender, or one bad request, from hurting everyone else.
public struct ServerLimits: Sendable, Equatable {
    /// Largest request body accepted; more gets 413.
    public var maxBodyBytes: Int
    /// Longest message text accepted, in Unicode scalars (the characters JSON Schema's maxLength counts).
    public var maxTextCharacters: Int
    /// Messages one sender may send per minute on average.
    public var messagesPerMinute: Double
    /// Messages one sender may send in a burst.
    public var burst: Double
    /// How long a message may wait for the turns before it in its conversation; then 503 and not processed.
    public var queueTimeout: Duration
    /// How old a ClubOS timestamp may be, either way, before the request is refused.
    public var signatureTolerance: TimeInterval
    /// Seconds a connection may sit idle, including mid-request, before it is closed.
    public var idleTimeoutSeconds: Int64

    /// Limits with defaults fit for a club's traffic.
    public init(
        maxBodyBytes: Int = 16 * 1024,
        maxTextCharacters: Int = 1_000,
        messagesPerMinute: Double = 20,
        burst: Double = 10,
        queueTimeout: Duration = .seconds(10),
        signatureTolerance: TimeInterval = 300,
        idleTimeoutSeconds: Int64 = 30
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.maxTextCharacters = maxTextCharacters
        self.messagesPerMinute = messagesPerMinute
        self.burst = burst
        self.queueTimeout = queueTimeout
        self.signatureTolerance = signatureTolerance
        self.idleTimeoutSeconds = idleTimeoutSeconds
    }
}
