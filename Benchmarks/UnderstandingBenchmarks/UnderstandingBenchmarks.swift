import Benchmark
import BenchmarkTexts
import ClubConfig
import Foundation
import Understanding

/// SMS-length customer texts, from a plain request to one with several slots, typos and filler.
private let texts = BenchmarkTexts.understanding

/// A long message: a request buried in 1 000 characters of chit-chat.
private let longText =
    String(
        repeating: "hi there, its me again lol, my daughters birthday is coming up and we were thinking ",
        count: 11
    ).prefix(960) + " can 4 of us get bay 3 tmrw at 7"

/// 10 000 messages made of lexicon words, junk and repeated tokens, up to 1 000 characters: none may make
/// partial matching blow up.
private let generated: [String] = {
    let words = [
        "book", "bay", "tmrw", "at", "7", "for", "2", "hrs", "of", "us", "cancel", "move", "my", "friday", "the",
        "lol", "thanks", "hey", "its", "Dan", "party", "4", "ppl", "pm", "bedford", "halifax", "#3", "x", "zzz",
        "qwerty", "🙂", "!!!", "7-9", "1/2", "can", "i", "get", "a", "sim", "please", "yes", "no", "from", "to",
    ]
    var state: UInt64 = 12
    func next() -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int(state >> 33)
    }
    return (0..<10_000).map { _ in
        var text = ""
        let target = 1 + next() % 1_000
        while text.count < target {
            let word = words[next() % words.count]
            text += next() % 9 == 0 ? String(repeating: word + " ", count: 1 + next() % 20) : word + " "
        }
        return String(text.prefix(1_000))
    }
}()

/// The repository root, two folders up from this file: the benchmark process does not run from there.
private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
private let grammars =
    ProcessInfo.processInfo.environment["BOOKING_GRAMMARS"] ?? root.appendingPathComponent("Grammars/en").path
private let config =
    ProcessInfo.processInfo.environment["BOOKING_CONFIG"] ?? root.appendingPathComponent("Config/club.yaml").path

let benchmarks: @Sendable () -> Void = {
    guard let club = try? ClubConfigLoader.load(path: config).club,
        let parser = try? UtteranceParser(grammarsDirectory: grammars, club: club)
    else {
        print("UnderstandingBenchmarks: run from the repository root (Grammars/en and Config/club.yaml)")
        return
    }
    let zone = TimeZone(identifier: "America/Halifax") ?? .gmt
    let reference = Date(timeIntervalSince1970: 1_795_615_200)
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal, .throughput],
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        thresholds: [.mallocCountTotal: .init(relative: [.p90: 10])]
    )
    Benchmark(
        "load and compile Grammars/en",
        configuration: .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(3))
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? UtteranceParser(grammarsDirectory: grammars, club: club))
        }
    }
    Benchmark("parse 1000 chars", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(parser.parse(String(longText), reference: reference, timeZone: zone))
        }
    }
    Benchmark(
        "parse generated messages (one per iteration, 10 000 kinds)",
        configuration: .init(metrics: [.wallClock], maxDuration: .seconds(10), maxIterations: 10_000)
    ) { benchmark in
        var index = 0
        for _ in benchmark.scaledIterations {
            blackHole(parser.parse(generated[index % generated.count], reference: reference, timeZone: zone))
            index += 1
        }
    }
    for (index, text) in texts.enumerated() {
        Benchmark("parse SMS \(index + 1) (\(text.count) chars)", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(parser.parse(text, reference: reference, timeZone: zone))
            }
        }
    }
}
