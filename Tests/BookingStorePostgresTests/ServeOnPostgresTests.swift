import BookingStorePostgres
import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
import BookingCore
#endif

/// `booking serve --db postgres://...`: two instances of the agent behind one database, as a club with a
/// load balancer runs them.
@Suite("booking serve on PostgreSQL, two instances", .serialized)
struct ServeOnPostgresTests {
    @Test func aConversationMovesBetweenInstancesAndBooksOnce() async throws {
        let settings = try await PostgresServer.database()
        let url = "postgres://\(settings.username)@\(settings.host):\(settings.port)/\(settings.database)"
        let first = try Instance(databaseURL: url, outbox: true)
        defer { first.stop() }
        let second = try Instance(databaseURL: url, outbox: false)
        defer { second.stop() }
        try await first.waitUntilHealthy()
        try await second.waitUntilHealthy()

        // The request reaches one instance, the YES the other: the conversation is in the database.
        let summary = try await first.post("bedford tomorrow at 7 for 2 hours", id: "p1")
        #expect(summary.status == 200)
        #expect(summary.text.contains(#""state":"confirming""#), "\(summary.text)")
        let booked = try await second.post("yes", id: "p2")
        #expect(booked.text.contains(#""state":"booked""#), "\(booked.text)")
        // ClubOS retries the YES at the first instance: the same answer, no second booking.
        let retried = try await first.post("yes", id: "p2")
        #expect(retried.text == booked.text)
        let store = try await PostgresBookingStore.open(settings)
        let bookings = try await store.read {
            try $0.bookings(overlapping: .init(start: .distantPast, end: .distantFuture))
        }
        let answered = try await store.processedMessage(id: "clubos:p2")
        await store.close()
        #expect(bookings.count == 1)
        #expect(answered?.response == Data(booked.text.utf8))
    }

    /// Staff manage the outbox of a PostgreSQL club with the same commands; the other commands say they need
    /// a SQLite file instead of failing obscurely.
    @Test func theOutboxCommandsWorkOnPostgres() async throws {
        let settings = try await PostgresServer.database()
        let url = "postgres://\(settings.username)@\(settings.host):\(settings.port)/\(settings.database)"
        let config = ["--config", DemoClub.configPath]
        let list = try Instance.run(["outbox", "list", "--db", url] + config)
        #expect(list.status == 0)
        #expect(list.output.contains("No deliveries."), "\(list.output)")
        let once = try Instance.run(["outbox", "run", "--once", "--db", url] + config)
        #expect(once.status == 0, "\(once.output)")
        #expect(once.output.contains("0 events planned"), "\(once.output)")
        let retry = try Instance.run(["outbox", "retry", "999", "--db", url] + config)
        #expect(retry.status != 0)
        #expect(retry.output.contains("no undelivered delivery 999"), "\(retry.output)")
        let book = try Instance.run(
            ["availability", "--location", "bedford", "--date", "2026-11-26", "--db", url] + config
        )
        #expect(book.status != 0)
        #expect(book.output.contains("needs a SQLite file"), "\(book.output)")
    }

    /// A URL that is not PostgreSQL's, a database that is not there and a server that is not listening each
    /// stop the server at start with what is wrong, not a generic driver error.
    @Test func aDatabaseThatCannotBeOpenedIsNamedAtStart() async throws {
        let server = try await PostgresServer.database()
        let cases = [
            ("postgres://nobody", "is not a PostgreSQL URL"),
            (
                "postgres://\(server.username)@127.0.0.1:\(server.port)/no_such_db",
                #"database "no_such_db" does not exist"#
            ),
            (
                "postgres://\(server.username)@127.0.0.1:1/booking",
                "cannot open PostgreSQL database booking at 127.0.0.1:1"
            ),
        ]
        for (url, words) in cases {
            let result = try Instance.run(
                ["serve", "--insecure-dev", "--port", "0", "--db", url, "--config", DemoClub.configPath]
            )
            #expect(result.status != 0)
            #expect(result.output.contains(words), "\(result.output)")
            #expect(!result.output.contains("PSQLError"), "\(result.output)")
        }
    }
}

/// One `booking serve` process on a port the kernel picks (`--port 0`), read back from its log.
struct Instance {
    let process: Process
    /// Where the process's standard error goes, to say why it stopped.
    let log: URL

    init(databaseURL: String, outbox: Bool) throws {
        process = Process()
        process.executableURL = Self.executable
        process.arguments =
            [
                "serve", "--insecure-dev", "--port", "0", "--db", databaseURL,
                "--config", DemoClub.configPath, "--grammars", DemoClub.repositoryPath("Grammars"),
                "--now", "2026-11-25T10:00:00-04:00", "--log-level", "info",
            ] + (outbox ? [] : ["--no-outbox"])
        var variables = ProcessInfo.processInfo.environment
        for name in ["CLUBOS_WEBHOOK_SECRET", "TWILIO_AUTH_TOKEN", "HUBSPOT_ACCESS_TOKEN", "CLUBOS_API_KEY"] {
            variables[name] = nil
        }
        process.environment = variables
        log = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
    }

    func stop() {
        defer { try? FileManager.default.removeItem(at: log) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// Ends the process at once, as a crash or an OOM killer would: no turn in flight finishes.
    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// The port the server logged it listens on, once it has.
    var port: Int? {
        guard let text = try? String(contentsOf: log, encoding: .utf8),
            let range = text.range(of: "listening host=127.0.0.1 port=")
        else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    func waitUntilHealthy() async throws {
        for _ in 0..<150 {
            if port != nil, let response = try? await send("GET", "/healthz"), response.status == 200 { return }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw InstanceError.didNotStart((try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    func post(
        _ text: String,
        id: String,
        thread: String = "pg-thread",
        phone: String = "902-555-0101"
    ) async throws
        -> (status: Int, text: String)
    {
        let body: [String: Any] = [
            "message_id": id, "thread_id": thread, "content": text, "sent_at": "2026-11-25T10:00:00-04:00",
            "customer": ["id": "c-\(thread)", "phone": phone, "name": "Alex"],
        ]
        return try await send("POST", "/v1/clubos/messages", body: try JSONSerialization.data(withJSONObject: body))
    }

    func send(_ method: String, _ path: String, body: Data? = nil) async throws -> (status: Int, text: String) {
        guard let port, let url = URL(string: "http://127.0.0.1:\(port)\(path)") else {
            throw InstanceError.didNotStart(path)
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// Runs `booking` with `arguments` to the end: its exit status and everything it printed.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var variables = ProcessInfo.processInfo.environment
        for name in ["CLUBOS_API_KEY", "HUBSPOT_ACCESS_TOKEN", "UNIFI_API_TOKEN", "NINJAONE_CLIENT_ID"] {
            variables[name] = nil
        }
        process.environment = variables
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    static var executable: URL { BookingBinary.url }
}

enum InstanceError: Error {
    case didNotStart(String)
}
