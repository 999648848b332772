import BoxOffice
import BoxOfficeStore
import Foundation
import Synchronization

/// BoxOffice called from Swift.
final class SwiftSystem: BenchSystem {
    static let name = "swift"
    static let modes: [Mode] = [.durable, .durableSales, .async]
    let engine: Engine
    let prepared: PreparedFile

    init(_ prepared: PreparedFile, mode: Mode) throws {
        self.prepared = prepared
        engine = try Engine(path: prepared.path, options: Self.options(mode))
    }

    static func options(_ mode: Mode) -> EngineOptions {
        let durability: Durability = switch mode {
        case .durable: .durable
        case .durableSales: .durableSales
        case .async: .async
        }
        return EngineOptions(store: StoreOptions(initialMapSize: 256 << 20, durability: durability))
    }

    /// Sells `size` tickets from `threads` threads, without fsync, so that group commit batches
    /// them. Profiles prepare from one thread: the file's B-trees then come out the same in every
    /// run, and so do the instruction counts measured on it.
    static func prepare(size: Int, directory: String) throws -> PreparedFile {
        try prepare(size: size, directory: directory, threads: 8)
    }

    static func prepare(size: Int, directory: String, threads: Int) throws -> PreparedFile {
        let path = directory + "/swift-\(size).boxoffice"
        try? FileManager.default.removeItem(atPath: path)
        let setup = try Engine(path: path, options: options(.async))
        let org = try setup.createOrganization(OrganizationDetails(name: "Bench", slug: "bench", email: "b@bench.test", currency: "EUR",
                                                                   serviceFeeBasisPoints: 250, fixedFeeMinor: 50))
        let start = setup.now() + 30 * 86_400_000
        let event = try setup.createEvent(organizationId: org.id, EventDetails(title: "Benchmark", startsAt: start, endsAt: start + 3_600_000))
        let tierIds = try (0..<10).map { i in
            try setup.createTicketType(eventId: event.id, TicketTypeDetails(
                name: "Tier \(i)", priceMinor: 1_000 + Int64(i) * 500, currency: "EUR", quantity: 1_000_000_000, maxPerOrder: 1_000_000)).id
        }
        _ = try setup.publishEvent(event.id)
        let orders = max(1, size / 4)
        let sold = Mutex<[String]>([])
        let failure = Mutex<String?>(nil)
        DispatchQueue.concurrentPerform(iterations: threads) { client in
            var mine: [String] = []
            do {
                for i in stride(from: client, to: orders, by: threads) {
                    let hold = try setup.createHold(eventId: event.id, items: [.init(ticketTypeId: tierIds[i % tierIds.count], quantity: 4)])
                    let order = try setup.confirmHold(hold.id)
                    if mine.count < 25_000 { mine += try setup.tickets(orderId: order.id).map(\.code) }
                }
            } catch {
                failure.withLock { $0 = "\(error)" }
            }
            sold.withLock { $0 += mine }
        }
        if let message = failure.withLock({ $0 }) { throw BenchError.failed("preparing: \(message)") }
        return PreparedFile(path: path, organizationId: org.id, eventId: event.id, tierIds: tierIds, scans: ScanQueue(sold.withLock { $0 }))
    }

    /// Seconds to verify the prepared file (every invariant, table and index: `boxoffice verify`).
    static func verifySeconds(_ prepared: PreparedFile) throws -> Double {
        let engine = try Engine(path: prepared.path, options: options(.async))
        let start = DispatchTime.now().uptimeNanoseconds
        let report = try engine.verify()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        guard report.isClean else { throw BenchError.failed("verify found problems in the prepared file: \(report)") }
        return seconds
    }

    /// Writes committed by group commit so far, and the batches that carried them.
    func groupCommits() throws -> (batches: Int, writes: Int) {
        let stats = try engine.stats()
        return (stats.groupCommitBatches, stats.groupCommitWrites)
    }

