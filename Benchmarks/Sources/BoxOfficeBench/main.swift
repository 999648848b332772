// Runs every workload on every system and writes the figures and the goals' ratios to JSON.
// Usage: BoxOfficeBench [--smoke] [--sizes 10000,1000000] [--seconds S] [--clients 1,8,32] [--out FILE]
//                       [--floor PATH] [--cabi PATH] [--postgres PATH] [--systems swift,grdb,floor,cabi,postgres]
//                       [--workloads hold3,hold_confirm,checkin,availability,flash_sale,best_available]
//                       [--instructions FILE]   (scripts/profile.py --json: instructions per createHold, a goal)
//                       [--profile WORKLOAD --iterations N]   (availability, hold3, hold3_priced, hold_confirm, release, expire; outbox: a worker loop's rate)
import BoxOffice
import BoxOfficeStore
import Foundation

struct Options {
    var smoke = false
    var sizes = [10_000, 1_000_000]
    var seconds = 2.0
    var clients = [1, 8, 32]
    var out = "results/latest.json"
    /// The C programs of Benchmarks/c; the systems they measure are left out without them.
    /// bench_postgres reaches its server through libpq's environment (scripts/postgres_cluster.sh run).
    var floor: String?
    var cabi: String?
    var postgres: String?
    /// Instructions per call counted by callgrind (scripts/profile.py --json), for the goals.
    var instructions: String?
    /// Runs one workload `iterations` times on a small file, for callgrind or perf.
    var profile: String?
    var iterations = 10_000
    /// The systems and workloads to run (all when nil), for a quicker partial run.
    var systems: Set<String>?
    var workloads: Set<String>?

    func wants(system: String) -> Bool { systems?.contains(system) ?? true }
    func wants(workload: String) -> Bool { workloads?.contains(workload) ?? true }

    init(_ arguments: [String]) throws {
        var i = 0
        func value() throws -> String {
            i += 1
            guard i < arguments.count else { throw BenchError.failed("\(arguments[i - 1]) needs a value") }
            return arguments[i]
        }
        while i < arguments.count {
            switch arguments[i] {
            case "--smoke": smoke = true; sizes = [200]; seconds = 0.05; clients = [1, 8]
            case "--sizes": sizes = try value().split(separator: ",").compactMap { Int($0) }
            case "--seconds": seconds = Double(try value()) ?? seconds
            case "--clients": clients = try value().split(separator: ",").compactMap { Int($0) }
            case "--out": out = try value()
            case "--floor": floor = try value()
            case "--cabi": cabi = try value()
            case "--postgres": postgres = try value()
            case "--instructions": instructions = try value()
            case "--profile": profile = try value()
            case "--iterations": iterations = Int(try value()) ?? iterations
            case "--systems": systems = Set(try value().split(separator: ",").map(String.init))
            case "--workloads": workloads = Set(try value().split(separator: ",").map(String.init))
            default: throw BenchError.failed("unknown argument \(arguments[i])")
            }
            i += 1
        }
        guard !sizes.isEmpty, !clients.isEmpty, sizes.allSatisfy({ $0 > 0 }), clients.allSatisfy({ $0 > 0 }) else {
            throw BenchError.failed("--sizes and --clients take positive numbers")
        }
    }
}

