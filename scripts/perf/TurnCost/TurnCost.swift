import AgentServer
import BookingCore
import BookingEngine
import BookingFlow
import BookingStorePostgres
import BookingStoreSQLite
import ClubConfig
import Crypto
import Dialogue
import Dispatch
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOEmbedded
import Understanding

/// A fixed replay of the load run's booking flows through the real ClubOS route, for instruction counts.
///
/// `scripts/perf/turn-cost.sh` runs it under callgrind: every turn goes through the router the server uses
/// (signature, JSON, rate limit, conversation queue, dialogue, engine, SQLite with fsync), in one process,
/// without a socket, one turn at a time, at a fixed `--now`, on a club whose bays are all booked but one. The same binary and arguments execute the same
/// instructions on any machine, so the count per turn is a figure that holds where a timing does not.
///
/// The program's entry point is synchronous on purpose: valgrind 3.19 crashes when Swift's async `main`
/// parks the main thread in `dispatch_main` and a thread is started after it.
///
///     TurnCost [--turns N] [--now ISO8601] [--tz ZONE] [--config PATH] [--grammars DIR] [--through server|driver]
///              [--db postgres://...]
///
/// `--db` replays on PostgreSQL (an empty database: the replay books its club full first); without it, on a
/// fresh SQLite file.
///
/// Prints one line per reply state and the number of bookings made, so two runs can be checked for doing
/// the same work.
@main
enum TurnCost {
    static func main() {
        let options: Options
        do {
            options = try Options(CommandLine.arguments.dropFirst())
        } catch {
            FileHandle.standardError.write(Data("TurnCost: \(error)\n".utf8))
            exit(2)
        }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do {
                outcome.set(.success(try await Replay.run(options)))
            } catch {
                outcome.set(.failure(error))
            }
            done.signal()
        }
        done.wait()
        switch outcome.get() {
        case .success(let summary)?:
            print(summary)
        case .failure(let error)?:
            FileHandle.standardError.write(Data("TurnCost: \(error)\n".utf8))
            exit(1)
        case nil:
            exit(1)
        }
    }
}

/// The replay's result, handed from its task to the synchronous main thread.
final class Outcome: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<String, any Error>?

    func set(_ value: Result<String, any Error>) { lock.withLock { result = value } }
    func get() -> Result<String, any Error>? { lock.withLock { result } }
}

struct Options: Sendable {
    var turns = 1000
    var now = "2026-11-25T10:00:00-04:00"
    var timeZone: String?
    var config = "Config/club.yaml"
    var grammars = "Grammars/en"
    /// `--through server` (the ClubOS route) or `--through driver` (the dialogue driver's `respond`, the
    /// REPL's and DialogueBenchmarks' path, without HTTP).
    var throughServer = true
    /// A `postgres://` URL, or nil for a fresh SQLite file.
    var database: String?

    init(_ arguments: ArraySlice<String>) throws {
        var rest = arguments
        while let name = rest.popFirst() {
            guard let value = rest.popFirst() else { throw ReplayError("\(name) needs a value") }
            switch name {
            case "--turns":
                guard let count = Int(value), count >= 0 else { throw ReplayError("--turns takes a count") }
                turns = count
            case "--now": now = value
            case "--tz": timeZone = value
            case "--config": config = value
            case "--grammars": grammars = value
            case "--db":
                guard value.hasPrefix("postgres://") || value.hasPrefix("postgresql://") else {
                    throw ReplayError("--db takes a postgres:// URL (the default is a fresh SQLite file)")
                }
                database = value
            case "--through":
                guard value == "server" || value == "driver" else { throw ReplayError("--through server|driver") }
                throughServer = value == "server"
            default: throw ReplayError("unknown option \(name)")
            }
        }
    }
}

struct ReplayError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

enum Replay {
    static let secret = "turn-cost-secret"