    /// The size of a compacted copy of the prepared file.
    /// The size of a compacted copy of the prepared file, and the bytes of each table's B-tree
    /// ("tickets") and of each index's ("tickets.code") in it.
    static func compactedBytes(_ prepared: PreparedFile, directory: String) throws -> (file: Int, tables: [String: Int]) {
        let copy = directory + "/swift-compacted.boxoffice"
        try? FileManager.default.removeItem(atPath: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try Engine(path: prepared.path, options: options(.async)).backup(to: copy)
        let tables = try Engine(path: copy, options: options(.async)).stats().tables
        let file = try FileManager.default.attributesOfItem(atPath: copy + "/data.mdb")[.size] as? Int ?? 0
        return (file, Dictionary(uniqueKeysWithValues: tables.flatMap { table in
            [(table.name, table.bytes)] + table.indexes.map { (table.name + "." + $0.name, $0.bytes) }
        }))
    }

    private var threeTiers: [Hold.Item] { prepared.tierIds.prefix(3).map { .init(ticketTypeId: $0, quantity: 1) } }

    func hold3() throws {
        _ = try engine.createHold(eventId: prepared.eventId, items: threeTiers)
    }

    /// hold3 with a tax rule on the three tiers and a 10 % voucher: what pricing adds to a hold
    /// (`--profile hold3_priced`, against `--profile hold3`).
    func pricedHold3() throws -> () throws -> Void {
        let vat = try engine.createTaxRule(organizationId: prepared.organizationId, TaxRuleDetails(name: "VAT", rateBasisPoints: 1_900))
        for id in prepared.tierIds.prefix(3) {
            var details = try engine.ticketType(id)!.details
            details.taxRuleId = vat.id
            _ = try engine.updateTicketType(id, details)
        }
        _ = try engine.createVoucher(eventId: prepared.eventId, VoucherDetails(code: "BENCH", priceMode: .percentOff, value: 1_000,
                                                                              maxUsages: 1_000_000_000))
        let items = threeTiers
        return { [engine, prepared] in _ = try engine.createHold(eventId: prepared.eventId, items: items, voucherCode: "bench") }
    }

    /// Writes `count` outbox messages (orders confirmed for a customer), then times a delivery
    /// worker's loop: claim 1,000 with a lease, acknowledge them, until none is left. Returns
    /// messages per second of that loop.
    func outboxLoop(count: Int) throws -> Double {
        let customer = try engine.createCustomer(organizationId: prepared.organizationId, CustomerDetails(email: "bench@example.org"))
        let item = [Hold.Item(ticketTypeId: prepared.tierIds[0], quantity: 1)]
        for _ in 0..<count {
            _ = try engine.confirmHold(try engine.createHold(eventId: prepared.eventId, items: item, customerId: customer.id).id)
        }
        let started = Date()
        var delivered = 0
        while case let batch = try engine.claimOutbox(limit: 1_000, leaseMillis: 60_000), !batch.isEmpty {
            delivered += try engine.acknowledgeOutbox(batch.map(\.id))
        }
        guard delivered == count else { throw BenchError.failed("delivered \(delivered) of \(count) messages") }
        return Double(count) / Date().timeIntervalSince(started)
    }

    /// hold3, then its release: what giving stock back costs (`--profile release`; callgrind
    /// toggles on releaseHold).
    func holdRelease() throws {
        _ = try engine.releaseHold(try engine.createHold(eventId: prepared.eventId, items: threeTiers).id)
    }

    /// hold3 for 1 ms, then the sweep that expires it, on a clock moved by hand (`--profile
    /// expire`; callgrind toggles on expireHolds).
    func holdExpire() throws -> () throws -> Void {
        var now = engine.now()
        let items = threeTiers
        return { [engine, prepared] in
            try engine.setClock(fixedAt: now)
            _ = try engine.createHold(eventId: prepared.eventId, items: items, ttlMillis: 1)
            now += 1
            try engine.setClock(fixedAt: now)
            guard try engine.expireHolds() == 1 else { throw BenchError.failed("the sweep did not expire the hold") }
        }
    }

    func holdConfirm() throws {
        _ = try engine.confirmHold(try engine.createHold(eventId: prepared.eventId, items: threeTiers).id)
    }

    func availability() throws {
        _ = try engine.availability(eventId: prepared.eventId)
    }

    func checkIn() throws {
        let outcome = try engine.checkIn(code: try prepared.scans.take(), gate: "bench", actor: .system)
        guard outcome.accepted else { throw BenchError.failed("scan rejected: \(String(describing: outcome.reason))") }
    }

    func newFlashSale() throws -> FlashSale {
        let start = engine.now() + 86_400_000
        let event = try engine.createEvent(organizationId: prepared.organizationId, EventDetails(title: "Flash", startsAt: start, endsAt: start + 3_600_000))
        let tier = try engine.createTicketType(eventId: event.id, TicketTypeDetails(name: "GA", priceMinor: 5_000, currency: "EUR", quantity: 1_000))
        _ = try engine.publishEvent(event.id)
        return FlashSale(eventId: event.id, tierId: tier.id)
    }

    func buy(_ sale: FlashSale) throws -> Bool {
        do {
            let hold = try engine.createHold(eventId: sale.eventId, items: [.init(ticketTypeId: sale.tierId, quantity: Int64.random(in: 1...4))])
            _ = try engine.confirmHold(hold.id)
            return true
        } catch BoxOfficeError.soldOut(_, _, let remaining) {
            return remaining > 0
        }
    }

    func sold(_ sale: FlashSale) throws -> Int64 {
        try engine.availability(eventId: sale.eventId).tiers[0].sold
    }
}
