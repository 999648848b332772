// Runs the workloads and writes every figure and ratio to a JSON file.
// Usage: BoxOfficeBench [--smoke] [--sizes 10000,1000000] [--seconds S] [--out FILE]
import BoxOffice
import BoxOfficeStore
import Foundation

struct Options {
    var smoke = false
    var sizes = [10_000, 1_000_000]
    var seconds = 2.0
    var out = "results/latest.json"
    /// Runs one workload `iterations` times on a small file, for callgrind or perf.
    var profile: String?
    var iterations = 10_000

    init(_ arguments: [String]) {
        var i = 0
        while i < arguments.count {
            switch arguments[i] {
            case "--smoke": smoke = true; sizes = [200]; seconds = 0.05
            case "--sizes": i += 1; sizes = arguments[i].split(separator: ",").compactMap { Int($0) }
            case "--seconds": i += 1; seconds = Double(arguments[i]) ?? seconds
            case "--out": i += 1; out = arguments[i]
            case "--profile": i += 1; profile = arguments[i]
            case "--iterations": i += 1; iterations = Int(arguments[i]) ?? iterations
            default: break
            }
            i += 1
        }
    }
}

struct Results: Codable {
    var machine: Machine
    var figures: [Figure] = []
    /// Every goal's ratio; null until the systems it compares are measured (see docs/PERFORMANCE.md).
    var ratios: [String: Double?] = [:]
    var notes: [String] = []
}

func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count + 1), withPad: " ", startingAt: 0) }

func run() throws {
    let options = Options(Array(CommandLine.arguments.dropFirst()))
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("boxoffice-bench-\(getpid())").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    if let workload = options.profile {
        let swift = try SwiftSystem(size: 1_000, durability: .async, directory: directory)
        let operation: () throws -> Void = switch workload {
        case "availability": swift.availability
        case "hold3": swift.hold3
        case "hold_confirm": swift.holdConfirm
        default: throw BenchError.failed("--profile takes availability, hold3 or hold_confirm")
        }
        for _ in 0..<options.iterations { try operation() }
        print("profiled \(options.iterations) × \(workload)")
        return
    }
    var results = Results(machine: .current)
    let clientCounts = options.smoke ? [1, 8] : [1, 8, 32]

    func record(_ system: String, _ workload: String, _ mode: Durability, _ clients: Int, _ size: Int,
                _ m: (ops: Int, opsPerSec: Double, p50: Double, p99: Double)) {
        let figure = Figure(system: system, workload: workload, mode: mode.rawValue, clients: clients, size: size, ops: m.ops,
                            ops_per_sec: m.opsPerSec, p50_us: m.p50, p99_us: m.p99)
        results.figures.append(figure)
        print(pad(system, 8) + pad(workload, 14) + pad(mode.rawValue, 9)
              + String(format: "%3d clients %8d tickets  %10.0f ops/s  p50 %8.1f µs  p99 %9.1f µs", clients, size, m.opsPerSec, m.p50, m.p99))
    }

    for size in options.sizes {
        for mode in [Durability.durable, .async] {
            let swift = try SwiftSystem(size: size, durability: mode, directory: directory)
            for clients in clientCounts {
                record("swift", "hold3", mode, clients, size, try measure(clients: clients, seconds: options.seconds, minOps: 20) { _, _ in try swift.hold3() })
                record("swift", "hold_confirm", mode, clients, size,
                       try measure(clients: clients, seconds: options.seconds, minOps: 20) { _, _ in try swift.holdConfirm() })
            }
            for clients in clientCounts where clients <= 8 {
                record("swift", "checkin", mode, clients, size,
                       try measure(clients: clients, seconds: options.seconds, minOps: 10, maxOps: max(10, min(size, 200_000) / 6)) { _, _ in try swift.checkIn() })
            }
            if mode == .async {
                for clients in clientCounts {
                    record("swift", "availability", mode, clients, size,
                           try measure(clients: clients, seconds: options.seconds, minOps: 100) { _, _ in try swift.availability() })
                }
            }
        }
    }
    for mode in [Durability.durable, .async] {
        for clients in clientCounts {
            let sale = try SwiftSystem.flashSale(clients: clients, durability: mode, directory: directory)
            let figure = Figure(system: "swift", workload: "flash_sale", mode: mode.rawValue, clients: clients, size: 1_000, ops: sale.attempts,
                                ops_per_sec: Double(sale.attempts) / sale.seconds, p50_us: 0, p99_us: 0)
            results.figures.append(figure)
            print(pad("swift", 8) + pad("flash_sale", 14) + pad(mode.rawValue, 9)
                  + String(format: "%3d clients     1000 tickets  sold out in %.3f s (%d attempts)", clients, sale.seconds, sale.attempts))
        }
    }

    func figure(_ system: String, _ workload: String, _ mode: String, _ clients: Int, _ size: Int? = nil) -> Figure? {
        results.figures.first { $0.system == system && $0.workload == workload && $0.mode == mode && $0.clients == clients && (size == nil || $0.size == size) }
    }
    let small = options.sizes.min() ?? 0
    let large = options.sizes.max() ?? 0
    results.ratios["availability_us"] = figure("swift", "availability", "async", 1, small)?.p50_us
    if let p99Large = figure("swift", "hold3", "async", 1, large)?.p99_us, let p99Small = figure("swift", "hold3", "async", 1, small)?.p99_us,
       large != small {
        results.ratios["p99_hold_1m_vs_10k"] = p99Large / p99Small
    } else {
        results.ratios["p99_hold_1m_vs_10k"] = .some(nil)
    }
    for key in ["durable_hold_confirm_32_vs_grdb_full", "durable_single_vs_floor", "async_hold3_vs_floor", "availability_vs_grdb",
                "cabi_overhead", "bytes_per_ticket"] where results.ratios[key] == nil {
        results.ratios[key] = .some(nil)
    }
    results.notes.append("Systems measured: BoxOffice from Swift. GRDB/SQLite, the C-ABI driver and the raw-LMDB floor are not built yet; their ratios are null.")

    let url = URL(fileURLWithPath: options.out)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try encoder.encode(results).write(to: url)
    print("wrote \(options.out)")
}

do { try run() } catch {
    FileHandle.standardError.write(Data("bench: \(error)\n".utf8))
    exit(1)
}
