/// What a token means to the time rules; produced once by the lexicon, matched by the rules.
enum Word: Equatable, Sendable {
    case number
    case ordinal
    case numberWord(Int)
    case ordinalWord(Int)
    case weekday(Int)
    case month(Int)
    case relativeDay(Int)
    case tonight
    case partOfDay(PartOfDay)
    case meridiem(Meridiem)
    case noon
    case midnight
    case holiday(Holiday)
    case modifier(Modifier)
    case unit(DurationUnit)
    case keyword(Keyword)
    case punctuation(Punctuation)
    /// A noun that, after a number, says the number counts something else ("4 people", "2 bays").
    case countedNoun
    /// A noun that, before a number, labels it ("bay 3", "hole 7").
    case label
    /// A number that looks like part of a phone number, a price, a code: never a time.
    case blocked
    case other
    case end
}

/// Morning or afternoon half of a 12-hour clock.
enum Meridiem: Sendable, Equatable, CaseIterable {
    case am
    case pm

    var opposite: Meridiem { self == .am ? .pm : .am }
}

/// "this", "next", "last", "coming" before a day.
enum Modifier: Sendable, Equatable, CaseIterable {
    case this
    case next
    case last
    case coming
}

/// A unit of a duration.
enum DurationUnit: Sendable, Equatable, Comparable, CaseIterable {
    case minute
    case hour
    case day
    case week
    case month

    var minutes: Int {
        switch self {
        case .minute: 1
        case .hour: 60
        case .day: 1440
        case .week: 10_080
        case .month: 43_200
        }
    }
}

/// Function words the rules look for.
enum Keyword: Sendable, Equatable, CaseIterable {
    case at
    case on
    case `in`
    case from
    case to
    case until
    case between
    case and
    case after
    case before
    case by
    case around
    case ish
    case half
    case quarter
    case past
    case of
    case the
    case article
    case couple
    case few
    case oclock
    case now
    case right
    case later
    case ago
    case fromNow
    case `for`
    case or
    case no
    case than
    case oh
    case end
    case weekend
    case hLetter
    case onwards
    case during
    case earliest
    case latest
    case anytime
    case fortnight
    case early
    case late
    case fraction
    case rest
    case starting
    case following
    /// A word of a game's result before a score ("we *lost* 7-9"): the numbers are points, not hours.
    case score
    /// A reference's name before chapter and verse or a page ("*John* 3:16", "*page* 12"): not a time.
    case citation
    /// A noun after a range that makes it a time slot ("the 7-9 *slot*").
    case slot
}

/// Punctuation the rules look for.
enum Punctuation: Sendable, Equatable {
    case colon
    case dash
    case slash
    case dot
    case comma
    case atSign
    case hash
    case dollar
    case tilde
    case percent
    case plus
    case openParenthesis
    case closeParenthesis
    case other
}

/// One lexical unit of the text: a word, a number or a punctuation mark, with its place in the text.
struct Atom: Sendable {
    var word: Word
    /// The lowercased key the lexicon saw (apostrophes removed).
    var key: String
    /// UTF-8 offsets of the atom in the original text.
    var start: Int
    var end: Int
    /// True when nothing (no space) separates this atom from the previous one.
    var isGlued: Bool
    /// The value of a number or ordinal, and how many digits it was written with.
    var value: Int = 0
    var digits: Int = 0
}
