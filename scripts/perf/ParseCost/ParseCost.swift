import ClubConfig
import Foundation
import TimeExpressions
import Understanding

/// Parses fixed customer texts a fixed number of times, for instruction counts (`scripts/perf/parse-cost.sh`).
///
/// Timings of a 50 µs parse on a shared two-core machine move by more than the changes being judged; the
/// instructions callgrind counts for the same binary and text do not. The texts are those of
/// `UnderstandingBenchmarks` (full parse) and `TimeExpressionsBenchmarks` (temporal parse) unless `--text`
/// names others.
///
///     ParseCost [--times N] [--only full|time] [--text T]... [--grammars DIR] [--config PATH]
@main
enum ParseCost {
    /// `UnderstandingBenchmarks`' SMS texts.
    static let fullTexts = [
        "can 4 of us get bay 3 tmrw at 7 for 2 hrs",
        "hey can i maybe get a sim tmrw at 7 thx",
        "is there anything open sat morning? 2 of us, maybe an hour and a half",
        "cancel friday and book saturday instead",
        "whats the wifi password",
        "hey its Dan, could we get bay 2 sunday at 4 for my daughters party",
        "cn u bok me in 4 tmrw 8pm",
        "fri 7pm bedford 4 of us thanks -kev",
    ]
    /// `TimeExpressionsBenchmarks`' SMS texts.
    static let timeTexts = [
        "can i get a bay tmrw at 7 for 2 hrs, 4 of us",
        "hey is there anything open sat morning? 2 of us, maybe an hour and a half",
        "Can we do next fri 6:30-8? It's for 3 people, call me at 902-555-0101",
        "book bay 3 on dec 3rd at 6:30pm for 90 min please",
        "thanks see you then!",
    ]

    static func main() {
        var times = 100
        var only: String?
        var texts: [String] = []
        var grammars = "Grammars/en"
        var config = "Config/club.yaml"
        var arguments = CommandLine.arguments.dropFirst()
        while let option = arguments.popFirst() {
            guard let value = arguments.popFirst() else { fail("\(option) needs a value") }
            switch option {
            case "--times": times = Int(value) ?? -1
            case "--only": only = value
            case "--text": texts.append(value)
            case "--grammars": grammars = value
            case "--config": config = value
            default: fail("unknown option \(option)")
            }
        }
        guard times >= 0, only == nil || only == "full" || only == "time" else { fail("bad --times or --only") }
        let zone = TimeZone(identifier: "America/Halifax") ?? .gmt
        let reference = Date(timeIntervalSince1970: 1_795_615_200)
        var results = 0
        if only != "time" {
            guard let club = try? ClubConfigLoader.load(path: config).club,
                let parser = try? UtteranceParser(grammarsDirectory: grammars, club: club)
            else { fail("cannot load \(config) and \(grammars)") }
            for text in texts.isEmpty ? fullTexts : texts {
                for _ in 0..<times {
                    results &+= parser.parse(text, reference: reference, timeZone: zone).intent == .unknown ? 0 : 1
                }
            }
        }
        if only != "full" {
            let path = grammars + "/time.vocabulary"
            guard let source = try? String(contentsOfFile: path, encoding: .utf8),
                let vocabulary = try? TimeVocabulary(text: source, file: path)
            else { fail("cannot read \(path)") }
            let parser = TimeParser(vocabulary: vocabulary)
            for text in texts.isEmpty ? timeTexts : texts {
                for _ in 0..<times {
                    results &+= parser.parse(text, reference: reference, timeZone: zone).count
                }
            }
        }
        print("parsed \(times) times, \(results) results")
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("ParseCost: \(message)\n".utf8))
        exit(2)
    }
}
