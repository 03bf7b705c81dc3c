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
