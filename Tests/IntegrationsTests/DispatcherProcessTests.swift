import BookingCore
import Foundation
import Integrations
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("booking outbox run as a process: kill -9 mid-delivery loses nothing", .serialized)
struct DispatcherProcessTests {
    @Test func killingTheDispatcherMidDeliveryAndRestartingLosesNothing() async throws {
        let systems = try ClubSystems()
        defer { systems.stopAll() }
        let harness = try await OutboxHarness()
        let booking = try await harness.book(at(2026, 11, 26, 19))
        let contextKey = "\(booking.ref):booking.created:1:clubos:context"

        // ClubOS takes the context update and never answers: the dispatcher is mid-delivery when it dies.
        systems.set(.clubOS, .hanging)
        let running = try Self.start(["outbox", "run", "--poll-interval", "0.2"], harness: harness, systems: systems)
        let seen = try await Self.within(seconds: 60, running) {
            await systems.clubOS.request { $0.path.hasSuffix("/context") }
        }
        #expect(seen.flatMap(ClubSystems.key) == contextKey)
        kill(running.processIdentifier, SIGKILL)
        running.waitUntilExit()
        #expect(running.terminationReason == .uncaughtSignal)

        // The send happened but was never marked: the delivery is still pending.
        let stuck = try #require(try await harness.allDeliveries().first { $0.idempotencyKey == contextKey })
        #expect(stuck.status == .pending)

        systems.set(.clubOS, .up)
        let again = try Self.start(["outbox", "run", "--once"], harness: harness, systems: systems)
        _ = try await Self.within(seconds: 60, again) { await Self.exit(of: again) }
        #expect(again.terminationStatus == 0)

        let deliveries = try await harness.allDeliveries()
        let immediate = deliveries.filter { !$0.isScheduled }
        let scheduled = deliveries.filter(\.isScheduled)
        #expect(immediate.count == 4 && immediate.allSatisfy { $0.status == .delivered })
        #expect(scheduled.count == 3 && scheduled.allSatisfy { $0.status == .pending })
        // Nothing lost: every delivered delivery reached its service; the cut-off send was repeated under the same
        // key, never under a new one.
        let accepted = IntegrationService.allCases.flatMap { systems.accepted($0).compactMap(ClubSystems.key) }
        #expect(Set(accepted) == Set(immediate.map(\.idempotencyKey)))
        let requestsWithContextKey = systems.clubOS.requests.filter { ClubSystems.key($0) == contextKey }
        #expect(requestsWithContextKey.count == 2)
        #expect(systems.violations.isEmpty)
    }

    @Test func listShowsDeadLettersWithTheirLastErrorAndRetryRequeuesThem() async throws {
        let systems = try ClubSystems()
        defer { systems.stopAll() }
        let harness = try await OutboxHarness()
        let booking = try await harness.book(at(2026, 11, 26, 19))
        systems.set(.hubSpot, .failing)
        // A generous client timeout: only HubSpot's 500s should make dead letters, not a slow machine.
        var environment = systems.environment(timeout: 30)
        environment["OUTBOX_MAX_ATTEMPTS"] = "1"
        let run = try Self.start(
            ["outbox", "run", "--once"],
            harness: harness,
            systems: systems,
            environment: environment
        )
        _ = try await Self.within(seconds: 60, run) { await Self.exit(of: run) }
        #expect(run.terminationStatus == 0)

        let list = try Self.output(["outbox", "list", "--status", "dead"], harness: harness, systems: systems)
        #expect(list.status == 0)
        let lines = list.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("dead  hubspot:note  \(booking.ref)") == true)
        #expect(lines.first?.hasSuffix("last error: hubspot: HTTP 500 (INTERNAL)") == true)
        #expect(!list.stdout.contains(ClubSystems.hubSpotToken))

        let id = String(lines.first?.split(separator: " ").first ?? "")
        let retry = try Self.output(["outbox", "retry", id], harness: harness, systems: systems)
        #expect(retry.status == 0 && retry.stdout.contains("queued again"))
        let json = try Self.output(
            ["outbox", "list", "--status", "pending", "--json"],
            harness: harness,
            systems: systems
        )
        let pending = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(pending.contains { "\($0["id"] ?? "")" == id && $0["attempts"] as? Int == 0 })
        let drop = try Self.output(["outbox", "drop", id], harness: harness, systems: systems)
        #expect(drop.status == 0)
        let dropAgain = try Self.output(["outbox", "drop", "999999"], harness: harness, systems: systems)
        #expect(dropAgain.status != 0)
    }

    // MARK: - Running the built `booking`

    static var executable: URL { BookingBinary.url }

    static func start(
        _ arguments: [String],
        harness: OutboxHarness,
        systems: ClubSystems,
        environment: [String: String]? = nil
    ) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments =
            arguments + [
                "--db", harness.temporary.path, "--config", DemoClub.configPath, "--now", "2026-11-25T10:00:00-04:00",
            ]
        var variables = ProcessInfo.processInfo.environment
        for (name, value) in environment ?? systems.environment(timeout: 30) { variables[name] = value }
        process.environment = variables
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func output(
        _ arguments: [String],
        harness: OutboxHarness,
        systems: ClubSystems
    ) throws -> (status: Int32, stdout: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments =
            arguments + [
                "--db", harness.temporary.path, "--config", DemoClub.configPath,
            ] + (arguments.contains("list") ? [] : ["--now", "2026-11-25T10:00:00-04:00"])
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Waits for the process to exit, without blocking a cooperative thread.
    static func exit(of process: Process) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                process.waitUntilExit()
                continuation.resume()
            }
        }
    }

    /// Runs `body`, failing the test instead of hanging when it takes longer than a generous watchdog.
    static func within<T: Sendable>(
        seconds: Int,
        _ process: Process,
        _ body: @escaping @Sendable () async -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { await body() }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                if process.isRunning { process.terminate() }
                throw WatchdogExpired()
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw WatchdogExpired() }
            return first
        }
    }

    struct WatchdogExpired: Error {}
}
