import Benchmark
import ClubConfig
import Foundation
import Understanding

/// SMS-length customer texts, from a plain request to one with several slots, typos and filler.
private let texts = [
    "can 4 of us get bay 3 tmrw at 7 for 2 hrs",
    "hey can i maybe get a sim tmrw at 7 thx",
    "is there anything open sat morning? 2 of us, maybe an hour and a half",
    "cancel friday and book saturday instead",
    "whats the wifi password",
]

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
    for (index, text) in texts.enumerated() {
        Benchmark("parse SMS \(index + 1) (\(text.count) chars)", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(parser.parse(text, reference: reference, timeZone: zone))
            }
        }
    }
}
