import BookingFlow
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The webhook load run: many concurrent ClubOS conversations, each booking a bay in three or four turns.
///
/// A flow asks for a bay at a location on a day, gives a time when asked, and then answers as a
/// customer would: YES to a summary, "1" to numbered alternatives (then YES). A flow ends at a booking,
/// at any other answer (nothing free, a refusal), or after four turns; the next one starts with a new
/// thread and a new phone.
///
/// Every virtual conversation keeps one keep-alive connection and paces its turns so that, together,
/// they offer `--rate` turns a second (an open workload: a slow server does not slow the offered
/// load down, so latency is measured honestly). Each booking flow uses a new thread and a new phone.
/// At the end it prints throughput, latency percentiles and status counts, and writes every booking
/// ref a reply delivered to `--refs`, for `scripts/load/run.sh` to check against the database.
///
/// The generator shares the machine with the server, so it is built to cost little: every
/// conversation is a channel handler on one event loop thread, driven by the loop's timers, with no
/// tasks, no JSON decoder and no Foundation formatting per request.
@main
struct AgentLoad {
    struct Options: Sendable {
        var host = "127.0.0.1"
        var port = 8080
        var conversations = 1_000
        var seconds = 60.0
        var rate = 3_000.0
        var secret = ProcessInfo.processInfo.environment["CLUBOS_WEBHOOK_SECRET"] ?? ""
        var timestamp = Int(Date().timeIntervalSince1970)
        var refsPath = "load-refs.txt"
        /// When set, one line per second of the run: sent turns, p50, p99 and max latency.
        var timelinePath: String?
    }

    static func main() throws {
        let options = try parse(CommandLine.arguments.dropFirst())
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let interval = TimeAmount.nanoseconds(Int64(Double(options.conversations) / options.rate * 1e9))
        let started = NIODeadline.now()
        let deadline = started + .nanoseconds(Int64(options.seconds * 1e9))
        var results: [EventLoopFuture<Tally>] = []
        for user in 0..<options.conversations {
            let promise = loop.makePromise(of: Tally.self)
            // Spread the first turns over one flow's four intervals, so that at any moment the turns in
            // flight mix every kind (first messages, answers, YES) as independent customers' would;
            // starting all conversations within one interval would send every YES in the same second.
            let phase = TimeAmount.nanoseconds(
                interval.nanoseconds * Int64(BookingFlow.turnsPerFlow) * Int64(user) / Int64(options.conversations)
            )
            let plan = Plan(
                user: user,
                options: options,
                interval: interval,
                firstAt: started + phase,
                deadline: deadline
            )
            ClientBootstrap(group: loop)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(ConversationDriver(plan: plan, promise: promise))
                    }
                }
                .connect(host: options.host, port: options.port)
                .whenFailure { _ in
                    var failed = Tally()
                    failed.transportErrors = 1
                    promise.succeed(failed)
                }
            results.append(promise.futureResult)
        }
        let total = try EventLoopFuture.whenAllSucceed(results, on: loop).wait().reduce(into: Tally()) {
            $0.merge($1)
        }
        let elapsed = Double((NIODeadline.now() - started).nanoseconds) / 1e9
        try group.syncShutdownGracefully()
        try total.refs.joined(separator: "\n").appending("\n").write(
            toFile: options.refsPath,
            atomically: true,
            encoding: .utf8
        )
        total.report(elapsed: elapsed, options: options, startedAt: started)
        if let path = options.timelinePath {
            try total.timeline(startedAt: started).write(toFile: path, atomically: true, encoding: .utf8)
        }
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
            case "--timeline": options.timelinePath = value
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
            + "[--secret S] [--timestamp UNIX] [--refs FILE] [--timeline FILE]"
    }
}

/// What one conversation saw.
struct Tally: Sendable {
    var latencies: [Double] = []
    /// When each turn was sent, in step with `latencies`.
    var sentAt: [NIODeadline] = []
    var statuses: [Int: Int] = [:]
    var states: [String: Int] = [:]
    var refs: [String] = []
    var flows = 0
    var transportErrors = 0

    mutating func merge(_ other: Tally) {
        latencies += other.latencies
        sentAt += other.sentAt
        statuses.merge(other.statuses, uniquingKeysWith: +)
        states.merge(other.states, uniquingKeysWith: +)
        refs += other.refs
        flows += other.flows
        transportErrors += other.transportErrors
    }

