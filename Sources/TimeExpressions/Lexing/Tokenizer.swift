/// Splits a text into atoms: lowercased letter runs, digit runs and punctuation, working on UTF-8 bytes.
///
/// Mixed runs ("7pm", "2h30", "28th") split at digit/letter boundaries when they have a shape a time or
/// a duration can have; any other mix ("K7Q", "4M2") is blocked so its digits never read as a time.
struct Tokenizer: Sendable {
    let lexicon: Lexicon

    private struct Raw {
        var key: String
        var start: Int
        var end: Int
        var isGlued: Bool
        var isDigits: Bool
        var isPunctuation: Bool
        var isBlocked = false
    }

    func atoms(of text: String) -> [Atom] {
        let raws = rawTokens(text)
        var atoms: [Atom] = []
        atoms.reserveCapacity(raws.count)
        var index = 0
        while index < raws.count {
            let raw = raws[index]
            if raw.isBlocked {
                atoms.append(Atom(word: .blocked, key: raw.key, start: raw.start, end: raw.end, isGlued: raw.isGlued))
                index += 1
                continue
            }
            let entry = raw.isDigits && !lexicon.hasDigitPhrases ? nil : lexicon.entries[raw.key]
            if let phrases = entry?.phrases, !phrases.isEmpty, let (word, count) = longestPhrase(phrases, raws, index) {
                atoms.append(
                    Atom(
                        word: word,
                        key: raw.key,
                        start: raw.start,
                        end: raws[index + count - 1].end,
                        isGlued: raw.isGlued
                    )
                )
                index += count
                continue
            }
            if raw.isDigits {
                var atom = Atom(word: .number, key: raw.key, start: raw.start, end: raw.end, isGlued: raw.isGlued)
                atom.digits = raw.key.utf8.count
                atom.value = atom.digits <= 9 ? Int(raw.key) ?? 0 : Int.max
                // "28th": an ordinal when a suffix is glued to the digits.
                if index + 1 < raws.count, raws[index + 1].isGlued, !raws[index + 1].isBlocked,
                    lexicon.ordinalSuffixes.contains(raws[index + 1].key)
                {
                    atom.word = .ordinal
                    atom.end = raws[index + 1].end
                    index += 1
                }
                atoms.append(atom)
                index += 1
                continue
            }
            let word: Word
            if raw.isPunctuation {
                word = entry?.word ?? .punctuation(Lexicon.punctuation(raw.key))
            } else {
                word = entry?.word ?? .other
            }
            atoms.append(Atom(word: word, key: raw.key, start: raw.start, end: raw.end, isGlued: raw.isGlued))
            index += 1
        }
        Self.blockNonTimeNumbers(&atoms)
        return atoms
    }

    private func longestPhrase(_ phrases: [Lexicon.Phrase], _ raws: [Raw], _ index: Int) -> (Word, Int)? {
        for phrase in phrases where index + phrase.keys.count <= raws.count {
            var matches = true
            for offset in 1..<phrase.keys.count {
                let raw = raws[index + offset]
                if raw.isBlocked || raw.key != phrase.keys[offset] {
                    matches = false
                    break
                }
            }
            if matches { return (phrase.word, phrase.keys.count) }
        }
        return nil
    }

    private func rawTokens(_ text: String) -> [Raw] {
        var raws: [Raw] = []
        raws.reserveCapacity(24)
        let bytes = Array(text.utf8)
        var position = 0
        var previousEnd = -1
        while position < bytes.count {
            let byte = bytes[position]
            if Self.isSpace(byte) {
                position += 1
                continue
            }
            let isGlued = previousEnd == position
            if Self.isAlphanumeric(byte) || byte >= 0x80 && !Self.isPunctuationSequence(bytes, position) {
                let runStart = position
                while position < bytes.count,
                    Self.isAlphanumeric(bytes[position]) || Self.isApostrophe(bytes, position)
                        || bytes[position] >= 0x80 && !Self.isPunctuationSequence(bytes, position)
                {
                    position += Self.isApostrophe(bytes, position) && bytes[position] >= 0x80 ? 3 : 1
                }
                appendRun(bytes, runStart, position, isGlued, &raws)
                previousEnd = position
                continue
            }
            if Self.isApostrophe(bytes, position) {
                // A leading apostrophe ("'til") is not a token of its own.
                position += bytes[position] >= 0x80 ? 3 : 1
                previousEnd = position
                continue
            }
            let length = Self.isPunctuationSequence(bytes, position) ? 3 : 1
            let key = length == 3 ? "-" : String(decoding: bytes[position..<position + 1], as: UTF8.self)
            raws.append(
                Raw(
                    key: key,
                    start: position,
                    end: position + length,
                    isGlued: isGlued,
                    isDigits: false,
                    isPunctuation: true
                )
            )
            position += length
            previousEnd = position
        }
        return raws
    }

