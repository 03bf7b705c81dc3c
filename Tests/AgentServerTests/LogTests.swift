import Foundation
import Logging
import Synchronization
import Testing

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
