import BenchmarkTexts
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
    static let fullTexts = BenchmarkTexts.understanding
    /// `TimeExpressionsBenchmarks`' SMS texts.
    static let timeTexts = BenchmarkTexts.time

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
