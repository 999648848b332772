import Foundation

/// Every figure of a run, the goals' ratios computed from them, and the table printed as it goes.
final class Report {
    struct Goal: Codable {
        var value: Double?
        /// "<= 1.3" or ">= 5": the target for the value.
        var goal: String
        var met: Bool?
    }

    struct Output: Codable {
        var machine: Machine
        var figures: [Figure]
        /// Every goal's ratio; null when the systems it compares were not measured.
        var ratios: [String: Double?]
        var goals: [String: Goal]
        var notes: [String]
    }

    private(set) var figures: [Figure] = []
    var notes: [String] = []
    /// Data file bytes per sold ticket, per system, at the largest size.
    var bytesPerTicket: [String: Double] = [:]
    /// BoxOffice's bytes per sold ticket by table and by index ("tickets.code"), at the largest size.
    var tableBytesPerTicket: [String: Double] = [:]
    /// Best-available p50s in µs (SeatingBench), by goal key.
    var seating: [String: Double] = [:]
    /// Seconds to verify the largest file.
    var verifySeconds: Double?
    /// Instructions per createHold (callgrind, scripts/profile.py).
    var createHoldInstructions: Double?
    /// Mean writes per group-commit batch during swift's hold_confirm, by "mode_clients_size".
    var batchSizes: [String: Double] = [:]

    func add(_ figure: Figure) {
        figures.append(figure)
        print(Self.pad(figure.system, 9) + Self.pad(figure.workload, 13) + Self.pad(figure.mode, 14)
              + String(format: "%3d clients %8d tickets %10.0f ops/s  p50 %8.1f µs  p99 %9.1f µs",
                       figure.clients, figure.size, figure.ops_per_sec, figure.p50_us, figure.p99_us))
    }

    func add(_ system: String, _ workload: String, _ mode: Mode, _ clients: Int, _ size: Int, _ m: Measurement) {
        add(Figure(system: system, workload: workload, mode: mode.rawValue, clients: clients, size: size, ops: m.ops,
                   ops_per_sec: m.opsPerSec, p50_us: m.p50, p99_us: m.p99))
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.padding(toLength: max(width, text.count + 1), withPad: " ", startingAt: 0)
    }

    private func figure(_ system: String, _ workload: String, _ mode: Mode, clients: Int, size: Int) -> Figure? {
        figures.first { $0.system == system && $0.workload == workload && $0.mode == mode.rawValue && $0.clients == clients && $0.size == size }
    }

    /// Microseconds per operation for one client: the median, which a few slow fsyncs or a
    /// preempted thread on a busy machine do not move as they move the mean.
    private func timePerOp(_ system: String, _ workload: String, _ mode: Mode, size: Int) -> Double? {
        figure(system, workload, mode, clients: 1, size: size)?.p50_us
    }

    private func divide(_ a: Double?, _ b: Double?) -> Double? {
        guard let a, let b, b > 0 else { return nil }
        return a / b
    }

    /// The goals, from the figures at the smallest size (and the largest, for growth).
    func goals(small: Int, large: Int) -> [String: Goal] {
        func goal(_ value: Double?, _ relation: String, _ target: Double) -> Goal {
            Goal(value: value, goal: "\(relation) \(target)", met: value.map { relation == "<=" ? $0 <= target : $0 >= target })
        }
        let swiftConfirm32 = figure("swift", "hold_confirm", .durable, clients: 32, size: small)?.ops_per_sec
        let grdbConfirm32 = figure("grdb", "hold_confirm", .durable, clients: 32, size: small)?.ops_per_sec
        let postgresConfirm32 = figure("postgres", "hold_confirm", .durable, clients: 32, size: small)?.ops_per_sec
        /// Tickets sold per second in a flash sale: its figures count attempts, and the 1,000 tickets
        /// sold took ops ÷ ops_per_sec seconds.
        func flashTicketsPerSecond(_ system: String, _ mode: Mode, clients: Int) -> Double? {
            guard let sale = figure(system, "flash_sale", mode, clients: clients, size: 1_000), sale.ops > 0 else { return nil }
            return 1_000 * sale.ops_per_sec / Double(sale.ops)
        }
        let p99Large = figure("swift", "hold3", .async, clients: 1, size: large)?.p99_us
        let p99Small = figure("swift", "hold3", .async, clients: 1, size: small)?.p99_us
        /// Availability throughput from many client threads, BoxOffice over the raw-LMDB floor.
        func availabilityVsFloor(clients: Int) -> Double? {
            divide(figure("swift", "availability", .async, clients: clients, size: small)?.ops_per_sec,
                   figure("floor", "availability", .async, clients: clients, size: small)?.ops_per_sec)
        }
        return [
            "availability_8_vs_floor": goal(availabilityVsFloor(clients: 8), ">=", 0.5),
            "availability_32_vs_floor": goal(availabilityVsFloor(clients: 32), ">=", 0.5),
            "availability_p99_8_us": goal(figure("swift", "availability", .async, clients: 8, size: small)?.p99_us, "<=", 20),
            "durable_hold_confirm_32_vs_grdb_full": goal(divide(swiftConfirm32, grdbConfirm32), ">=", 5),
            "durable_hold_confirm_1_vs_grdb_full": goal(divide(timePerOp("swift", "hold_confirm", .durableSales, size: small),
                                                               timePerOp("grdb", "hold_confirm", .durable, size: small)), "<=", 1.0),
            "create_hold_instructions": goal(createHoldInstructions, "<=", 100_000),
            "verify_seconds_1m": goal(large >= 1_000_000 ? verifySeconds : nil, "<=", 5),
            "durable_hold_confirm_32_vs_postgres": goal(divide(swiftConfirm32, postgresConfirm32), ">=", 5),
            "flash_sale_durable_32_vs_postgres": goal(divide(flashTicketsPerSecond("swift", .durable, clients: 32),
                                                             flashTicketsPerSecond("postgres", .durable, clients: 32)), ">=", 5),
            "durable_single_vs_floor": goal(divide(timePerOp("swift", "hold_confirm", .durable, size: small),
                                                   timePerOp("floor", "hold_confirm", .durable, size: small)), "<=", 1.3),
            "async_hold3_vs_floor": goal(divide(timePerOp("swift", "hold3", .async, size: small),
                                                timePerOp("floor", "hold3", .async, size: small)), "<=", 2),
            "availability_vs_grdb": goal(divide(timePerOp("grdb", "availability", .async, size: small),
                                                timePerOp("swift", "availability", .async, size: small)), ">=", 10),
            "availability_us": goal(figure("swift", "availability", .async, clients: 1, size: small)?.p50_us, "<=", 2),
            "cabi_overhead": goal(divide(timePerOp("cabi", "hold3", .async, size: small),
                                         timePerOp("swift", "hold3", .async, size: small)), "<=", 1.1),
            "p99_hold_1m_vs_10k": goal(large == small ? nil : divide(p99Large, p99Small), "<=", 1.5),
            "bytes_per_ticket": goal(bytesPerTicket["swift"], "<=", 400),
            "best_available_4_at_90pct_us": goal(seating["best_available_4_at_90pct_us"], "<=", 1_000),
            "best_available_4_at_50pct_us": goal(seating["best_available_4_at_50pct_us"], "<=", 200),
        ]
    }

