import AgentServer
import BookingCore
import BookingEngine
import ClubConfig
import Crypto
import Dialogue
import Foundation
import Logging
import TestSupport
import Understanding

#if canImport(FoundationNetworking)
import FoundationNetworking
import BookingStoreSQLite
import Hummingbird
#endif

/// The demo club's grammar parser, as the dialogue's parser.
struct GrammarParser: MessageParser {
    let parser: UtteranceParser

    func parse(_ text: String, reference: Date, timeZone: TimeZone, expecting: Expectation) -> Parse {
        parser.parse(text, reference: reference, timeZone: timeZone, expecting: expecting)
    }
}

/// A real server on 127.0.0.1 with a free port, over the demo club and a fresh SQLite store.
struct ServerHarness {
    static let clubOSSecret = "test-clubos-secret"
    static let twilioToken = "test-twilio-token"
    /// Wednesday 2026-11-25 10:00 in Halifax: the dialogue fixtures' reference time.
    static let now = Date(timeIntervalSince1970: 1_795_615_200)
    static let club: ClubFile? = try? DemoClub.load()
    static let parser: UtteranceParser? = club.flatMap {
        try? UtteranceParser(grammarsDirectory: RepositoryPath.resolve("Grammars/en"), club: $0.club)
    }

    let temporary: TemporaryStore
    let server: AgentServer
    let port: Int
    let client: TestClient

    /// Every booking in the store, any status.
    func bookings() async throws -> [Booking] {
        try await temporary.store.read {
            try $0.bookings(overlapping: Interval(start: .distantPast, end: .distantFuture))
        }
    }

    /// Whether the store has an answer recorded for `key` (`clubos:<id>`, `twilio:<sid>`).
    func isRecorded(_ key: String) async throws -> Bool {
        try await temporary.store.processedMessage(id: key) != nil
    }

    /// Whether a conversation has saved state.
    func hasConversation(_ id: String) async throws -> Bool {
        try await temporary.store.loadConversation(id: id) != nil
    }

    /// Runs `body` against a fresh server; the server stops when `body` returns.
    static func run<T: Sendable>(
        limits: ServerLimits = ServerLimits(messagesPerMinute: 600, burst: 100, queueTimeout: .seconds(60)),
        insecure: Bool = false,
        publicURL: String? = nil,
        logger: Logger? = nil,
        messages: ((any MessageLog) -> any MessageLog)? = nil,
        _ body: @Sendable (ServerHarness) async throws -> T
    ) async throws -> T {
        guard let file = club else { throw HarnessError.missing("Config/club.yaml") }
        guard let utterances = parser else { throw HarnessError.missing("Grammars/") }
        let temporary = try await TemporaryStore(club: file.club, members: file.members)
        let clock = FixedClock(now)
        let configuration = ServerConfiguration(
            host: "127.0.0.1",
            port: 0,
            clubOSSecret: insecure ? nil : clubOSSecret,
            twilioAuthToken: insecure ? nil : twilioToken,
            publicURL: publicURL,
            isInsecureDevelopment: insecure,
            limits: limits
        )
        var quiet = Logger(label: "AgentServerTests")
        quiet.logLevel = .critical
        let log = messages?(temporary.store) ?? temporary.store
        let driver = DialogueDriver(
            engine: BookingEngine(club: file.club, store: temporary.store, clock: clock, refs: .seeded(7)),
            parser: GrammarParser(parser: utterances),
            conversations: temporary.store,
            messages: log,
            wording: try ReplyWording.load(directory: DemoClub.repositoryPath("Grammars/en")),
            clock: clock
        )
        let server = try AgentServer(
            configuration: configuration,
            driver: driver,
            messages: log,
            optOuts: temporary.store,
            clock: clock,
            logger: logger ?? quiet
        )
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let application = server.makeApplication { port in portContinuation.yield(port) }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await application.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else { throw HarnessError.missing("a bound port") }
            let harness = ServerHarness(
                temporary: temporary,
                server: server,
                port: port,
                client: TestClient(port: port)
            )
            do {
                let result = try await body(harness)
                group.cancelAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }
}

enum HarnessError: Error {
    case missing(String)
}

/// Finds files at the package root by walking up from this file.
enum RepositoryPath {
    static func resolve(_ relative: String) -> String {
        var directory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate.path }
            directory.deleteLastPathComponent()
        }
        return relative
    }
}

