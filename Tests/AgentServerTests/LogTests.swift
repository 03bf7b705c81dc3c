import Foundation
import Logging
import Synchronization
import Testing

@testable import AgentServer

/// What the server logs about a customer's turn: enough to follow it, nothing of what they said.
@Suite("Structured logs")
struct LogTests {
    /// One line as the handler received it, with the logger's metadata merged in.
    struct Line: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]

        /// The whole line as text, to search for words that must not be there.
        var text: String { ([message] + metadata.map { "\($0.key)=\($0.value)" }).joined(separator: " ") }
    }

    /// Keeps every line logged through any handler made from it.
    final class Recorder: Sendable {
        private let lines = Mutex<[Line]>([])

        var all: [Line] { lines.withLock { $0 } }
        func append(_ line: Line) { lines.withLock { $0.append(line) } }

        func logger(level: Logger.Level) -> Logger {
            Logger(label: "LogTests") { _ in Handler(recorder: self, logLevel: level) }
        }
    }

    struct Handler: LogHandler {
        let recorder: Recorder
        var logLevel: Logger.Level
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var merged = metadata
            for (key, value) in event.metadata ?? [:] { merged[key] = value }
            recorder.append(
                Line(
                    level: event.level,
                    message: "\(event.message)",
                    metadata: merged.mapValues { "\($0)" }
                )
            )
        }
    }

    static let words = "bedford tomorrow at 7 for 2 hours"

    @Test func everyTurnLineCarriesTheConversationAndMessageButNoText() async throws {
        let recorder = Recorder()
        try await ServerHarness.run(logger: recorder.logger(level: .info)) { harness in
            _ = try await harness.client.clubOS(Self.words, messageID: "log-1", thread: "log-thread")
            _ = try await harness.client.clubOS(Self.words, messageID: "log-1", thread: "log-thread")
            _ = try await harness.client.sms(Self.words, sid: "SMlog1")
        }
        let turns = recorder.all.filter { $0.metadata["route"] != nil }
        // A turn answered, a retry answered from the log, and an SMS turn answered.
        #expect(turns.filter { $0.message == "turn answered" }.count == 2)
        #expect(turns.contains { $0.message == "retried message answered from the log" })
        for line in turns {
            #expect(line.metadata["conversation_id"]?.isEmpty == false, "\(line)")
            #expect(line.metadata["message_id"]?.isEmpty == false, "\(line)")
            #expect(!line.text.contains("tomorrow"), "\(line)")
        }
        #expect(turns.contains { $0.metadata["conversation_id"] == "clubos:log-thread" })
        #expect(turns.contains { $0.metadata["message_id"] == "twilio:SMlog1" })
    }

    /// A value from a request cannot end the server's line or forge the next one, nor reach the terminal as an
    /// escape sequence: the contract run (issue 16) sent thread ids with newlines and ESC, and `booking serve`
    /// wrote them into its log as they were.
    @Test func requestValuesCannotBreakOrForgeALogLine() {
        let handler = LineLogHandler(label: "booking.serve", level: .info)
        let forged = "t\n2026-12-01T00:00:00Z error booking.serve: forged\r\u{1B}[2J\u{9B}\u{2028}\\ é\u{301}"
        let event = LogEvent(
            level: .info,
            message: "turn\nanswered",
            metadata: ["conversation_id": "clubos:\(forged)", "route": "clubos"],
            source: nil,
            file: #fileID,
            function: #function,
            line: #line
        )
        let line = String(decoding: handler.render(event, at: Date(timeIntervalSince1970: 0)), as: UTF8.self)
        #expect(line.filter { $0 == "\n" }.count == 1)
        #expect(line.hasSuffix("\n"))
        #expect(!line.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) })
        #expect(
            line == #"1970-01-01T00:00:00Z info booking.serve: turn\nanswered "#
                + #"conversation_id=clubos:t\n2026-12-01T00:00:00Z error booking.serve: forged\r\u{1B}[2J\u{9B}\u{2028}\\ "#
                + "é\u{301} route=clubos\n"
        )
    }

    /// The words are there for whoever turns on debug logging on purpose, so the test above can fail.
    @Test func debugLevelShowsTheText() async throws {
        let recorder = Recorder()
        try await ServerHarness.run(logger: recorder.logger(level: .debug)) { harness in
            _ = try await harness.client.clubOS(Self.words, messageID: "log-2", thread: "log-thread")
        }
        let text = recorder.all.filter { $0.level == .debug }.map(\.text)
        #expect(text.contains { $0.contains(Self.words) })
    }
}
