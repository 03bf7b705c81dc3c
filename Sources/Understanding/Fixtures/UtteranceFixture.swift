public import Foundation

/// One case of `Fixtures/utterances/<language>/*.yaml`: a message and what a person means by it.
///
/// Decoding the YAML is left to the caller (tests and `booking fixtures` use Yams); this type and
/// `UtteranceFixtureRunner` hold the comparison, so both report failures the same way.
public struct UtteranceFixture: Sendable, CustomStringConvertible {
    public var file: String
    public var text: String
    public var now: Date
    public var timeZone: TimeZone
    public var expecting: Expectation
    public var intent: Intent
    /// Every slot the message implies, by JSON key, values as the JSON contract writes them (unquoted).
    public var slots: [String: String]
    /// Whether the message must be read as a correction; nil leaves it unchecked.
    public var isCorrection: Bool?

    public init(
        file: String,
        text: String,
        now: Date,
        timeZone: TimeZone,
        expecting: Expectation = .nothing,
        intent: Intent,
        slots: [String: String] = [:],
        isCorrection: Bool? = nil
    ) {
        self.file = file
        self.text = text
        self.now = now
        self.timeZone = timeZone
        self.expecting = expecting
        self.intent = intent
        self.slots = slots
        self.isCorrection = isCorrection
    }

    public var description: String {
        let context = expecting == .nothing ? "" : " expecting \(expecting.rawValue)"
        let shown = text.count > 80 ? String(text.prefix(77)) + "..." : text
        return "\(file): \"\(shown)\"\(context)"
    }
}

/// Runs utterance fixtures through a parser and says what differs.
public struct UtteranceFixtureRunner: Sendable {
    public let parser: UtteranceParser

    public init(parser: UtteranceParser) {
        self.parser = parser
    }

    /// The differences between what `fixture` expects and what the parser gives; empty when it passes.
    ///
    /// Slots are compared exactly: a slot the parser fills that the fixture does not list is a failure too.
    public func mismatches(_ fixture: UtteranceFixture) -> [String] {
        let parse = parser.parse(
            fixture.text,
            reference: fixture.now,
            timeZone: fixture.timeZone,
            expecting: fixture.expecting
        )
        var problems: [String] = []
        if parse.intent != fixture.intent {
            problems.append("intent \(fixture.intent.rawValue) ≠ \(parse.intent.rawValue)")
        }
        let actual = actualSlots(parse, fixture: fixture)
        for key in Set(actual.keys).union(fixture.slots.keys).sorted() where actual[key] != fixture.slots[key] {
            problems.append("\(key) \(fixture.slots[key] ?? "absent") ≠ \(actual[key] ?? "absent")")
        }
        if let isCorrection = fixture.isCorrection, isCorrection != parse.isCorrection {
            problems.append("correction \(isCorrection) ≠ \(parse.isCorrection)")
        }
        if !problems.isEmpty {
            problems.append("got \(parse.jsonLine(fallbackZone: fixture.timeZone))")
        }
        return problems
    }
}

/// The shape of one fixture file, for any `Decoder` (the tests and `booking fixtures` read YAML with Yams).
///
///     defaults: {now: "2026-11-25T10:00:00-04:00", tz: America/Halifax}
///     cases:
///       - {text: "tmrw at 7 for 2 hrs", intent: book, slots: {start: "2026-11-26T19:00:00-04:00", ...}}
///       - {text: "2", expecting: duration, intent: book, slots: {duration_minutes: 120}}
public struct UtteranceFixtureFile: Decodable, Sendable {
    struct Defaults: Decodable, Sendable {
        var now: String?
        var tz: String?
    }

    struct Case: Decodable, Sendable {
        var text: String
        var now: String?
        var tz: String?
        var expecting: String?
        var intent: String
        var slots: [String: Scalar]?
        var correction: Bool?
    }

    /// A YAML scalar read as text, whether it was written as a number or a string.
    struct Scalar: Decodable, Sendable {
        var text: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) {
                text = String(number)
            } else {
                text = try container.decode(String.self)
            }
        }
    }

    /// A fixture file's mistake: which case and what is wrong with it.
    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    var defaults: Defaults?
    var cases: [Case]

    /// The cases, with defaults applied and names resolved; `file` is used in descriptions.
    public func fixtures(file: String) throws -> [UtteranceFixture] {
        try cases.map { item in
            guard let nowText = item.now ?? defaults?.now, let now = ISO8601DateFormatter().date(from: nowText) else {
                throw Problem(description: "\(file): \"\(item.text)\": needs now as ISO 8601 with offset")
            }
            guard let zoneName = item.tz ?? defaults?.tz, let zone = TimeZone(identifier: zoneName) else {
                throw Problem(description: "\(file): \"\(item.text)\": needs tz as an IANA zone")
            }
            guard let intent = Intent(rawValue: item.intent) else {
                throw Problem(description: "\(file): \"\(item.text)\": unknown intent '\(item.intent)'")
            }
            var expecting = Expectation.nothing
            if let name = item.expecting {
                guard let parsed = Expectation(rawValue: name) else {
                    throw Problem(description: "\(file): \"\(item.text)\": unknown expecting '\(name)'")
                }
                expecting = parsed
            }
            return UtteranceFixture(
                file: file,
                text: item.text,
                now: now,
                timeZone: zone,
                expecting: expecting,
                intent: intent,
                slots: (item.slots ?? [:]).mapValues(\.text),
                isCorrection: item.correction
            )
        }
    }
}
