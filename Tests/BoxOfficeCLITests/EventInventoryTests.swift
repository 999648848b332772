import BoxOffice
import BoxOfficeStore
import StoreTestSupport
import Foundation
import Testing

@Suite struct EventInventoryTests {
    @Test func eventsListsEachEventWithItsSales() throws {
        let file = try SampleFile()
        let human = cli("events", file.path)
        #expect(human.status == 0 && human.err.isEmpty)
        let rows = lines(human.out)
        #expect(rows.count == 2 && rows[0].hasPrefix("organization  event"))
        let row = String(rows[1])
        // 3 + 2 sold, one refunded; the expired hold no longer counts; revenue 2 × 25 + 2 × 49.
        for cell in ["Acme Live", "Jazz Night", "published", iso(file.event.details.startsAt), "Le Caveau, Paris", "4/50", "148.00 EUR",
                     file.event.id.uuidString.lowercased()] {
            #expect(row.contains(cell), "\(cell) in \(row)")
        }
        let machine = try jsonArray(cli("events", file.path, "--json").out)
        #expect(machine.count == 1)
        let e = machine[0]
        #expect(e["title"] as? String == "Jazz Night" && e["status"] as? String == "published")
        #expect(e["organizationName"] as? String == "Acme Live" && e["organizationSlug"] as? String == "acme")
        #expect(e["startsAt"] as? Int64 == file.event.details.startsAt && e["venueName"] as? String == "Le Caveau")
        #expect(e["sold"] as? Int == 4 && e["sellable"] as? Int == 50 && e["held"] as? Int == 0 && e["capacity"] as? Int == 50)
        #expect(e["revenueMinor"] as? Int == 14_800 && e["currency"] as? String == "EUR" && e["tiers"] as? Int == 2)
    }

