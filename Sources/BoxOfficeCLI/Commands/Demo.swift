import ArgumentParser
import BoxOffice
import BoxOfficeStore
import Foundation
import Synchronization

/// `boxoffice demo PATH`: a day at a box office on a new data file.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a sample data file at PATH: a day at a box office, kiosks selling at once (writes PATH).",
        discussion: """
            One organization with staff and customers, four published events with tiers (one with \
            reserved seats), kiosks \
            selling concurrently until --orders orders are placed (about 3.5 tickets each), abandoned \
            carts that expire, refunds and a cancellation, fans queued for sold-out VIP seats who are \
            offered the seats that free up, door scans (some twice, one forged code), \
            and a few carts whose time ran out but that no sale has swept yet (see expire-holds). \
            The day is simulated to have ended just now. Prints each event's availability and checks \
            the result with verify. PATH must not hold a data file yet.
            """)

    @OptionGroup var file: FileOptions
    @Option(help: "How many orders the kiosks place.")
    var orders = 1_000
    @Option(help: "How many kiosks sell at once.")
    var kiosks = 8
    @OptionGroup var output: JSONOption

    func validate() throws {
        guard (1...1_000_000).contains(orders) else { throw ValidationError("--orders must be 1 to 1000000") }
        guard (1...64).contains(kiosks) else { throw ValidationError("--kiosks must be 1 to 64") }
    }

    struct EventSummary: Encodable {
        var id: UUID
        var title: String
        var venue: String
        var capacity: Int64?
        var capacityRemaining: Int64?
        var tiers: [Availability.Tier]
    }

    /// Fans queued for Jazz Night's VIP seats, and what became of their offers.
    struct WaitlistSummary: Encodable {
        var queued: Int
        var accepted = 0
        var declined = 0
        var waiting = 0
    }

    struct Summary: Encodable {
        var path: String
        var kiosks: Int
        var orders: Int
        var tickets: Int
        var refused: Int
        var abandoned: Int
        var expired: Int
        var refunded: Int
        var cancelled: Int
        var admitted: Int
        var rejected: Int
        /// Carts whose time is up but which no sale has swept yet: `expire-holds` ends them.
        var expiredUnswept: Int
        var auditEntries: Int
        /// Orders paid through a provider's webhook (checkout, then the payment record); the others paid cash.
        var cardPayments: Int
        /// Tickets sold with a voucher code.
        var voucherTickets: Int
        /// The ledgers' sums over every event.
        var ledger: LedgerTotals
        var waitlist: WaitlistSummary
        var seconds: Double
        var events: [EventSummary]
        var verify: VerificationReport
    }

    func run() throws {
        let fileManager = FileManager.default
        let path = file.path
        if fileManager.fileExists(atPath: path + "/data.mdb") {
            throw CommandFailure("'\(path)' already holds a data file (data.mdb); demo only creates a new one")
        }
        let existed = fileManager.fileExists(atPath: path)
        let summary: Summary
        do {
            summary = try attempt { try DemoScenario(path: path, orders: orders, kiosks: kiosks).run() }
        } catch {
            if !existed { try? fileManager.removeItem(atPath: path) }
            throw error
        }
        if output.json {
            Output.current.line(try json(summary))
        } else {
            print(summary)
        }
        if !summary.verify.isClean { throw ExitCode(ExitStatus.problems) }
    }

    private func print(_ s: Summary) {
        let out = Output.current
        for event in s.events {
            let capacity = event.capacity.map { " (capacity \($0), \(event.capacityRemaining ?? 0) left)" } ?? ""
            out.line("\(event.title) — \(event.venue)\(capacity)  event \(event.id.lowercasedString)")
            var table = TextTable(header: ["tier", "price", "quantity", "held", "sold", "available"])
            for tier in event.tiers {
                table.add([tier.name, money(tier.priceMinor, tier.currency), "\(tier.quantity)", "\(tier.held)", "\(tier.sold)",
                           "\(tier.available)"])
            }
            out.line(table.render().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
            out.line()
        }
        out.line("""
            \(s.orders) orders, \(s.tickets) tickets sold by \(s.kiosks) kiosks in \(String(format: "%.2f", s.seconds)) s \
            (\(s.refused) carts refused as sold out while stock was held or gone)
            \(s.abandoned) carts abandoned, \(s.expired) holds expired; \(s.refunded) orders refunded, \(s.cancelled) cancelled
            money: \(s.cardPayments) orders paid by card through webhooks, the rest cash; \(s.voucherTickets) tickets with a voucher; \
            ledger: \(money(s.ledger.paidMinor, "EUR")) paid, \(money(s.ledger.refundedMinor, "EUR")) refunded, net \(money(s.ledger.netMinor, "EUR"))
            waitlist: \(s.waitlist.queued) fans queued for VIP seats; \(s.waitlist.accepted) offers accepted, \(s.waitlist.declined) declined, \(s.waitlist.waiting) still waiting
            doors: \(s.admitted) admitted, \(s.rejected) rejected; audit log: \(s.auditEntries) entries
            \(s.expiredUnswept) carts expired but not swept yet (counted as available already): `\(CLI.invokedAs) expire-holds \(shellQuoted(s.path))` ends them
            \(Verify.summary(s.verify))
            """)
        for problem in s.verify.storage.prefix(10) { out.line("  \(problem)") }
        for problem in s.verify.invariants.prefix(10) { out.line("  \(problem)") }
    }
}

