import BoxOffice
import BoxOfficeCLI
import BoxOfficeStore
import Foundation
import StoreTestSupport
import Synchronization
import Testing

/// Runs `boxoffice ARGS` in this process as if its standard output were a terminal, so
/// progress bars draw (on the captured stderr).
func cliOnTerminal(_ arguments: String...) -> Run {
    let out = Mutex("")
    let err = Mutex("")
    let capture = Output(write: { text in out.withLock { $0 += text } }, writeError: { text in err.withLock { $0 += text } },
                         isTerminal: true)
    let status = Output.$current.withValue(capture) { CLI.run(arguments) }
    return Run(status: status, out: out.withLock { $0 }, err: err.withLock { $0 })
}

/// The JSON object a command printed with --json.
func jsonObject(_ run: Run) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any], "not a JSON object: \(run.out)")
}

/// Exactly one line on stderr, in the CLI's format, and no crash report.
func isOneLineError(_ run: Run) -> Bool {
    run.err.hasPrefix("boxoffice: ") && run.err.split(separator: "\n").count == 1 && !run.err.contains("Fatal error")
}

/// A path for a file or directory that does not exist yet; removed when released.
final class ScratchPath {
    let path: String

    init(_ label: String, suffix: String = "") {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("boxoffice-tests")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        path = dir.appendingPathComponent("\(label)-\(UUID().uuidString)\(suffix)").path
    }

    var exists: Bool { FileManager.default.fileExists(atPath: path) }
    func contents() throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Runs any program, waiting for it, with its output.
func runTool(_ executable: String, _ arguments: [String]) throws -> Run {
    let run = try runProgram(executable, arguments)
    return Run(status: run.status, out: run.stdout, err: run.stderr)
}

/// One demo-sized data file (thousands of tickets), written once by `boxoffice demo` and
/// shared read-only by the tests that need a realistic file.
final class DemoFile: Sendable {
    static let orders = 700
    static let shared = Result { try DemoFile() }

    let path = DemoFile.sharedPath
    private static let sharedPath = temporaryStorePath("demo")
    /// What `demo --json` printed.
    let summary: Data
    let status: Int32
    let err: String

    private init() throws {
        atexit { try? FileManager.default.removeItem(atPath: DemoFile.sharedPath) }
        let run = cli("demo", path, "--orders", "\(Self.orders)", "--json")
        status = run.status
        err = run.err
        summary = Data(run.out.utf8)
    }

    static func get() throws -> DemoFile { try shared.get() }

    func summaryObject() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: summary) as? [String: Any])
    }
}