/// Measures one system on a file with `size` tickets sold, in both modes: hold3 and hold_confirm
/// at every client count, checkin at up to 8 clients, availability (a read) in async mode, and,
/// with `flashSale`, a flash sale of 1,000 tickets per client count.
/// `inspect` sees the prepared file before any workload writes to it: the file of `size` sold
/// tickets that bytes per ticket and verify's time are measured on.
func runWorkloads<S: BenchSystem>(_: S.Type, size: Int, options: Options, directory: String, flashSale: Bool,
                                  report: Report, inspect: (PreparedFile) throws -> Void = { _ in }) throws {
    let prepared = try S.prepare(size: size, directory: directory)
    try inspect(prepared)
    // The setup wrote without fsync: flush it now, so that the first durable run does not pay for it.
    sync()
    let seconds = options.seconds
    for mode in S.modes {
        let system = try S(prepared, mode: mode)
        // The extra modes change only how a hold commits: they run the workloads that hold.
        let holdsOnly = mode != .durable && mode != .async
        for clients in options.clients where options.wants(workload: "hold3") {
            report.add(S.name, "hold3", mode, clients, size, try measure(clients: clients, seconds: seconds, minOps: 20) { _ in
                try system.hold3(); return true
            })
        }
        for clients in options.clients where options.wants(workload: "hold_confirm") {
            let before = try (system as? SwiftSystem)?.groupCommits()
            report.add(S.name, "hold_confirm", mode, clients, size, try measure(clients: clients, seconds: seconds, minOps: 20) { _ in
                try system.holdConfirm(); return true
            })
            if let before, let after = try (system as? SwiftSystem)?.groupCommits(), after.batches > before.batches {
                report.batchSizes["\(mode.rawValue)_\(clients)_\(size)"] =
                    Double(after.writes - before.writes) / Double(after.batches - before.batches)
            }
        }
        // Each scan takes a ticket that was never scanned; the cap keeps the runs from running out.
        for clients in options.clients where clients <= 8 && !holdsOnly && options.wants(workload: "checkin") {
            report.add(S.name, "checkin", mode, clients, size,
                       try measure(clients: clients, seconds: seconds, minOps: 10, maxOps: max(10, min(size, 200_000) / 6)) { _ in
                try system.checkIn(); return true
            })
        }
        if mode == .async && options.wants(workload: "availability") {
            for clients in options.clients {
                report.add(S.name, "availability", mode, clients, size, try measure(clients: clients, seconds: seconds, minOps: 100) { _ in
                    try system.availability(); return true
                })
            }
        }
        if flashSale && options.wants(workload: "flash_sale") {
            for clients in options.clients {
                let sale = try system.newFlashSale()
                report.add(S.name, "flash_sale", mode, clients, 1_000, try measure(clients: clients, seconds: 600, minOps: 0) { _ in
                    try system.buy(sale)
                })
                let sold = try system.sold(sale)
                guard sold == 1_000 else { throw BenchError.failed("\(S.name) flash sale sold \(sold) of 1,000") }
            }
        }
    }
}

func profile(_ workload: String, iterations: Int, directory: String) throws {
    let swift = try SwiftSystem(try SwiftSystem.prepare(size: 1_000, directory: directory, threads: 1), mode: .async)
    if workload == "outbox" {  // not instructions: the throughput of a delivery worker's loop
        let rate = try swift.outboxLoop(count: iterations)
        return print("outbox: claimed and acknowledged \(iterations) messages at \(Int(rate)) per second")
    }
    let operation: () throws -> Void = switch workload {
    case "availability": swift.availability
    case "hold3": swift.hold3
    case "hold_confirm": swift.holdConfirm
    case "hold3_priced": try swift.pricedHold3()
    case "release": swift.holdRelease
    case "expire": try swift.holdExpire()
    default: throw BenchError.failed("--profile takes availability, hold3, hold3_priced, hold_confirm, release, expire or outbox")
    }
    for _ in 0..<iterations { try operation() }
    print("profiled \(iterations) × \(workload)")
}

