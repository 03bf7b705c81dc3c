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
        // The event's metadata wins over the provider's, which wins over the handler's; a handful of keys, so
        // a list beats merging dictionaries, and the line is built as bytes (a line per turn at info).
        var pairs: [(key: String, value: Logger.MetadataValue)] = []
        pairs.reserveCapacity(metadata.count + (event.metadata?.count ?? 0) + 2)
        func add(_ source: Logger.Metadata) {
            for (key, value) in source where !pairs.contains(where: { $0.key == key }) {
                pairs.append((key, value))
            }
        }
        if let extra = event.metadata { add(extra) }
        if let provided = metadataProvider?.get() { add(provided) }
        add(metadata)
        pairs.sort { $0.key < $1.key }
        var line: [UInt8] = []
        line.reserveCapacity(512)
        line.append(contentsOf: Date().formatted(.iso8601).utf8)
        line.append(UInt8(ascii: " "))
        line.append(contentsOf: event.level.rawValue.utf8)  // "\(level)" would find the case name by reflection
        line.append(UInt8(ascii: " "))
        line.append(contentsOf: label.utf8)
        line.append(contentsOf: ": ".utf8)
        line.append(contentsOf: event.message.description.utf8)
        for (key, value) in pairs {
            line.append(UInt8(ascii: " "))
            line.append(contentsOf: key.utf8)
            line.append(UInt8(ascii: "="))
            line.append(contentsOf: value.description.utf8)
        }
        line.append(UInt8(ascii: "\n"))
        Self.output.withLock { _ in FileHandle.standardError.write(Data(line)) }
    }
}
