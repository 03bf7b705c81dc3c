/// Phone numbers as the club stores them: E.164, North American numbering by default.
public enum PhoneNumber {
    /// The E.164 form of a phone number, or nil for anything that is not a plausible one.
    ///
    /// `902-555-0101`, `(902) 555-0101`, `1 902 555 0101` and `+19025550101` all give `+19025550101`.
    public static func e164(_ text: String) -> String? {
        if let fast = asciiE164(text) { return fast }
        let trimmed = text.trimmingCharactersInSet()
        guard !trimmed.isEmpty, trimmed.count <= 32 else { return nil }
        var digits = ""
        for character in trimmed {
            if let digit = character.wholeNumberValue, character.isASCII {
                digits.append(String(digit))
            } else if " -().+".contains(character) {
                continue
            } else {
                return nil
            }
        }
        if trimmed.hasPrefix("+") {
            return (8...15).contains(digits.count) ? "+" + digits : nil
        }
        if digits.count == 10 { return "+1" + digits }
        if digits.count == 11, digits.hasPrefix("1") { return "+" + digits }
        return nil
    }

    /// The same reading over the bytes of an all-ASCII text, without building a `Character` per letter.
    ///
    /// The phone of every turn is read this way. `.none` when the text is not all ASCII (the general path
    /// reads it); `.some(nil)` when it is ASCII but not a phone number.
    private static func asciiE164(_ text: String) -> String?? {
        if isE164(text) { return .some(text) }
        var digits = ""  // up to 15 ASCII digits stay inside the String value: no allocation
        var count = 0
        var length = 0
        var hasPlus = false
        var trailing = 0  // whitespace seen since the last other byte
        var oddSpace = false  // a tab or newline, fine only at the ends
        for byte in text.utf8 {
            guard byte < 0x80 else { return .none }
            let isSpace = byte == 0x20 || (0x09...0x0D).contains(byte)
            if length == 0 && isSpace { continue }  // leading whitespace is trimmed
            if length == 0 && byte == UInt8(ascii: "+") { hasPlus = true }
            length += 1
            if isSpace {
                trailing += 1
                if byte != 0x20 { oddSpace = true }
                continue
            }
            if oddSpace { return .some(nil) }
            trailing = 0
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits.unicodeScalars.append(Unicode.Scalar(byte))
                count += 1
            case UInt8(ascii: "-"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "."), UInt8(ascii: "+"): break
            default: return .some(nil)
            }
        }
        length -= trailing
        guard length > 0, length <= 32 else { return .some(nil) }
        if hasPlus { return .some((8...15).contains(count) ? "+" + digits : nil) }
        if count == 10 { return .some("+1" + digits) }
        if count == 11, digits.utf8.first == UInt8(ascii: "1") { return .some("+" + digits) }
        return .some(nil)
    }
}

extension PhoneNumber {
    /// Whether `text` is already E.164 ("+" and 8 to 15 digits, nothing else): then it is its own answer.
    ///
    /// Every turn reads the sender's phone several times, and webhooks send it in this form; the answer is
    /// then the same string, without building a new one.
    static func isE164(_ text: String) -> Bool {
        var utf8 = text.utf8.makeIterator()
        guard utf8.next() == UInt8(ascii: "+") else { return false }
        var count = 0
        while let byte = utf8.next() {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return false }
            count += 1
        }
        return (8...15).contains(count)
    }
}

extension String {
    fileprivate func trimmingCharactersInSet() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
