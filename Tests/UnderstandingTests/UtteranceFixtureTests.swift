import ClubConfig
import Foundation
import TestSupport
import Testing
import Understanding
import Yams

/// Finds the repository's top-level folders from this file, symlinks resolved, so a dev package that links
/// `Tests/UnderstandingTests` still reads the repository's grammars and fixtures.
enum Repository {
    static func directory(_ relative: String, from filePath: String = #filePath) -> String? {
        var directory = URL(fileURLWithPath: filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue
            {
                return candidate.path
            }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }
}

/// The parser over the real grammars and the demo club, built once for all tests.
enum SharedParser {
    static let parser: UtteranceParser? = {
        guard let grammars = Repository.directory("Grammars/en"), let club = try? DemoClub.load().club else {
            return nil
        }
        return try? UtteranceParser(grammarsDirectory: grammars, club: club)
    }()
}

enum UtteranceFixtures {
    static func load() throws -> [UtteranceFixture] {
        guard let directory = Repository.directory("Fixtures/utterances/en") else { return [] }
        var fixtures: [UtteranceFixture] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        where name.hasSuffix(".yaml") {
            let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            let file = try YAMLDecoder().decode(UtteranceFixtureFile.self, from: text)
            fixtures += try file.fixtures(file: name)
        }
        return fixtures
    }

    static let all: [UtteranceFixture] = (try? load()) ?? []
}

@Suite("Utterance fixtures")
struct UtteranceFixtureTests {
    @Test("The grammars compile and the fixtures load, at least 600 of them with 60 unknowns")
    func fixturesLoad() throws {
        #expect(SharedParser.parser != nil)
        let fixtures = try UtteranceFixtures.load()
        #expect(fixtures.count >= 600)
        #expect(fixtures.filter { $0.intent == .unknown }.count >= 60)
        let intents = Set(fixtures.map(\.intent))
        #expect(intents == Set(Intent.allCases))
    }

    @Test("Every message means what a person means by it", arguments: UtteranceFixtures.all)
    func fixture(_ fixture: UtteranceFixture) throws {
        let parser = try #require(SharedParser.parser)
        let problems = UtteranceFixtureRunner(parser: parser).mismatches(fixture)
        #expect(problems.isEmpty, "\(fixture): \(problems.joined(separator: "; "))")
    }
}

/// The wild corpus (`Fixtures/utterances/en/wild/`): messages as customers really text, scored.
///
/// Scored rather than required case by case. `holdout-*.yaml` was written before the parser work and is never tuned against; the
/// floors below are the figures reached, so a change that reads customers worse fails here.
@Suite("Wild corpus")
struct WildCorpusTests {
    static func load(holdOut: Bool) throws -> [UtteranceFixture] {
        guard let directory = Repository.directory("Fixtures/utterances/en/wild") else { return [] }
        var fixtures: [UtteranceFixture] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        where name.hasSuffix(".yaml") && name.hasPrefix("holdout-") == holdOut {
            let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            fixtures += try YAMLDecoder().decode(UtteranceFixtureFile.self, from: text).fixtures(file: name)
        }
        return fixtures
    }

    /// The working set (tuned against) and the hold-out (never), each with its size and floors.
    @Test(arguments: [
        (false, 250, WildFloors.workingIntent, WildFloors.workingSlots),
        (true, 150, WildFloors.holdOutIntent, WildFloors.holdOutSlots),
    ])
    func theCorpusReadsAsCustomersMeanIt(holdOut: Bool, size: Int, intentFloor: Double, slotsFloor: Double) throws {
        let parser = try #require(SharedParser.parser)
        let fixtures = try Self.load(holdOut: holdOut)
        #expect(fixtures.count >= size)
        let score = UtteranceFixtureRunner(parser: parser).score(fixtures)
        print("wild \(holdOut ? "hold-out" : "working set"): \(score.summary)")
        #expect(score.intent.share >= intentFloor, "\(score.summary)")
        #expect(score.slots.share >= slotsFloor, "\(score.summary)")
    }
}

/// The shares reached on the wild corpus; raise them as the parser improves, never lower them to pass.
enum WildFloors {
    // Reached (2026-11-30, second round): working set (986 cases) intent 95.7 %, slots 96.5 %; hold-out intent
    // 90.4 %, slots 93.8 % (the landed parser before the wild-corpus work scored the hold-out 68.8 % / 78.8 %).
    // Issue 12's goal for the hold-out is 90 % intent and 85 % slots.
    static let workingIntent = 0.95
    static let workingSlots = 0.96
    static let holdOutIntent = 0.90
    static let holdOutSlots = 0.93
}
