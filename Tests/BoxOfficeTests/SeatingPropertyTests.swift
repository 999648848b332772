import BoxOffice
import BoxOfficeStore
import Foundation
import StoreTestSupport
import Testing

/// Random plans and random sales: best-available, named seats, tier items, releases, expiries,
/// confirmations, refunds, seat changes and blocked seats. Each best-available answer of one row
/// is checked against a brute-force search of the seats as they were (adjacent, no orphan when a
/// placement without one existed, least total rank, ties to the earlier row and seat), a refusal
/// against there being no placement at all; after every step verify is clean and each seated
/// tier's availability is its free seats. A failure names its seed and step.
@Suite struct SeatingPropertyTests {
    @Test(arguments: Array(UInt64(1)...UInt64(24)))
    func randomSalesKeepSeatsAndRules(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let t = try TestEngine()
        let org = try t.organization()
        // A random plan: 1-3 sections of 1-5 rows of 1-12 seats, a category per row, some accessible seats.
        let names = ["a", "b", "c"].prefix(Int.random(in: 1...3, using: &random)).map { $0 }
        var sections: [SeatingPlanDefinition.Section] = []
        for s in 0..<Int.random(in: 1...3, using: &random) {
            let rows = (0..<Int.random(in: 1...5, using: &random)).map { r in
                SeatingPlanDefinition.Row(name: "R\(r)", category: names.randomElement(using: &random)!,
                                          seats: (0..<Int.random(in: 1...12, using: &random)).map { i in
                    SeatingPlanDefinition.Seat(number: "\(i + 1)", x: Double(s * 20 + i), y: Double(r + 1), accessible: Int.random(in: 0..<5, using: &random) == 0)
                })
            }
            sections.append(.init(name: "S\(s)", rows: rows))
        }
        let definition = SeatingPlanDefinition(name: "Random \(seed)", focalPoint: .init(x: Double.random(in: 0...40, using: &random), y: 0), sections: sections)
        let usedCategories = Set(sections.flatMap { $0.rows.compactMap(\.category) })
        let categories = names.filter(usedCategories.contains)  // a tier for each category the plan has
        let (draft, tiers) = try t.event(org, tiers: categories.map { .init(name: $0, quantity: 1, max: 20) }, publish: false)
        let plan = try t.engine.createSeatingPlan(organizationId: org.id, definition)
        _ = try t.engine.assignSeating(eventId: draft.id, planId: plan.id,
                                       categories: zip(categories, tiers).map { EventSeating.Category(category: $0, ticketTypeId: $1.id) })
        let event = try t.engine.publishEvent(draft.id)

        var holds: [UUID] = []
        var orders: [UUID] = []
        var placements = 0
        for step in 1...120 {
            let before = try t.engine.eventSeats(eventId: event.id)
            let free = before.seats.filter { $0.state == .free }
            do {
                switch Int.random(in: 0..<10, using: &random) {
                case 0...2:  // best-available in one row, checked against brute force
                    let n = Int64.random(in: 1...4, using: &random)
                    let wanted = Array(usedCategories.shuffled(using: &random).prefix(Int.random(in: 1...usedCategories.count, using: &random)))
                    let accessible = Int.random(in: 0..<6, using: &random) == 0
                    let expected = Self.bruteForce(before, n: Int(n), categories: Set(wanted), accessible: accessible)
                    do {
                        let hold = try t.engine.createHold(eventId: event.id, items: [],
                                                           seats: SeatSelection(quantity: n, categories: wanted, accessible: accessible), ttlMillis: 5 * minute)
                        #expect(hold.seats.sorted() == expected?.sorted(), "seed \(seed) step \(step): chose \(hold.seats), expected \(expected ?? [])")
                        holds.append(hold.id)
                        placements += 1
                    } catch let error as BoxOfficeError {
                        #expect(expected == nil, "seed \(seed) step \(step): refused (\(error)) but \(expected ?? []) fit")
                    }
                case 3:  // split across rows: all seats free, of the categories, in adjacent rows of one section
                    let n = Int64.random(in: 2...5, using: &random)
                    if let hold = try? t.engine.createHold(eventId: event.id, items: [], seats: SeatSelection(quantity: n, maxRows: 3)) {
                        let rows = Set(hold.seats.map { $0.split(separator: "/").dropLast().joined(separator: "/") })
                        #expect(hold.seats.count == n && rows.count <= 3 && Set(hold.seats.map { $0.split(separator: "/")[0] }).count == 1,
                                "seed \(seed) step \(step): \(hold.seats)")
                        holds.append(hold.id)
                    }
                case 4:  // named seats, sometimes taken ones
                    let labels = (0..<Int.random(in: 1...3, using: &random)).compactMap { _ in before.seats.randomElement(using: &random)?.label }
                    let allFree = Set(labels).count == labels.count && labels.allSatisfy { label in free.contains { $0.label == label } }
                    do {
                        holds.append(try t.engine.createHold(eventId: event.id, items: [], seats: SeatSelection(seats: labels)).id)
                        #expect(allFree, "seed \(seed) step \(step): took \(labels), not all free")
                    } catch let error as BoxOfficeError {
                        #expect(!allFree || error.code == .limitExceeded, "seed \(seed) step \(step): refused free seats \(labels): \(error)")
                    }
                case 5:  // a tier item takes the best seats of its tier, anywhere
                    let tier = tiers.randomElement(using: &random)!
                    let n = Int64.random(in: 1...3, using: &random)
                    let tierFree = free.filter { $0.ticketTypeId == tier.id }.count
                    do {
                        holds.append(try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tier.id, quantity: n)]).id)
                        #expect(tierFree >= n, "seed \(seed) step \(step)")
                    } catch let error as BoxOfficeError {
                        #expect(tierFree < n, "seed \(seed) step \(step): \(tierFree) free, refused \(n): \(error)")
                    }
                case 6:  // confirm or release a hold
                    guard let id = holds.popLast() else { continue }
                    if Bool.random(using: &random) {
                        if let order = try? t.engine.confirmHold(id) { orders.append(order.id) }
                    } else {
                        _ = try t.engine.releaseHold(id)
                    }
                case 7:  // refund an order, or move one of its tickets
                    guard let id = orders.randomElement(using: &random) else { continue }
                    if Bool.random(using: &random) {
                        _ = try? t.engine.refundOrder(id, actor: .system)
                    } else if let ticket = try t.engine.tickets(orderId: id).first(where: { $0.status == .valid }),
                              let target = free.first(where: { $0.ticketTypeId == ticket.ticketTypeId }) {
                        #expect(try t.engine.changeSeat(ticketId: ticket.id, to: target.label).seat == target.label)
                    }
                case 8:  // block, keep for the house, or free a seat
                    guard let seat = before.seats.randomElement(using: &random) else { continue }
                    let state: EventSeating.SeatState = [.free, .blocked, .house].randomElement(using: &random)!
                    do { try t.engine.setSeats(eventId: event.id, labels: [seat.label], to: state) } catch let error as BoxOfficeError {
                        #expect(seat.state == .held || seat.state == .sold, "seed \(seed) step \(step): \(error)")
                    }
                default:  // time passes: some holds expire, swept lazily or by the sweep
                    t.clock.advance(Int64.random(in: 1...4, using: &random) * minute)
                    if Bool.random(using: &random) { try t.engine.expireHolds() }
                }
            } catch let error as BoxOfficeError {
                if case .storage = error { Issue.record("seed \(seed) step \(step): \(error)") }
            }
            let report = try t.engine.verify()
            #expect(report.isClean, "seed \(seed) step \(step): \(report.invariants) \(report.storage)")
            let after = try t.engine.eventSeats(eventId: event.id)
            for tier in try t.engine.availability(eventId: event.id).tiers {
                let seats = after.seats.filter { $0.ticketTypeId == tier.ticketTypeId }
                #expect(tier.available == seats.filter { $0.state == .free }.count,
                        "seed \(seed) step \(step): tier \(tier.name) available \(tier.available)")
            }
            if !report.isClean { return }
        }
        #expect(placements > 0, "seed \(seed): no best-available hold succeeded")
    }

    /// The placement best-available must choose, by brute force over every window of every row.
    static func bruteForce(_ seats: EventSeats, n: Int, categories: Set<String>, accessible: Bool) -> [String]? {
        var rows: [[EventSeat]] = []
        for seat in seats.seats {
            if let last = rows.last?.last, last.section == seat.section, last.row == seat.row { rows[rows.count - 1].append(seat) } else { rows.append([seat]) }
        }
        let focus = (x: seats.focalPoint[0], y: seats.focalPoint[1])
        func rank(_ s: EventSeat) -> Double { ((s.x - focus.x) * (s.x - focus.x) + (s.y - focus.y) * (s.y - focus.y)).squareRoot() }
        var best: (orphan: Int, score: Double, row: Int, start: Int)?
        for (r, row) in rows.enumerated() where row.count >= n {
            for start in 0...(row.count - n) {
                let window = row[start..<start + n]
                // Accessible and companion seats only for accessible requests, which take nothing else.
                guard window.allSatisfy({ $0.state == .free && categories.contains($0.category)
                    && (accessible ? $0.accessible : !$0.accessible && !$0.companion) }) else { continue }
                var left = 0, right = 0
                while start - left - 1 >= 0 && row[start - left - 1].state == .free { left += 1 }
                while start + n + right < row.count && row[start + n + right].state == .free { right += 1 }
                let candidate = (orphan: left == 1 || right == 1 ? 1 : 0, score: window.reduce(0) { $0 + rank($1) }, row: r, start: start)
                // Sums in another order may differ in the last bits: scores within 1e-9 tie.
                if let b = best {
                    if candidate.orphan != b.orphan { if candidate.orphan < b.orphan { best = candidate } ; continue }
                    if abs(candidate.score - b.score) > 1e-9 { if candidate.score < b.score { best = candidate } ; continue }
                    if (candidate.row, candidate.start) < (b.row, b.start) { best = candidate }
                } else {
                    best = candidate
                }
            }
        }
        return best.map { b in rows[b.row][b.start..<b.start + n].map(\.label) }
    }
}
