// swift-tools-version: 6.2
import PackageDescription

// libFuzzer targets over the importers' parsers; built only by run.sh, never by the root package.
// The importers' sources come in through the symlinks in Linked/ (the root package exports no
// library product), so that `@testable import` reaches their internal parsers.
let package = Package(
    name: "CaliperFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        .target(name: "CaliperCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")], path: "Linked/CaliperCore"),
        .target(
            name: "CaliperImporters",
            dependencies: [
                "CaliperCore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Yams", package: "Yams"),
            ],
            path: "Linked/CaliperImporters"),
        .target(name: "FuzzEntry"),
        .executableTarget(name: "FuzzImporters", dependencies: ["FuzzEntry", "CaliperImporters"]),
        .executableTarget(name: "FuzzParsers", dependencies: ["FuzzEntry", "CaliperCore", "CaliperImporters"]),
    ],
    swiftLanguageModes: [.v6]
)
