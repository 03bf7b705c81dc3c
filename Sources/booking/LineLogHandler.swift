import Foundation
import Logging
import Synchronization

/// The server's log lines on standard error: `<time> <level> <label>: <message> key=value ...`.
///
/// swift-log's `StreamLogHandler` renders its metadata again every time a key is set, and a webhook
/// request sets three (route, conversation id, message id) whether or not anything is logged; under
/// load that was 3 % of the server's CPU. This handler renders metadata only for a line it writes.
struct LineLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    /// One lock for all handlers, so lines from different threads never interleave.
    private static let output = Mutex(())

    init(label: String, level: Logger.Level) {
        self.label = label
        logLevel = level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        var line = Date().formatted(.iso8601) + " \(event.level) \(label): \(event.message)"
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) { line += " \(key)=\(value)" }
        line += "\n"
        Self.output.withLock { _ in FileHandle.standardError.write(Data(line.utf8)) }
    }
}
