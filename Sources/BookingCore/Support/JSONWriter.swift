public import Foundation

/// A small JSON writer for the documents written on every webhook turn (the conversation state, the
/// ClubOS reply), where Foundation's `JSONEncoder` was a measurable part of a turn.
///
/// Members are written in the order given: callers write them sorted, so the bytes are those of a
/// `JSONEncoder` with `.sortedKeys`. Strings are escaped as Foundation escapes them, except that `/`
/// is left alone (as with `.withoutEscapingSlashes`) unless `escapesSlashes` is set; both read back the same.
public struct JSONWriter {
    /// The JSON written so far.
    public private(set) var bytes: [UInt8] = []
    /// Whether `/` is written `\/`, as `JSONEncoder` does without `.withoutEscapingSlashes`.
    public var escapesSlashes = false
    /// Whether the next member of the object being written needs a comma before it.
    private var needsComma = false
    private static let hex = Array("0123456789abcdef".utf8)

    public init() {
        bytes.reserveCapacity(1024)
    }

    /// An object whose members `body` writes with `member`, in the order given (the caller sorts them).
    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
        body(&self)
        bytes.append(UInt8(ascii: "}"))
    }

    /// One member of the object being written.
    public mutating func member(_ key: String, _ write: (inout JSONWriter) -> Void) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        string(key)
        bytes.append(UInt8(ascii: ":"))
        write(&self)
        needsComma = true
    }

    /// A member that is left out when the value is nil, as `encodeIfPresent` does.
    public mutating func member<Value>(_ key: String, _ value: Value?, _ write: (inout JSONWriter, Value) -> Void) {
        guard let value else { return }
        member(key) { write(&$0, value) }
    }

    /// A JSON string: the text's UTF-8 copied in runs, with the bytes JSON must escape written escaped.
    public mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = value
        text.withUTF8 { utf8 in
            var runStart = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard
                    byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
                        || (byte == UInt8(ascii: "/") && escapesSlashes)
                else { continue }
                if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                escape(byte)
                runStart = index + 1
            }
            if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A byte that may not appear raw in a JSON string, as Foundation's encoder writes it.
    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes += [UInt8(ascii: "\\"), byte]
        case UInt8(ascii: "\n"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
        case UInt8(ascii: "\r"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
        case UInt8(ascii: "\t"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
        case 0x08: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
        case 0x0C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
        default:
            bytes += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")]
            bytes += [Self.hex[Int(byte >> 4)], Self.hex[Int(byte & 0x0F)]]
        }
    }

    public mutating func number(_ value: Int) {
        bytes += String(value).utf8
    }

    public mutating func bool(_ value: Bool) {
        bytes += (value ? "true" : "false").utf8
    }

    /// A date as seconds since 1970, as `JSONEncoder`'s `.secondsSince1970` writes it.
    public mutating func date(_ value: Date) {
        let seconds = value.timeIntervalSince1970
        if seconds.rounded(.towardZero) == seconds, abs(seconds) < 1e15 {
            number(Int(seconds))
        } else {
            bytes += "\(seconds)".utf8
        }
    }

    /// A date as `JSONEncoder`'s `.iso8601` writes it: UTC, whole seconds (a fraction is dropped), `Z`.
    public mutating func isoDate(_ value: Date) {
        let seconds = Int(value.timeIntervalSince1970.rounded(.down))
        let day = LocalDay(daysSinceEpoch: LocalDay.floorDivide(seconds, 86_400))
        let second = seconds - LocalDay.floorDivide(seconds, 86_400) * 86_400
        bytes.append(UInt8(ascii: "\""))
        digits(day.year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(day.month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(day.day, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(second / 3600, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(second / 60 % 60, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(second % 60, 2)
        bytes += [UInt8(ascii: "Z"), UInt8(ascii: "\"")]
    }

    /// `value` in decimal, zero-padded to `width` digits.
    private mutating func digits(_ value: Int, _ width: Int) {
        guard value >= 0 else {
            bytes += String(value).utf8
            return
        }
        var divisor = 1
        var count = 1
        while divisor <= value / 10 {
            divisor *= 10
            count += 1
        }
        for _ in count..<max(width, count) { bytes.append(UInt8(ascii: "0")) }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }

    public mutating func array<Element>(_ values: [Element], _ write: (inout JSONWriter, Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            write(&self, value)
        }
        bytes.append(UInt8(ascii: "]"))
    }
}
