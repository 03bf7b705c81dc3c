import AgentServer
import Foundation
import Testing

@Suite("Limits and bad input")
struct LimitTests {
    let openAPI = try? OpenAPIDocument.load()

    @Test func aBodyOver16kBIs413WithAJSONError() async throws {
        try await ServerHarness.run { harness in
            let content = String(repeating: "a", count: 17 * 1_024)
            let response = try await harness.client.postClubOS(ClubOSBody.make(content, messageID: "big-1"))
            #expect(response.status == 413)
            #expect(response.json["error"] as? String == "payload_too_large")
            #expect(openAPI?.problems("POST", "/v1/clubos/messages", status: 413, body: response.body) == [])
            let sms = try await harness.client.sms(content, sid: "BIG")
            #expect(sms.status == 413)
        }
    }

    @Test(arguments: [
        ("{\"message_id\":", "malformed_json"),
        ("[1, 2, 3]", "malformed_json"),
        ("not json at all", "malformed_json"),
        ("{\"message_id\":\"x\",\"thread_id\":7}", "invalid_field"),
        ("{\"message_id\":\"x\",\"thread_id\":\"t\"}", "missing_field"),
        ("", "malformed_json"),
    ])
    func malformedJSONIs400WithAJSONError(body: String, code: String) async throws {
        try await ServerHarness.run { harness in
            let response = try await harness.client.postClubOS(Data(body.utf8))
            #expect(response.status == 400)
            #expect(response.json["error"] as? String == code)
            #expect(openAPI?.problems("POST", "/v1/clubos/messages", status: 400, body: response.body) == [])
        }
    }

    @Test func invalidFieldsAre400AndOverlongTextIs422() async throws {
        try await ServerHarness.run { harness in
            let badPhone = try await harness.client.postClubOS(
                ClubOSBody.make("hi", messageID: "p-1", phone: "call me")
            )
            #expect(badPhone.status == 400)
            let empty = try await harness.client.postClubOS(ClubOSBody.make("   ", messageID: "p-2"))
            #expect(empty.status == 400)
            let long = try await harness.client.postClubOS(
                ClubOSBody.make(String(repeating: "bay ", count: 300), messageID: "p-3")
            )
            #expect(long.status == 422)
            #expect(long.json["error"] as? String == "content_too_long")
            #expect(openAPI?.problems("POST", "/v1/clubos/messages", status: 422, body: long.body) == [])
            #expect(try await harness.isRecorded("clubos:p-3") == false)
        }
    }

    /// The contract's `maxLength` counts code points (JSON Schema), so the server counts Unicode scalars, not
    /// Swift characters: schemathesis found a message_id of a few dozen letters under piles of combining marks
    /// ("Zalgo" text, over 200 scalars) accepted with 200 where the schema refuses it.
    @Test func lengthsAreCountedInUnicodeScalarsAsTheSchemaCounts() async throws {
        try await ServerHarness.run { harness in
            let accented = { (count: Int) in String(repeating: "a\u{301}", count: count) }  // 2 scalars, 1 character
            let longID = try await harness.client.postClubOS(ClubOSBody.make("hi", messageID: accented(101)))
            #expect(longID.status == 400)
            #expect(longID.json["error"] as? String == "invalid_field")
            #expect(openAPI?.problems("POST", "/v1/clubos/messages", status: 400, body: longID.body) == [])
            #expect(try await harness.isRecorded("clubos:" + accented(101)) == false)
            let longThread = try await harness.client.postClubOS(
                ClubOSBody.make("hi", messageID: "u-2", thread: accented(101))
            )
            #expect(longThread.status == 400)
            let fullID = try await harness.client.postClubOS(ClubOSBody.make("hi", messageID: accented(100)))
            #expect(fullID.status == 200)

            let longText = try await harness.client.postClubOS(ClubOSBody.make(accented(501), messageID: "u-3"))
            #expect(longText.status == 422)
            #expect(longText.json["error"] as? String == "content_too_long")

            let longSid = try await harness.client.sms("hi", sid: accented(101))
            #expect(longSid.status == 400)
            #expect(longSid.json["error"] as? String == "missing_field")
            let ascii = String(repeating: "a", count: 1_001)
            let tooLong = try await harness.client.sms(ascii, sid: "U1", from: "+19025550301")
            let accentedTooLong = try await harness.client.sms(accented(501), sid: "U2", from: "+19025550302")
            #expect(accentedTooLong.status == 200)
            #expect(TwilioRouteTests.message(accentedTooLong) == TwilioRouteTests.message(tooLong))
        }
    }

