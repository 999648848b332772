import BoxOffice
import BoxOfficeStore
import Foundation
import Testing

/// `seats EVENT`: the seat map as text and SVG, and quotas in `inventory`.
@Suite struct SeatsCommandTests {
    /// Two rows of 4 ("S/A/1"…"S/B/4"): A/2 and A/3 sold, B/1 held, B/4 blocked, A/4 kept for the
    /// house; a quota over the tier and a second one.
    func seatedFile() throws -> ScratchPath {
        let file = ScratchPath("seats")
        let engine = try Engine(path: file.path, options: EngineOptions(store: StoreOptions(durability: .async)))
        let org = try engine.createOrganization(OrganizationDetails(name: "Acme", slug: "acme", email: "a@acme.test", currency: "EUR"))
        let start = engine.now() + 86_400_000
        let event = try engine.createEvent(organizationId: org.id, EventDetails(title: "Hamlet", startsAt: start, endsAt: start + 3_600_000))
        let tier = try engine.createTicketType(eventId: event.id, TicketTypeDetails(name: "Stalls", priceMinor: 2_000, currency: "EUR", quantity: 1))
        let standing = try engine.createTicketType(eventId: event.id, TicketTypeDetails(name: "Standing", priceMinor: 1_000, currency: "EUR", quantity: 10))
        let rows = ["A", "B"].enumerated().map { r, name in
            SeatingPlanDefinition.Row(name: name, category: "std", seats: (1...4).map { SeatingPlanDefinition.Seat(number: "\($0)", x: Double($0), y: Double(r + 2)) })
        }
        let plan = try engine.createSeatingPlan(organizationId: org.id, SeatingPlanDefinition(
            name: "Studio <&>", focalPoint: .init(x: 2.5, y: 0), sections: [.init(name: "S", rows: rows)]))
        _ = try engine.assignSeating(eventId: event.id, planId: plan.id, categories: [.init(category: "std", ticketTypeId: tier.id)])
        _ = try engine.createQuota(eventId: event.id, QuotaDetails(name: "Hall", size: 12, ticketTypeIds: [tier.id, standing.id]))
        _ = try engine.publishEvent(event.id)
        _ = try engine.confirmHold(try engine.createHold(eventId: event.id, items: [], seats: SeatSelection(seats: ["S/A/2", "S/A/3"])).id)
        _ = try engine.createHold(eventId: event.id, items: [], seats: SeatSelection(seats: ["S/B/1"]))
        try engine.setSeats(eventId: event.id, labels: ["S/B/4"], to: .blocked)
        try engine.setSeats(eventId: event.id, labels: ["S/A/4"], to: .house)
        return file
    }

    @Test func seatsDrawsStatesAsRowsAndAsAPicture() throws {
        let file = try seatedFile()
        let rows = cli("seats", file.path, "Hamlet", "--rows")
        #expect(rows.status == 0, "\(rows.err)")
        #expect(lines(rows.out) == ["S/A          oxxr", "S/B          hoo#", "Studio <&>: 3 free, 1 held, 2 sold, 1 blocked, 1 house"], "\(rows.out)")
        let picture = cli("seats", file.path, "Hamlet")
        #expect(picture.out.hasPrefix("  *\n\noxxr\nhoo#\n"), "\(picture.out)")
        #expect(!picture.out.contains("\u{1B}"))  // no colour unless on a terminal
        let coloured = cli("seats", file.path, "Hamlet", "--rows", "--color", "always")
        #expect(coloured.out.contains("\u{1B}[31mx\u{1B}[0m"), "\(coloured.out)")
        #expect(!cliOnTerminal("seats", file.path, "Hamlet", "--color", "never").out.contains("\u{1B}"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(cli("seats", file.path, "Hamlet", "--json").out.utf8)) as? [String: Any])
        #expect(json["sold"] as? Int == 2 && (json["seats"] as? [Any])?.count == 8)
    }

    @Test func seatsWritesAnSVGWithALegend() throws {
        let file = try seatedFile()
        let out = ScratchPath("seats-svg")
        let run = cli("seats", file.path, "Hamlet", "--svg", out.path)
        #expect(run.status == 0 && run.out == "wrote \(out.path): 8 seats\n", "\(run.err)")
        let svg = try String(contentsOfFile: out.path, encoding: .utf8)
        #expect(svg.hasPrefix("<?xml") && svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("Studio &lt;&amp;&gt;"), "the plan's name is escaped")
        #expect(svg.components(separatedBy: "<circle").count - 1 == 8 + 5)  // the seats, and the legend's dots
        #expect(svg.contains("<title>S/A/2 std sold</title>") && svg.contains("sold 2"))
    }

