import Benchmark
import BenchmarkTexts
import Foundation
import TimeExpressions

/// SMS-length customer texts, from a plain one to one with several expressions and distracting numbers.
private let texts = BenchmarkTexts.time

/// `Grammars/en/time.vocabulary`, two folders up from this file (the benchmark process does not run from the root).
private let vocabularyPath =
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Grammars/en/time.vocabulary").path

let benchmarks: @Sendable () -> Void = {
    guard let text = try? String(contentsOfFile: vocabularyPath, encoding: .utf8),
        let vocabulary = try? TimeVocabulary(text: text, file: vocabularyPath)
    else {
        print("TimeExpressionsBenchmarks: expected \(vocabularyPath)")
        return
    }
    let parser = TimeParser(vocabulary: vocabulary)
    Benchmark(
        "read Grammars/en/time.vocabulary and build a parser",
        configuration: .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(3))
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            if let text = try? String(contentsOfFile: vocabularyPath, encoding: .utf8),
                let vocabulary = try? TimeVocabulary(text: text, file: vocabularyPath)
            {
                blackHole(TimeParser(vocabulary: vocabulary))
            }
        }
    }
    let zone = TimeZone(identifier: "America/Halifax") ?? .gmt
    let reference = Date(timeIntervalSince1970: 1_795_615_200)
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal, .throughput],
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        thresholds: [.mallocCountTotal: .init(relative: [.p90: 10])]
    )
    for (index, text) in texts.enumerated() {
        Benchmark("parse SMS \(index + 1) (\(text.count) chars)", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(parser.parse(text, reference: reference, timeZone: zone))
            }
        }
    }
}