func run() throws {
    let options = try Options(Array(CommandLine.arguments.dropFirst()))
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("boxoffice-bench-\(getpid())").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let interrupts = cleanUpOnInterrupt(directory)
    defer { interrupts.forEach { $0.cancel() } }
    if let workload = options.profile {
        return try profile(workload, iterations: options.iterations, directory: directory)
    }
    let report = Report()
    let small = options.sizes.min()!, large = options.sizes.max()!
    for size in options.sizes.sorted() {
        let flashSale = size == small
        if options.wants(system: SwiftSystem.name) {
            try runWorkloads(SwiftSystem.self, size: size, options: options, directory: directory, flashSale: flashSale,
                             report: report) { prepared in
                guard size == large else { return }
                let bytes = try SwiftSystem.compactedBytes(prepared, directory: directory)
                report.bytesPerTicket["swift"] = Double(bytes.file) / Double(size)
                for (table, tableBytes) in bytes.tables where tableBytes > 0 {
                    report.tableBytesPerTicket[table] = Double(tableBytes) / Double(size)
                }
                report.verifySeconds = try SwiftSystem.verifySeconds(prepared)
            }
        }
        if options.wants(system: GRDBSystem.name) {
            try runWorkloads(GRDBSystem.self, size: size, options: options, directory: directory, flashSale: flashSale,
                             report: report) { prepared in
                if size == large { report.bytesPerTicket["grdb"] = Double(try GRDBSystem.compactedBytes(prepared)) / Double(size) }
            }
        }
        let programs = [("floor", options.floor), ("cabi", options.cabi), ("postgres", options.postgres)]
            .filter { options.wants(system: $0.0) }.compactMap(\.1)
        for program in programs {
            for figure in try runCProgram(program, directory: directory, size: size, seconds: options.seconds,
                                          clients: options.clients, workloads: options.workloads, flashSale: flashSale) {
                report.add(figure)
            }
        }
    }
    if options.wants(system: SwiftSystem.name) && options.wants(workload: "best_available") {
        try SeatingBench.run(smoke: options.smoke, directory: directory, report: report)
    }
    if let path = options.instructions {
        let counts = try JSONDecoder().decode([String: Double].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        report.createHoldInstructions = counts["createHold"]
    } else {
        report.notes.append("Run without --instructions: create_hold_instructions is null (make bench counts it with callgrind).")
    }
    if options.floor == nil || options.cabi == nil {
        report.notes.append("Run without the C programs (--floor, --cabi): the raw-LMDB floor and the C-ABI figures are missing and their ratios are null.")
    }
    if options.postgres == nil {
        report.notes.append("Run without --postgres: the PostgreSQL figures are missing and their ratios are null.")
    }
    report.notes.append("Ratios compare one client's median (p50) time per operation at the smallest size, except: "
                        + "durable_hold_confirm_32_vs_grdb_full and durable_hold_confirm_32_vs_postgres compare throughput at 32 clients; "
                        + "flash_sale_durable_32_vs_postgres compares tickets sold per second in the durable flash sale at 32 clients "
                        + "(flash-sale figures count attempts: 1,000 tickets sold in ops ÷ ops_per_sec seconds); "
                        + "durable_hold_confirm_1_vs_grdb_full compares one client's p50 hold_confirm in BoxOffice's durable_sales mode "
                        + "(a hold's commit flushes once, a confirm's twice) with SQLite's synchronous=FULL "
                        + "(strict_durable_hold_confirm_1_vs_grdb_full is the same in the durable mode); "
                        + "create_hold_instructions is callgrind's count per createHold (make profile WORKLOAD=hold3); "
                        + "verify_seconds_1m is the wall time of verify on the largest file as prepared (1M tickets in a full run); "
                        + "group_commit_batch_* is the mean number of writes per group-commit batch during hold_confirm, by mode, clients and size; "
                        + "p99_hold_1m_vs_10k compares async hold3 p99 at one client, largest size over smallest; "
                        + "bytes_per_ticket is a compacted copy's data file divided by the tickets sold, at the largest size, "
                        + "taken as prepared (the tickets sold in orders of 4, before any workload adds holds); "
                        + "best_available_4_at_*pct_us is the p50 of a best-available hold of 4 seats on the example arena (21,322 seats) "
                        + "filled to 50 % and 90 % by buyers of 1 to 8 seats, async durability.")
    report.notes.append("Modes: durable_sales (swift only) is durable except that a commit of holds alone does not sync LMDB's meta page; "
                        + "durable is an fsync per commit (LMDB default flags; SQLite WAL with synchronous=FULL; "
                        + "PostgreSQL synchronous_commit=on, with fsync=on); "
                        + "async is LMDB MDB_NOSYNC, SQLite WAL with synchronous=OFF and PostgreSQL synchronous_commit=off.")
    try report.write(to: options.out, machine: .current, small: small, large: large)
}

do { try run() } catch {
    FileHandle.standardError.write(Data("bench: \(error)\n".utf8))
    exit(1)
}
