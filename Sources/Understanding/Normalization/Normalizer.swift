import BookingCore
import Foundation

/// A message as typed, in the three forms the normalizer reads it: scalars, each scalar's UTF-8 offset (and the
/// end), and the UTF-8 bytes.
struct Written {
    let scalars: [Unicode.Scalar]
    let offsets: [Int]
    let bytes: [UInt8]

    /// Scalars `start..<end` as a string: one slice of the bytes.
    func text(_ start: Int, _ end: Int) -> String {
        String(decoding: bytes[offsets[start]..<offsets[end]], as: UTF8.self)
    }
}

/// Turns a message as typed into normalized tokens: case and accents folded, punctuation and emoji dropped,
/// SMS shorthand expanded, numbers and ordinals valued, typos corrected against the grammar vocabulary.
///
/// Every token keeps the UTF-8 span of the words it came from, so slot spans can be shown in the text as
/// written. Phone numbers and booking references are recognised here, before punctuation is split off,
/// because their dashes and brackets are part of them.
struct Normalizer: Sendable {
    /// Longest text read, in UTF-8 bytes: a text message is far shorter, and junk is cut before it costs time.
    static let maximumBytes = 2048
    /// Most tokens kept from one message.
    static let maximumTokens = 160

    let lexicon: Lexicon
    let corrector: TypoCorrector
    /// What the lexicon says about a word, in one look-up: five set and dictionary look-ups a token were a tenth
    /// of a parse.
    let facts: [String: WordFacts]

    /// The lexicon's answers about one word.
    struct WordFacts: Sendable {
        var number: Int?
        var ordinal: Int?
        var isFiller = false
        var isChatter = false
        var isKnown = false
    }

    init(lexicon: Lexicon) {
        self.lexicon = lexicon
        var facts: [String: WordFacts] = [:]
        for (word, value) in lexicon.numbers { facts[word, default: WordFacts()].number = value }
        for (word, value) in lexicon.ordinals { facts[word, default: WordFacts()].ordinal = value }
        for word in lexicon.filler { facts[word, default: WordFacts()].isFiller = true }
        for word in lexicon.chatter { facts[word, default: WordFacts()].isChatter = true }
        for word in lexicon.vocabulary { facts[word, default: WordFacts()].isKnown = true }
        self.facts = facts
        // Shorthand spellings are typo targets too: "anothr" is meant as "another", which reads "plus an".
        let variants = lexicon.replacements.keys.filter { $0.utf8.count >= TypoCorrector.minimumLength }
        self.corrector = TypoCorrector(vocabulary: lexicon.vocabulary.union(variants))
    }

    /// The tokens of `text`.
    func tokens(of text: String) -> [Token] {
        var scalars: [Unicode.Scalar] = []
        var offsets: [Int] = []
        var offset = 0
        for scalar in text.unicodeScalars {
            let width = UTF8.width(scalar)
            if offset + width > Self.maximumBytes { break }
            scalars.append(scalar)
            offsets.append(offset)
            offset += width
        }
        offsets.append(offset)
        // The text's bytes, so a word is one slice of them rather than a string built scalar by scalar.
        let bytes = Array(text.utf8.prefix(offset))
        let phones = Self.phoneRanges(scalars)
        var phoneIndex = 0
        var tokens: [Token] = []
        var index = 0
        while index < scalars.count, tokens.count < Self.maximumTokens {
            while phoneIndex < phones.count, phones[phoneIndex].range.lowerBound < index { phoneIndex += 1 }
            if phoneIndex < phones.count, phones[phoneIndex].range.lowerBound == index {
                let phone = phones[phoneIndex]
                let end = offsets[phone.range.upperBound]
                tokens.append(Token(key: "xphone", kind: .phone(phone.e164), start: offsets[index], end: end))
                index = phone.range.upperBound
                continue
            }
            if Self.isSpace(scalars[index]) {
                index += 1
                continue
            }
            let nextPhone = phoneIndex < phones.count ? phones[phoneIndex].range.lowerBound : scalars.count
            var end = index
            while end < scalars.count, end < nextPhone, !Self.isSpace(scalars[end]) { end += 1 }
            appendChunk(Written(scalars: scalars, offsets: offsets, bytes: bytes), index, end, &tokens)
            index = end
        }
        readFourAsFor(&tokens)
        return tokens
    }

