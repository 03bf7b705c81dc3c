/// The compiled vocabulary: every word class's forms and multi-word phrases, looked up by lowercased key.
///
/// Built once by `TimeParser.init` from a `TimeVocabulary` (`Grammars/<language>/time.vocabulary`).
final class Lexicon: Sendable {
    /// A multi-word entry ("day after tomorrow", "christmas eve"), matched before single words.
    struct Phrase: Sendable {
        let keys: [String]
        let word: Word
    }

    let words: [String: Word]
    /// Phrases by their first key, longest first.
    let phrases: [String: [Phrase]]
    /// What a key is on its own and which phrases it starts, in one look-up: the tokenizer asks both of every
    /// word, and hashing the key twice was a tenth of a parse.
    let entries: [String: Entry]
    /// Whether some phrase starts with a number written in digits (else numbers need no look-up).
    let hasDigitPhrases: Bool

    /// A key's word class, and the phrases it starts.
    struct Entry: Sendable {
        var word: Word?
        var phrases: [Phrase] = []
    }
    /// After a holiday, these make it the name of an event rather than its day ("christmas party").
    let eventNouns: Set<String>
    /// Months whose name is also a verb ("may"): after a day number and before an unknown word they are the verb.
    let verbMonths: Set<String>
    /// "28th": letters that make digits an ordinal.
    let ordinalSuffixes: Set<String>
    /// Letters that may be glued to digits in one run ("7pm", "2hrs").
    let glueableSuffixes: Set<String>
    /// The letters of "2h30", "19h30".
    let hourLetters: Set<String>
    /// Fractions written as one character ("½").
    let fractions: [String: Double]

    /// Compiles the entries; a form with spaces is a phrase of several tokens.
    init(_ vocabulary: TimeVocabulary) {
        var words: [String: Word] = [:]
        var phrases: [String: [Phrase]] = [:]
        for (key, word) in vocabulary.entries {
            let keys = key.split(separator: " ").map(String.init)
            if keys.count == 1 {
                words[key] = word
            } else if let first = keys.first {
                phrases[first, default: []].append(Phrase(keys: keys, word: word))
            }
        }
        for key in phrases.keys {
            phrases[key]?.sort { $0.keys.count > $1.keys.count }
        }
        self.words = words
        self.phrases = phrases
        var entries: [String: Entry] = [:]
        for (key, word) in words { entries[key, default: Entry()].word = word }
        for (key, list) in phrases { entries[key, default: Entry()].phrases = list }
        self.entries = entries
        hasDigitPhrases = phrases.keys.contains { key in
            !key.isEmpty && key.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        }
        eventNouns = vocabulary.eventNouns
        verbMonths = vocabulary.verbMonths
        ordinalSuffixes = vocabulary.ordinalSuffixes
        glueableSuffixes = vocabulary.glueableSuffixes
        hourLetters = vocabulary.hourLetters
        fractions = vocabulary.fractions
    }

    static func punctuation(_ key: String) -> Punctuation {
        switch key {
        case ":": .colon
        case "-": .dash
        case "/": .slash
        case ".": .dot
        case ",": .comma
        case "@": .atSign
        case "#": .hash
        case "$": .dollar
        case "~": .tilde
        case "%": .percent
        case "+": .plus
        case "(": .openParenthesis
        case ")": .closeParenthesis
        default: .other
        }
    }
}
