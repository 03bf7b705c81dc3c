/// Cue words and phrases per intent, from `Grammars/<language>/cues_<intent>.words`, indexed by first word.
///
/// When no template covers a message, the cues it contains and the slots found give an intent at a lower
/// confidence ("fri 7pm bedford 4 of us thanks -kev" is a booking); `cues_out_of_domain.words` names what
/// the club does not handle here ("bar", "wifi", "gift card"), which keeps such a message `unknown`. An
/// out-of-domain cue written with a leading `!` is decisive: a message about a playlist or the weather is not
/// a booking whatever times it names ("add this to my saturday night playlist").
struct CueIndex: Sendable {
    /// A cue after its first word: the intent it points to (nil: out of domain) and the words that follow.
    struct Cue: Sendable {
        var intent: Intent?
        var rest: [String]
        var isDecisive = false
        /// Written with a leading `?` in `cues_availability.words`: opens a question about what is free ("do you
        /// have", "is there"); it turns a booking request into that question but is no evidence on its own.
        var isOpener = false
    }

    /// What a message's cues add up to.
    struct Hits: Sendable {
        /// Per intent, one point a cue word (a phrase counts its words).
        var byIntent: [Intent: Int] = [:]
        var outOfDomain = 0
        /// Points from decisive out-of-domain cues.
        var decisive = 0
        /// Points from question openers ("do you have", "is there").
        var openers = 0
        /// The cue phrases found, for `--explain`.
        var found: [String] = []

        /// The change to a booking (cancel, move, extend) named, which outweighs the topic words around it.
        ///
        /// "I need to cancel my booking for friday" mentions a booking, but asks for a cancellation. The change
        /// with the most cue points wins; on a tie a cancellation, then a move ("something came up friday, any way
        /// to shift us to the weekend" moves).
        var change: (intent: Intent, points: Int)? {
            var best: (intent: Intent, points: Int)?
            for intent in [Intent.cancel, .reschedule, .extend] {
                if let points = byIntent[intent], points > (best?.points ?? 0) { best = (intent, points) }
            }
            return best
        }

        var best: (intent: Intent, points: Int)? {
            if let change { return change }
            return byIntent.max { lhs, rhs in
                lhs.value != rhs.value ? lhs.value < rhs.value : Self.rank(lhs.key) > Self.rank(rhs.key)
            }.map { ($0.key, $0.value) }
        }

        /// On a tie, the more specific request wins: a cancellation mentions booking words too.
        static func rank(_ intent: Intent) -> Int {
            let order: [Intent] = [
                .cancel, .reschedule, .extend, .listBookings, .human, .pricing, .hours, .availability, .book,
            ]
            return order.firstIndex(of: intent) ?? order.count
        }
    }

    private var byFirst: [String: [Cue]] = [:]
    /// First words of out-of-domain cues, so most messages are cleared with one set lookup a word.
    private var outOfDomainFirstWords: Set<String> = []

    /// `lists` as read from the files (list name without `cues_`, phrases as written); `key` normalizes a word
    /// the way the normalizer will have rewritten it.
    init(lists: [(name: String, phrases: [[String]])], key: (String) -> [String]) {
        for list in lists {
            let intent = Intent(rawValue: list.name)
            for phrase in list.phrases {
                let isDecisive = intent == nil && phrase.first?.hasPrefix("!") == true
                let isOpener = intent == .availability && phrase.first?.hasPrefix("?") == true
                let written =
                    isDecisive || isOpener ? [String((phrase.first ?? "").dropFirst())] + phrase.dropFirst() : phrase
                let keys = written.flatMap(key)
                guard let first = keys.first else { continue }
                byFirst[first, default: []].append(
                    Cue(intent: intent, rest: Array(keys.dropFirst()), isDecisive: isDecisive, isOpener: isOpener)
                )
                if intent == nil { outOfDomainFirstWords.insert(first) }
            }
        }
    }

    /// Whether a word starts an out-of-domain cue: the cheap check before counting a message's cues.
    func mayBeOutOfDomain(_ key: String) -> Bool { outOfDomainFirstWords.contains(key) }

    /// The cues in a message's token keys; their phrases too (`Hits.found`) when `explaining`.
    func hits(in keys: [String], explaining: Bool = false) -> Hits {
        var hits = Hits()
        for (index, key) in keys.enumerated() {
            guard let cues = byFirst[key] else { continue }
            for cue in cues {
                let end = index + 1 + cue.rest.count
                guard end <= keys.count, cue.rest.isEmpty || keys[(index + 1)..<end].elementsEqual(cue.rest) else {
                    continue
                }
                let points = 1 + cue.rest.count
                if cue.isOpener {
                    hits.openers += points
                } else if let intent = cue.intent {
                    hits.byIntent[intent, default: 0] += points
                } else {
                    hits.outOfDomain += points
                    if cue.isDecisive { hits.decisive += points }
                }
                if explaining { hits.found.append(([key] + cue.rest).joined(separator: " ")) }
            }
        }
        return hits
    }
}
