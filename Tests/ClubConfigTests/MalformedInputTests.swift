import BookingCore
import ClubConfig
import Foundation
import TestSupport
import Testing

@Suite("Broken or unusual input never crashes the loader")
struct MalformedInputTests {
    private func configError(_ yaml: String) -> ConfigError? {
        do {
            _ = try ClubConfigLoader.parse(yaml: yaml, file: "club.yaml")
            return nil
        } catch {
            return error as? ConfigError
        }
    }

    @Test func yamlSyntaxErrorGivesLineAndColumn() throws {
        let error = try #require(configError("name: Test\nlocations: [bedford\ntiers: x\n"))
        #expect(error.line != nil && error.column != nil)
        #expect(error.description.hasPrefix("club.yaml:\(error.line ?? 0):\(error.column ?? 0): YAML syntax error: "))
    }

    @Test func tabIndentationIsASyntaxError() throws {
        let error = try #require(configError("name: Test\ntiers:\n\t- id: x\n"))
        #expect(error.line == 3)
        #expect(error.description.contains("YAML syntax error"))
    }

    @Test(arguments: ["", "\n", "# only a comment\n", "---\n"])
    func emptyFileSaysSo(_ yaml: String) throws {
        let error = try #require(configError(yaml))
        #expect(error.description.hasPrefix("club.yaml: "))
        #expect(error.description.contains("empty") || error.description.contains("expected a mapping"))
    }

    @Test func aTopLevelListIsNotAClub() throws {
        let error = try #require(configError("- one\n- two\n"))
        #expect(error.description == "club.yaml:1: expected a mapping of keys, got a list")
    }

    @Test(arguments: 0..<8)
    func tenKilobytesOfJunkGiveAConfigError(seed: Int) {
        var generator = SplitMix(seed: UInt64(seed))
        let alphabet = Array("abc:-[]{}#&*!|>'\"%@`, \n\t?0123456789ü😀")
        let junk = String((0..<10_240).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
        #expect(configError(junk) != nil)
    }

    @Test func absurdNestingIsRefusedBeforeParsing() throws {
        let flow = try #require(configError(String(repeating: "[", count: 10_000)))
        #expect(flow.description == "club.yaml:1: nested too deeply for a club file")
        let block = try #require(configError("name: " + String(repeating: "- ", count: 10_000)))
        #expect(block.description == "club.yaml:1: nested too deeply for a club file")
    }

    @Test func oversizedTextIsRefused() throws {
        let error = try #require(configError(String(repeating: "# padding\n", count: 200_000)))
        #expect(error.description.contains("at most \(ClubConfigLoader.maximumFileBytes)"))
    }

    @Test func missingFileNamesThePath() throws {
        #expect(throws: ConfigError.self) { try ClubConfigLoader.load(path: "/nonexistent/club.yaml") }
        do {
            _ = try ClubConfigLoader.load(path: "/nonexistent/club.yaml")
        } catch {
            #expect("\(error)".hasPrefix("/nonexistent/club.yaml: cannot read the file"))
        }
    }

    @Test func invalidUTF8IsRefused() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("club-\(UUID().uuidString).yaml")
        try Data([0x6E, 0x61, 0x6D, 0x65, 0x3A, 0x20, 0xFF, 0xFE, 0x0A]).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        #expect(throws: ConfigError(file: path.path, problem: "the file is not UTF-8 text")) {
            try ClubConfigLoader.load(path: path.path)
        }
    }

    @Test func emojiInNamesIsFine() throws {
        let yaml =
            validClub
            .replacingOccurrences(of: "name: Test Club", with: "name: \"Tee Time ⛳️ Club 🏌️‍♀️\"")
            .replacingOccurrences(of: "name: Bedford", with: "name: Bedford 🏌️")
        let file = try ClubConfigLoader.parse(yaml: yaml, file: "club.yaml")
        #expect(file.club.name == "Tee Time ⛳️ Club 🏌️‍♀️")
        #expect(file.club.location("bedford 🏌️")?.id == "bedford")
    }

    @Test func sqlInAMemberNameIsJustAName() throws {
        let name = "Robert'); DROP TABLE members;--"
        let yaml = validClub.replacingOccurrences(
            of: "locations:\n",
            with: "members:\n  - phone: 902-555-0199\n    name: \"\(name)\"\n    tier: non_member\nlocations:\n"
        )
        let file = try ClubConfigLoader.parse(yaml: yaml, file: "club.yaml")
        #expect(file.members.first?.name == name)
        #expect(file.members.first?.phone == "+19025550199")
    }

    @Test func errorsDoNotRepeatMemberData() throws {
        let yaml = validClub.replacingOccurrences(
            of: "locations:\n",
            with: "members:\n  - { phone: 902-555-01999, name: Pat, tier: non_member, email: pat@home }\nlocations:\n"
        )
        let error = try #require(configError(yaml))
        #expect(!error.description.contains("01999") && !error.description.contains("Pat"))
    }

    @Test func anchorsAndAliasesAreResolved() throws {
        let yaml = validClub.replacingOccurrences(of: "name: Test Club", with: "name: &club Test Club")
            .replacingOccurrences(of: "name: Bedford", with: "name: *club")
        let file = try ClubConfigLoader.parse(yaml: yaml, file: "club.yaml")
        #expect(file.club.locations.first?.name == "Test Club")
    }

    @Test func localizedDescriptionIsTheSameMessage() {
        let error = ConfigError(file: "club.yaml", line: 3, keyPath: "tiers[0].id", problem: "must not be empty")
        #expect(error.localizedDescription == "club.yaml:3: tiers[0].id: must not be empty")
    }
}
