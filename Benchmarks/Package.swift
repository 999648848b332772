// swift-tools-version: 6.1
// The benchmarks: a package of their own, so GRDB and the harness never become dependencies of
// the library. `make bench` builds and runs it in release mode.
import Foundation
import PackageDescription

/// A path dependency is known by its directory's name (the clone's, e.g. "boxoffice" or "main").
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "BoxOfficeBenchmarks",
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    ],
    targets: [
        .executableTarget(
            name: "BoxOfficeBench",
            dependencies: [
                .product(name: "BoxOffice", package: root),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Sources/BoxOfficeBench"
        ),
    ],
    swiftLanguageModes: [.v6]
)
