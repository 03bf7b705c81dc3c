/// Twilio's reply format: `<Response><Message>text</Message></Response>`, or an empty `<Response/>`
/// to send nothing.
enum TwiML {
    static let contentType = "application/xml; charset=utf-8"

    /// A response that sends `text` back, or nothing when `text` is nil.
    static func response(_ text: String?) -> [UInt8] {
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"#
        if let text {
            xml += "<Response><Message>" + escape(text) + "</Message></Response>"
        } else {
            xml += "<Response/>"
        }
        return Array(xml.utf8)
    }

    /// Escapes XML's five special characters and drops characters XML 1.0 cannot carry.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                let isAllowed = (0x20...0xD7FF).contains(value) || (0xE000...0xFFFD).contains(value) || value >= 0x10000
                if isAllowed { escaped.unicodeScalars.append(scalar) }
            }
        }
        return escaped
    }
}