    @Test func hostileTextGetsAReplyNotAnError() async throws {
        try await ServerHarness.run { harness in
            for (index, text) in ["\u{0}\u{1}\u{7F}", "<script>alert(1)</script> & \"'", "🏌️‍♀️🏌️‍♀️", "\r\n\t"].enumerated() {
                let clubOS = try await harness.client.clubOS(text, messageID: "h-\(index)", thread: "h-\(index)")
                #expect(clubOS.status == 200 || clubOS.status == 400)
                let sms = try await harness.client.sms(text, sid: "H\(index)", from: "+1902555020\(index)")
                #expect(sms.status == 200)
                #expect(!sms.text.contains("<script>"))
            }
        }
    }

    @Test func aSenderOverTheRateLimitGetsAFriendly429() async throws {
        try await ServerHarness.run(limits: ServerLimits(messagesPerMinute: 1, burst: 2)) { harness in
            let first = try await harness.client.clubOS("hi", messageID: "rl-1")
            let second = try await harness.client.clubOS("hi", messageID: "rl-2")
            let third = try await harness.client.clubOS("hi", messageID: "rl-3")
            #expect(first.status == 200)
            #expect(second.status == 200)
            #expect(third.status == 429)
            #expect(third.json["error"] as? String == "rate_limited")
            #expect((third.json["retry_after"] as? Int ?? 0) > 0)
            #expect(third.header("Retry-After") != nil)
            #expect(openAPI?.problems("POST", "/v1/clubos/messages", status: 429, body: third.body) == [])
            // A retry of an answered message is served from the log, whatever the limit.
            let retry = try await harness.client.clubOS("hi", messageID: "rl-1")
            #expect(retry.body == first.body)
            // Another sender is not affected.
            let other = try await harness.client.clubOS("hi", messageID: "rl-4", thread: "t-2", phone: "902-555-0102")
            #expect(other.status == 200)

            // SMS: the first refusal says so once, then the sender gets silence rather than a reply per message.
            _ = try await harness.client.sms("hi", sid: "RL1", from: "+19025550103")
            _ = try await harness.client.sms("hi", sid: "RL2", from: "+19025550103")
            let warned = try await harness.client.sms("hi", sid: "RL3", from: "+19025550103")
            #expect(warned.status == 200)
            #expect(TwilioRouteTests.message(warned)?.contains("faster") == true)
            let silent = try await harness.client.sms("hi", sid: "RL4", from: "+19025550103")
            #expect(TwilioRouteTests.message(silent) == nil)
        }
    }

    @Test func unknownRoutesAndMethodsAreNot500() async throws {
        try await ServerHarness.run { harness in
            let unknown = try await harness.client.send("GET", "/v1/nothing")
            #expect(unknown.status == 404)
            let wrongMethod = try await harness.client.send("GET", "/v1/clubos/messages")
            #expect(wrongMethod.status < 500)
        }
    }

    /// A client that sends half a request and stalls (a slow-loris) is disconnected after the idle timeout
    /// instead of holding a connection open for ever.
    @Test func aStalledHalfRequestIsClosedAfterTheIdleTimeout() async throws {
        let limits = ServerLimits(messagesPerMinute: 600, burst: 100, queueTimeout: .seconds(60), idleTimeoutSeconds: 1)
        try await ServerHarness.run(limits: limits) { harness in
            let outcome = try await RawConnection.sendAndWaitForClose(
                port: harness.port,
                bytes: "POST /v1/clubos/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 400\r\n\r\n{\"mess",
                watchdogSeconds: 30
            )
            #expect(outcome == .closed)
            // The server still answers everyone else.
            let health = try await harness.client.send("GET", "/healthz")
            #expect(health.status == 200)
        }
    }
}

/// A bare TCP client, for requests no HTTP client library will send.
enum RawConnection {
    enum Outcome: Equatable {
        /// The server closed the connection (possibly after answering).
        case closed
        /// Nothing happened before the watchdog.
        case stillOpen
        case failed(Int32)
    }

    /// Connects, writes `bytes`, then reads until the server closes the connection or the watchdog expires.
    static func sendAndWaitForClose(port: Int, bytes: String, watchdogSeconds: Int) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: blockingSendAndWait(port: port, bytes: bytes, watchdog: watchdogSeconds))
            }
        }
    }

    private static func blockingSendAndWait(port: Int, bytes: String, watchdog: Int) -> Outcome {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return .failed(errno) }
        defer { close(fd) }
        var timeout = timeval(tv_sec: watchdog, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return .failed(errno) }
        let data = Array(bytes.utf8)
        guard send(fd, data, data.count, 0) == data.count else { return .failed(errno) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count > 0 { continue }
            if count == 0 { return .closed }
            if errno == ECONNRESET { return .closed }
            if errno == EAGAIN || errno == EWOULDBLOCK { return .stillOpen }
            return .failed(errno)
        }
    }
}
