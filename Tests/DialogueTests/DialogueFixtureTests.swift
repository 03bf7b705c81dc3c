import BookingCore
public import Dialogue
import Foundation
import TestSupport
public import Testing
import Yams

/// Every conversation in Fixtures/dialogues, played against the demo club on a fresh database.
@Suite("Dialogue fixtures")
struct DialogueFixtureTests {
    static let cases: [DialogueFixture] = {
        let directory = DemoClub.repositoryPath("Fixtures/dialogues")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.sorted().flatMap { file -> [DialogueFixture] in
            guard let text = try? String(contentsOfFile: directory + "/" + file, encoding: .utf8) else { return [] }
            return (try? YAMLDecoder().decode([DialogueFixture].self, from: text)) ?? []
        }
    }()

    @Test func thereAreAtLeastSixtyConversations() {
        #expect(Self.cases.count >= 60)
    }

    /// A fixture file that does not read must fail loudly, not drop its conversations from the run.
    @Test func everyFixtureFileLoads() throws {
        let directory = DemoClub.repositoryPath("Fixtures/dialogues")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 6)
        for file in files {
            let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
            #expect(throws: Never.self, "\(file) does not load") {
                _ = try YAMLDecoder().decode([DialogueFixture].self, from: text)
            }
        }
    }

    @Test(arguments: cases)
    func conversation(_ fixture: DialogueFixture) async throws {
        let harness = try await DialogueHarness()
        let result = try await DialogueFixtureRunner.run(
            fixture,
            makeManager: { clock in try harness.manager(clock: clock) },
            allBookings: { try await harness.allBookings() }
        )
        #expect(result.failures.isEmpty, "\(fixture.name):\n\(result.failures.joined(separator: "\n"))")
    }
}

extension DialogueFixture: CustomTestStringConvertible {
    public var testDescription: String { name }
}