    /// "bok me in 4 tmrw 8pm", "room 4 6": a "4" between the words `four_for_*.words` name is SMS for "for".
    private func readFourAsFor(_ tokens: inout [Token]) {
        guard tokens.count >= 3 else { return }
        for index in 1..<(tokens.count - 1) where tokens[index].key == "4" && !tokens[index + 1].isGlued {
            let next = tokens[index + 1]
            guard lexicon.fourForAfter.contains(tokens[index - 1].key),
                next.number != nil || lexicon.fourForBefore.contains(next.key)
            else { continue }
            var token = Token(key: "for", start: tokens[index].start, end: tokens[index].end)
            token.rewrittenFrom = "4"
            describe(&token)
            tokens[index] = token
        }
    }

    /// One whitespace-separated chunk: a reference, a lexicon entry as a whole ("w/", "👍"), or its pieces.
    private func appendChunk(_ written: Written, _ chunkStart: Int, _ chunkEnd: Int, _ tokens: inout [Token]) {
        let scalars = written.scalars
        let offsets = written.offsets
        let whole = written.text(chunkStart, chunkEnd)
        let wholeKey = Self.fold(whole)
        if let replacement = lexicon.replacements[wholeKey] {
            appendReplacement(replacement, offsets[chunkStart], offsets[chunkEnd], &tokens, from: whole)
            return
        }
        var start = chunkStart
        var end = chunkEnd
        while start < end, Self.isEdgePunctuation(scalars[start]) { start += 1 }
        var hasQuestion = false
        var hasPause = false
        while end > start, Self.isEdgePunctuation(scalars[end - 1]) {
            if scalars[end - 1] == "?" { hasQuestion = true }
            if scalars[end - 1] == "," || scalars[end - 1] == ";" { hasPause = true }
            end -= 1
        }
        if start < end {
            let isWhole = start == chunkStart && end == chunkEnd
            let trimmed = isWhole ? whole : written.text(start, end)
            let trimmedKey = isWhole ? wholeKey : Self.fold(trimmed)
            if let reference = Self.reference(trimmed) {
                tokens.append(Token(key: "xref", kind: .reference(reference), start: offsets[start], end: offsets[end]))
            } else if !isWhole, let replacement = lexicon.replacements[trimmedKey] {
                appendReplacement(replacement, offsets[start], offsets[end], &tokens, from: trimmed)
            } else {
                appendPieces(written, start, end, &tokens, notShorthand: trimmedKey)
            }
        }
        if hasQuestion {
            tokens.append(Token(key: "?", kind: .question, start: offsets[end], end: offsets[chunkEnd]))
        } else if hasPause {
            tokens.append(Token(key: ",", kind: .pause, start: offsets[end], end: offsets[chunkEnd]))
        }
    }

    /// The words a lexicon entry stands for, each spanning the whole entry as written.
    private func appendReplacement(
        _ words: [String],
        _ start: Int,
        _ end: Int,
        _ tokens: inout [Token],
        from written: String
    ) {
        for word in words {
            var token = Token(key: word, start: start, end: end)
            if word != written { token.rewrittenFrom = written }
            describe(&token)
            tokens.append(token)
        }
    }

