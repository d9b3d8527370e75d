// swift-tools-version: 6.2
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Caliper",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "caliper", targets: ["caliper"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        // Used directly by the mock server and the runners; Hummingbird and swift-subprocess bring them.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        // SHA-256 for content hashes; already in the graph through Hummingbird, so no libssl-dev is needed.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // The team store: PostgreSQL's wire protocol, with TLS from swift-nio-ssl.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // Inspect AI's `.eval` logs are zip archives.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // libcurl's multi interface for the load generator: timing fidelity without a busy loop.
        .systemLibrary(
            name: "CCurl",
            path: "Sources/CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // zlib, for gzip-compressed bundles (`.json.gz`, `.jsonl.gz`).
        .systemLibrary(name: "CZlibShim", path: "Sources/CZlibShim", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Examples/evalscope linked into the binary (assembler .incbin), for `caliper demo` from a copied binary.
        .target(name: "CEmbeddedExamples", path: "Sources/CEmbeddedExamples"),
        // Runs, keys, metrics, units. Pure values, no I/O.
        .target(
            name: "CaliperCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // The store: SQLite through GRDB, PostgreSQL through postgres-nio, behind one SQL layer.
        // Migrations come from Schema/sqlite/*.sql and Schema/postgres/*.sql, embedded at build time.
        .target(
            name: "CaliperStore",
            dependencies: [
                "CaliperCore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict,
            plugins: ["EmbedFiles"]
        ),
        // One importer per source format, behind `ResultImporter`.
        .target(
            name: "CaliperImporters",
            dependencies: [
                "CaliperCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: strict
        ),
        // Alignment, statistics, verdicts, the gate policy (parsed from YAML text). Pure functions, no I/O.
        .target(
            name: "CaliperAnalysis",
            dependencies: ["CaliperCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        // Rendering of tables, Markdown, HTML, JSON, JUnit. Templates come from Reports/templates.
        .target(
            name: "CaliperReports",
            dependencies: [
                "CaliperCore", "CaliperAnalysis",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: strict,
            plugins: ["EmbedFiles"]
        ),
        // The load generator and subprocess runners: SSE parsing and per-request measurement (pure),
        // EvalScope-compatible aggregation, and HTTP streaming through libcurl.
        .target(
            name: "CaliperRunners",
            dependencies: [
                "CaliperCore", "CCurl", .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strict
        ),
        // An OpenAI-compatible mock server with injected TTFT, inter-token delay and failures, for
        // measuring the load generator against a known truth (tests and `caliper-mock-server`).
        .target(
            name: "CaliperMockServer",
            dependencies: [
                "CaliperCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "caliper-mock-server",
            dependencies: [
                "CaliperMockServer", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // The command line: parses arguments and wires the modules together.
        .executableTarget(
            name: "caliper",
            dependencies: [
                "CaliperCore", "CaliperStore", "CaliperImporters", "CaliperAnalysis", "CaliperReports", "CaliperRunners",
                "CEmbeddedExamples", "CZlibShim", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // Speed figures (release build): `swift run -c release caliper-benchmarks`.
        .executableTarget(
            name: "caliper-benchmarks",
            dependencies: [
                "CaliperCore", "CaliperStore", "CaliperImporters", "CaliperAnalysis", "CaliperRunners", "CaliperMockServer",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Benchmarks/caliper-benchmarks",
            swiftSettings: strict
        ),
        // Build-time tool and plugin that embed Schema/*.sql and Reports/templates/* as string literals,
        // so an installed `caliper` binary needs no resource bundle beside it.
        .executableTarget(name: "embed-files", path: "Plugins/EmbedFilesTool"),
        .plugin(name: "EmbedFiles", capability: .buildTool(), dependencies: ["embed-files"]),

        // New stores on either engine for the tests: SQLite files, databases on the test PostgreSQL server.
        .target(name: "CaliperTestSupport", dependencies: ["CaliperStore"], path: "Tests/CaliperTestSupport", swiftSettings: strict),

        .testTarget(name: "CaliperCoreTests", dependencies: ["CaliperCore"], swiftSettings: strict),
        .testTarget(
            name: "CaliperStoreTests", dependencies: ["CaliperStore", "CaliperImporters", "CaliperTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "CaliperImportersTests",
            dependencies: [
                "CaliperImporters", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "CaliperAnalysisTests", dependencies: ["CaliperAnalysis"], swiftSettings: strict),
        .testTarget(name: "CaliperReportsTests", dependencies: ["CaliperReports"], swiftSettings: strict),
        .testTarget(
            name: "CaliperRunnersTests",
            dependencies: ["CaliperRunners", "CaliperMockServer", .product(name: "GRDB", package: "GRDB.swift")],
            // Read by path (#filePath), not as resources.
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(name: "CaliperMockServerTests", dependencies: ["CaliperMockServer"], swiftSettings: strict),
        .testTarget(
            name: "CaliperEndToEndTests",
            dependencies: [
                "caliper", "caliper-mock-server", "CaliperCore", "CaliperStore", "CaliperTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
