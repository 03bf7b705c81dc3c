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
        let line = render(event, at: Date())
        Self.output.withLock { _ in FileHandle.standardError.write(Data(line)) }
    }

    /// The line for `event` logged at `date`, newline included.
    func render(_ event: LogEvent, at date: Date) -> [UInt8] {
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
        line.append(contentsOf: date.formatted(.iso8601).utf8)
        line.append(UInt8(ascii: " "))
        line.append(contentsOf: event.level.rawValue.utf8)  // "\(level)" would find the case name by reflection
        line.append(UInt8(ascii: " "))
        line.append(contentsOf: label.utf8)
        line.append(contentsOf: ": ".utf8)
        Self.appendEscaped(event.message.description, to: &line)
        for (key, value) in pairs {
            line.append(UInt8(ascii: " "))
            line.append(contentsOf: key.utf8)
            line.append(UInt8(ascii: "="))
            Self.appendEscaped(value.description, to: &line)
        }
        line.append(UInt8(ascii: "\n"))
        return line
    }

    /// Appends `text` with its control characters escaped (`\n`, `\r`, `\t`, `\\`, else `\u{1B}`), C1 controls and
    /// the Unicode line and paragraph separators included.
    ///
    /// Values come from requests — a ClubOS thread or message id, the text at debug — and a newline in one
    /// would end the line and let the rest pass for a line of the server's own, and an escape sequence would
    /// reach the terminal that shows the log (the contract run of issue 16 sent both).
    static func appendEscaped(_ text: String, to line: inout [UInt8]) {
        // Printable ASCII without a backslash, nearly every value, goes in as it is.
        if text.utf8.allSatisfy({ (0x20...0x7E).contains($0) && $0 != UInt8(ascii: "\\") }) {
            line.append(contentsOf: text.utf8)
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: line.append(contentsOf: #"\n"#.utf8)
            case 0x0D: line.append(contentsOf: #"\r"#.utf8)
            case 0x09: line.append(contentsOf: #"\t"#.utf8)
            case 0x5C: line.append(contentsOf: #"\\"#.utf8)
            case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029:
                line.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".utf8)
            default: UTF8.encode(scalar) { line.append($0) }
            }
        }
    }
}