    /// Splits a chunk into letter runs, number shapes ("7", "7:30", "6:30-8", "1.5", "3rd") and symbols.
    ///
    /// `notShorthand` is a key already looked up in `lexicon.replacements` without a hit: a piece that is the
    /// whole chunk is not looked up twice.
    private func appendPieces(
        _ text: Written,
        _ start: Int,
        _ end: Int,
        _ tokens: inout [Token],
        notShorthand: String
    ) {
        let scalars = text.scalars
        let offsets = text.offsets
        var index = start
        var previousEnd = -1
        while index < end {
            let scalar = scalars[index]
            var pieceEnd = index + 1
            var piece = ""
            if Self.isDigit(scalar) {
                while pieceEnd < end,
                    Self.isDigit(scalars[pieceEnd])
                        || (pieceEnd + 1 < end && Self.isNumberJoiner(scalars[pieceEnd])
                            && Self.isDigit(scalars[pieceEnd + 1]))
                {
                    pieceEnd += 1
                }
                // "3rd", "21st": an ordinal suffix (`ordinal_suffix` in time.vocabulary) stays with its digits.
                var suffixEnd = pieceEnd
                while suffixEnd < end, suffixEnd - pieceEnd <= Self.longestOrdinalSuffix,
                    Self.isAlphabetic(scalars[suffixEnd])
                {
                    suffixEnd += 1
                }
                if suffixEnd > pieceEnd, suffixEnd - pieceEnd <= Self.longestOrdinalSuffix,
                    lexicon.ordinalSuffixes.contains(Self.fold(text.text(pieceEnd, suffixEnd)))
                {
                    pieceEnd = suffixEnd
                }
            } else if Self.isLetter(scalar) {
                while pieceEnd < end, Self.isLetter(scalars[pieceEnd]) || Self.isApostrophe(scalars[pieceEnd]) {
                    pieceEnd += 1
                }
            }
            var written = ""
            let hasApostrophe = scalars[index..<pieceEnd].contains(where: Self.isApostrophe)
            if hasApostrophe {
                for part in scalars[index..<pieceEnd] {
                    if Self.isApostrophe(part) {
                        written.unicodeScalars.append("'")
                    } else {
                        piece.unicodeScalars.append(part)
                        written.unicodeScalars.append(part)
                    }
                }
            } else {
                written = text.text(index, pieceEnd)
                piece = written
            }
            let isGlued = previousEnd == index
            previousEnd = pieceEnd
            let lowered = Self.fold(piece)
            // A contraction first: "we'd" is "we would", while "wed" is Wednesday.
            if hasApostrophe, let replacement = lexicon.replacements[Self.fold(written)] {
                appendReplacement(replacement, offsets[index], offsets[pieceEnd], &tokens, from: written)
                previousEnd = -1
            } else if let replacement = lowered == notShorthand ? nil : lexicon.replacements[lowered] {
                appendReplacement(replacement, offsets[index], offsets[pieceEnd], &tokens, from: written)
                previousEnd = -1
            } else if Self.isLetter(scalar) || Self.isDigit(scalar) || Self.isKeptSymbol(scalar) {
                var token = Token(key: lowered, start: offsets[index], end: offsets[pieceEnd])
                token.isGlued = isGlued
                token.isCapitalized = Self.isUppercase(scalar)
                let known = facts[lowered]
                var corrected: String?
                if Self.isLetter(scalar), known?.isKnown != true {
                    // "pleeease", "boook", "tmrww": letters held down; else a typo of a known word.
                    corrected = collapsingRepeats(lowered, isCapitalized: token.isCapitalized)
                    // "under the name Brooks", "- Heather": a capitalized word inside a sentence is a name, not a
                    // typo of "books" or "weather".
                    let isName =
                        token.isCapitalized && piece.unicodeScalars.dropFirst().contains(where: Self.isLowercase)
                        && !Self.startsSentence(scalars, before: index)
                    if corrected == nil, !isName, lowered.utf8.count >= TypoCorrector.minimumLength {
                        corrected = corrector.correction(of: lowered)
                    }
                }
                if let corrected, let replacement = lexicon.replacements[corrected] {
                    // A correction to shorthand takes the shorthand's words: "anothr" → "another" → "plus an".
                    appendReplacement(replacement, offsets[index], offsets[pieceEnd], &tokens, from: written)
                    previousEnd = -1
                    index = pieceEnd
                    continue
                }
                if let corrected {
                    token.key = corrected
                    token.rewrittenFrom = written
                    describe(&token)
                } else {
                    describe(&token, known: known)
                }
                tokens.append(token)
            }
            index = pieceEnd
        }
    }

