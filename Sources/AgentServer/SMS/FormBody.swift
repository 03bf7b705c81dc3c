/// An `application/x-www-form-urlencoded` body, as ordered name/value pairs.
///
/// Decoded by hand so that a bad percent escape is a 400, and so that every parameter, known or not,
/// is kept for the Twilio signature, which covers all of them.
struct FormBody: Sendable {
    var parameters: [(name: String, value: String)]

    /// Nil for a body that is not valid form encoding (bad `%` escape, or not UTF-8 once decoded).
    init?(_ bytes: some Collection<UInt8>) {
        var parameters: [(name: String, value: String)] = []
        for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else { return nil }
            let value: String
            if parts.count > 1 {
                guard let decoded = Self.decode(parts[1]) else { return nil }
                value = decoded
            } else {
                value = ""
            }
            parameters.append((name, value))
        }
        self.parameters = parameters
    }

    /// The first value of `name`.
    subscript(_ name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }

    private static func decode(_ bytes: some Collection<UInt8>) -> String? {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "+"):
                output.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                let first = bytes.index(after: index)
                guard first != bytes.endIndex else { return nil }
                let second = bytes.index(after: first)
                guard second != bytes.endIndex, let high = hexValue(bytes[first]), let low = hexValue(bytes[second])
                else { return nil }
                output.append(high << 4 | low)
                index = second
            default:
                output.append(byte)
            }
            index = bytes.index(after: index)
        }
        return String(validating: output, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