/// Simulated time: the day starts two hours ago and moves when the scenario says so, so carts
/// expire on cue and the last ones have expired by the time the demo ends.
private final class DemoClock: Sendable {
    let millis: Atomic<Int64>
    init(start: Int64) { millis = Atomic(start) }
    var clock: WallClock { WallClock { [self] in millis.load(ordering: .relaxed) } }
    func advance(minutes: Int64) { millis.add(minutes * 60_000, ordering: .relaxed) }
    /// Moves to the real time, so that what the demo shows is what `inventory` shows after it.
    func catchUp() { millis.store(max(millis.load(ordering: .relaxed), WallClock.system.now()), ordering: .relaxed) }
}

/// What the kiosks share while they sell.
private final class Sales: Sendable {
    let claimed = Atomic(0)
    let placed = Atomic(0)
    let attempts = Atomic(0)
    let sold = Atomic(0)
    let refused = Atomic(0)
    let abandoned = Atomic(0)
    let cardPayments = Atomic(0)
    let voucherTickets = Atomic(0)
    let orders = Mutex<[Order]>([])
    let failures = Mutex<[String]>([])
}

private struct DemoScenario {
    let path: String
    let orders: Int
    let kiosks: Int

    func run() throws -> Demo.Summary {
        let minute: Int64 = 60_000
        let day: Int64 = 1_440 * minute
        let realNow = WallClock.system.now()
        let time = DemoClock(start: realNow - 120 * minute)
        let engine = try Engine(path: path, clock: time.clock)

        let org = try engine.createOrganization(OrganizationDetails(
            name: "Acme Live", slug: "acme-live", email: "boxoffice@acme-live.example", currency: "EUR",
            timeZone: "Europe/Paris", serviceFeeBasisPoints: 250, fixedFeeMinor: 99, transfersAllowed: true))
        let manager = try engine.createUser(organizationId: org.id, UserDetails(name: "Mia Manager", email: "mia@acme-live.example", role: .manager))
        let doors = try (1...2).map { i in
            try engine.createUser(organizationId: org.id, UserDetails(name: "Door \(i)", email: "door\(i)@acme-live.example", role: .operator),
                                  pin: "20\(i)4")
        }
        let customers = try (0..<200).map { i in
            try engine.createCustomer(organizationId: org.id, CustomerDetails(email: "fan\(i)@example.org", firstName: "Fan", lastName: "No. \(i)",
                                                                             marketingConsent: i % 3 == 0))
        }

        // Stock scales with the orders asked for; the VIP seats and the gallery sell out early.
        func share(_ fraction: Double) -> Int64 { max(10, Int64((Double(orders) * fraction).rounded())) }
        let plans: [(String, String, Int64?, [(String, Int64, Int64)])] = [
            ("Jazz Night", "Le Caveau", nil, [("Standing", 2_500, share(1.0)), ("Seated", 4_900, share(0.6)), ("VIP", 12_000, share(0.05))]),
            ("Indie Fest", "Parc Floral", share(1.7), [("Day pass", 3_900, share(1.1)), ("Weekend", 8_900, share(0.8))]),
            ("Chamber Choir", "Sainte-Chapelle", nil, [("Nave", 1_800, share(1.3)), ("Gallery", 2_600, share(0.15))]),
            // Reserved seats: each tier sells a category of the theatre's plan (its quantity becomes its seats).
            ("Hamlet", "Théâtre du Globe", nil, [("Stalls", 3_200, 1), ("Circle", 2_400, 1)]),
        ]
        let theatre = try engine.createSeatingPlan(organizationId: org.id, Self.theatre)
        // French VAT on concert tickets, 5.5 %, included in the prices.
        let vat = try engine.createTaxRule(organizationId: org.id, TaxRuleDetails(name: "TVA 5,5 %", rateBasisPoints: 550))
        var events: [(Event, [TicketType])] = []
        for (offset, (title, venue, capacity, tiers)) in plans.enumerated() {
            let start = realNow + Int64(offset + 3) * day
            let event = try engine.createEvent(organizationId: org.id, EventDetails(
                title: title, category: "music", startsAt: start, endsAt: start + 240 * minute, timeZone: "Europe/Paris",
                venueName: venue, city: "Paris", country: "FR", capacity: capacity))
            let types = try tiers.enumerated().map { i, tier in
                try engine.createTicketType(eventId: event.id, TicketTypeDetails(
                    name: tier.0, priceMinor: tier.1, currency: "EUR", quantity: tier.2, maxPerOrder: 6, sortOrder: Int64(i),
                    taxRuleId: vat.id))
            }
            // Every event has an early-bird code: 20 % off, for the first tenth of its orders.
            _ = try engine.createVoucher(eventId: event.id, VoucherDetails(code: "EARLYBIRD", priceMode: .percentOff, value: 2_000,
                                                                           maxUsages: max(4, Int64(orders / 10))))
            if title == "Hamlet" {
                _ = try engine.assignSeating(eventId: event.id, planId: theatre.id, categories: [
                    .init(category: "stalls", ticketTypeId: types[0].id), .init(category: "circle", ticketTypeId: types[1].id),
                ])
                try engine.setSeats(eventId: event.id, labels: ["Stalls/A/1", "Stalls/A/2"], to: .house)  // for the cast's guests
            }
            events.append((try engine.publishEvent(event.id), try engine.ticketTypes(eventId: event.id)))
        }

        // The kiosks sell at once, each on its own thread; one cart in six is abandoned.
        let sales = Sales()
        let catalog = events
        let target = orders
        let maxAttempts = 4 * orders + 200
        let started = Date()
        let done = DispatchGroup()
        for kiosk in 0..<kiosks {
            done.enter()
            Thread {
                defer { done.leave() }
                Self.sell(kiosk: kiosk, engine: engine, catalog: catalog, customers: customers, sales: sales, target: target,
                          maxAttempts: maxAttempts)
            }.start()
        }
        let selling = Progress("selling", total: orders)
        var shown = 0
        while done.wait(timeout: .now() + 0.1) == .timedOut {
            let placed = sales.placed.load(ordering: .relaxed)
            selling.advance(placed - shown)
            shown = placed
        }
        selling.advance(sales.placed.load(ordering: .relaxed) - shown)
        selling.finish()
        let seconds = Date().timeIntervalSince(started)
        if let failure = sales.failures.withLock({ $0.first }) { throw CommandFailure(failure) }

        // Fans too late for the VIP seats queue for them: expired carts and refunds offer them seats.
        let (jazz, jazzTiers) = events[0]
        let queued = try customers.suffix(8).enumerated().map { i, fan in
            try engine.joinWaitlist(eventId: jazz.id, ticketTypeId: jazzTiers[2].id, quantity: Int64(1 + i % 2), customerId: fan.id).entry.id
        }

        // Twenty minutes later the abandoned carts have expired.
        time.advance(minutes: 20)
        let expired = try engine.expireHolds()

        // A few refunds and one cancellation, by the manager.
        let placed = sales.orders.withLock { $0 }
        var refunded = 0
        for (i, order) in placed.enumerated() where i % 25 == 0 {
            if i % 50 == 0 {
                _ = try engine.refundOrder(order.id, actor: .user(manager.id))
            } else if let first = try engine.tickets(orderId: order.id).first {
                _ = try engine.refundTickets(orderId: order.id, ticketIds: [first.id], actor: .user(manager.id))
            }
            refunded += 1
        }
        // A goodwill gesture: one order's fees refunded, its tickets kept.
        if let kept = placed.indices.first(where: { $0 % 25 != 0 && placed[$0].feesMinor > 0 }).map({ placed[$0] }) {
            _ = try engine.refundAmount(orderId: kept.id, amountMinor: kept.feesMinor, reason: "fees waived", actor: .user(manager.id))
            refunded += 1
        }
        var cancelled = 0
        if let last = placed.indices.last(where: { $0 % 25 != 0 }).map({ placed[$0] }) {  // one that was not refunded
            _ = try engine.cancelOrder(last.id, reason: "customer called", actor: .user(manager.id))
            cancelled = 1
        }
        // The fans offered VIP seats pay cash at the box office; every third declines, which
        // passes the seats on down the queue.
        var waitlist = Demo.WaitlistSummary(queued: queued.count)
        for (i, id) in queued.enumerated() {
            guard let offer = try engine.waitlistEntry(id)?.offer else { continue }
            if i % 3 == 2 {
                _ = try engine.declineWaitlistOffer(id)
                waitlist.declined += 1
            } else {
                _ = try engine.confirmHold(offer.id, paymentReference: "cash")
                waitlist.accepted += 1
            }
        }
        waitlist.waiting = try engine.waitlist(eventId: jazz.id).filter { $0.entry.status == .waiting }.count

        // Doors open: scan the tickets of a third of the orders, some twice, plus a forged code.
        time.advance(minutes: 30)
        var admitted = 0
        var rejected = 0
        let scanned = placed.enumerated().filter { $0.offset % 3 == 0 }
        let scanning = Progress("scanning", total: scanned.count)
        for (i, order) in scanned {
            for ticket in try engine.tickets(orderId: order.id) {
                let door = doors[i % 2]
                let outcome = try engine.checkIn(code: ticket.code, gate: "gate-\(i % 2 + 1)", actor: .user(door.id))
                if outcome.accepted { admitted += 1 } else { rejected += 1 }
                if i % 9 == 0 { rejected += try engine.checkIn(code: ticket.code, gate: "gate-1", actor: .user(door.id)).accepted ? 0 : 1 }
            }
            scanning.advance()
        }
        scanning.finish()
        if try !engine.checkIn(code: "FAKE-FAKE-FAKE", gate: "gate-1", actor: .user(doors[0].id)).accepted { rejected += 1 }

        // Three last carts, left at a kiosk 15 minutes before the day ends: their time is up now,
        // but no sale has swept them.
        var unswept = 0
        time.advance(minutes: 40)
        for (event, tiers) in events {
            guard let tier = tiers.first else { continue }
            do {
                _ = try engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tier.id, quantity: 2)], customerId: customers.first?.id,
                                          ttlMillis: 10 * minute)
                unswept += 1
            } catch BoxOfficeError.soldOut {
                continue
            }
        }

        time.catchUp()  // the last carts have expired by now: the tables count them as `inventory` will
        var summaries: [Demo.EventSummary] = []
        for (event, _) in events {
            let availability = try engine.availability(eventId: event.id)
            summaries.append(Demo.EventSummary(id: event.id, title: event.details.title, venue: event.details.venueName,
                                               capacity: availability.capacity, capacityRemaining: availability.capacityRemaining,
                                               tiers: availability.tiers))
        }
        let audit = try engine.stats().tables.first { $0.name == "audit" }?.entries ?? 0
        var ledger = LedgerTotals()
        for (event, _) in events {
            let totals = try engine.ledgerTotals(eventId: event.id)
            ledger.paidMinor += totals.paidMinor
            ledger.refundedMinor += totals.refundedMinor
            ledger.chargedBackMinor += totals.chargedBackMinor
            ledger.providerFeesMinor += totals.providerFeesMinor
        }
        return Demo.Summary(
            path: path, kiosks: kiosks, orders: placed.count, tickets: sales.sold.load(ordering: .relaxed),
            refused: sales.refused.load(ordering: .relaxed), abandoned: sales.abandoned.load(ordering: .relaxed), expired: expired,
            refunded: refunded, cancelled: cancelled, admitted: admitted, rejected: rejected, expiredUnswept: unswept, auditEntries: audit,
            cardPayments: sales.cardPayments.load(ordering: .relaxed), voucherTickets: sales.voucherTickets.load(ordering: .relaxed),
            ledger: ledger, waitlist: waitlist,
            seconds: (seconds * 100).rounded() / 100, events: summaries, verify: try engine.verify())
    }

    /// A small theatre: stalls of 8 curved rows of 14 seats, and a circle of 4 rows of 12 behind them,
    /// facing the stage at (0, 0); the first row's end seats are accessible.
    static let theatre: SeatingPlanDefinition = {
        func rows(_ count: Int, seats: Int, from y: Double) -> [SeatingPlanDefinition.Row] {
            (0..<count).map { r in
                SeatingPlanDefinition.Row(name: String(UnicodeScalar(UInt8(65 + r))), seats: (0..<seats).map { i in
                    let x = Double(i) - Double(seats - 1) / 2
                    return SeatingPlanDefinition.Seat(number: "\(i + 1)", x: x, y: y + Double(r) + x * x / 40,
                                                      accessible: r == 0 && (i == 0 || i == seats - 1))
                })
            }
        }
        var stalls = rows(8, seats: 14, from: 3), circle = rows(4, seats: 12, from: 13)
        for i in stalls.indices { stalls[i].category = "stalls" }
        for i in circle.indices { circle[i].category = "circle" }
        return SeatingPlanDefinition(name: "Théâtre du Globe", focalPoint: .init(x: 0, y: 0),
                                     sections: [.init(name: "Stalls", rows: stalls), .init(name: "Circle", rows: circle)])
    }()

    /// One kiosk: claims an order slot, holds tickets, and pays (or walks away), until the
    /// orders are placed or the attempts run out (everything sold out).
    private static func sell(kiosk: Int, engine: Engine, catalog: [(Event, [TicketType])], customers: [Customer], sales: Sales,
                             target: Int, maxAttempts: Int) {
        var rng = SystemRandomNumberGenerator()
        while sales.placed.load(ordering: .relaxed) < target && sales.attempts.load(ordering: .relaxed) < maxAttempts {
            // Claim one of the orders still to place; wait while the others pay for the last ones.
            if sales.claimed.add(1, ordering: .relaxed).newValue > target {
                sales.claimed.subtract(1, ordering: .relaxed)
                usleep(1_000)
                continue
            }
            var paid = false
            defer { if !paid { sales.claimed.subtract(1, ordering: .relaxed) } }
            let attempt = sales.attempts.add(1, ordering: .relaxed).newValue
            guard let (event, tiers) = catalog.randomElement(using: &rng), let customer = customers.randomElement(using: &rng) else { return }
            let picks = tiers.shuffled(using: &rng).prefix(Int.random(in: 1...2, using: &rng))
            let items = picks.map { Hold.Item(ticketTypeId: $0.id, quantity: Int64.random(in: 1...4, using: &rng)) }
            do {
                // One cart in ten tries the early-bird code; once it is used up, the cart pays full price.
                var hold: Hold
                do {
                    hold = try engine.createHold(eventId: event.id, items: items, customerId: customer.id, ttlMillis: 15 * 60_000,
                                                 voucherCode: attempt % 10 == 0 ? "earlybird" : nil, idempotencyKey: "kiosk\(kiosk)-cart\(attempt)")
                } catch BoxOfficeError.voucherRejected {
                    hold = try engine.createHold(eventId: event.id, items: items, customerId: customer.id, ttlMillis: 15 * 60_000,
                                                 idempotencyKey: "kiosk\(kiosk)-cart\(attempt)-full")
                }
                if attempt % 6 == 0 {
                    sales.abandoned.add(1, ordering: .relaxed)
                    continue
                }
                let order: Order
                if attempt % 2 == 0 {
                    // By card: checkout, then the provider's webhook says it succeeded.
                    let pending = try engine.checkout(hold.id)
                    order = try engine.recordPayment(PaymentEvent(
                        organizationId: pending.organizationId, orderId: pending.id, provider: "demo-pay", providerReference: "pi_\(kiosk)_\(attempt)",
                        providerEventId: "evt_\(kiosk)_\(attempt)", status: .succeeded, amountMinor: pending.totalMinor, currency: pending.currency)).order
                    sales.cardPayments.add(1, ordering: .relaxed)
                } else {
                    order = try engine.confirmHold(hold.id, paymentReference: "cash-\(kiosk)-\(attempt)", idempotencyKey: "kiosk\(kiosk)-pay\(attempt)")
                }
                if hold.voucherId != nil { sales.voucherTickets.add(Int(hold.voucherUses), ordering: .relaxed) }
                paid = true
                sales.orders.withLock { $0.append(order) }
                sales.sold.add(Int(hold.ticketCount), ordering: .relaxed)
                sales.placed.add(1, ordering: .relaxed)
            } catch BoxOfficeError.soldOut {
                sales.refused.add(1, ordering: .relaxed)
            } catch {
                sales.failures.withLock { $0.append("kiosk \(kiosk): \(CommandFailure(error).message)") }
                return
            }
        }
    }
}