    /// Sets up the club on a fresh SQLite file and plays `options.turns` turns; returns the summary.
    static func run(_ options: Options) async throws -> String {
        let file = try ClubConfigLoader.load(path: options.config)
        var club = file.club
        if let name = options.timeZone {
            guard let zone = TimeZone(identifier: name) else { throw ReplayError("--tz \(name) is not a time zone") }
            club.timeZone = zone
        }
        guard let now = try? Date(options.now, strategy: .iso8601) else {
            throw ReplayError("--now \(options.now) is not an ISO 8601 instant")
        }
        if let url = options.database {
            let store = try await PostgresBookingStore.open(try PostgresSettings(url: url))
            do {
                try await store.seed(members: file.members)
                let summary = try await play(options, club: club, now: now, store: store)
                await store.close()
                return summary
            } catch {
                await store.close()
                throw error
            }
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("turn-cost-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteBookingStore(path: directory.appendingPathComponent("turns.sqlite").path)
        try await store.seed(club: club, members: file.members)
        return try await play(options, club: club, now: now, store: store)
    }

    /// Books the club full, then plays `options.turns` turns on `store`; returns the summary.
    static func play(
        _ options: Options,
        club: Club,
        now: Date,
        store: some BookingStore & ConversationStore & MessageLog & OptOutList
    ) async throws -> String {
        let clock = FixedClock(now)
        let engine = BookingEngine(club: club, store: store, clock: clock, refs: .seeded(7))
        try await fillAllButOneBay(club: club, engine: engine, now: now)
        let driver = DialogueDriver(
            engine: engine,
            parser: try UtteranceParser(grammarsDirectory: options.grammars, club: club),
            conversations: store,
            messages: store,
            wording: try ReplyWording.load(directory: options.grammars),
            clock: clock
        )
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, isInsecureDevelopment: false)
        configuration.clubOSSecret = secret
        configuration.isInsecureDevelopment = true  // Twilio's token is not set; only the ClubOS route is used
        LoggingSystem.bootstrap { label in LineLogHandler(label: label, level: .info) }  // as `booking serve`
        let logger = Logger(label: "TurnCost")
        let server = try AgentServer(
            configuration: configuration,
            driver: driver,
            messages: store,
            optOuts: store,
            clock: clock,
            logger: logger
        )
        let responder = server.makeRouter().buildResponder()
        let channel = EmbeddedChannel()
        let timestamp = String(Int(now.timeIntervalSince1970))

        var states: [String: Int] = [:]
        var booked = 0
        var flow = 0
        var turn = 0
        var state: String?
        var played = 0
        while played < options.turns {
            let (opening, time) = BookingFlow.request(pick: flow &* 31)
            let text: String
            if turn == 0 {
                text = opening
            } else if let answer = BookingFlow.answer(after: state, turn: turn, time: time) {
                text = answer
            } else {
                flow += 1
                turn = 0
                state = nil
                continue
            }
            let thread = "cost-\(flow)"
            if options.throughServer {
                state = try await serverTurn(
                    text,
                    thread: thread,
                    messageID: "\(thread)-\(turn)",
                    phone: phone(flow: flow),
                    responder: responder,
                    context: BasicRequestContext(source: .init(channel: channel, logger: logger)),
                    timestamp: timestamp
                )
            } else {
                let reply = try await driver.respond(
                    to: text,
                    conversation: thread,
                    identity: .customer(phone: phone(flow: flow))
                )
                state = reply.phase.rawValue
            }
            states[state ?? "none", default: 0] += 1
            if state == "booked" { booked += 1 }
            played += 1
            turn += 1
        }
        let lines = states.sorted { $0.key < $1.key }.map { "replies \($0.key): \($0.value)" }
        return (["turns \(played)", "flows \(flow + (turn > 0 ? 1 : 0))", "booked \(booked)"] + lines)
            .joined(separator: "\n")
    }

    /// One turn through the ClubOS route, as `booking serve` receives it; returns the reply's state.
    static func serverTurn(
        _ text: String,
        thread: String,
        messageID: String,
        phone: String,
        responder: some HTTPResponder<BasicRequestContext>,
        context: BasicRequestContext,
        timestamp: String
    ) async throws -> String? {
        let body = Array(
            """
            {"message_id":"\(messageID)","thread_id":"\(thread)","customer":{"id":"\(thread)",\
            "phone":"\(phone)","name":"Turn Cost"},"content":"\(text)",\
            "sent_at":"2026-11-25T14:00:00Z"}
            """.utf8
        )
        var mac = HMAC<SHA256>(key: SymmetricKey(data: Array(secret.utf8)))
        mac.update(data: Array((timestamp + ".").utf8))
        mac.update(data: body)
        let signature = "sha256=" + hex(mac.finalize())
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        fields[.contentLength] = String(body.count)
        for (name, value) in [(ClubOSHeaders.timestamp, timestamp), (ClubOSHeaders.signature, signature)] {
            guard let field = HTTPFields.Name(name) else { throw ReplayError("bad header name \(name)") }
            fields[field] = value
        }
        let request = Request(
            head: HTTPRequest(
                method: .post,
                scheme: "http",
                authority: "localhost",
                path: "/v1/clubos/messages",
                headerFields: fields
            ),
            body: RequestBody(buffer: ByteBuffer(bytes: body))
        )
        let response = try await responder.respond(to: request, context: context)
        let collected = Collector()
        try await response.body.write(collected)
        guard response.status == .ok else {
            throw ReplayError(
                "\(messageID): \(response.status.code) \(String(decoding: collected.bytes, as: UTF8.self))"
            )
        }
        return value(of: "state", in: collected.bytes)
    }

    /// Books every bay but the first at every hour from 7 am to 11 pm on the six days the flows ask for, at
    /// the flows' three locations.
    ///
    /// The load run's club is full within seconds, after which most flows are offered alternatives; so here
    /// the first flow to ask for an hour gets bay 1, and the later ones choose among alternatives, as there.
    static func fillAllButOneBay(club: Club, engine: BookingEngine, now: Date) async throws {
        let today = LocalDay(containing: now, in: club.timeZone)
        var count = 0
        for location in club.locations where BookingFlow.locations.contains(location.id) {
            for offset in 1...6 {
                let day = today.adding(days: offset)
                for hour in 7...22 {
                    for bay in location.bays.map(\.number).sorted().dropFirst() {
                        count += 1
                        let request = BookingRequest(
                            location: location.id,
                            bay: bay,
                            start: LocalCalendar.instant(day, minuteOfDay: hour * 60, in: club.timeZone),
                            minutes: 60,
                            memberPhone: "+1902777" + String(10_000 + count).dropFirst(),
                            isStaff: true
                        )
                        _ = try await engine.book(request)  // an hour the location is closed stays empty
                    }
                }
            }
        }
    }

    private static let digits = Array("0123456789abcdef".utf8)

    /// Lower-case hex, without Foundation's formatter (which would cost more than the server's check).
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func phone(flow: Int) -> String { BookingFlow.phone(flow * 104_729 + 7_919) }

    /// The string value of a top-level-looking JSON key in `bytes` (the reply's `state`).
    static func value(of key: String, in bytes: [UInt8]) -> String? {
        let needle = Array("\"\(key)\":\"".utf8)
        guard bytes.count >= needle.count else { return nil }
        for start in 0...(bytes.count - needle.count) where bytes[start..<(start + needle.count)].elementsEqual(needle)
        {
            let from = start + needle.count
            guard let close = bytes[from...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
            return String(decoding: bytes[from..<close], as: UTF8.self)
        }
        return nil
    }
}

extension HTTPFields {
    /// The name type of a header field, reached through the type Hummingbird exports.
    typealias Name = Self.Element.Name
}

/// Collects a response body the way the HTTP server would write it to a socket.
final class Collector: ResponseBodyWriter, @unchecked Sendable {
    private(set) var bytes: [UInt8] = []

    func write(_ buffer: ByteBuffer) async throws {
        bytes.append(contentsOf: buffer.readableBytesView)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