    /// A title with control characters (XML allows none, even escaped), and a plan in millimetres:
    /// the SVG stays valid and within what renderers draw (found by a try-out).
    @Test func theSVGEscapesControlsAndScalesToThePlan() throws {
        let file = ScratchPath("seats-wide")
        let engine = try Engine(path: file.path, options: EngineOptions(store: StoreOptions(durability: .async)))
        let org = try engine.createOrganization(OrganizationDetails(name: "Acme", slug: "acme", email: "a@acme.test", currency: "EUR"))
        let start = engine.now() + 86_400_000
        let event = try engine.createEvent(organizationId: org.id, EventDetails(title: "Gala \u{1B}[31mnight \u{FFFF}", startsAt: start, endsAt: start + 3_600_000))
        let tier = try engine.createTicketType(eventId: event.id, TicketTypeDetails(name: "Hall", priceMinor: 2_000, currency: "EUR", quantity: 1))
        let seats = (0..<40).map { SeatingPlanDefinition.Seat(number: "\($0 + 1)", x: Double($0) * 900, y: 5_000) }
        let plan = try engine.createSeatingPlan(organizationId: org.id, SeatingPlanDefinition(
            name: "Hall", focalPoint: .init(x: 18_000, y: 0), sections: [.init(name: "S", rows: [.init(name: "A", category: "std", seats: seats)])]))
        _ = try engine.assignSeating(eventId: event.id, planId: plan.id, categories: [.init(category: "std", ticketTypeId: tier.id)])
        let svg = cli("seats", file.path, "Gala", "--svg", "-").out
        #expect(!svg.contains("\u{1B}") && !svg.contains("\u{FFFF}") && svg.contains("Gala \\u{1B}[31mnight \\u{FFFF}"), "\(svg.prefix(300))")
        let width = try #require(svg.firstMatch(of: /width="([0-9.]+)"/).flatMap { Double($0.1) })
        #expect(width > 800 && width <= 16_000, "\(width)")  // 40 seats about 20 pixels apart
    }

    @Test func seatsRefusesEventsWithoutSeatsAndBadOptions() throws {
        let file = try seatedFile()
        let engine = try Engine(path: file.path, options: EngineOptions(store: StoreOptions(durability: .async)))
        let org = try #require(try engine.organization(slug: "acme"))
        _ = try engine.createEvent(organizationId: org.id, EventDetails(title: "Open Air", startsAt: engine.now() + 1_000_000, endsAt: engine.now() + 2_000_000))
        let general = cli("seats", file.path, "Open Air")
        #expect(general.isOneLineFailure && general.err.contains("no seating plan"), "\(general.err)")
        #expect(cli("seats", file.path, "Hamlet", "--width", "5").status == 64)
        #expect(cli("seats", file.path, "Hamlet", "--svg", "/nonexistent/dir/x.svg").isOneLineFailure)
    }

    @Test func inventoryShowsQuotas() throws {
        let file = try seatedFile()
        let human = cli("inventory", file.path, "Hamlet")
        #expect(human.out.contains("quota Hall 12: 1 held, 2 sold, 0 blocked, 9 available — Stalls, Standing"), "\(human.out)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(cli("inventory", file.path, "Hamlet", "--json").out.utf8)) as? [String: Any])
        let quotas = try #require(json["quotas"] as? [[String: Any]])
        #expect(quotas.count == 1 && quotas[0]["available"] as? Int == 9)
        // Stalls can sell 3 (8 seats: 2 sold, 1 held, 2 withheld), Standing 9 of its 10 within the
        // quota; together 9, the quota's room counted once.
        let tiers = try #require(json["tiers"] as? [[String: Any]])
        #expect(tiers.map { $0["available"] as? Int } == [3, 9] && tiers[0]["withheld"] as? Int == 2)
        #expect((json["totals"] as? [String: Any])?["available"] as? Int == 9)
        #expect(human.out.contains("withheld") && human.out.contains("(only the tiers' quantities and quotas limit sales)"))
    }
}
