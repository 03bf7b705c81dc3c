import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The webhook load run: many concurrent ClubOS conversations, each booking a bay in four turns.
///
/// Every virtual conversation keeps one keep-alive connection and paces its turns so that, together,
/// they offer `--rate` turns a second (an open workload: a slow server does not slow the offered
/// load down, so latency is measured honestly). Each booking flow uses a new thread and a new phone.
/// At the end it prints throughput, latency percentiles and status counts, and writes every booking
/// ref a reply delivered to `--refs`, for `scripts/load/run.sh` to check against the database.
@main
struct AgentLoad {
    struct Options {
        var host = "127.0.0.1"
        var port = 8080
        var conversations = 1_000
        var seconds = 60.0
        var rate = 3_000.0
        var secret = ProcessInfo.processInfo.environment["CLUBOS_WEBHOOK_SECRET"] ?? ""
        var timestamp = Int(Date().timeIntervalSince1970)
        var refsPath = "load-refs.txt"
    }

    static func main() async throws {
        let options = try parse(CommandLine.arguments.dropFirst())
        let deadline = ContinuousClock.now + .seconds(options.seconds)
        let interval = Duration.seconds(Double(options.conversations) / options.rate)
        let started = ContinuousClock.now
        let results = try await withThrowingTaskGroup(of: Tally.self) { group in
            for user in 0..<options.conversations {
                group.addTask {
                    // Spread the first turns over one interval so the load starts evenly.
                    let phase = interval * (Double(user) / Double(options.conversations))
                    return try await Conversation(user: user, options: options, interval: interval)
                        .run(firstAt: started + phase, until: deadline)
                }
            }
            var total = Tally()
            for try await tally in group { total.merge(tally) }
            return total
        }
        let elapsed = (ContinuousClock.now - started).seconds
        try results.refs.joined(separator: "\n").appending("\n").write(
            toFile: options.refsPath,
            atomically: true,
            encoding: .utf8
        )
        results.report(elapsed: elapsed, options: options)
    }

    static func parse(_ arguments: ArraySlice<String>) throws -> Options {
        var options = Options()
        var iterator = arguments.makeIterator()
        while let name = iterator.next() {
            guard let value = iterator.next() else { throw UsageError(message: "\(name) needs a value") }
            switch name {
            case "--host": options.host = value
            case "--port": options.port = try number(value, name)
            case "--conversations": options.conversations = try number(value, name)
            case "--seconds": options.seconds = try number(value, name)
            case "--rate": options.rate = try number(value, name)
            case "--secret": options.secret = value
            case "--timestamp": options.timestamp = try number(value, name)
            case "--refs": options.refsPath = value
            default: throw UsageError(message: "unknown option \(name)")
            }
        }
        guard options.conversations > 0, options.rate > 0, options.seconds > 0 else {
            throw UsageError(message: "--conversations, --rate and --seconds must be positive")
        }
        return options
    }

    static func number<T: LosslessStringConvertible>(_ text: String, _ name: String) throws -> T {
        guard let value = T(text) else { throw UsageError(message: "\(name) '\(text)' is not a number") }
        return value
    }
}

struct UsageError: Error, CustomStringConvertible {
    var message: String
    var description: String {
        "\(message)\nusage: AgentLoad [--host H] [--port P] [--conversations N] [--seconds S] [--rate TURNS_PER_SECOND] "
            + "[--secret S] [--timestamp UNIX] [--refs FILE]"
    }
}

/// What one conversation saw.
struct Tally: Sendable {
    var latencies: [Double] = []
    var statuses: [Int: Int] = [:]
    var states: [String: Int] = [:]
    var refs: [String] = []
    var flows = 0
    var transportErrors = 0

    mutating func merge(_ other: Tally) {
        latencies += other.latencies
        statuses.merge(other.statuses, uniquingKeysWith: +)
        states.merge(other.states, uniquingKeysWith: +)
        refs += other.refs
        flows += other.flows
        transportErrors += other.transportErrors
    }

    func report(elapsed: Double, options: AgentLoad.Options) {
        let sorted = latencies.sorted()
        func percentile(_ fraction: Double) -> String {
            guard !sorted.isEmpty else { return "-" }
            let index = min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)
            return String(format: "%.2f ms", sorted[max(0, index)] * 1_000)
        }
        let unexpected = statuses.filter { ![200, 409, 429].contains($0.key) }.values.reduce(0, +) + transportErrors
        print("conversations      \(options.conversations) concurrent, offered \(Int(options.rate)) turns/s")
        print("duration           \(String(format: "%.1f", elapsed)) s")
        let throughput = String(format: "%.0f", Double(latencies.count) / elapsed)
        print("turns              \(latencies.count)  (\(throughput) turns/s)")
        print("booking flows      \(flows) started, \(refs.count) booked")
        let spread = "p50 \(percentile(0.50))  p95 \(percentile(0.95))  p99 \(percentile(0.99))  max \(percentile(1))"
        print("latency            \(spread)")
        print(
            "statuses           \(statuses.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))"
        )
        print(
            "reply states       \(states.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))"
        )
        print("errors             \(unexpected) (besides intended 409/429)")
    }
}

