import BoxOffice
import BoxOfficeStore
import Foundation
import Testing

@Suite struct OrdersTests {
    @Test func ordersListsAnEventsOrdersNewestFirstWithTheirNumbers() throws {
        let file = try SampleFile()
        let human = cli("orders", file.path, "--event", "jazz")
        #expect(human.status == 0 && human.err.isEmpty)
        let rows = lines(human.out)
        #expect(rows.count == 3 && rows[0].hasPrefix("number"))
        // Newest first, each with the number `order` takes, its tickets and its total.
        #expect(rows[1].hasPrefix(file.orders[1].number) && rows[2].hasPrefix(file.orders[0].number))
        #expect(rows[2].contains("partially_refunded") && rows[2].contains("  3  ") && rows[1].contains("  2  "))
        #expect(cli("order", file.path, String(rows[2].prefix(9))).status == 0)

        // Pages: one order per page, the cursor printed, the next page from it, then the end.
        let first = cli("orders", file.path, "--event", file.event.id.uuidString, "--limit", "1")
        let more = try #require(lines(first.out).last)
        #expect(more.hasPrefix("more: --after "))
        let cursor = String(more.dropFirst("more: --after ".count))
        let second = cli("orders", file.path, "--event", "Jazz Night", "--limit", "1", "--after", cursor)
        #expect(lines(second.out).count == 2 && lines(second.out)[1].hasPrefix(file.orders[0].number))
        let page = try jsonObject(cli("orders", file.path, "--event", "Jazz Night", "--json").out)
        let orders = try #require(page["orders"] as? [[String: Any]])
        #expect(orders.count == 2 && page["next"] == nil)
        #expect((orders[0]["order"] as? [String: Any])?["number"] as? String == file.orders[1].number)
        #expect(orders.compactMap { $0["tickets"] as? Int } == [2, 3])
        let paged = try jsonObject(cli("orders", file.path, "--event", "Jazz Night", "--json", "--limit", "1").out)
        #expect(paged["next"] as? String == cursor)
    }

    @Test func ordersOfACustomerByEmailOrId() throws {
        let file = try SampleFile()
        let engine = try Engine(path: file.path, options: EngineOptions(store: StoreOptions(durability: .async)))
        let ann = try engine.createCustomer(organizationId: file.org.id, CustomerDetails(email: "ann@example.org"))
        let hold = try engine.createHold(eventId: file.event.id, items: [.init(ticketTypeId: file.tiers[0].id, quantity: 1)], customerId: ann.id)
        let order = try engine.confirmHold(hold.id)
        for who in ["ANN@example.org", ann.id.uuidString] {
            let run = cli("orders", file.path, "--customer", who)
            #expect(run.status == 0 && lines(run.out).count == 2 && lines(run.out)[1].hasPrefix(order.number) && run.out.contains("ann@example.org"))
        }
        #expect(cli("orders", file.path, "--customer", "bob@example.org").err == "boxoffice: no customer 'bob@example.org'\n")
    }

    @Test func badOrdersRequestsFailInOneLine() throws {
        let file = try SampleFile()
        #expect(cli("orders", file.path).status == 64)
        #expect(cli("orders", file.path, "--event", "Jazz", "--customer", "a@b").status == 64)
        #expect(cli("orders", file.path, "--event", "Jazz", "--limit", "0").status == 64)
        #expect(cli("orders", file.path, "--event", "Jazz", "--limit", "1001").status == 64)
        let negative = cli("orders", file.path, "--event", "Jazz", "--limit", "-5")  // a value, not an option
        #expect(negative.status == 64 && negative.err.contains("--limit must be 1 to 1000, not -5"))
        for blank in ["", "  "] {
            #expect(cli("orders", file.path, "--event", blank).status == 64)
            #expect(cli("orders", file.path, "--customer", blank).status == 64)
        }
        #expect(cli("orders", file.path, "--event", "Nope").err == "boxoffice: no event 'Nope'\n")
        #expect(cli("orders", file.path, "--event", "Jazz Nite").err == "boxoffice: no event 'Jazz Nite'; did you mean 'Jazz Night'?\n")
        // A mistyped command gets a suggestion; feed's --after takes -1 as a value and refuses it.
        let typo = cli("evnets", file.path)
        #expect(typo.status == 64 && typo.err.contains("unknown command 'evnets'; did you mean 'events'?"))
        #expect(cli("help", "nosuch").status == 64 && cli("help", "events").status == 0)
        #expect(cli("help", "inventory", "extra").status == 64)
        // An empty --after is the first page, as no --after.
        #expect(cli("orders", file.path, "--event", "Jazz", "--after", "").out == cli("orders", file.path, "--event", "Jazz").out)
        let feedAfter = cli("feed", file.path, "--after", "-1")
        #expect(feedAfter.status == 64 && feedAfter.err.contains("--after must be a sequence number, 0 or more, not -1"))
        #expect(cli("dump", file.path, "events", "--json").status == 0)  // as every inspection command
        let bad = cli("orders", file.path, "--event", "Jazz", "--after", "zz")
        #expect(bad.isOneLineFailure && bad.err.contains("cursor 'zz' is not the `next` of a page of this list"))
        #expect(cli("orders", "/nonexistent/kiosk.boxoffice", "--event", "Jazz").isOneLineFailure)
        let real = try process("orders", file.path, "--event", "Jazz", "--after", "00")
        #expect(real.isOneLineFailure)
    }
}
