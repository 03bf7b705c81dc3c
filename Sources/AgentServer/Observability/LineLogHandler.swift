import Foundation
public import Logging
import Synchronization

/// The server's log lines on standard error: `<time> <level> <label>: <message> key=value ...`.
///
/// swift-log's `StreamLogHandler` renders its metadata again every time a key is set, and a webhook
/// request sets three (route, conversation id, message id) whether or not anything is logged; under
/// load that was 3 % of the server's CPU. This handler renders metadata only for a line it writes.
/// `booking serve` bootstraps it, and so does the turn-cost replay, so that both log the same way.
public struct LineLogHandler: LogHandler {
    let label: String
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    /// One lock for all handlers, so lines from different threads never interleave.
    private static let output = Mutex(())

    /// A handler for `label` that writes lines at `level` and above.
    public init(label: String, level: Logger.Level) {
        self.label = label
        logLevel = level
    }

    /// One metadata value, kept as given until a line is written.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes the line with its metadata, sorted by key, to standard error.
    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        var line = Date().formatted(.iso8601) + " \(event.level) \(label): \(event.message)"
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) { line += " \(key)=\(value)" }
        line += "\n"
        Self.output.withLock { _ in FileHandle.standardError.write(Data(line.utf8)) }
    }
}
