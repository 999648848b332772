// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "BoxOffice",
    products: [
        // The `boxoffice` command-line tool: inspect and maintain data files (docs/CLI.md).
        .executable(name: "boxoffice", targets: ["boxoffice"]),
        .library(name: "BoxOffice", targets: ["BoxOffice"]),
        // The C ABI (Include/boxoffice.h) as .build/*/libBoxOfficeC.so; `make install` installs it
        // as libboxoffice.so.MAJOR. (The name `boxoffice` belongs to the CLI executable.)
        .library(name: "BoxOfficeC", type: .dynamic, targets: ["BoxOfficeC"]),
        .library(name: "BoxOfficeStore", targets: ["BoxOfficeStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // XML with escaping, for `boxoffice seats --svg`.
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
    ],
    targets: [
        // LMDB from the system (Debian: liblmdb-dev). Only BoxOfficeStore imports it.
        .systemLibrary(
            name: "CLMDB",
            path: "Sources/CLMDB",
            pkgConfig: "lmdb",
            providers: [.apt(["liblmdb-dev"])]
        ),
        // The generic engine: environment, transactions, typed tables, indexes, codecs, catalog.
        .target(name: "BoxOfficeStore", dependencies: ["CLMDB"]),
        // libsodium from the system (Debian: libsodium-dev), for PIN hashes.
        .systemLibrary(
            name: "CSodium",
            path: "Sources/CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        // The ticketing domain: schema, operations, invariants, domain errors.
        .target(name: "BoxOffice", dependencies: ["BoxOfficeStore", "CSodium"]),
        // The C types of the C ABI (status codes, structs, handles), shared with the header.
        .target(name: "CBoxOfficeTypes"),
        // The exported C functions, and nothing else: conversions in and out of the engine.
        .target(name: "BoxOfficeC", dependencies: ["BoxOffice", "BoxOfficeStore", "CBoxOfficeTypes"]),
        // The CLI's subcommands, testable in-process; `boxoffice` is only its @main root.
        .target(name: "BoxOfficeCLI", dependencies: [
            "BoxOffice", "BoxOfficeStore", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Plot", package: "Plot"),
        ]),
        .executableTarget(name: "boxoffice", dependencies: ["BoxOfficeCLI"]),

        // Sample records and schema shared by the tests and their helper process.
        .target(
            name: "StoreTestSupport",
            dependencies: ["BoxOfficeStore"],
            path: "Tests/StoreTestSupport"
        ),
        // A second process for the multi-process tests (map growth, stale readers, contention).
        .executableTarget(
            name: "StoreTestHelper",
            dependencies: ["BoxOfficeStore", "StoreTestSupport"],
            path: "Tests/StoreTestHelper"
        ),
        // A second process for the domain's cross-process flash sale.
        .executableTarget(
            name: "BoxOfficeTestHelper",
            dependencies: ["BoxOffice"],
            path: "Tests/BoxOfficeTestHelper"
        ),
        .testTarget(
            name: "BoxOfficeTests",
            dependencies: ["BoxOffice", "BoxOfficeStore", "StoreTestSupport", "BoxOfficeTestHelper"]
        ),
        .testTarget(
            name: "BoxOfficeCLITests",
            dependencies: ["BoxOfficeCLI", "BoxOffice", "BoxOfficeStore", "StoreTestSupport", "boxoffice"]
        ),
        .testTarget(
            name: "BoxOfficeCTests",
            dependencies: ["BoxOffice", "BoxOfficeC", "CBoxOfficeTypes"]
        ),
        .testTarget(
            name: "BoxOfficeStoreTests",
            dependencies: ["BoxOfficeStore", "StoreTestSupport", "StoreTestHelper"],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
