import Foundation
import Synchronization

/// One measured configuration: who, what, how durable, how many clients, on how much data.
struct Figure: Codable {
    var system: String
    var workload: String
    var mode: String
    var clients: Int
    var size: Int
    var ops: Int
    var ops_per_sec: Double
    var p50_us: Double
    var p99_us: Double
}

/// How durable each commit is. For SQLite, `durable` is WAL with synchronous=FULL and `async` is
/// synchronous=OFF; for LMDB, an fsync per commit or MDB_NOSYNC; for PostgreSQL (Benchmarks/c/postgres.c),
/// synchronous_commit on or off.
enum Mode: String, CaseIterable, Sendable {
    case durable, async
    /// BoxOffice's durableSales: durable, but a hold's commit flushes once (its meta page waits
    /// for the next commit). Only the swift system runs it, on the writes that sell.
    case durableSales = "durable_sales"
}

/// Throughput and latency of one measured run.
struct Measurement {
    var ops: Int
    var opsPerSec: Double
    var p50: Double
    var p99: Double
}

/// Runs `operation` from `clients` threads for about `seconds` (at least `minOps` in all, at most
/// `maxOps`), timing each call; a client stops early when its operation returns false.
func measure(clients: Int, seconds: Double, minOps: Int, maxOps: Int = .max,
             _ operation: @escaping @Sendable (_ client: Int) throws -> Bool) throws -> Measurement {
    let latencies = Mutex<[UInt64]>([])
    let failures = Mutex<[String]>([])
    let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
    let perClient = max(1, minOps / clients)
    let start = DispatchTime.now().uptimeNanoseconds
    let group = DispatchGroup()
    /// Calls the operation until the client is done. A function of its own, so that the thread
    /// holds the operation (and the system it captures) no longer than the calls: a thread ends
    /// after `group.leave()`, and the next mode may open the same file with other options.
    @Sendable func calls(_ client: Int, _ operation: OperationBox) -> [UInt64] {
        var mine: [UInt64] = []
        mine.reserveCapacity(perClient * 2)
        var i = 0
        while (i < perClient || DispatchTime.now().uptimeNanoseconds < deadline) && i < maxOps / clients {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let more: Bool
            do { more = try operation.call!(client) } catch {
                failures.withLock { $0.append("\(error)") }
                break
            }
            mine.append(DispatchTime.now().uptimeNanoseconds - t0)
            i += 1
            if !more { break }
        }
        return mine
    }
    for client in 0..<clients {
        group.enter()
        let box = OperationBox(operation)
        Thread.detachNewThread {
            let mine = calls(client, box)
            box.call = nil
            latencies.withLock { $0 += mine }
            group.leave()
        }
    }
    group.wait()
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    if let failure = failures.withLock({ $0.first }) { throw BenchError.failed(failure) }
    let sorted = latencies.withLock { $0 }.sorted()
    func percentile(_ p: Double) -> Double { sorted.isEmpty ? 0 : Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1000 }
    return Measurement(ops: sorted.count, opsPerSec: Double(sorted.count) / elapsed, p50: percentile(0.5), p99: percentile(0.99))
}

/// One client thread's hold on the operation, dropped when its calls end.
final class OperationBox: @unchecked Sendable {
    var call: (@Sendable (_ client: Int) throws -> Bool)?
    init(_ call: @escaping @Sendable (_ client: Int) throws -> Bool) { self.call = call }
}

enum BenchError: Error, CustomStringConvertible {
    case failed(String)
    var description: String { switch self { case .failed(let message): "benchmark operation failed: \(message)" } }
}

/// The machine the figures come from.
struct Machine: Codable {
    var cores: Int
    var cpu: String
    var date: String

    static var current: Machine {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
        return Machine(cores: ProcessInfo.processInfo.activeProcessorCount, cpu: model,
                       date: ISO8601DateFormatter().string(from: Date()))
    }
}