    @Test func moneyIsShownInTheCurrencysOwnDigits() throws {
        let path = temporaryStorePath("yen")
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let engine = try Engine(path: path, options: EngineOptions(store: StoreOptions(durability: .async)))
            let org = try engine.createOrganization(OrganizationDetails(name: "Tokyo Live", slug: "tokyo", email: "t@t.test", currency: "JPY"))
            let start = engine.now() + 86_400_000
            let event = try engine.createEvent(organizationId: org.id, EventDetails(title: "Koto", startsAt: start, endsAt: start + 3_600_000))
            let tier = try engine.createTicketType(eventId: event.id, TicketTypeDetails(name: "Seat", priceMinor: 1_500, currency: "JPY", quantity: 10))
            _ = try engine.publishEvent(event.id)
            let hold = try engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tier.id, quantity: 2)])
            _ = try engine.confirmHold(hold.id)
        }
        let inventory = cli("inventory", path, "Koto")
        #expect(inventory.status == 0 && inventory.out.contains("1500 JPY") && inventory.out.contains("3000 JPY"), "\(inventory.out)")
        #expect(!inventory.out.contains("15.00"))
        let feed = cli("feed", path)
        #expect(feed.out.contains("total=3000 JPY"), "\(feed.out)")
    }

    @Test func revenueIsWhatTicketsChargedNotTodaysPrice() throws {
        let path = temporaryStorePath("revenue")
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let engine = try Engine(path: path, options: EngineOptions(store: StoreOptions(durability: .async)))
            let org = try engine.createOrganization(OrganizationDetails(name: "Acme", slug: "acme", email: "a@a.test", currency: "EUR",
                                                                       fixedFeeMinor: 100))
            let start = engine.now() + 86_400_000
            let event = try engine.createEvent(organizationId: org.id, EventDetails(title: "Gig", startsAt: start, endsAt: start + 3_600_000))
            var tier = try engine.createTicketType(eventId: event.id, TicketTypeDetails(name: "GA", priceMinor: 2_000, currency: "EUR", quantity: 10))
            _ = try engine.publishEvent(event.id)
            func buy(_ n: Int64) throws -> Order {
                try engine.confirmHold(try engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tier.id, quantity: n)]).id)
            }
            _ = try buy(2)                            // 2 × 20.00 + 2 × 1.00 fees
            let refunded = try buy(1)
            _ = try engine.refundOrder(refunded.id, actor: .system)  // money returned: not revenue
            let cancelled = try buy(1)
            _ = try engine.cancelOrder(cancelled.id, actor: .system)  // no money moved: still revenue
            var details = tier.details
            details.priceMinor = 9_900  // today's price does not rewrite past sales
            tier = try engine.updateTicketType(tier.id, details)
        }
        let report = try jsonObject(cli("inventory", path, "Gig", "--json"))
        let totals = report["totals"] as? [String: Any] ?? [:]
        #expect(totals["revenueMinor"] as? Int == 6_000 && totals["feesMinor"] as? Int == 300, "\(totals)")
        let events = try jsonArray(cli("events", path, "--json").out)
        #expect(events.first?["revenueMinor"] as? Int == 6_000 && events.first?["feesMinor"] as? Int == 300)
        #expect(cli("inventory", path, "Gig").out.contains("60.00 EUR"))
    }

    @Test func eventsCountsActiveHoldsAndListsEveryEvent() throws {
        let file = try SampleFile()
        try file.holdStanding(2)
        try file.addEvent(title: "Jazz Brunch")
        let machine = try jsonArray(cli("events", file.path, "--json").out)
        #expect(machine.compactMap { $0["title"] as? String } == ["Jazz Night", "Jazz Brunch"])  // by start
        #expect(machine[0]["held"] as? Int == 2)
        #expect(machine[1]["sold"] as? Int == 0 && machine[1]["sellable"] as? Int == 100 && machine[1]["capacity"] == nil)
        #expect(lines(cli("events", file.path).out).count == 3)
    }

    @Test func eventsOnAnEmptyFile() throws {
        let path = try emptyStore()
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(cli("events", path).out == "no events\n")
        #expect(cli("events", path, "--json").out == "[]\n")
        #expect(cli("events", "/nonexistent/kiosk.boxoffice").isOneLineFailure)
        let dir = try notAStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(cli("events", dir, "--json").isOneLineFailure)
    }

    @Test func inventoryShowsTiersTotalsAndCapacity() throws {
        let file = try SampleFile()
        try file.holdStanding(2)
        let human = cli("inventory", file.path, "Jazz")
        #expect(human.status == 0 && human.err.isEmpty)
        let rows = lines(human.out)
        #expect(rows[0].hasPrefix("Jazz Night (published, "))
        #expect(rows[1].hasPrefix("tier"))
        #expect(rows[2].hasPrefix("Standing") && rows[2].contains("25.00 EUR") && rows[2].contains("50.00 EUR"))
        #expect(rows[3].hasPrefix("Seated") && rows[3].contains("98.00 EUR"))
        #expect(rows[4].hasPrefix("total") && rows[4].contains("148.00 EUR"))
        #expect(rows[5] == "capacity 50: 2 held, 4 sold, 44 remaining")
        // Numbers right-aligned under their headers.
        let standing = rows[2].split(separator: " ", omittingEmptySubsequences: true)
        #expect(Array(standing[3...8]) == ["30", "2", "2", "0", "26", "yes"])  // quantity, held, sold, blocked, available, on sale

        let report = try jsonObject(cli("inventory", file.path, file.event.id.uuidString, "--json").out)
        #expect(report["capacity"] as? Int == 50 && report["capacityRemaining"] as? Int == 44 && report["currency"] as? String == "EUR")
        let event = try #require(report["event"] as? [String: Any])
        #expect(event["title"] as? String == "Jazz Night" && event["status"] as? String == "published")
        let tiers = try #require(report["tiers"] as? [[String: Any]])
        #expect(tiers.map { $0["name"] as? String } == ["Standing", "Seated"])
        #expect(tiers.map { $0["quantity"] as? Int } == [30, 20])
        #expect(tiers.map { $0["held"] as? Int } == [2, 0])
        #expect(tiers.map { $0["sold"] as? Int } == [2, 2])
        #expect(tiers.map { $0["available"] as? Int } == [26, 18])
        #expect(tiers.map { $0["revenueMinor"] as? Int } == [5_000, 9_800])
        #expect(tiers.allSatisfy { $0["onSaleNow"] as? Bool == true })
        let totals = try #require(report["totals"] as? [String: Any])
        #expect(totals["quantity"] as? Int == 50 && totals["held"] as? Int == 2 && totals["sold"] as? Int == 4)
        #expect(totals["available"] as? Int == 44 && totals["revenueMinor"] as? Int == 14_800)
    }

    @Test func inventoryFindsEventsByIdOrUniqueTitlePrefix() throws {
        let file = try SampleFile()
        let brunch = try file.addEvent(title: "Jazz Brunch")
        try file.addEvent(title: "Jazz")
        // An exact title wins over the longer titles it prefixes; case does not matter.
        #expect(try jsonObject(cli("inventory", file.path, "jazz", "--json").out)["event"].flatMap { $0 as? [String: Any] }?["title"] as? String == "Jazz")
        #expect(cli("inventory", file.path, "JAZZ N").out.hasPrefix("Jazz Night ("))
        #expect(cli("inventory", file.path, brunch.id.uuidString.lowercased()).out.hasPrefix("Jazz Brunch ("))
        #expect(cli("inventory", file.path, "jazz b").out.contains("capacity: none"))
        let ambiguous = cli("inventory", file.path, "Jazz ")
        #expect(ambiguous.isOneLineFailure && ambiguous.err.contains("ambiguous") && ambiguous.err.contains("Jazz Night"))
    }

    @Test func inventoryFailsInOneLineOnUnknownEvents() throws {
        let file = try SampleFile()
        #expect(cli("inventory", file.path, "Opera").err == "boxoffice: no event 'Opera'\n")
        let unknownId = UUID().uuidString
        #expect(cli("inventory", file.path, unknownId).err == "boxoffice: no event '\(unknownId)'\n")
        #expect(cli("inventory", file.path, "").status == 64)
        #expect(cli("inventory", file.path).status == 64)
        #expect(cli("inventory", "/nonexistent/kiosk.boxoffice", "Jazz").isOneLineFailure)
        let real = try process("inventory", file.path, "Opera")
        #expect(real.isOneLineFailure)
        let ok = try process("inventory", file.path, "jazz", "--json")
        #expect(ok.status == 0 && ok.out.contains("\"capacityRemaining\":46"))
        let events = try process("events", file.path)
        #expect(events.status == 0 && events.out.contains("4/50"))
    }
}
