import ArgumentParser
import BookingCore
import BookingEngine
import BookingStoreSQLite
import ClubConfig
import Dialogue
import Foundation
import TimeExpressions
import Understanding
import Yams

/// `booking fixtures`: runs fixture files and reports pass/fail per file; exits 1 on any failure.
struct FixturesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fixtures",
        abstract: "Run utterance, time and dialogue fixtures (the regression corpus).",
        discussion: "Example: booking fixtures --kind utterances Fixtures/utterances/en/en-book.yaml"
    )

    /// The kinds of fixture; each knows its default files and how to run one.
    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case utterances
        case time
        case dialogues
        case all

        var defaultDirectory: String {
            switch self {
            case .utterances: "Fixtures/utterances/en"
            case .time: "Fixtures/time"
            case .dialogues: "Fixtures/dialogues"
            case .all: "Fixtures"
            }
        }
    }

    @Option(help: "Which fixtures: utterances, time, dialogues or all.")
    var kind: Kind = .all

    @OptionGroup var grammar: GrammarOptions

    @Flag(help: "Print every failing case, not only the count per file.")
    var verbose = false

    @Flag(
        help: """
            Score utterance files instead of pass/fail: intent, booking slots and each slot's share right, per \
            file and in all; includes the wild corpus (wild/) by default and always exits 0.
            """
    )
    var report = false

    @Argument(help: "Fixture files; default: every file of the kind under Fixtures/.")
    var paths: [String] = []

    func run() async throws {
        if report { return try printReport() }
        let kinds: [Kind] = kind == .all ? [.utterances, .time, .dialogues] : [kind]
        var failedFiles = 0
        var passed = 0
        var failed = 0
        var runner: UtteranceFixtureRunner?
        var timeParser: TimeParser?
        var world: DialogueWorld?
        for kind in kinds {
            for path in try files(for: kind) {
                let text = try String(contentsOfFile: path, encoding: .utf8)
                let name = (path as NSString).lastPathComponent
                var results: [(text: String, problems: [String])]
                switch kind {
                case .utterances:
                    if runner == nil { runner = UtteranceFixtureRunner(parser: try grammar.parser().0) }
                    let fixtures = try YAMLDecoder().decode(UtteranceFixtureFile.self, from: text).fixtures(file: name)
                    results = fixtures.map { ($0.description, runner?.mismatches($0) ?? []) }
                case .time:
                    if timeParser == nil { timeParser = try grammar.timeParser() }
                    guard let timeParser else { continue }
                    results = try YAMLDecoder().decode(TimeFixtureFile.self, from: text).run(
                        file: name,
                        parser: timeParser
                    )
                case .dialogues:
                    let fixtures = try YAMLDecoder().decode([DialogueFixture].self, from: text)
                    if world == nil { world = try DialogueWorld(grammar) }
                    guard let world else { continue }
                    results = []
                    for fixture in fixtures {
                        let result = try await world.run(fixture)
                        results.append((fixture.name, result.failures))
                    }
                case .all:
                    continue
                }
                let failures = results.filter { !$0.problems.isEmpty }
                passed += results.count - failures.count
                failed += failures.count
                if !failures.isEmpty { failedFiles += 1 }
                print(
                    "\(failures.isEmpty ? "PASS" : "FAIL") \(path): \(results.count - failures.count)/\(results.count)"
                )
                if verbose || failures.count <= 5 {
                    for failure in failures {
                        print("  ✗ \(failure.text): \(failure.problems.joined(separator: "; "))")
                    }
                }
            }
        }
        print("\(passed) passed, \(failed) failed")
        if failed > 0 || failedFiles > 0 { throw ExitCode(1) }
    }

    /// `--report`: each utterance file's score, then the wild corpus's and everything's.
    private func printReport() throws {
        let runner = UtteranceFixtureRunner(parser: try grammar.parser().0)
        var paths = try files(for: .utterances)
        if self.paths.isEmpty {
            let wild = (Kind.utterances.defaultDirectory as NSString).appendingPathComponent("wild")
            paths += try yamlFiles(in: wild)
        }
        var total = UtteranceScore()
        var groups: [(name: String, score: UtteranceScore)] = []
        for path in paths {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let name = (path as NSString).lastPathComponent
            let fixtures = try YAMLDecoder().decode(UtteranceFixtureFile.self, from: text).fixtures(file: name)
            let score = runner.score(fixtures)
            print("\(path): \(score.summary)")
            total.merge(score)
            let group = name.hasPrefix("holdout-") ? "hold-out" : path.contains("/wild/") ? "wild, working set" : nil
            if let group {
                if let index = groups.firstIndex(where: { $0.name == group }) {
                    groups[index].score.merge(score)
                } else {
                    groups.append((group, score))
                }
            }
        }
        for group in groups { print("\(group.name): \(group.score.summary)") }
        print("all: \(total.summary)")
    }

    private func files(for kind: Kind) throws -> [String] {
        if !paths.isEmpty { return paths }
        return try yamlFiles(in: kind.defaultDirectory)
    }

    private func yamlFiles(in directory: String) throws -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw ValidationError("no fixture directory \(directory) (run from the repository root or pass paths)")
        }
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map {
            (directory as NSString).appendingPathComponent($0)
        }
    }
}

/// The club, parser and wording dialogue fixtures run against, read once.
struct DialogueWorld {
    let file: ClubFile
    let parser: UtteranceParser
    let wording: ReplyWording

    init(_ grammar: GrammarOptions) throws {
        file = try ClubConfigLoader.load(path: grammar.configPath)
        parser = try grammar.parser().0
        wording = try ReplyWording.load(directory: grammar.grammarsPath)
    }

    /// Plays one conversation against the club on a fresh SQLite file, as `swift test` does.
    func run(_ fixture: DialogueFixture) async throws -> DialogueFixtureResult {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fixture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteBookingStore(path: directory.appendingPathComponent("booking.sqlite").path)
        try await store.seed(club: file.club, members: file.members)
        let (club, parser, wording) = (file.club, parser, wording)
        return try await DialogueFixtureRunner.run(
            fixture,
            makeManager: { clock in
                let engine = BookingEngine(club: club, store: store, clock: clock, refs: .seeded(11))
                let driver = DialogueDriver(
                    engine: engine,
                    parser: parser,
                    conversations: store,
                    wording: wording,
                    clock: clock
                )
                return (driver, engine)
            },
            allBookings: {
                try await store.read {
                    try $0.bookings(overlapping: Interval(start: .distantPast, end: .distantFuture))
                }
            }
        )
    }
}