    /// Latency per second of the run, to see whether slow turns come in bursts.
    func timeline(startedAt started: NIODeadline) -> String {
        var seconds: [Int: [Double]] = [:]
        for (sent, latency) in zip(sentAt, latencies) {
            seconds[Int((sent - started).nanoseconds / 1_000_000_000), default: []].append(latency)
        }
        var lines = ["second turns p50_ms p99_ms max_ms"]
        for (second, values) in seconds.sorted(by: { $0.key < $1.key }) {
            let sorted = values.sorted()
            func at(_ fraction: Double) -> String {
                String(format: "%.1f", sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))] * 1_000)
            }
            lines.append("\(second) \(sorted.count) \(at(0.5)) \(at(0.99)) \(at(1))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func report(elapsed: Double, options: AgentLoad.Options, startedAt started: NIODeadline) {
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
        // Conversations start spread over one flow; after that every one of them is sending.
        let ramp = Double(BookingFlow.turnsPerFlow * options.conversations) / options.rate
        if ramp < options.seconds {
            let rampEnd = started + .nanoseconds(Int64(ramp * 1e9))
            let steady = sentAt.filter { $0 >= rampEnd }.count
            let rate = String(format: "%.0f", Double(steady) / (options.seconds - ramp))
            print(
                "steady state       \(rate) turns/s sent and answered after the \(String(format: "%.1f", ramp)) s ramp"
            )
        }
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

/// What one virtual customer does and when.
struct Plan: Sendable {
    let user: Int
    let options: AgentLoad.Options
    let interval: TimeAmount
    let firstAt: NIODeadline
    let deadline: NIODeadline

    /// The first message of booking flow number `flow` and the time it gives when asked.
    func request(flow: Int) -> (opening: String, time: String) {
        BookingFlow.request(pick: user &+ flow &* 31)
    }

    func phone(flow: Int) -> String {
        BookingFlow.phone(user * 7_919 + flow * 104_729)
    }
}

/// One virtual customer on one keep-alive connection: books over and over, a new thread and phone per
/// booking, each turn sent at its planned time (or at once when the previous answer came late).
final class ConversationDriver: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private let plan: Plan
    private let promise: EventLoopPromise<Tally>
    private let key: SymmetricKey
    private var tally = Tally()
    private var next: NIODeadline
    private var flow = 0
    private var turn = 0
    private var text = ""
    private var time = ""
    private var thread = ""
    private var phone = ""
    private var sentAt = NIODeadline.now()
    private var status = 0
    private var reply = ByteBuffer()
    private var finished = false

    init(plan: Plan, promise: EventLoopPromise<Tally>) {
        self.plan = plan
        self.promise = promise
        key = SymmetricKey(data: Data(plan.options.secret.utf8))
        next = plan.firstAt
    }

    func channelActive(context: ChannelHandlerContext) {
        startFlow()
        scheduleTurn(context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = Int(head.status.code)
            reply.clear()
        case .body(var chunk):
            reply.writeBuffer(&chunk)
        case .end:
            answered(context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        tally.transportErrors += 1
        finish(context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !finished { tally.transportErrors += 1 }
        finish(context: context)
    }

    private func startFlow() {
        flow += 1
        tally.flows += 1
        turn = 0
        (text, time) = plan.request(flow: flow)
        thread = "load-\(plan.user)-\(flow)"
        phone = plan.phone(flow: flow)
    }

    private func scheduleTurn(context: ChannelHandlerContext) {
        guard next < plan.deadline else { return finish(context: context) }
        let loop = context.eventLoop.assumeIsolated()
        if next <= .now() {
            send(context: context)
        } else {
            loop.scheduleTask(deadline: next) { self.send(context: context) }
        }
    }

    private func send(context: ChannelHandlerContext) {
        guard !finished else { return }
        next = next + plan.interval
        let body = Self.body(
            messageID: "\(thread)-\(turn)",
            thread: thread,
            phone: phone,
            content: text
        )
        sentAt = .now()
        context.write(wrapOutboundOut(.head(head(body: body))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    private func answered(context: ChannelHandlerContext) {
        tally.latencies.append(Double((NIODeadline.now() - sentAt).nanoseconds) / 1e9)
        tally.sentAt.append(sentAt)
        tally.statuses[status, default: 0] += 1
        let state = status == 200 ? Self.string(after: #""state":""#, in: reply) : nil
        if let state {
            tally.states[state, default: 0] += 1
            if state == "booked", let ref = Self.string(after: #""ref":""#, in: reply) { tally.refs.append(ref) }
        }
        turn += 1
        if let answer = BookingFlow.answer(after: state, turn: turn, time: time) {
            text = answer
        } else {
            startFlow()
        }
        scheduleTurn(context: context)
    }

    private func finish(context: ChannelHandlerContext) {
        guard !finished else { return }
        finished = true
        context.close(promise: nil)
        promise.succeed(tally)
    }

    private func head(body: [UInt8]) -> HTTPRequestHead {
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: "/v1/clubos/messages")
        let timestamp = String(plan.options.timestamp)
        var mac = HMAC<SHA256>(key: key)
        mac.update(data: Array((timestamp + ".").utf8))
        mac.update(data: body)
        head.headers.add(name: "Host", value: "\(plan.options.host):\(plan.options.port)")
        head.headers.add(name: "Content-Type", value: "application/json")
        head.headers.add(name: "Content-Length", value: String(body.count))
        head.headers.add(name: "X-ClubOS-Timestamp", value: timestamp)
        head.headers.add(name: "X-ClubOS-Signature", value: "sha256=" + Self.hex(mac.finalize()))
        return head
    }

    private static let digits = Array("0123456789abcdef".utf8)

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The JSON string value that follows `marker`, a key and its opening quote.
    ///
    /// Inside a JSON string a quote is always escaped, so the marker can only match a real key.
    static func string(after marker: String, in buffer: ByteBuffer) -> String? {
        let needle = Array(marker.utf8)
        return buffer.withUnsafeReadableBytes { bytes -> String? in
            guard bytes.count >= needle.count else { return nil }
            for start in 0...(bytes.count - needle.count) {
                var matches = true
                for offset in 0..<needle.count where bytes[start + offset] != needle[offset] {
                    matches = false
                    break
                }
                guard matches else { continue }
                let valueStart = start + needle.count
                guard let close = bytes[valueStart...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
                return String(decoding: bytes[valueStart..<close], as: UTF8.self)
            }
            return nil
        }
    }

    static func body(messageID: String, thread: String, phone: String, content: String) -> [UInt8] {
        let json = """
            {"message_id":"\(messageID)","thread_id":"\(thread)","customer":{"id":"\(thread)","phone":"\(phone)",\
            "name":"Load Test","email":"load@example.com"},"content":"\(content)","sent_at":"2026-11-25T14:00:00Z"}
            """
        return Array(json.utf8)
    }
}
