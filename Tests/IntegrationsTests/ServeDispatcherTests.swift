import Foundation
import Integrations
import TestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("booking serve runs the outbox dispatcher beside the webhook", .serialized)
struct ServeDispatcherTests {
    /// A booking made through the ClubOS webhook is priced with the tier HubSpot gives the customer and
    /// reaches ClubOS's input-events API without a separate `booking outbox run`.
    @Test func aBookingMadeOverTheWebhookIsDeliveredByTheServersDispatcher() async throws {
        try await Self.withServer { systems, port, database, process in

            // HubSpot says Alex (a Standard member locally) is VIP: the summary already carries the VIP
            // price. Thursday 7-9 pm at Bedford is 2 x $60 peak = $120, less 20 % = $96 (Standard: $108).
            let summary = try await Self.post("bedford tomorrow at 7 for 2 hours", id: "m0", port: port)
            #expect(summary.contains("$96"), "\(summary)")
            let booked = try await Self.post("yes", id: "m1", port: port)
            #expect(booked.contains("\"state\":\"booked\""))
            #expect(booked.contains("\"price_cents\":9600"))
            // The booking remembers it came through ClubOS.
            let list = Process()
            list.executableURL = DispatcherProcessTests.executable
            list.arguments = [
                "bookings", "list", "--date", "2026-11-26", "--json", "--db", database, "--config", DemoClub.configPath,
            ]
            let output = Pipe()
            list.standardOutput = output
            list.standardError = FileHandle.nullDevice
            try list.run()
            let listed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            list.waitUntilExit()
            #expect(listed.contains(#""channel" : "clubos""#), "\(listed)")
            let event = try await DispatcherProcessTests.within(seconds: 60, process) {
                await systems.clubOS.request { $0.path == "/api/input-events" }
            }
            #expect(event != nil)
            #expect(systems.violations.isEmpty)

        }
    }

    /// SIGTERM while a turn is waiting on HubSpot: the server stops taking new connections, finishes that
    /// turn (the customer gets their summary, at the local price since HubSpot never answered), and exits 0.
    @Test func sigtermFinishesTheTurnInFlightThenExitsCleanly() async throws {
        try await Self.withServer { systems, port, _, process in
            try await Self.waitUntilHealthy(port: port)

            systems.set(.hubSpot, .hanging)
            let turn = Task { try await Self.post("bedford tomorrow at 7 for 2 hours", id: "m0", port: port) }
            // The turn has started once it asks HubSpot for the customer's tier; HubSpot holds the answer.
            let lookup = try await DispatcherProcessTests.within(seconds: 60, process) {
                await systems.hubSpot.request { _ in true }
            }
            #expect(lookup != nil)
            kill(process.processIdentifier, SIGTERM)
            systems.hubSpot.releaseHanging()

            let summary = try await turn.value
            #expect(summary.contains("\"state\":\"confirming\""), "\(summary)")
            #expect(summary.contains("$108"), "\(summary)")
            try await DispatcherProcessTests.within(seconds: 60, process) {
                await DispatcherProcessTests.exit(of: process)
            }
            #expect(process.terminationReason == .exit)
            #expect(process.terminationStatus == 0)

        }
    }

    /// Runs `body` with the stand-in services and `booking serve` on a fresh SQLite file; all stopped after.
    static func withServer(
        _ body: (ClubSystems, _ port: Int, _ database: String, Process) async throws -> Void
    ) async throws {
        let systems = try ClubSystems()
        defer { systems.stopAll() }
        let temporary = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let port = Int.random(in: 20_000..<32_000)  // below Linux's ephemeral range (32768-60999)
        let database = temporary.appendingPathComponent("serve.sqlite").path
        let process = try Self.serve(port: port, database: database, systems: systems)
        defer { if process.isRunning { process.terminate() } }
        try await body(systems, port, database, process)
    }

    /// A fresh folder for one test's database.
    static func temporaryDirectory() throws -> URL {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        return temporary
    }

    /// `booking serve` without webhook secrets, with the stand-in services configured.
    static func serve(port: Int, database: String, systems: ClubSystems) throws -> Process {
        let process = Process()
        process.executableURL = DispatcherProcessTests.executable
        process.arguments = [
            "serve", "--insecure-dev", "--port", "\(port)", "--outbox-poll-interval", "0.2",
            "--db", database, "--config", DemoClub.configPath,
            "--grammars", DemoClub.repositoryPath("Grammars"), "--now", "2026-11-25T10:00:00-04:00",
        ]
        var variables = ProcessInfo.processInfo.environment
        variables["CLUBOS_WEBHOOK_SECRET"] = nil
        variables["TWILIO_AUTH_TOKEN"] = nil
        for (name, value) in systems.environment(timeout: 30) { variables[name] = value }
        process.environment = variables
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits until `GET /healthz` answers 200.
    static func waitUntilHealthy(port: Int) async throws {
        guard let url = URL(string: "http://127.0.0.1:\(port)/healthz") else { throw ServerDidNotStart() }
        for _ in 0..<100 {
            if let (_, response) = try? await URLSession.shared.data(from: url),
                (response as? HTTPURLResponse)?.statusCode == 200
            {
                return
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw ServerDidNotStart()
    }

    /// Posts a ClubOS message, retrying while the server is still starting.
    static func post(_ text: String, id: String, port: Int) async throws -> String {
        let body: [String: Any] = [
            "message_id": id, "thread_id": "serve-test", "content": text, "sent_at": "2026-11-25T10:00:00-04:00",
            "customer": ["id": "c1", "phone": "902-555-0101", "name": "Alex"],
        ]
        guard let url = URL(string: "http://127.0.0.1:\(port)/v1/clubos/messages") else { throw ServerDidNotStart() }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        for _ in 0..<100 {
            if let (data, _) = try? await URLSession.shared.data(for: request) {
                return String(decoding: data, as: UTF8.self)
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw ServerDidNotStart()
    }

    struct ServerDidNotStart: Error {}
}