/// A response as the tests read it.
struct TestResponse: Sendable {
    var status: Int
    var headers: [String: String]
    var body: Data

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object, or an empty one.
    var json: [String: any Sendable] {
        ((try? JSONSerialization.jsonObject(with: body)) as? [String: any Sendable]) ?? [:]
    }

    func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }
}

/// A plain HTTP client over URLSession, so the tests talk to the server over a real socket.
struct TestClient: Sendable {
    let port: Int
    let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        return URLSession(configuration: configuration)
    }()

    func send(
        _ method: String,
        _ path: String,
        body: Data? = nil,
        headers: [String: String] = [:]
    ) async throws -> TestResponse {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(path)") else { throw HarnessError.missing("url") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.httpBody = body
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw HarnessError.missing("an HTTP response") }
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { fields[name] = value }
        }
        return TestResponse(status: http.statusCode, headers: fields, body: data)
    }

    /// Posts a ClubOS message signed with the test secret at `timestamp` (default: the server's now).
    func postClubOS(
        _ body: Data,
        timestamp: String = String(Int(ServerHarness.now.timeIntervalSince1970)),
        secret: String = ServerHarness.clubOSSecret,
        signature: String? = nil,
        omit: Set<String> = []
    ) async throws -> TestResponse {
        var headers = ["Content-Type": "application/json"]
        let signed = signature ?? ClubOSSignature(secret: secret).signature(timestamp: timestamp, body: body)
        if !omit.contains(ClubOSHeaders.timestamp) { headers[ClubOSHeaders.timestamp] = timestamp }
        if !omit.contains(ClubOSHeaders.signature) { headers[ClubOSHeaders.signature] = signed }
        return try await send("POST", "/v1/clubos/messages", body: body, headers: headers)
    }

    /// Posts a ClubOS message built from its parts.
    func clubOS(
        _ content: String,
        messageID: String,
        thread: String = "thread-1",
        phone: String = "902-555-0101"
    ) async throws -> TestResponse {
        try await postClubOS(ClubOSBody.make(content, messageID: messageID, thread: thread, phone: phone))
    }

    /// Posts a Twilio SMS webhook signed for `url` (default: the URL the server sees).
    func postTwilio(
        _ parameters: [(name: String, value: String)],
        token: String = ServerHarness.twilioToken,
        signedURL: String? = nil,
        signature: String? = nil
    ) async throws -> TestResponse {
        let path = "/v1/sms/twilio"
        let url = signedURL ?? "http://127.0.0.1:\(port)\(path)"
        let signed = signature ?? TwilioSignature(authToken: token).signature(url: url, parameters: parameters)
        let body = parameters.map { "\(FormEncoding.escape($0.name))=\(FormEncoding.escape($0.value))" }
            .joined(separator: "&")
        return try await send(
            "POST",
            path,
            body: Data(body.utf8),
            headers: ["Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signed]
        )
    }

    /// Posts an SMS from `from` with Twilio's usual parameters.
    func sms(_ text: String, sid: String, from: String = "+19025550101") async throws -> TestResponse {
        try await postTwilio([
            ("MessageSid", sid), ("AccountSid", "AC0000"), ("From", from), ("To", "+19025550000"), ("Body", text),
            ("NumMedia", "0"),
        ])
    }
}

/// ClubOS request bodies.
enum ClubOSBody {
    static func make(
        _ content: String,
        messageID: String,
        thread: String = "thread-1",
        phone: String = "902-555-0101",
        locationID: String? = nil
    ) -> Data {
        var object: [String: Any] = [
            "message_id": messageID,
            "thread_id": thread,
            "customer": [
                "id": "cust-1", "phone": phone, "name": "Alex", "email": "alex@example.com", "hubspot_id": "hs-1",
            ],
            "content": content,
            "sent_at": "2026-11-25T14:00:00Z",
        ]
        if let locationID { object["location_id"] = locationID }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }
}

/// Form encoding for test requests: everything but unreserved characters is percent-escaped.
enum FormEncoding {
    static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
