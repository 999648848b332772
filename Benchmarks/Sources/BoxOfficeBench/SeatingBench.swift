import BoxOffice
import BoxOfficeStore
import Foundation

/// Best-available on the example arena (examples/seating/arena.json, 21,322 seats): the arena is
/// filled by buyers of 1 to 8 seats in rotating categories (as a house sells out, leaving gaps),
/// and at 50 % and 90 % sold, holds of 4 adjacent seats in any category are timed one at a time
/// (each released again, untimed, so the state stays put). In smoke runs, the small theatre at
/// 40 % and 70 % (at 90 % its 113 seats may have no 4 together).
enum SeatingBench {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The p50 and p99 of a best-available hold of 4 at each fraction sold, into the report.
    static func run(smoke: Bool, directory: String, report: Report) throws {
        let planFile = repository.appendingPathComponent(smoke ? "examples/seating/theatre.json" : "examples/seating/arena.json")
        let plan = try JSONDecoder().decode(SeatingPlanDefinition.self, from: Data(contentsOf: planFile))
        let path = directory + "/seating.boxoffice"
        try? FileManager.default.removeItem(atPath: path)
        let engine = try Engine(path: path, options: SwiftSystem.options(.async))
        let org = try engine.createOrganization(OrganizationDetails(name: "Bench", slug: "seats", email: "b@bench.test", currency: "EUR"))
        let start = engine.now() + 30 * 86_400_000
        let event = try engine.createEvent(organizationId: org.id, EventDetails(title: "Arena", startsAt: start, endsAt: start + 3_600_000))
        let stored = try engine.createSeatingPlan(organizationId: org.id, plan)
        let categories = stored.categories
        let tiers = try categories.map { name in
            try engine.createTicketType(eventId: event.id, TicketTypeDetails(name: name, priceMinor: 5_000, currency: "EUR", quantity: 1, maxPerOrder: 10))
        }
        _ = try engine.assignSeating(eventId: event.id, planId: stored.id,
                                     categories: zip(categories, tiers).map { EventSeating.Category(category: $0, ticketTypeId: $1.id) })
        _ = try engine.publishEvent(event.id)

        let total = Int(stored.seatCount)
        var sold = 0
        var buyer = 0
        let quantities: [Int64] = [2, 4, 1, 3, 6, 2, 5, 8, 2, 3]
        for percent in smoke ? [40, 70] : [50, 90] {
            // Fill: each buyer asks for the best seats of one category, split over 2 rows if need be.
            while sold < total * percent / 100 {
                let category = categories[buyer % categories.count]
                let quantity = quantities[buyer % quantities.count]
                buyer += 1
                guard let hold = try? engine.createHold(eventId: event.id, items: [],
                                                        seats: SeatSelection(quantity: quantity, categories: [category], maxRows: 2)) else {
                    if buyer > 20 * total { throw BenchError.failed("seating: could not fill the arena to \(percent) %") }
                    continue
                }
                _ = try engine.confirmHold(hold.id)
                sold += hold.seats.count
            }
            var latencies: [Double] = []
            let iterations = smoke ? 10 : 300
            for _ in 0..<iterations {
                let began = DispatchTime.now().uptimeNanoseconds
                let hold = try engine.createHold(eventId: event.id, items: [], seats: SeatSelection(quantity: 4))
                latencies.append(Double(DispatchTime.now().uptimeNanoseconds - began) / 1_000)
                _ = try engine.releaseHold(hold.id)
            }
            latencies.sort()
            let p50 = latencies[latencies.count / 2], p99 = latencies[min(latencies.count - 1, latencies.count * 99 / 100)]
            report.add(Figure(system: "swift", workload: "best_available_4_\(percent)pct", mode: Mode.async.rawValue, clients: 1, size: sold,
                              ops: iterations, ops_per_sec: 1e6 / (latencies.reduce(0, +) / Double(iterations)), p50_us: p50, p99_us: p99))
            report.seating["best_available_4_at_\(percent)pct_us"] = p50  // the goals read 50 and 90
        }
        guard try engine.verify().isClean else { throw BenchError.failed("seating: verify found problems after the run") }
    }
}
