/// The customer texts the parser benchmarks time and `scripts/perf/parse-cost.sh` counts: one list, so a timing
/// and an instruction count are always of the same texts.
public enum BenchmarkTexts {
    /// SMS-length customer texts for the whole parse, from a plain request to one with several slots, typos and
    /// filler (UnderstandingBenchmarks).
    public static let understanding = [
        "can 4 of us get bay 3 tmrw at 7 for 2 hrs",
        "hey can i maybe get a sim tmrw at 7 thx",
        "is there anything open sat morning? 2 of us, maybe an hour and a half",
        "cancel friday and book saturday instead",
        "whats the wifi password",
        "hey its Dan, could we get bay 2 sunday at 4 for my daughters party",
        "cn u bok me in 4 tmrw 8pm",
        "fri 7pm bedford 4 of us thanks -kev",
    ]

    /// SMS-length customer texts for the temporal parser alone, from a plain one to one with several expressions
    /// and distracting numbers (TimeExpressionsBenchmarks).
    public static let time = [
        "can i get a bay tmrw at 7 for 2 hrs, 4 of us",
        "hey is there anything open sat morning? 2 of us, maybe an hour and a half",
        "Can we do next fri 6:30-8? It's for 3 people, call me at 902-555-0101",
        "book bay 3 on dec 3rd at 6:30pm for 90 min please",
        "thanks see you then!",
    ]
}
