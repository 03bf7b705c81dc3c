/// How a parse was reached: the template and rules that matched, where each slot was said, and the runner-up.
///
/// Grammar authors read this (`booking parse --explain`) to see why a message got its intent, and which
/// template to extend when it did not.
public struct Explanation: Sendable, Equatable {
    /// Where one slot's value was said in the original text.
    public struct Span: Sendable, Equatable {
        /// The JSON slot key (`start`, `party_size`, ...).
        public var slot: String
        /// The words as written.
        public var text: String
        /// UTF-8 offsets in the original text.
        public var start: Int
        public var end: Int

        public init(slot: String, text: String, start: Int, end: Int) {
            self.slot = slot
            self.text = text
            self.start = start
            self.end = end
        }
    }

    /// The normalized tokens the grammars saw, entities shown as `{slot}`.
    public var tokens: [String] = []
    /// The winning template as written, or nil when no template matched.
    public var template: String?
    /// `file:line:column` of the winning template.
    public var templateLocation: String?
    /// Named rules whose words the winning path consumed, in order, without repeats.
    public var rules: [String] = []
    public var spans: [Span] = []
    /// The best intent other than the winner, with its confidence.
    public var runnerUp: Intent?
    public var runnerUpConfidence: Double?
    /// Which rule decided the intent: `grammar`, `slots only`, `evidence`, `expected <kind>`, `no match`.
    public var decidedBy: String = ""
    /// The words the winning template skipped (not entities), as normalized.
    public var skipped: [String] = []
    /// The winning template's score (what it consumed less what it skipped) and its share of the message.
    public var score: Double?
    public var coverage: Double?
    /// The runner-up template's score, when another intent had one.
    public var runnerUpScore: Double?
    /// Cue words and phrases found, when no template decided (`cues_<intent>.words`).
    public var cues: [String] = []
    /// Words rewritten before matching: "tomrrow → tomorrow", "cn → can".
    public var corrections: [String] = []

    public init() {}
}
