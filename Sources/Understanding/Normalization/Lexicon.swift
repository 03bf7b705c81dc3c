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
    /// Every word the grammars, lexicons and club know; typo correction only aims at these.
    var vocabulary: Set<String> = []
}
