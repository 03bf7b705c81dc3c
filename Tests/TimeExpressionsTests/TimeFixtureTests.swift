import Foundation
import Testing
import TimeExpressions
import Yams

/// One case of `Fixtures/time/*.yaml`: a text said at `now` in `tz`, and what a person means by it.
struct TimeFixtureCase: Sendable, CustomTestStringConvertible {
    let file: String
    let text: String
    let now: String
    let zone: String
    let expected: [ExpectedMatch]

    var testDescription: String { "\(file): \"\(text)\" at \(now) \(zone)" }
}

/// The expected fields of one match; a field left out is not checked.
struct ExpectedMatch: Sendable, Decodable {
    let text: String?
    let kind: String
    let name: String?
    let date: String?
    let start: String?
    let end: String?
    let grain: String?
    let minutes: Int?
}

private struct FixtureFile: Decodable {
    struct Defaults: Decodable {
        let now: String?
        let tz: String?
    }

    struct Case: Decodable {
        let text: String
        let now: String?
        let tz: String?
        let expect: [ExpectedMatch]
    }

    let defaults: Defaults?
    let cases: [Case]
}

enum TimeFixtures {
    /// `Fixtures/time`, found by walking up from this file (symlinks resolved, so a dev package that links
    /// `Tests/TimeExpressionsTests` finds the repository's fixtures too).
    static func directory(from filePath: String = #filePath) -> URL? {
        var directory = URL(fileURLWithPath: filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("Fixtures/time")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue
            {
                return candidate
            }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    static func load() throws -> [TimeFixtureCase] {
        guard let directory = directory() else { throw FixtureError.missingDirectory }
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".yaml") }
            .sorted()
        var cases: [TimeFixtureCase] = []
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            let decoded = try YAMLDecoder().decode(FixtureFile.self, from: text)
            for item in decoded.cases {
                guard let now = item.now ?? decoded.defaults?.now, let zone = item.tz ?? decoded.defaults?.tz else {
                    throw FixtureError.missingReference(file: file, text: item.text)
                }
                cases.append(TimeFixtureCase(file: file, text: item.text, now: now, zone: zone, expected: item.expect))
            }
        }
        return cases
    }

    static let all: [TimeFixtureCase] = (try? load()) ?? []

    enum FixtureError: Error {
        case missingDirectory
        case missingReference(file: String, text: String)
    }
}

@Suite("Time fixtures")
struct TimeFixtureTests {
    static let parser = TimeParser()

    @Test("The fixtures load and hold at least 400 cases")
    func fixturesLoad() throws {
        let cases = try TimeFixtures.load()
        #expect(cases.count >= 400)
    }

    @Test("Every fixture resolves to what a person means", arguments: TimeFixtures.all)
    func fixture(_ item: TimeFixtureCase) throws {
        let reference = try #require(ISO8601DateFormatter().date(from: item.now), "bad now in \(item.testDescription)")
        let zone = try #require(TimeZone(identifier: item.zone), "bad tz in \(item.testDescription)")
        let records = Self.parser.parse(item.text, reference: reference, timeZone: zone).map { $0.record(in: zone) }
        let found = TimeMatchRecord.jsonArray(records)
        #expect(
            records.count == item.expected.count,
            "\"\(item.text)\" (\(item.now)): expected \(item.expected.count) match(es), found \(found)"
        )
        for (record, expected) in zip(records, item.expected) {
            let pairs: [(String, String?, String?)] = [
                ("text", expected.text, record.text), ("kind", expected.kind, record.kind),
                ("name", expected.name, record.name), ("date", expected.date, record.date),
                ("start", expected.start, record.start), ("end", expected.end, record.end),
                ("grain", expected.grain, record.grain),
                (
                    "minutes", expected.minutes.map(String.init),
                    record.minutes.map(String.init)
                ),
            ]
            for (field, want, got) in pairs where want != nil {
                #expect(
                    want == got,
                    "\"\(item.text)\" (\(item.now) \(item.zone)): \(field) \(want ?? "") ≠ \(got ?? "nil"); found \(found)"
                )
            }
        }
    }
}
