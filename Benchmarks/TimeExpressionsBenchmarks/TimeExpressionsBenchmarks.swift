import Benchmark
import Foundation
import TimeExpressions

/// SMS-length customer texts, from a plain one to one with several expressions and distracting numbers.
private let texts = [
    "can i get a bay tmrw at 7 for 2 hrs, 4 of us",
    "hey is there anything open sat morning? 2 of us, maybe an hour and a half",
    "Can we do next fri 6:30-8? It's for 3 people, call me at 902-555-0101",
    "book bay 3 on dec 3rd at 6:30pm for 90 min please",
    "thanks see you then!",
]

let benchmarks: @Sendable () -> Void = {
    let parser = TimeParser()
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
