// A day at a box office, on an embedded data file: one organization, three events with tiers,
// kiosks selling at once, abandoned carts that expire, refunds, and door scans. Prints each
// event's availability. Usage: BoxOfficeDemo [PATH]
import BoxOffice
import BoxOfficeStore
import Foundation
import Synchronization

let path = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "demo.boxoffice"

/// Simulated time: starts now and moves when the demo says so, so carts expire on cue.
final class DemoClock: Sendable {
    let millis = Atomic<Int64>(WallClock.system.now())
    var clock: WallClock { WallClock { [self] in millis.load(ordering: .relaxed) } }
    func advance(minutes: Int64) { millis.add(minutes * 60_000, ordering: .relaxed) }
}

func run() throws {
    let time = DemoClock()
    let engine = try Engine(path: path, clock: time.clock)
    let now = time.clock.now()
    let day: Int64 = 86_400_000

    let org = try engine.organization(slug: "acme-live") ?? engine.createOrganization(OrganizationDetails(
        name: "Acme Live", slug: "acme-live", email: "boxoffice@acme-live.example", currency: "EUR",
        timeZone: "Europe/Paris", serviceFeeBasisPoints: 250, fixedFeeMinor: 99, transfersAllowed: true))
    let manager = try engine.createUser(organizationId: org.id, UserDetails(name: "Mia Manager", email: "mia.\(now)@acme-live.example", role: .manager))
    let doors = try (1...2).map { i in
        try engine.createUser(organizationId: org.id, UserDetails(name: "Door \(i)", email: "door\(i).\(now)@acme-live.example", role: .operator),
                              pin: "20\(i)4")
    }
    let customers = try (0..<200).map { i in
        try engine.createCustomer(organizationId: org.id, CustomerDetails(email: "fan\(i).\(now)@example.org", firstName: "Fan", lastName: "No. \(i)",
                                                                         marketingConsent: i % 3 == 0))
    }

    let plans: [(String, String, Int64?, [(String, Int64, Int64)])] = [
        ("Jazz Night", "Le Caveau", nil, [("Standing", 2_500, 300), ("Seated", 4_900, 120), ("VIP", 12_000, 20)]),
        ("Indie Fest", "Parc Floral", 1_000, [("Day pass", 3_900, 800), ("Weekend", 8_900, 500)]),
        ("Chamber Choir", "Sainte-Chapelle", nil, [("Nave", 1_800, 150), ("Gallery", 2_600, 60)]),
    ]
    var events: [(Event, [TicketType])] = []
    for (offset, (title, venue, capacity, tiers)) in plans.enumerated() {
        let start = now + Int64(offset + 3) * day
        let event = try engine.createEvent(organizationId: org.id, EventDetails(
            title: title, category: "music", startsAt: start, endsAt: start + 4 * 3_600_000, timeZone: "Europe/Paris",
            venueName: venue, city: "Paris", country: "FR", capacity: capacity))
        let types = try tiers.enumerated().map { i, tier in
            try engine.createTicketType(eventId: event.id, TicketTypeDetails(
                name: tier.0, priceMinor: tier.1, currency: "EUR", quantity: tier.2, maxPerOrder: 6, sortOrder: Int64(i)))
        }
        events.append((try engine.publishEvent(event.id), types))
    }

    // Eight kiosks sell at once; one cart in six is abandoned and left to expire.
    let catalog = events
    let sold = Atomic(0)
    let refusals = Atomic(0)
    let abandoned = Atomic(0)
    let orders = Mutex<[Order]>([])
    let started = Date()
    DispatchQueue.concurrentPerform(iterations: 8) { kiosk in
        var rng = SystemRandomNumberGenerator()
        for attempt in 0..<220 {
            let (event, tiers) = catalog.randomElement(using: &rng)!
            let picks = tiers.shuffled(using: &rng).prefix(Int.random(in: 1...2, using: &rng))
            let items = picks.map { Hold.Item(ticketTypeId: $0.id, quantity: Int64.random(in: 1...4, using: &rng)) }
            do {
                let hold = try engine.createHold(eventId: event.id, items: items, customerId: customers.randomElement(using: &rng)!.id,
                                                 ttlMillis: 15 * 60_000, idempotencyKey: "kiosk\(kiosk)-\(attempt)-\(now)")
                if attempt % 6 == 5 {
                    abandoned.add(1, ordering: .relaxed)
                    continue
                }
                let order = try engine.confirmHold(hold.id, paymentReference: "card-\(kiosk)-\(attempt)",
                                                   idempotencyKey: "pay-\(kiosk)-\(attempt)-\(now)")
                sold.add(Int(hold.ticketCount), ordering: .relaxed)
                orders.withLock { $0.append(order) }
            } catch BoxOfficeError.soldOut {
                refusals.add(1, ordering: .relaxed)
            } catch {
                FileHandle.standardError.write(Data("kiosk \(kiosk): \(error)\n".utf8))
            }
        }
    }
    let seconds = Date().timeIntervalSince(started)

    // Twenty minutes later the abandoned carts have expired.
    time.advance(minutes: 20)
    let expired = try engine.expireHolds()

    // A few refunds and one cancellation, by the manager.
    let placed = orders.withLock { $0 }
    var refunded = 0
    for (i, order) in placed.enumerated() where i % 25 == 0 {
        if i % 50 == 0 {
            _ = try engine.refundOrder(order.id, actor: .user(manager.id))
        } else if let first = try engine.tickets(orderId: order.id).first {
            _ = try engine.refundTickets(orderId: order.id, ticketIds: [first.id], actor: .user(manager.id))
        }
        refunded += 1
    }
    if let last = placed.indices.last(where: { $0 % 25 != 0 }).map({ placed[$0] }) {  // one that was not refunded
        _ = try engine.cancelOrder(last.id, reason: "customer called", actor: .user(manager.id))
    }

    // Doors open: scan a third of the tickets, some twice, plus a forged code.
    var accepted = 0
    var rejected = 0
    for (i, order) in placed.enumerated() where i % 3 == 0 {
        for ticket in try engine.tickets(orderId: order.id) {
            let door = doors[i % 2]
            let outcome = try engine.checkIn(code: ticket.code, gate: "gate-\(i % 2 + 1)", actor: .user(door.id))
            if outcome.accepted { accepted += 1 } else { rejected += 1 }
            if i % 9 == 0 { rejected += try engine.checkIn(code: ticket.code, gate: "gate-1", actor: .user(door.id)).accepted ? 0 : 1 }
        }
    }
    if try !engine.checkIn(code: "FAKE-FAKE-FAKE", gate: "gate-1", actor: .user(doors[0].id)).accepted { rejected += 1 }

    func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
    func right(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
    for (event, _) in events {
        let a = try engine.availability(eventId: event.id)
        let capacity = a.capacity.map { " (capacity \($0), \(a.capacityRemaining ?? 0) left)" } ?? ""
        print("\n\(event.details.title) — \(event.details.venueName)\(capacity)")
        print("  \(pad("tier", 10))\(right("price", 9))\(right("quantity", 10))\(right("held", 6))\(right("sold", 6))\(right("available", 11))")
        for tier in a.tiers {
            print("  \(pad(tier.name, 10))\(right(String(format: "%.2f", Double(tier.priceMinor) / 100), 9))\(right("\(tier.quantity)", 10))"
                  + "\(right("\(tier.held)", 6))\(right("\(tier.sold)", 6))\(right("\(tier.available)", 11))")
        }
    }
    let report = try engine.verify()
    let audit = try engine.auditFeed(after: 0, limit: 10_000).count
    print("""

        \(placed.count) orders, \(sold.load(ordering: .relaxed)) tickets sold by 8 kiosks in \(String(format: "%.2f", seconds)) s \
        (\(refusals.load(ordering: .relaxed)) carts refused as sold out while stock was held or gone)
        \(abandoned.load(ordering: .relaxed)) carts abandoned, \(expired) holds expired; \(refunded) orders refunded, 1 cancelled
        doors: \(accepted) admitted, \(rejected) rejected; audit log: \(audit) entries
        verify: \(report.isClean ? "clean" : "\(report.storage.count + report.invariants.count) problems")
        """)
    for problem in report.invariants.prefix(10) { print("  \(problem)") }
    for problem in report.storage.prefix(10) { print("  \(problem)") }
    if !report.isClean { exit(1) }
}

do { try run() } catch {
    FileHandle.standardError.write(Data("demo: \(error)\n".utf8))
    exit(2)
}
