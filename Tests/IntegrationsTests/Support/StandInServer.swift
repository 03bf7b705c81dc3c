import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 standing in for one club system in tests.
///
/// It parses the request line, the headers and a Content-Length body, records every request, and answers with
/// whatever its handler says: a status and JSON, a hang past the client's timeout, or a closed connection.
/// `stop()` closes the listener, so the next connection is refused; `restart()` listens on the same port again.
final class StandInServer: @unchecked Sendable {
    /// One request as the server read it.
    struct Request: Sendable {
        var method: String
        var path: String
        var query: String
        /// Header names lowercased.
        var headers: [String: String]
        var body: Data

        /// The body as a JSON object, or an empty one.
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:]
        }

        /// The body as form fields.
        var form: [String: String] {
            var fields: [String: String] = [:]
            for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                let name = parts[0].removingPercentEncoding ?? parts[0]
                let value = parts.count > 1 ? (parts[1].removingPercentEncoding ?? parts[1]) : ""
                fields[name] = value
            }
            return fields
        }

        var idempotencyKey: String? { headers["idempotency-key"] }
    }

    /// How the server answers one request.
    enum Reply: Sendable {
        case json(Int, String)
        /// Holds the connection open without answering until released or stopped.
        case hang
        /// Closes the connection without an answer.
        case close
    }

    typealias Handler = @Sendable (Request) -> Reply

    private let lock = NSLock()
    private var listener: Int32 = -1
    private(set) var port: UInt16 = 0
    private var handler: Handler
    private var recorded: [Request] = []
    private var waiters:
        [(ticket: UUID, predicate: @Sendable (Request) -> Bool, continuation: CheckedContinuation<Request?, Never>)] =
            []
    private let hangRelease = DispatchSemaphore(value: 0)
    private var hanging = 0

    init(handler: @escaping Handler) throws {
        self.handler = handler
        try startListening(port: 0)
    }

    deinit {
        stop()
    }

    var baseURL: URL {
        URL(string: "http://127.0.0.1:\(port)") ?? URL(fileURLWithPath: "/")
    }

    func setHandler(_ handler: @escaping Handler) {
        lock.withLock { self.handler = handler }
    }

    /// Every request so far, in arrival order.
    var requests: [Request] {
        lock.withLock { recorded }
    }

    /// Waits until a request matching `predicate` arrives (or has arrived); nil when the waiting task is cancelled.
    func request(where predicate: @escaping @Sendable (Request) -> Bool) async -> Request? {
        let ticket = UUID()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Request?, Never>) in
                lock.lock()
                if let seen = recorded.first(where: predicate) {
                    lock.unlock()
                    continuation.resume(returning: seen)
                    return
                }
                waiters.append((ticket, predicate, continuation))
                lock.unlock()
                if Task.isCancelled { cancelWaiter(ticket) }
            }
        } onCancel: {
            cancelWaiter(ticket)
        }
    }

    private func cancelWaiter(_ ticket: UUID) {
        let removed = lock.withLock { () -> CheckedContinuation<Request?, Never>? in
            guard let index = waiters.firstIndex(where: { $0.ticket == ticket }) else { return nil }
            return waiters.remove(at: index).continuation
        }
        removed?.resume(returning: nil)
    }

    /// Closes the listener, so new connections are refused until `restart()`; hanging requests are released.
    func stop() {
        let fd = lock.withLock { () -> Int32 in
            let fd = listener
            listener = -1
            return fd
        }
        if fd >= 0 {
            shutdown(fd, Int32(SHUT_RDWR))
            close(fd)
        }
        releaseHanging()
    }

    /// Listens on the same port again.
    func restart() throws {
        try startListening(port: port)
    }

    /// Lets every hanging request finish (its connection is closed without an answer).
    func releaseHanging() {
        let count = lock.withLock { () -> Int in
            let count = hanging
            hanging = 0
            return count
        }
        for _ in 0..<count { hangRelease.signal() }
    }

    // MARK: - Socket work

    private func startListening(port requested: UInt16) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = requested.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        lock.withLock {
            listener = fd
            port = UInt16(bigEndian: actual.sin_port)
        }
        let thread = Thread { [weak self] in self?.acceptLoop(fd) }
        thread.start()
    }

    private func acceptLoop(_ fd: Int32) {
        while true {
            let connection = accept(fd, nil, nil)
            if connection < 0 { return }
            DispatchQueue.global().async { [weak self] in
                self?.serve(connection)
            }
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let request = Self.read(connection) else { return }
        let (reply, ready) = record(request)
        for continuation in ready { continuation.resume(returning: request) }
        switch reply {
        case .json(let status, let body):
            let bytes = Data(body.utf8)
            let head =
                "HTTP/1.1 \(status) \(status < 400 ? "OK" : "Error")\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(bytes.count)\r\nConnection: close\r\n\r\n"
            Self.write(connection, Data(head.utf8) + bytes)
        case .hang:
            lock.withLock { hanging += 1 }
            _ = hangRelease.wait(timeout: .now() + 20)
        case .close:
            return
        }
    }

    private func record(_ request: Request) -> (Reply, [CheckedContinuation<Request?, Never>]) {
        lock.withLock {
            recorded.append(request)
            var ready: [CheckedContinuation<Request?, Never>] = []
            waiters.removeAll { waiter in
                guard waiter.predicate(request) else { return false }
                ready.append(waiter.continuation)
                return true
            }
            return (handler(request), ready)
        }
    }

    private static func read(_ connection: Int32) -> Request? {
        var buffer = Data()
        var chunk = [UInt8](repeating: 0, count: 4096)
        let separator = Data("\r\n\r\n".utf8)
        while buffer.range(of: separator) == nil {
            let count = recv(connection, &chunk, chunk.count, 0)
            if count <= 0 { return nil }
            buffer.append(contentsOf: chunk[0..<count])
        }
        guard let headEnd = buffer.range(of: separator) else { return nil }
        let head = String(decoding: buffer[buffer.startIndex..<headEnd.lowerBound], as: UTF8.self)
        var body = Data(buffer[headEnd.upperBound...])
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ").map(String.init)
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while body.count < length {
            let count = recv(connection, &chunk, chunk.count, 0)
            if count <= 0 { return nil }
            body.append(contentsOf: chunk[0..<count])
        }
        let target = requestLine[1]
        let parts = target.split(separator: "?", maxSplits: 1).map(String.init)
        return Request(
            method: requestLine[0],
            path: parts[0],
            query: parts.count > 1 ? parts[1] : "",
            headers: headers,
            body: body
        )
    }

    private static func write(_ connection: Int32, _ data: Data) {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count, let base = raw.baseAddress {
                let written = send(connection, base + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
