import Foundation
public import TimeExpressions

/// The shape of a `Fixtures/time/*.yaml` file, for `booking fixtures --kind time`.
///
/// The time tests in `Tests/TimeExpressionsTests` read the same files; this runner compares the same fields,
/// so a fixture passes or fails the same way in both.
public struct TimeFixtureFile: Decodable, Sendable {
    struct Defaults: Decodable, Sendable {
        var now: String?
        var tz: String?
    }

    struct Expected: Decodable, Sendable {
        var text: String?
        var kind: String
        var name: String?
        var date: String?
        var start: String?
        var end: String?
        var grain: String?
        var minutes: Int?
    }

    struct Case: Decodable, Sendable {
        var text: String
        var now: String?
        var tz: String?
        var expect: [Expected]
    }

    var defaults: Defaults?
    var cases: [Case]
    /// Whether the file is read in precision mode (`precision: true`).
    ///
    /// Every match found must be one of those listed, and a listed one may be missed: for the adversarial set,
    /// where a wrong date or time is worse than none.
    var precision: Bool?

    /// The fields `expected` names that `record` does not match, as "field want ≠ got".
    static func differences(_ expected: Expected, _ record: TimeMatchRecord) -> [String] {
        let pairs: [(String, String?, String?)] = [
            ("text", expected.text, record.text), ("kind", expected.kind, record.kind),
            ("name", expected.name, record.name), ("date", expected.date, record.date),
            ("start", expected.start, record.start), ("end", expected.end, record.end),
            ("grain", expected.grain, record.grain),
            ("minutes", expected.minutes.map(String.init), record.minutes.map(String.init)),
        ]
        return pairs.compactMap { field, want, got in
            want != nil && want != got ? "\(field) \(want ?? "") ≠ \(got ?? "nil")" : nil
        }
    }

    /// For each case, its text and what differs from the expectation (empty when it passes).
    public func run(file: String, parser: TimeParser) -> [(text: String, problems: [String])] {
        cases.map { item in
            guard let nowText = item.now ?? defaults?.now, let now = ISO8601DateFormatter().date(from: nowText),
                let zoneName = item.tz ?? defaults?.tz, let zone = TimeZone(identifier: zoneName)
            else { return (item.text, ["\(file): needs now (ISO 8601) and tz (IANA)"]) }
            let records = parser.parse(item.text, reference: now, timeZone: zone).map { $0.record(in: zone) }
            var problems: [String] = []
            if precision == true {
                for record in records where !item.expect.contains(where: { Self.differences($0, record).isEmpty }) {
                    problems.append("wrong: \(TimeMatchRecord.jsonArray([record]))")
                }
                return (item.text, problems)
            }
            if records.count != item.expect.count {
                problems.append("expected \(item.expect.count) match(es), found \(records.count)")
            }
            for (record, expected) in zip(records, item.expect) {
                problems += Self.differences(expected, record)
            }
            if !problems.isEmpty { problems.append("found \(TimeMatchRecord.jsonArray(records))") }
            return (item.text, problems)
        }
    }
}
