// swift-tools-version: 6.1
// The benchmarks: a package of their own, so GRDB and the harness never become dependencies of
// the library. `make bench` builds and runs it in release mode.
import PackageDescription

let package = Package(
    name: "BoxOfficeBenchmarks",
    dependencies: [
        .package(path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "BoxOfficeBench",
            dependencies: [.product(name: "BoxOffice", package: "main")],
            path: "Sources/BoxOfficeBench"
        ),
    ],
    swiftLanguageModes: [.v6]
)
