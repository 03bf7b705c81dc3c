/// A reader for the common shape of a ClubOS message, with `JSONDecoder` behind it for everything else.
///
/// The common shape is a flat object of plain strings (no escapes) with the customer object inside. For
/// anything else (an escape, a number, an array, a missing or repeated field, invalid UTF-8) it returns
/// nil, and the caller asks `JSONDecoder`, which also names what is wrong. Every ClubOS turn decodes one
/// message; Foundation's decoder was 2-3 % of a turn's CPU.
struct ClubOSMessageReader {
    private let bytes: [UInt8]
    private var index = 0

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The message, when the body has the common shape; nil sends the caller to `JSONDecoder`.
    static func read(_ body: some Collection<UInt8>) -> ClubOSMessage? {
        var reader = ClubOSMessageReader(Array(body))
        return reader.message()
    }

    private mutating func message() -> ClubOSMessage? {
        guard let fields = object(allowingCustomer: true), atEnd() else { return nil }
        guard case .object(let customerFields)? = fields["customer"],
            case .string(let messageID)? = fields["message_id"],
            case .string(let threadID)? = fields["thread_id"],
            case .string(let content)? = fields["content"],
            case .string(let sentAt)? = fields["sent_at"],
            case .string(let customerID)? = customerFields["id"],
            case .string(let phone)? = customerFields["phone"]
        else { return nil }
        guard let locationID = optionalString(fields["location_id"]),
            let name = optionalString(customerFields["name"]),
            let email = optionalString(customerFields["email"]),
            let hubspotID = optionalString(customerFields["hubspot_id"])
        else { return nil }
        return ClubOSMessage(
            messageID: messageID,
            threadID: threadID,
            customer: ClubOSMessage.Customer(
                id: customerID,
                phone: phone,
                name: name,
                email: email,
                hubspotID: hubspotID
            ),
            content: content,
            locationID: locationID,
            sentAt: sentAt
        )
    }

    private indirect enum Value {
        case string(String)
        case null
        case object([String: Value])
    }

    /// nil when the field has the wrong type; `.some(nil)` when it is absent or null.
    private func optionalString(_ value: Value?) -> String?? {
        switch value {
        case nil, .null?: return .some(nil)
        case .string(let text)?: return .some(text)
        case .object?: return nil
        }
    }

    private mutating func object(allowingCustomer: Bool) -> [String: Value]? {
        skipSpace()
        guard next(is: UInt8(ascii: "{")) else { return nil }
        var fields: [String: Value] = [:]
        skipSpace()
        if next(is: UInt8(ascii: "}")) { return fields }
        while true {
            skipSpace()
            guard let key = string() else { return nil }
            skipSpace()
            guard next(is: UInt8(ascii: ":")) else { return nil }
            skipSpace()
            let value: Value
            if peek == UInt8(ascii: "{") {
                guard allowingCustomer, key == "customer", let inner = object(allowingCustomer: false) else {
                    return nil
                }
                value = .object(inner)
            } else if peek == UInt8(ascii: "\"") {
                guard let text = string() else { return nil }
                value = .string(text)
            } else if literal("null") {
                value = .null
            } else {
                return nil
            }
            guard fields.updateValue(value, forKey: key) == nil else { return nil }
            skipSpace()
            if next(is: UInt8(ascii: ",")) { continue }
            guard next(is: UInt8(ascii: "}")) else { return nil }
            return fields
        }
    }

    /// A string without escapes or control characters, as valid UTF-8.
    private mutating func string() -> String? {
        guard next(is: UInt8(ascii: "\"")) else { return nil }
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let end = index
                let text = bytes.withUnsafeBufferPointer {
                    String(validating: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self)
                }
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            index += 1
        }
        return nil
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func next(is byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        index += 1
        return true
    }

    private mutating func literal(_ word: String) -> Bool {
        let expected = Array(word.utf8)
        guard bytes.count - index >= expected.count, Array(bytes[index..<index + expected.count]) == expected else {
            return false
        }
        index += expected.count
        return true
    }

    private mutating func skipSpace() {
        while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    private mutating func atEnd() -> Bool {
        skipSpace()
        return index == bytes.count
    }
}
