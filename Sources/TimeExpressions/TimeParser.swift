public import Foundation

/// Finds the temporal expressions in a text and resolves them against a reference instant and a zone.
///
/// The rules are compiled once, at `init`; `parse` is safe to call from any task and allocates little.
/// Text that is not about time ("bay 3 for 4 people", "call me at 902-555-0101") yields no match.
public struct TimeParser: Sendable {
    /// The choices made when the words leave room ("at 7" is 19:00, the future is meant).
    public let policy: ResolutionPolicy
    private let tokenizer: Tokenizer

    /// A parser for the language `vocabulary` describes, with the given resolution policy (the booking defaults
    /// when omitted).
    public init(vocabulary: TimeVocabulary, policy: ResolutionPolicy = .init()) {
        self.policy = policy
        self.tokenizer = Tokenizer(lexicon: Lexicon(vocabulary))
    }

    /// The vocabulary's number words and their values ("seven": 7), single words only.
    ///
    /// The language's one list of number words: the intent parser counts people and bays with the same words.
    public var numberWords: [String: Int] {
        tokenizer.lexicon.words.compactMapValues { word in
            if case .numberWord(let value) = word { value } else { nil }
        }
    }

    /// The vocabulary's ordinal words and the positions they name ("third": 3), single words only.
    public var ordinalWords: [String: Int] {
        tokenizer.lexicon.words.compactMapValues { word in
            if case .ordinalWord(let value) = word { value } else { nil }
        }
    }

    /// The letters that make digits an ordinal ("rd" in "3rd"), lowercased.
    public var ordinalSuffixes: Set<String> { tokenizer.lexicon.ordinalSuffixes }

    /// Every temporal expression in `text`, left to right, resolved at `reference` in `timeZone`.
    public func parse(_ text: String, reference: Date, timeZone: TimeZone) -> [TimeMatch] {
        let atoms = tokenizer.atoms(of: text)
        guard !atoms.isEmpty else { return [] }
        let scanner = Scanner(atoms: atoms, policy: policy, lexicon: tokenizer.lexicon)
        let resolver = Resolver(policy: policy, zone: timeZone, reference: reference)
        var matches: [TimeMatch] = []
        var index = 0
        // The week under discussion, in weeks from this one: "next week or the week after".
        var discussedWeek = 0
        // Where a stretch of days no time is read from ended: a time right after it is on those unknown days.
        var unclearDaysEnd = -1
        while index < atoms.count {
            guard var (piece, end) = Self.longestPiece(scanner, index) else {
                index += 1
                continue
            }
            switch piece {
            case .span(.weekAfterDay):
                // Its words are not read again as a day ("christmas" in "the week after christmas"), nor a time
                // said right after it as today's ("... christmas at 7").
                index = end
                unclearDaysEnd = end
                continue
            case .moment(day: nil, partOfDay: _, time: _) where index == unclearDaysEnd:
                index = end
                continue
            case .span(.weekAfterDiscussed):
                // Only up to the week after next can be said; past that, nothing rather than a wrong week.
                piece = discussedWeek == 0 ? .span(.week(.next)) : .span(.weekAfterNext)
                if discussedWeek > 1 { end = index }
            case .span(.week(.this)): discussedWeek = 0
            case .span(.week(.next)): discussedWeek = 1
            case .span(.weekAfterNext): discussedWeek = 2
            default: break
            }
            guard end > index, let value = resolver.resolve(piece) else {
                index += 1
                continue
            }
            let utf8 = text.utf8
            let lower = utf8.index(utf8.startIndex, offsetBy: atoms[index].start)
            let upper = utf8.index(lower, offsetBy: atoms[end - 1].end - atoms[index].start)
            matches.append(TimeMatch(range: lower..<upper, text: String(text[lower..<upper]), value: value))
            index = end
        }
        return matches
    }

    /// The longest expression starting at `index`; on a tie, relative beats moment beats span beats duration.
    private static func longestPiece(_ scanner: Scanner, _ index: Int) -> (Piece, Int)? {
        switch scanner.word(index) {
        case .punctuation(.atSign), .punctuation(.tilde):
            break
        case .other, .countedNoun, .label, .blocked, .punctuation, .end:
            return nil
        default:
            break
        }
        var best = RelativeRules.mayStart(scanner.word(index)) ? RelativeRules.longest(scanner, index) : nil
        if let found = CompositionRules.moment(scanner, index), found.1 > (best?.1 ?? index) { best = found }
        if let (span, end) = DateRules.longestSpan(scanner, index),
            end > (best?.1 ?? index)
                || end == best?.1 && { if case .days = span { true } else { false } }()
        {
            // A range of days wins a tie: "dec 19 - 20" is two days, not the 19th at 8 pm.
            best = (.span(span), end)
        }
        if let (duration, end) = DurationRules.duration(scanner, index), end > (best?.1 ?? index) {
            best = (.duration(duration), end)
        }
        return best
    }
}