    /// Appends one alphanumeric run, split into digit and letter segments when its shape allows.
    private func appendRun(_ bytes: [UInt8], _ start: Int, _ end: Int, _ isGlued: Bool, _ raws: inout [Raw]) {
        let whole = Self.key(bytes, start, end)
        var hasDigit = false
        var hasLetter = false
        for index in start..<end {
            if Self.isDigit(bytes[index]) { hasDigit = true } else { hasLetter = true }
        }
        if !(hasDigit && hasLetter) || lexicon.words[whole] != nil {
            raws.append(
                Raw(
                    key: whole,
                    start: start,
                    end: end,
                    isGlued: isGlued,
                    isDigits: hasDigit && !hasLetter,
                    isPunctuation: false
                )
            )
            return
        }
        let first = raws.count
        var segmentStart = start
        var index = start
        while index <= end {
            let boundary =
                index == end || Self.isDigit(bytes[index]) != Self.isDigit(bytes[segmentStart])
            if boundary {
                let isDigits = Self.isDigit(bytes[segmentStart])
                raws.append(
                    Raw(
                        key: Self.key(bytes, segmentStart, index),
                        start: segmentStart,
                        end: index,
                        isGlued: segmentStart == start ? isGlued : true,
                        isDigits: isDigits,
                        isPunctuation: false
                    )
                )
                segmentStart = index
            }
            index += 1
        }
        if !isTimeShaped(raws[first...]), !isMonthDay(raws[first...]) {
            for blocked in first..<raws.count { raws[blocked].isBlocked = true }
        }
    }

    /// "14april", "mar4", "jan1", "5dec": a day number glued to a month's name, either way round.
    private func isMonthDay(_ segments: ArraySlice<Raw>) -> Bool {
        guard segments.count == 2, let first = segments.first, let last = segments.last else { return false }
        let (digits, letters) = first.isDigits ? (first, last) : (last, first)
        guard digits.isDigits, !letters.isDigits, digits.key.utf8.count <= 2 else { return false }
        if case .month? = lexicon.words[letters.key] { return true }
        return false
    }

    /// "7pm", "28th", "2h30", "2h30m", "90min": digits first, letters from the known suffixes.
    private func isTimeShaped(_ segments: ArraySlice<Raw>) -> Bool {
        guard segments.count <= 4, let first = segments.first, first.isDigits else { return false }
        var position = 0
        for segment in segments {
            if !segment.isDigits {
                guard lexicon.glueableSuffixes.contains(segment.key) else { return false }
                if segments.count >= 3, position == 1, !lexicon.hourLetters.contains(segment.key) {
                    return false
                }
            }
            position += 1
        }
        return true
    }

    private static func key(_ bytes: [UInt8], _ start: Int, _ end: Int) -> String {
        var hasUpper = false
        var hasApostrophe = false
        for index in start..<end {
            let byte = bytes[index]
            if byte >= 0x41 && byte <= 0x5A { hasUpper = true }
            if isApostrophe(bytes, index) { hasApostrophe = true }
        }
        if !hasUpper && !hasApostrophe { return String(decoding: bytes[start..<end], as: UTF8.self) }
        var lowered: [UInt8] = []
        lowered.reserveCapacity(end - start)
        var index = start
        while index < end {
            if isApostrophe(bytes, index) {
                index += bytes[index] >= 0x80 ? 3 : 1
                continue
            }
            let byte = bytes[index]
            lowered.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
            index += 1
        }
        return String(decoding: lowered, as: UTF8.self)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
    }

