// swift-tools-version: 6.2
import PackageDescription

/// Our own targets: Swift 6 mode, strict concurrency, and no warnings allowed; a member is visible only
/// from a module the file imports, and an import is internal unless it says `public import` (so a target's
/// public API names exactly the modules it exposes).
let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .treatAllWarnings(as: .error),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "BookingAgent",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "booking", targets: ["booking"]),
        .library(name: "BookingCore", targets: ["BookingCore"]),
        .library(name: "TimeExpressions", targets: ["TimeExpressions"]),
        .library(name: "BookingEngine", targets: ["BookingEngine"]),
    ],
    dependencies: [
        // The store: SQLite through GRDB, linked against the system libsqlite3.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // The `booking` command and its subcommands.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Config/club.yaml, and the YAML fixtures read by tests.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Structured logs from the command and the store.
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // The webhook server (AgentServer): HTTP, metrics in Prometheus form, webhook signatures.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // scripts/load/ only: the load generator's HTTP client.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // Benchmarks/ only.
        // The PostgreSQL store, for a club that runs several agent instances on one database.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Layer 0: pure values, no I/O.
        .target(name: "BookingCore", swiftSettings: strict),
        .target(name: "TimeExpressions", swiftSettings: strict),

        // Reads Config/club.yaml into BookingCore's Club, with errors that name the file and key.
        .target(
            name: "ClubConfig",
            dependencies: ["BookingCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        .target(name: "BookingEngine", dependencies: ["BookingCore"], swiftSettings: strict),
        // Text -> intent and typed slots, from the grammars in Grammars/.
        .target(name: "Understanding", dependencies: ["BookingCore", "TimeExpressions"], swiftSettings: strict),
        // The conversation state machine and the reply renderer.
        .target(name: "Dialogue", dependencies: ["Understanding", "BookingEngine"], swiftSettings: strict),
        // ClubOS V3, HubSpot, UniFi Access, NinjaOne clients and the outbox dispatcher.
        .target(name: "Integrations", dependencies: ["BookingCore"], swiftSettings: strict),
        .target(
            name: "BookingStoreSQLite",
            dependencies: [
                "BookingCore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "BookingStorePostgres",
            dependencies: [
                "BookingCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // The ClubOS V3 and Twilio SMS webhooks, health and metrics.
        .target(
            name: "AgentServer",
            dependencies: [
                "Dialogue", "BookingCore", "BookingEngine", "Understanding",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "booking",
            dependencies: [
                "BookingCore", "TimeExpressions", "ClubConfig", "BookingEngine", "BookingStoreSQLite",
                "BookingStorePostgres", "Understanding", "Dialogue", "Integrations", "AgentServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),

        // Tests mirror targets.
        .target(
            name: "TestSupport",
            dependencies: ["BookingCore", "ClubConfig", "BookingEngine", "BookingStoreSQLite"],
            path: "Tests/TestSupport",
            swiftSettings: strict
        ),
        .testTarget(name: "BookingCoreTests", dependencies: ["BookingCore"], swiftSettings: strict),
        .testTarget(
            name: "TimeExpressionsTests",
            dependencies: ["TimeExpressions", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        .testTarget(name: "ClubConfigTests", dependencies: ["ClubConfig", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "BookingEngineTests",
            dependencies: ["BookingEngine", "BookingStoreSQLite", "TestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "BookingStoreSQLiteTests",
            dependencies: ["BookingStoreSQLite", "BookingEngine", "TestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "BookingStorePostgresTests",
            dependencies: [
                "booking", "BookingStorePostgres", "BookingStoreSQLite", "BookingEngine", "BookingCore", "TestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "UnderstandingTests",
            dependencies: ["Understanding", "TestSupport", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "DialogueTests",
            dependencies: ["Dialogue", "BookingStoreSQLite", "TestSupport", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IntegrationsTests",
            dependencies: ["Integrations", "BookingStoreSQLite", "BookingEngine", "TestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AgentServerTests",
            dependencies: [
                "AgentServer", "Dialogue", "BookingCore", "BookingEngine", "Understanding", "BookingStoreSQLite",
                "ClubConfig", "TestSupport", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"), .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "BookingCLITests",
            dependencies: ["booking", "TestSupport"],
            swiftSettings: strict
        ),

        // Benchmarks/: `swift package --allow-writing-to-package-directory benchmark`.
        .executableTarget(
            name: "EngineBenchmarks",
            dependencies: [
                "BookingCore", "BookingEngine", "BookingStoreSQLite",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/EngineBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "DialogueBenchmarks",
            dependencies: [
                "BookingCore", "BookingEngine", "BookingStoreSQLite", "ClubConfig", "Dialogue", "Understanding",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/DialogueBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "UnderstandingBenchmarks",
            dependencies: [
                "BenchmarkTexts", "Understanding", "ClubConfig", .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/UnderstandingBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The load run's booking conversation, for AgentLoad and TurnCost alike.
        .target(name: "BookingFlow", path: "scripts/load/BookingFlow", swiftSettings: strict),
        // scripts/load/run.sh: concurrent ClubOS conversations against `booking serve`.
        .executableTarget(
            name: "AgentLoad",
            dependencies: [
                "BookingFlow",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "scripts/load/AgentLoad",
            swiftSettings: strict
        ),
        // scripts/perf/turn-cost.sh: a fixed replay through the ClubOS route, counted by callgrind.
        .executableTarget(
            name: "TurnCost",
            dependencies: [
                "AgentServer", "BookingCore", "BookingEngine", "BookingFlow", "BookingStorePostgres",
                "BookingStoreSQLite", "ClubConfig", "Dialogue", "Understanding",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            path: "scripts/perf/TurnCost",
            swiftSettings: strict
        ),
        // The parser benchmarks' texts, shared with ParseCost so a timing and a count are of the same texts.
        .target(name: "BenchmarkTexts", path: "scripts/perf/BenchmarkTexts", swiftSettings: strict),
        // scripts/perf/parse-cost.sh: the benchmarks' texts parsed a fixed number of times, counted by callgrind.
        .executableTarget(
            name: "ParseCost",
            dependencies: ["BenchmarkTexts", "ClubConfig", "TimeExpressions", "Understanding"],
            path: "scripts/perf/ParseCost",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "TimeExpressionsBenchmarks",
            dependencies: ["BenchmarkTexts", "TimeExpressions", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/TimeExpressionsBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
