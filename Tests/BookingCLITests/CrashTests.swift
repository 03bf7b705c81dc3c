import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `booking serve` killed with SIGKILL between a booking's commit and its answer reaching the socket: the
/// retried message, answered by a restarted server, tells the customer the booking that was made.
@Suite("booking serve killed mid-turn")
struct CrashTests {
    static let now = "2026-11-25T10:00:00-04:00"

    /// A running `booking serve` on a free port, logging to a file.
    struct Server {
        let process: Process
        let port: Int

        static func start(_ cli: CLI, environment: [String: String] = [:]) async throws -> Server {
            let log = cli.directory.appendingPathComponent("serve-\(UUID().uuidString).log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let process = Process()
            process.executableURL = CLI.executable
            process.arguments = [
                "serve", "--insecure-dev", "--port", "0", "--no-outbox", "--log-level", "info",
                "--db", cli.database, "--config", DemoClub.configPath,
                "--grammars", DemoClub.repositoryPath("Grammars"), "--now", CrashTests.now,
            ]
            var inherited = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("BOOKING_") }
            inherited.removeValue(forKey: "CLUBOS_WEBHOOK_SECRET")
            process.environment = inherited.merging(environment) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = try FileHandle(forWritingTo: log)
            try process.run()
            // Waits for the log line that names the bound port (a start-up, not a timing, wait).
            for _ in 0..<300 where process.isRunning {
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                if let range = text.range(of: #"port=(\d+)"#, options: .regularExpression),
                    let port = Int(text[range].dropFirst("port=".count))
                {
                    return Server(process: process, port: port)
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            if process.isRunning { process.terminate() }
            throw CrashTestError.noPort((try? String(contentsOf: log, encoding: .utf8)) ?? "")
        }

        /// Posts a ClubOS message; nil when the connection dies without a response.
        func clubOS(_ content: String, messageID: String) async -> (status: Int, json: [String: Any])? {
            let body: [String: Any] = [
                "message_id": messageID, "thread_id": "t-crash",
                "customer": ["id": "c-1", "phone": "902-555-0101", "name": "Alex"],
                "content": content, "sent_at": "2026-11-25T14:00:00Z",
            ]
            guard let url = URL(string: "http://127.0.0.1:\(port)/v1/clubos/messages"),
                let data = try? JSONSerialization.data(withJSONObject: body)
            else { return nil }
            var request = URLRequest(url: url)
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = data
            guard let (answer, response) = try? await URLSession.shared.data(for: request),
                let http = response as? HTTPURLResponse
            else { return nil }
            let json = (try? JSONSerialization.jsonObject(with: answer)) as? [String: Any] ?? [:]
            return (http.statusCode, json)
        }

        func stop() {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
    }

    @Test func aYesWhoseServerDiedAfterTheCommitIsAnsweredWithItsBookingOnRetry() async throws {
        let cli = try CLI()
        defer { cli.removeAll() }
        let first = try await Server.start(cli, environment: ["BOOKING_FAILPOINT_KILL_AFTER_COMMIT": "clubos:yes-1"])
        let summary = await first.clubOS("bedford friday at 8pm for 2 hours", messageID: "ask-1")
        #expect(summary?.status == 200)
        #expect(summary?.json["state"] as? String == "confirming")
        let lost = await first.clubOS("yes", messageID: "yes-1")
        first.process.waitUntilExit()
        #expect(lost == nil, "the server answered before it was killed")
        #expect(first.process.terminationReason == .uncaughtSignal && first.process.terminationStatus == SIGKILL)

        let second = try await Server.start(cli)
        defer { second.stop() }
        let retried = await second.clubOS("yes", messageID: "yes-1")
        second.stop()
        let reply = retried?.json["reply"] as? String ?? ""
        let booking = retried?.json["booking"] as? [String: Any]
        let ref = try #require(booking?["ref"] as? String, Comment(rawValue: reply))
        #expect(retried?.status == 200)
        #expect(reply.contains("Booked!") && reply.contains("reference is \(ref)"), "\(reply)")
        let list = try cli.run(["bookings", "list", "--date", "2026-11-27", "--json"])
        let bookings = try #require(try list.json() as? [[String: Any]], Comment(rawValue: list.stderr))
        #expect(bookings.count == 1)
        #expect(bookings.first?["ref"] as? String == ref)
    }
}

enum CrashTestError: Error {
    case noPort(String)
}