    /// Further ratios that explain the goals (not goals themselves).
    func extraRatios(small: Int) -> [String: Double?] {
        var ratios: [String: Double?] = [
            "strict_durable_hold_confirm_1_vs_grdb_full": divide(timePerOp("swift", "hold_confirm", .durable, size: small),
                                                                 timePerOp("grdb", "hold_confirm", .durable, size: small)),
            "durable_sales_hold_confirm_32_vs_grdb_full": divide(
                figure("swift", "hold_confirm", .durableSales, clients: 32, size: small)?.ops_per_sec,
                figure("grdb", "hold_confirm", .durable, clients: 32, size: small)?.ops_per_sec),
            "durable_single_hold3_vs_floor": divide(timePerOp("swift", "hold3", .durable, size: small),
                                                    timePerOp("floor", "hold3", .durable, size: small)),
            "async_hold_confirm_vs_floor": divide(timePerOp("swift", "hold_confirm", .async, size: small),
                                                  timePerOp("floor", "hold_confirm", .async, size: small)),
            "availability_vs_floor": divide(timePerOp("swift", "availability", .async, size: small),
                                            timePerOp("floor", "availability", .async, size: small)),
            "cabi_overhead_availability": divide(timePerOp("cabi", "availability", .async, size: small),
                                                 timePerOp("swift", "availability", .async, size: small)),
            "cabi_availability_8_vs_floor": divide(figure("cabi", "availability", .async, clients: 8, size: small)?.ops_per_sec,
                                                   figure("floor", "availability", .async, clients: 8, size: small)?.ops_per_sec),
            "cabi_availability_32_vs_floor": divide(figure("cabi", "availability", .async, clients: 32, size: small)?.ops_per_sec,
                                                    figure("floor", "availability", .async, clients: 32, size: small)?.ops_per_sec),
            "durable_hold_confirm_32_vs_1": divide(figure("swift", "hold_confirm", .durable, clients: 32, size: small)?.ops_per_sec,
                                                   figure("swift", "hold_confirm", .durable, clients: 1, size: small)?.ops_per_sec),
            "grdb_bytes_per_ticket": bytesPerTicket["grdb"],
        ]
        for (key, size) in batchSizes { ratios["group_commit_batch_\(key)"] = size }
        for (table, bytes) in tableBytesPerTicket { ratios["bytes_per_ticket_\(table)"] = bytes }
        return ratios
    }

    func write(to path: String, machine: Machine, small: Int, large: Int) throws {
        let goals = goals(small: small, large: large)
        var ratios = extraRatios(small: small)
        for (key, goal) in goals { ratios[key] = .some(goal.value) }
        print("\ngoal                                   value      target   met")
        for key in goals.keys.sorted() {
            let goal = goals[key]!
            print(Self.pad(key, 38) + Self.pad(goal.value.map { String(format: "%.2f", $0) } ?? "—", 11) + Self.pad(goal.goal, 9)
                  + (goal.met.map { $0 ? "yes" : "NO" } ?? "not measured"))
        }
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(Output(machine: machine, figures: figures, ratios: ratios, goals: goals, notes: notes)).write(to: url)
        print("wrote \(path)")
    }
}