    /// Whether the word at `index` opens a sentence: nothing but spaces between it and the text's start or a
    /// sentence's end.
    static func startsSentence(_ scalars: [Unicode.Scalar], before index: Int) -> Bool {
        var position = index - 1
        while position >= 0, isSpace(scalars[position]) { position -= 1 }
        return position < 0 || [".", "!", "?", "\n"].contains(scalars[position])
    }

    /// The known word a word with letters held down was meant to be ("yesss", "pleeease", "boook"), or nil.
    ///
    /// Tries runs of three or more shortened to two, then to one, then every doubled letter made single.
    func collapsingRepeats(_ word: String, isCapitalized: Bool) -> String? {
        let bytes = Array(word.utf8)
        guard bytes.count >= 3, bytes.count < 40,
            bytes.indices.dropFirst().contains(where: { bytes[$0] == bytes[$0 - 1] })
        else { return nil }
        for (longRun, keep) in [(3, 2), (3, 1), (2, 1)] {
            var out: [UInt8] = []
            var index = 0
            while index < bytes.count {
                var end = index + 1
                while end < bytes.count, bytes[end] == bytes[index] { end += 1 }
                let run = end - index
                out.append(contentsOf: repeatElement(bytes[index], count: run >= longRun ? keep : run))
                index = end
            }
            // A doubled letter made single must leave a longer word: "Ann" is a name, not "an".
            guard out.count < bytes.count, longRun == 3 || out.count >= 4 || (out.count == 3 && !isCapitalized) else {
                continue
            }
            let candidate = String(decoding: out, as: UTF8.self)
            if lexicon.vocabulary.contains(candidate) || lexicon.replacements[candidate] != nil { return candidate }
        }
        return nil
    }

    /// Fills in what the lexicon says about a token's key: its value, whether it is filler or known.
    private func describe(_ token: inout Token) {
        describe(&token, known: facts[token.key])
    }

