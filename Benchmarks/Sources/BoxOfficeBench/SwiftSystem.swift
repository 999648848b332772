import BoxOffice
import BoxOfficeStore
import Foundation
import Synchronization

/// BoxOffice called from Swift, on a data file prepared with `size` tickets sold.
final class SwiftSystem: @unchecked Sendable {
    let engine: Engine
    let path: String
    let event: Event
    /// 10 tiers with stock far beyond any run: holds never run out.
    let tiers: [TicketType]
    /// Valid tickets to scan, one per check-in.
    private let codes: [String]
    private let nextCode = Atomic(0)

    init(size: Int, durability: Durability, directory: String) throws {
        path = directory + "/swift-\(durability.rawValue)-\(size).boxoffice"
        try? FileManager.default.removeItem(atPath: path)
        (event, tiers, codes) = try Self.prepare(path: path, size: size)
        engine = try Engine(path: path, options: EngineOptions(store: StoreOptions(initialMapSize: 256 << 20, durability: durability)))
    }

    /// Sells `size` tickets into a new file, without fsync (the mode under test applies to the
    /// measured run, on an engine opened after this one is closed).
    private static func prepare(path: String, size: Int) throws -> (Event, [TicketType], [String]) {
        let setup = try Engine(path: path, options: EngineOptions(store: StoreOptions(initialMapSize: 256 << 20, durability: .async)))
        let org = try setup.createOrganization(OrganizationDetails(name: "Bench", slug: "bench", email: "b@bench.test", currency: "EUR",
                                                                   serviceFeeBasisPoints: 250, fixedFeeMinor: 50))
        let start = setup.now() + 30 * 86_400_000
        var created = try setup.createEvent(organizationId: org.id, EventDetails(title: "Benchmark", startsAt: start, endsAt: start + 3_600_000))
        var tiers: [TicketType] = []
        for i in 0..<10 {
            tiers.append(try setup.createTicketType(eventId: created.id, TicketTypeDetails(
                name: "Tier \(i)", priceMinor: 1_000 + Int64(i) * 500, currency: "EUR", quantity: 1_000_000_000, maxPerOrder: 1_000_000)))
        }
        created = try setup.publishEvent(created.id)
        // Sell `size` tickets in orders of 4, from several threads so group commit batches them.
        let orders = max(1, size / 4)
        let sold = Mutex<[String]>([])
        let eventId = created.id
        let tierIds = tiers.map(\.id)
        DispatchQueue.concurrentPerform(iterations: 8) { client in
            var mine: [String] = []
            for i in stride(from: client, to: orders, by: 8) {
                let hold = try! setup.createHold(eventId: eventId, items: [.init(ticketTypeId: tierIds[i % tierIds.count], quantity: 4)])
                let order = try! setup.confirmHold(hold.id)
                if mine.count < 200_000 { mine += try! setup.tickets(orderId: order.id).map(\.code) }
            }
            sold.withLock { $0 += mine }
        }
        return (created, tiers, sold.withLock { $0 }.shuffled())
    }

    func hold3() throws {
        _ = try engine.createHold(eventId: event.id, items: tiers.prefix(3).map { .init(ticketTypeId: $0.id, quantity: 1) })
    }

    func holdConfirm() throws {
        let hold = try engine.createHold(eventId: event.id, items: tiers.prefix(3).map { .init(ticketTypeId: $0.id, quantity: 1) })
        _ = try engine.confirmHold(hold.id)
    }

    func availability() throws {
        _ = try engine.availability(eventId: event.id)
    }

    func checkIn() throws {
        let i = nextCode.add(1, ordering: .relaxed).oldValue
        guard i < codes.count else { throw BenchError.failed("out of valid tickets to scan (\(codes.count))") }
        let outcome = try engine.checkIn(code: codes[i], gate: "bench", actor: .system)
        guard outcome.accepted else { throw BenchError.failed("scan rejected: \(String(describing: outcome.reason))") }
    }

    /// `clients` threads buy 1 to 4 tickets until 1,000 are sold; returns the time it took.
    static func flashSale(clients: Int, durability: Durability, directory: String) throws -> (seconds: Double, attempts: Int) {
        let path = directory + "/flash-\(durability.rawValue)-\(clients).boxoffice"
        try? FileManager.default.removeItem(atPath: path)
        let engine = try Engine(path: path, options: EngineOptions(store: StoreOptions(durability: durability)))
        let org = try engine.createOrganization(OrganizationDetails(name: "Flash", slug: "flash", email: "f@bench.test", currency: "EUR"))
        let start = engine.now() + 86_400_000
        let event = try engine.createEvent(organizationId: org.id, EventDetails(title: "Flash", startsAt: start, endsAt: start + 3_600_000))
        let tier = try engine.createTicketType(eventId: event.id, TicketTypeDetails(name: "GA", priceMinor: 5_000, currency: "EUR", quantity: 1_000))
        _ = try engine.publishEvent(event.id)
        let attempts = Atomic(0)
        let failure = Mutex<String?>(nil)
        let t0 = Date()
        DispatchQueue.concurrentPerform(iterations: clients) { _ in
            while failure.withLock({ $0 == nil }) {
                attempts.add(1, ordering: .relaxed)
                do {
                    let hold = try engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tier.id, quantity: Int64.random(in: 1...4))])
                    _ = try engine.confirmHold(hold.id)
                } catch BoxOfficeError.soldOut(_, _, let remaining) {
                    if remaining == 0 { return }
                } catch {
                    failure.withLock { $0 = "\(error)" }
                }
            }
        }
        if let message = failure.withLock({ $0 }) { throw BenchError.failed("flash sale: \(message)") }
        guard try engine.availability(eventId: event.id).tiers[0].sold == 1_000 else { throw BenchError.failed("flash sale oversold or undersold") }
        return (Date().timeIntervalSince(t0), attempts.load(ordering: .relaxed))
    }
}