/// One virtual customer: books over and over on one connection, a new thread and phone per booking.
struct Conversation {
    static let days = ["tomorrow", "friday", "saturday", "sunday", "monday", "tuesday"]
    static let locations = ["bedford", "dartmouth", "halifax"]
    static let times = ["7am", "9am", "11am", "1pm", "3pm", "5pm", "7pm", "9pm", "10pm", "8am", "noon", "6pm"]

    let user: Int
    let options: AgentLoad.Options
    let interval: Duration

    func run(firstAt start: ContinuousClock.Instant, until deadline: ContinuousClock.Instant) async throws -> Tally {
        var tally = Tally()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: options.host, port: options.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                        wrappingChannelSynchronously: channel
                    )
                }
            }
        let signer = SymmetricKey(data: Data(options.secret.utf8))
        try await channel.executeThenClose { inbound, outbound in
            var responses = inbound.makeAsyncIterator()
            var next = start
            var flow = 0
            while next < deadline {
                flow += 1
                tally.flows += 1
                let thread = "load-\(user)-\(flow)"
                let phone = String(format: "+1902%07d", (user * 7_919 + flow * 104_729) % 10_000_000)
                let pick = user &+ flow &* 31
                let turns = [
                    "can i book a bay \(Self.days[pick % Self.days.count])",
                    Self.locations[(pick / 7) % Self.locations.count],
                    Self.times[(pick / 3) % Self.times.count],
                    "yes",
                ]
                for (index, text) in turns.enumerated() {
                    try await Task.sleep(until: next, clock: .continuous)
                    next = next + interval
                    let body = Self.body(
                        messageID: "\(thread)-\(index)",
                        thread: thread,
                        phone: phone,
                        content: text
                    )
                    let sent = ContinuousClock.now
                    try await outbound.write(.head(head(body: body, key: signer)))
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body))))
                    try await outbound.write(.end(nil))
                    var status = 0
                    var reply = ByteBuffer()
                    reading: while let part = try await responses.next() {
                        switch part {
                        case .head(let head): status = Int(head.status.code)
                        case .body(var chunk): reply.writeBuffer(&chunk)
                        case .end: break reading
                        }
                    }
                    tally.latencies.append((ContinuousClock.now - sent).seconds)
                    tally.statuses[status, default: 0] += 1
                    let decoded = try? JSONDecoder().decode(Answer.self, from: Data(reply.readableBytesView))
                    guard status == 200, let answer = decoded else { break }
                    tally.states[answer.state, default: 0] += 1
                    if answer.state == "booked", let ref = answer.booking?.ref { tally.refs.append(ref) }
                    if answer.state != "collecting" && answer.state != "confirming" { break }
                    if next >= deadline { break }
                }
            }
        }
        return tally
    }

    func head(body: [UInt8], key: SymmetricKey) -> HTTPRequestHead {
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: "/v1/clubos/messages")
        let timestamp = String(options.timestamp)
        var mac = HMAC<SHA256>(key: key)
        mac.update(data: Array((timestamp + ".").utf8))
        mac.update(data: body)
        let hex = mac.finalize().map { String(format: "%02x", $0) }.joined()
        head.headers.add(name: "Host", value: "\(options.host):\(options.port)")
        head.headers.add(name: "Content-Type", value: "application/json")
        head.headers.add(name: "Content-Length", value: String(body.count))
        head.headers.add(name: "X-ClubOS-Timestamp", value: timestamp)
        head.headers.add(name: "X-ClubOS-Signature", value: "sha256=" + hex)
        return head
    }

    static func body(messageID: String, thread: String, phone: String, content: String) -> [UInt8] {
        let json = """
            {"message_id":"\(messageID)","thread_id":"\(thread)","customer":{"id":"\(thread)","phone":"\(phone)",\
            "name":"Load Test","email":"load@example.com"},"content":"\(content)","sent_at":"2026-11-25T14:00:00Z"}
            """
        return Array(json.utf8)
    }
}

/// The part of a reply the load run reads.
struct Answer: Decodable {
    struct Booking: Decodable { var ref: String }
    var state: String
    var booking: Booking?
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
