/// Phone numbers as the club stores them: E.164, North American numbering by default.
public enum PhoneNumber {
    /// The E.164 form of a phone number, or nil for anything that is not a plausible one.
    ///
    /// `902-555-0101`, `(902) 555-0101`, `1 902 555 0101` and `+19025550101` all give `+19025550101`.
    public static func e164(_ text: String) -> String? {
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
}

extension String {
    fileprivate func trimmingCharactersInSet() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
