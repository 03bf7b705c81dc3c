/// The word knowledge the normalizer needs, read from `Grammars/<language>/*.lexicon` and `*.words`.
///
/// Shorthand and synonyms rewrite a token before matching ("thx" → "thanks", "4ppl" → "4 people"); number and
/// ordinal words carry values ("four" → 4, "second" → 2); filler words may be skipped cheaply; the vocabulary
/// is what typo correction aims at.
struct Lexicon: Sendable {
    /// Token → replacement words.
    var replacements: [String: [String]] = [:]
    /// Word → number ("four" → 4).
    var numbers: [String: Int] = [:]
    /// Word → position ("second" → 2, "2nd" → 2).
    var ordinals: [String: Int] = [:]
    /// Words that carry no meaning of their own ("um", "maybe", "like").
    var filler: Set<String> = []
    /// Words a request is wrapped in ("birthday", "lol", "guys"): cheaper to skip than a word templates use.
    var chatter: Set<String> = []
    /// Words before a part of day that make it a wish, not a time ("have a great *night*").
    var partOfDayGreeting: Set<String> = []
    /// Words after which, and words before which, an SMS "4" means "for" ("bok me in 4 tmrw").
    var fourForAfter: Set<String> = []
    var fourForBefore: Set<String> = []
    /// Words that are never a name, though no template knows them ("retired", "organizing", "calling").
    var notNames: Set<String> = []
    /// The words for a bay (`bay_word.words`): a message naming one is about the club, whatever else it says.
    var bayWords: Set<String> = []
    /// Cue phrases per intent (`cues_<intent>.words`, `cues_out_of_domain.words`), as written.
    var cues: [(name: String, phrases: [[String]])] = []
    /// Letters that make digits an ordinal ("3rd"): the temporal vocabulary's `ordinal_suffix` forms.
    var ordinalSuffixes: Set<String> = []
    /// Every word the grammars, lexicons and club know; typo correction only aims at these.
    var vocabulary: Set<String> = []
}
