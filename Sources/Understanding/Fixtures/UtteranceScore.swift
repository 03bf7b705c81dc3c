import Foundation

/// How well the parser reads a set of utterance fixtures: a score rather than pass/fail.
///
/// The wild corpus (`Fixtures/utterances/<language>/wild/`) is measured this way: a message there states what
/// a customer means, and the share the parser gets right is the figure the team tracks (and the hold-out's
/// figure is the one nobody tunes against).
public struct UtteranceScore: Sendable, Equatable {
    /// The slots a booking depends on; a case's slots are right when all of them are (absent where absent).
    public static let bookingSlots = [
        "date", "start", "end", "duration_minutes", "party_size", "bay", "location",
    ]

    /// Right and counted, for one measure.
    public struct Tally: Sendable, Equatable {
        public var right = 0
        public var counted = 0

        public var share: Double { counted == 0 ? 1 : Double(right) / Double(counted) }

        mutating func add(_ isRight: Bool) {
            counted += 1
            if isRight { right += 1 }
        }
    }

    public var cases = 0
    /// Cases whose intent is the one the fixture states.
    public var intent = Tally()
    /// Cases whose booking slots (`bookingSlots`) are all as stated.
    public var slots = Tally()
    /// Cases that pass whole: intent and every slot, as the fixture tests require.
    public var whole = Tally()
    /// Per booking slot, over the cases where the fixture or the parser has it.
    public var bySlot: [String: Tally] = [:]

    public init() {}

    /// Adds one case: what the fixture states and what the parser gave.
    mutating func add(expected: UtteranceFixture, intent actualIntent: Intent, slots actual: [String: String]) {
        cases += 1
        intent.add(actualIntent == expected.intent)
        var slotsRight = true
        for key in Self.bookingSlots {
            let (want, got) = (expected.slots[key], actual[key])
            guard want != nil || got != nil else { continue }
            bySlot[key, default: Tally()].add(want == got)
            if want != got { slotsRight = false }
        }
        slots.add(slotsRight)
        let keys = Set(actual.keys).union(expected.slots.keys)
        whole.add(actualIntent == expected.intent && keys.allSatisfy { actual[$0] == expected.slots[$0] })
    }

    /// Adds another score's cases to this one.
    public mutating func merge(_ other: UtteranceScore) {
        cases += other.cases
        intent.right += other.intent.right
        intent.counted += other.intent.counted
        slots.right += other.slots.right
        slots.counted += other.slots.counted
        whole.right += other.whole.right
        whole.counted += other.whole.counted
        for (key, tally) in other.bySlot {
            bySlot[key, default: Tally()].right += tally.right
            bySlot[key, default: Tally()].counted += tally.counted
        }
    }

    /// One line: cases, intent, slots and whole-case shares, then each booking slot's.
    public var summary: String {
        func percent(_ tally: Tally) -> String { String(format: "%.1f%%", tally.share * 100) }
        let perSlot = Self.bookingSlots.compactMap { key in
            bySlot[key].map { "\(key) \(percent($0)) (\($0.right)/\($0.counted))" }
        }
        return "\(cases) cases: intent \(percent(intent)), slots \(percent(slots)), whole \(percent(whole))"
            + (perSlot.isEmpty ? "" : "; " + perSlot.joined(separator: ", "))
    }
}

extension UtteranceFixtureRunner {
    /// The score of `fixtures` under this runner's parser.
    public func score(_ fixtures: [UtteranceFixture]) -> UtteranceScore {
        var score = UtteranceScore()
        for fixture in fixtures {
            let parse = parser.parse(
                fixture.text,
                reference: fixture.now,
                timeZone: fixture.timeZone,
                expecting: fixture.expecting
            )
            score.add(expected: fixture, intent: parse.intent, slots: actualSlots(parse, fixture: fixture))
        }
        return score
    }

    /// The parse's slots by JSON key, values unquoted, as fixtures write them.
    func actualSlots(_ parse: Parse, fixture: UtteranceFixture) -> [String: String] {
        var actual: [String: String] = [:]
        for field in parse.slots.fields(in: parse.timeZone ?? fixture.timeZone) {
            actual[field.key] = field.value.hasPrefix("\"") ? String(field.value.dropFirst().dropLast()) : field.value
        }
        return actual
    }
}
