import ArgumentParser
import BookingCore
import BookingStoreSQLite
import ClubConfig
import Foundation
import Integrations

/// `booking outbox`: deliver booking events to the club's systems, and let staff see and act on failures.
struct OutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "Deliver booking events to ClubOS, UniFi Access, NinjaOne, HubSpot and SMS; inspect deliveries.",
        discussion: "Integration settings come from environment variables; see README.md, section Integrations.",
        subcommands: [Run.self, List.self, Retry.self, Drop.self]
    )

    /// `booking outbox run`: the dispatcher, until SIGINT or SIGTERM (or one catch-up with `--once`).
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deliver due work, polling until interrupted (SIGINT/SIGTERM)."
        )

        @Flag(help: "Deliver everything due now, then exit.") var once = false
        @Option(help: "Seconds between polls.") var pollInterval: Double = 5
        @OptionGroup var store: StoreOptions
        @OptionGroup var clock: ClockOptions

        func run() async throws {
            let settings: IntegrationSettings
            do {
                settings = try IntegrationSettings.fromEnvironment(ProcessInfo.processInfo.environment)
            } catch {
                throw ValidationError(error.description)
            }
            guard pollInterval > 0, pollInterval.isFinite else {
                throw ValidationError("--poll-interval must be a positive number of seconds")
            }
            let time: any Clock = clock.now == nil ? SystemClock() : FixedClock(try clock.referenceDate())
            try await store.withAgentStore { file, store in
                let dispatcher = OutboxDispatcher(
                    outbox: store,
                    club: file.club,
                    planner: DeliveryPlanner(enabledServices: settings.enabledServices),
                    performers: settings.performers(store: store, transport: URLSessionTransport(), clock: time),
                    clock: time,
                    configuration: settings.dispatch
                )
                let enabled = settings.enabledServices.map(\.rawValue).sorted().joined(separator: ", ")
                Self.log("outbox: services: \(enabled.isEmpty ? "none configured" : enabled)")
                if once {
                    let report = try await dispatcher.runUntilIdle()
                    Self.log(
                        "outbox: \(report.eventsPlanned) events planned, \(report.delivered) delivered, "
                            + "\(report.retried) to retry, \(report.deadLettered) dead"
                    )
                    return
                }
                let interval = Duration.milliseconds(Int64(pollInterval * 1000))
                let loop = Task {
                    await dispatcher.run(pollInterval: interval) { error in Self.log("outbox: pass failed: \(error)") }
                }
                let signals = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
                    signal(number, SIG_IGN)
                    let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                    source.setEventHandler { loop.cancel() }
                    source.resume()
                    return source
                }
                await loop.value
                for source in signals { source.cancel() }
                Self.log("outbox: stopped")

            }
        }

        static func log(_ line: String) {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    /// `booking outbox list`: deliveries, newest first; `--status dead` shows the dead letters and their errors.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List deliveries, newest first.")

        @Option(help: "Only this status: pending, delivered, dead or cancelled.") var status: String?
        @Option(help: "At most this many.") var limit: Int = 50
        @Flag(help: "Print JSON (an array).") var json = false
        @OptionGroup var store: StoreOptions

        func run() async throws {
            var wanted: OutboxDelivery.Status?
            if let status {
                guard let parsed = OutboxDelivery.Status(rawValue: status) else {
                    throw ValidationError("--status must be pending, delivered, dead or cancelled")
                }
                wanted = parsed
            }
            let (file, deliveries) = try await store.withAgentStore { file, store in
                (file, try await store.deliveries(status: wanted, limit: max(1, limit)))
            }
            let documents = deliveries.map { DeliveryDocument($0, zone: file.club.timeZone) }
            if json {
                try JSONOutput.print(documents)
                return
            }
            if documents.isEmpty { print("No deliveries.") }
            for document in documents {
                var line =
                    "\(document.id)  \(document.status)  \(document.service):\(document.action)  \(document.booking)  "
                    + "due \(document.due)  attempts \(document.attempts)"
                if document.status == "pending" && document.attempts > 0 { line += "  next \(document.nextAttempt)" }
                if let error = document.lastError { line += "  last error: \(error)" }
                print(line)
            }
        }
    }

    /// `booking outbox retry ID`: put a dead, dropped or failing delivery back in the queue, due now.
    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Queue a delivery again, due now.")

        @Argument(help: "The delivery id, from `booking outbox list`.") var id: Int64
        @OptionGroup var store: StoreOptions
        @OptionGroup var clock: ClockOptions

        func run() async throws {
            let now = try clock.referenceDate()
            guard try await store.withAgentStore({ _, store in try await store.retry(id: id, at: now) }) else {
                throw ValidationError("no undelivered delivery \(id)")
            }
            print("Delivery \(id) queued again.")
        }
    }

    /// `booking outbox drop ID`: give up on a delivery; it is never sent.
    struct Drop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a delivery that has not been delivered.")

        @Argument(help: "The delivery id, from `booking outbox list`.") var id: Int64
        @OptionGroup var store: StoreOptions
        @OptionGroup var clock: ClockOptions

        func run() async throws {
            let now = try clock.referenceDate()
            guard try await store.withAgentStore({ _, store in try await store.drop(id: id, at: now) }) else {
                throw ValidationError("no undelivered delivery \(id)")
            }
            print("Delivery \(id) dropped.")
        }
    }
}

/// A delivery as `booking outbox list --json` prints it.
struct DeliveryDocument: Encodable {
    let id: Int64
    let key: String
    let status: String
    let service: String
    let action: String
    let booking: String
    let event: String
    let due: String
    let attempts: Int
    let nextAttempt: String
    let lastError: String?

    init(_ delivery: OutboxDelivery, zone: TimeZone) {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = zone
        id = delivery.id
        key = delivery.idempotencyKey
        status = delivery.status.rawValue
        service = delivery.service
        action = delivery.action
        booking = delivery.event.booking.ref
        event = delivery.event.kind.rawValue
        due = formatter.string(from: delivery.dueAt)
        attempts = delivery.attempts
        nextAttempt = formatter.string(from: delivery.nextAttemptAt)
        lastError = delivery.lastError
    }

    enum CodingKeys: String, CodingKey {
        case id, key, status, service, action, booking, event, due, attempts
        case nextAttempt = "next_attempt"
        case lastError = "last_error"
    }
}
