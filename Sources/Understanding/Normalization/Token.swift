/// One normalized word of a message, with where it came from in the text as written.
struct Token: Sendable, Equatable {
    /// What kind of thing the token is before any grammar is applied.
    enum Kind: Sendable, Equatable {
        case word
        /// A booking reference in its canonical `K7Q-4M2` form.
        case reference(String)
        /// A phone number in E.164.
        case phone(String)
        /// A question mark: a hint for questions such as "anything at 7?".
        case question
        /// A comma or semicolon: kept so that "friday, saturday" stays two days for the temporal parser.
        case pause
    }

    /// The normalized key: lowercased, folded, shorthand expanded, typo corrected.
    var key: String
    var kind: Kind = .word
    /// UTF-8 offsets of the words as written in the original text.
    var start: Int
    var end: Int
    /// The value of a number written as digits ("4") or a word ("four").
    var number: Int?
    /// The value of a decimal such as "1.5", for durations.
    var decimal: Double?
    /// The position an ordinal names ("second", "2nd").
    var ordinal: Int?
    /// Whether the word was written with a capital first letter (a hint for names).
    var isCapitalized = false
    /// Whether the word is one the grammars know (false for names and off-topic words).
    var isKnown = false
    /// Whether the word is filler that may be skipped cheaply ("um", "maybe", "pls").
    var isFiller = false
    /// The word as written when shorthand or typo correction rewrote it ("tomrrow", "cn"), for `--explain`.
    var rewrittenFrom: String?
    /// Whether the word is chatter around a request (`chatter.words`).
    var isChatter = false
    /// Whether the word was written straight after the previous one with no space ("7" in "@7").
    var isGlued = false
}