    /// "'" or the typographic "’" (E2 80 99).
    private static func isApostrophe(_ bytes: [UInt8], _ index: Int) -> Bool {
        if bytes[index] == 0x27 { return true }
        return bytes[index] == 0xE2 && index + 2 < bytes.count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x99
    }

    /// The en dash and em dash (E2 80 93, E2 80 94), read as "-".
    private static func isPunctuationSequence(_ bytes: [UInt8], _ index: Int) -> Bool {
        bytes[index] == 0xE2 && index + 2 < bytes.count && bytes[index + 1] == 0x80
            && (bytes[index + 2] == 0x93 || bytes[index + 2] == 0x94)
    }

    /// "0730-0930", "1900-2100": two four-digit 24-hour times on the quarter hour, the second later the same day
    /// and at most twelve hours on, are a range of times, not a phone number's parts ("555-0101") or years
    /// ("2019-2020").
    private static func isClockRange(_ first: Atom, _ second: Atom) -> Bool {
        guard first.digits == 4, second.digits == 4 else { return false }
        let start = (first.value / 100) * 60 + first.value % 100
        let end = (second.value / 100) * 60 + second.value % 100
        return first.value / 100 < 24 && first.value % 100 < 60 && first.value % 100 % 15 == 0
            && second.value / 100 < 24 && second.value % 100 < 60 && second.value % 100 % 15 == 0
            && end > start && end - start <= 12 * 60
    }

    /// Whether a day, a part of the day or am/pm follows the number at `index` (after its ":mm", if any).
    private static func isDayAfterNumber(_ atoms: [Atom], _ index: Int) -> Bool {
        var next = index + 1
        if next + 1 < atoms.count, atoms[next].word == .punctuation(.colon), atoms[next + 1].word == .number {
            next += 2
        }
        guard next < atoms.count else { return false }
        switch atoms[next].word {
        case .weekday, .relativeDay, .tonight, .partOfDay, .meridiem, .month: return true
        default: return false
        }
    }

    /// Phone numbers, prices, codes and long numbers are never times.
    private static func blockNonTimeNumbers(_ atoms: inout [Atom]) {
        for index in atoms.indices where atoms[index].word == .number {
            let atom = atoms[index]
            if atom.digits >= 5 {
                atoms[index].word = .blocked
                continue
            }
            // "John 3:16", "page 12": chapter and verse, a page; still a time when a day follows ("John 7:30 tmrw").
            if index > 0, atoms[index - 1].word == .keyword(.citation), !Self.isDayAfterNumber(atoms, index) {
                atoms[index].word = .blocked
                continue
            }
            if index > 0, atom.isGlued {
                switch atoms[index - 1].word {
                case .punctuation(.dollar), .punctuation(.hash), .punctuation(.openParenthesis),
                    .punctuation(.plus):
                    atoms[index].word = .blocked
                    continue
                default: break
                }
            }
            if index + 1 < atoms.count, atoms[index + 1].isGlued,
                atoms[index + 1].word == .punctuation(.percent)
                    || atoms[index + 1].word == .punctuation(.closeParenthesis)
            {
                atoms[index].word = .blocked
                continue
            }
        }
        // 902-555-0101, 902.555.0101, 902 555 0101: two long numbers side by side.
        var index = 0
        while index < atoms.count {
            guard atoms[index].word == .number || atoms[index].word == .blocked, atoms[index].digits >= 3 else {
                index += 1
                continue
            }
            var next = index + 1
            if next < atoms.count, atoms[next].word == .punctuation(.dash) || atoms[next].word == .punctuation(.dot) {
                next += 1
            }
            if next < atoms.count, atoms[next].digits >= 3,
                atoms[next].word == .number || atoms[next].word == .blocked,
                !isClockRange(atoms[index], atoms[next])
            {
                atoms[index].word = .blocked
                atoms[next].word = .blocked
            }
            index += 1
        }
    }
}
