/// The compiled vocabulary: every dimension's words and multi-word phrases, looked up by lowercased key.
///
/// Built once by `TimeParser.init` from the `vocabulary` tables that live beside each dimension's rules.
struct Lexicon: Sendable {
    /// A multi-word entry ("day after tomorrow", "christmas eve"), matched before single words.
    struct Phrase: Sendable {
        let keys: [String]
        let word: Word
    }

    let words: [String: Word]
    /// Phrases by their first key, longest first.
    let phrases: [String: [Phrase]]

    /// Compiles the entries; a key with spaces is a phrase of several tokens.
    init(_ tables: [[(String, Word)]]) {
        var words: [String: Word] = [:]
        var phrases: [String: [Phrase]] = [:]
        for table in tables {
            for (key, word) in table {
                let keys = key.split(separator: " ").map(String.init)
                if keys.count == 1 {
                    words[key] = word
                } else if let first = keys.first {
                    phrases[first, default: []].append(Phrase(keys: keys, word: word))
                }
            }
        }
        for key in phrases.keys {
            phrases[key]?.sort { $0.keys.count > $1.keys.count }
        }
        self.words = words
        self.phrases = phrases
    }

    /// Words shared by every dimension.
    static let common: [(String, Word)] = [
        ("the", .keyword(.the)), ("of", .keyword(.of)), ("on", .keyword(.on)), ("at", .keyword(.at)),
        ("a", .keyword(.article)), ("an", .keyword(.article)), ("for", .keyword(.for)), ("or", .keyword(.or)),
        ("in", .keyword(.in)), ("and", .keyword(.and)), ("n", .keyword(.and)), ("&", .keyword(.and)),
        ("end", .keyword(.end)),
    ]

    /// After a number, these say it counts people or things; before one, these label it.
    static let guards: [(String, Word)] =
        [
            "people", "ppl", "persons", "person", "peeps", "players", "player", "guys", "golfers", "us", "them",
            "pax", "adults", "kids", "bays", "sims", "holes", "rounds", "buckets", "balls", "clubs", "dollars",
            "bucks", "percent", "times", "x", "off", "price", "priced", "friends", "ppl.", "members", "guests", "of us",
            "of them", "birthday", "bday", "anniversary", "grade", "place", "attempt", "try", "time", "green", "hole",
            "tee",
        ].map { ($0, Word.countedNoun) }
        + [
            "bay", "sim", "simulator", "room", "hole", "lane", "table", "box", "suite", "number", "num", "no.",
            "unit", "apt", "ext", "code", "pin", "order", "booking", "ticket", "page", "step", "level", "floor",
        ].map { ($0, Word.label) }

    /// After a holiday, these make it the name of an event rather than its day ("christmas party").
    static let eventNouns: Set<String> = [
        "party", "parties", "bash", "social", "event", "outing", "celebration", "gathering", "function", "do",
    ]

    static let ordinalSuffixes: Set<String> = ["st", "nd", "rd", "th"]

    /// Letters that may be glued to digits in one run.
    static let glueableSuffixes: Set<String> = [
        "am", "pm", "a", "p", "h", "hr", "hrs", "hour", "hours", "min", "mins", "minute", "minutes", "m", "st",
        "nd", "rd", "th", "ish", "d", "day", "days", "w", "wk", "wks", "week", "weeks", "pmish", "amish",
        "oclock", "½", "¾", "¼",
    ]

    /// The letters of "2h30", "19h30".
    static let hourLetters: Set<String> = ["h", "hr", "hrs"]

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