    /// `describe` with the lexicon's facts about the token's key already looked up.
    private func describe(_ token: inout Token, known: WordFacts?) {
        let key = token.key
        if let first = key.utf8.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") {
            if let value = Int(key), key.utf8.count <= 6 {
                token.number = value
            } else if let value = Double(key), !key.utf8.contains(UInt8(ascii: ":")) {
                token.decimal = value
            }
        }
        if let value = known?.number { token.number = value }
        if let value = known?.ordinal { token.ordinal = value }
        token.isFiller = known?.isFiller ?? false
        token.isChatter = known?.isChatter ?? false
        token.isKnown = (known?.isKnown ?? false) || token.number != nil || token.ordinal != nil
    }

    /// The canonical `K7Q-4M2` form when `text` has the shape of a booking reference.
    ///
    /// The shape is the one `RefGenerator` makes: three and three characters around a dash, from an alphabet
    /// without 0/O and 1/I/L. A reference of letters only is taken when written in capitals, so that words such
    /// as "add-ons" do not read as one.
    /// A reference mistyped with a character the generator never uses (0, O, 1, I, L) is still read as one, so
    /// the customer hears "no booking Q3W-8LK" rather than "I didn't catch that"; "2pm-4pm" is a time range.
    static func reference(_ text: String) -> String? {
        // Seven ASCII bytes with a dash in the middle, or not a reference: checked before any copy.
        let utf8 = text.utf8
        guard utf8.count == 7, utf8[utf8.index(utf8.startIndex, offsetBy: 3)] == UInt8(ascii: "-") else { return nil }
        let characters = Array(text.uppercased())
        guard characters.count == 7, characters[3] == "-" else { return nil }
        var hasDigit = false
        for (index, character) in characters.enumerated() where index != 3 {
            guard character.isASCII, character.isLetter || character.isNumber else { return nil }
            if character.isNumber { hasDigit = true }
        }
        guard hasDigit || text == text.uppercased() else { return nil }
        let meridiems: Set<String> = ["AM", "PM"]
        if meridiems.contains(String(characters[1...2])) || meridiems.contains(String(characters[5...6])) {
            return nil
        }
        return String(characters)
    }

    /// Ranges of scalars that read as a phone number, with its E.164 form.
    static func phoneRanges(_ scalars: [Unicode.Scalar]) -> [(range: Range<Int>, e164: String)] {
        var found: [(range: Range<Int>, e164: String)] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            let startsRun = isDigit(scalar) || scalar == "+" || scalar == "("
            let isWordStart = index == 0 || !(isLetter(scalars[index - 1]) || isDigit(scalars[index - 1]))
            guard startsRun, isWordStart else {
                index += 1
                continue
            }
            var end = index
            var digits = 0
            var lastDigitEnd = index
            while end < scalars.count, isDigit(scalars[end]) || isPhonePunctuation(scalars[end]) {
                if isDigit(scalars[end]) {
                    digits += 1
                    lastDigitEnd = end + 1
                }
                if digits > 15 { break }
                end += 1
            }
            let followedByLetter = lastDigitEnd < scalars.count && isLetter(scalars[lastDigitEnd])
            if digits >= 10, !followedByLetter {
                var candidate = ""
                for part in scalars[index..<lastDigitEnd] { candidate.unicodeScalars.append(part) }
                if let e164 = PhoneNumber.e164(candidate) {
                    found.append((index..<lastDigitEnd, e164))
                    index = lastDigitEnd
                    continue
                }
            }
            // Not a phone number from here: try again at the next run of digits.
            index += 1
            while index < scalars.count, isDigit(scalars[index]) { index += 1 }
        }
        return found
    }

    /// What may stand between the digits of a phone number: "(902) 555-0101", "+1 902.555.0101".
    static func isPhonePunctuation(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "-" || scalar == "(" || scalar == ")" || scalar == "." || scalar == "+"
    }

    static func fold(_ text: String) -> String {
        var hasUpper = false
        var isASCII = true
        for byte in text.utf8 {
            if byte >= 0x80 {
                isASCII = false
                break
            }
            if byte >= 0x41 && byte <= 0x5A { hasUpper = true }
        }
        // Most words are lowercase ASCII already: no copy.
        if isASCII { return hasUpper ? text.lowercased() : text }
        return text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }

    // ASCII answers first: Unicode property lookups were a quarter of a parse's time.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value) }
        return scalar.properties.isWhitespace
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x30 && scalar.value <= 0x39 }

    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return isAlphabetic(scalar) }
        return scalar.properties.isAlphabetic && !scalar.properties.isEmojiPresentation
    }

    static func isAlphabetic(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return (0x41...0x5A).contains(scalar.value) || (0x61...0x7A).contains(scalar.value) }
        return scalar.properties.isAlphabetic
    }

    static func isUppercase(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return (0x41...0x5A).contains(scalar.value) }
        return scalar.properties.isUppercase
    }

    static func isLowercase(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return (0x61...0x7A).contains(scalar.value) }
        return scalar.properties.isLowercase
    }

    static func isApostrophe(_ scalar: Unicode.Scalar) -> Bool { scalar == "'" || scalar == "\u{2019}" }

    /// Joiners inside a number shape: "7:30", "6:30-8", "1.5", "11/12".
    static func isNumberJoiner(_ scalar: Unicode.Scalar) -> Bool {
        scalar == ":" || scalar == "." || scalar == "-" || scalar == "/" || scalar == "\u{2013}"
    }

    /// Symbols that mean something on their own: "#3" (a bay), "-" and "–" in "7 - 9".
    static func isKeptSymbol(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "#" || scalar == "-" || scalar == "\u{2013}" || scalar == "&" || scalar == "+"
    }

    static func isEdgePunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case ".", ",", "!", "?", ";", ":", "\"", "'", "(", ")", "[", "]", "{", "}", "\u{2026}", "\u{2018}", "\u{2019}",
            "\u{201C}", "\u{201D}", "*", "~":
            true
        default:
            false
        }
    }

    /// Letters after digits longer than this are a word, not an ordinal suffix: looked up only when shorter.
    static let longestOrdinalSuffix = 4
}
