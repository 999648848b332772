import BoxOffice
import Foundation
import Testing

/// The lookups and lists added with the declared API: orders paged by event and by customer,
/// order and ticket details, a customer by email, an organization's users, deleting events.
@Suite struct QueryTests {
    @Test func ordersArePagedNewestFirstByEventAndByCustomer() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (event, tiers) = try t.event(org, tiers: [.init(name: "Standing", quantity: 1_000)])
        let (other, otherTiers) = try t.event(org, tiers: [.init(name: "Seated")])
        let ann = try t.engine.createCustomer(organizationId: org.id, CustomerDetails(email: "ann@example.org"))
        var orders: [Order] = []
        for i in 0..<23 {
            orders.append(try t.order(event, tiers[0], quantity: 1, customer: i % 3 == 0 ? ann.id : nil))
            t.clock.advance(1_000)
        }
        let elsewhere = try t.order(other, otherTiers[0], customer: ann.id)

        // Pages of 10 cover the event's orders once each, newest first, and end with no cursor.
        var seen: [Order] = []
        var cursor: String?
        var pages = 0
        repeat {
            let page = try t.engine.orders(eventId: event.id, after: cursor, limit: 10)
            #expect(page.orders.count == (pages < 2 ? 10 : 3))
            seen += page.orders
            cursor = page.next
            pages += 1
        } while cursor != nil
        #expect(pages == 3)
        #expect(seen.map(\.id) == orders.reversed().map(\.id))

        // A cursor stays valid while orders are added: the next page goes on from where it was.
        let first = try t.engine.orders(eventId: event.id, limit: 5)
        let newest = try t.order(event, tiers[0], quantity: 1)
        let second = try t.engine.orders(eventId: event.id, after: first.next, limit: 5)
        #expect(second.orders.map(\.id) == orders.reversed().dropFirst(5).prefix(5).map(\.id))
        #expect(try t.engine.orders(eventId: event.id, limit: 1).orders.map(\.id) == [newest.id])

        // By customer: this event's and the other's, newest first.
        let anns = try t.engine.orders(customerId: ann.id, limit: 1_000)
        #expect(anns.next == nil)
        #expect(anns.orders.map(\.id) == ([elsewhere] + orders.enumerated().filter { $0.offset % 3 == 0 }.map(\.element).reversed()).map(\.id))
        #expect(try t.engine.orders(customerId: UUID(), limit: 10).orders.isEmpty)
        #expect(try t.engine.orders(eventId: UUID()).orders.isEmpty)
    }

    @Test func badPagingIsAnInvalidArgument() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (event, tiers) = try t.event(org)
        let (other, otherTiers) = try t.event(org)
        for _ in 0..<3 { _ = try t.order(event, tiers[0], quantity: 1) }
        for _ in 0..<3 { _ = try t.order(other, otherTiers[0], quantity: 1) }
        for limit in [0, -1, 1_001, Int.max] {
            #expect(throws: BoxOfficeError.invalidArgument("limit must be 1...1000, not \(limit)")) {
                try t.engine.orders(eventId: event.id, limit: limit)
            }
        }
        let cursor = try #require(try t.engine.orders(eventId: event.id, limit: 1).next)
        // Malformed, another event's, or the customer list's cursor: refused, not misread. The
        // message names the argument, not the store's index, and does not echo a huge value whole.
        let huge = String(repeating: "f", count: 4 << 20)
        let refusals: [() throws -> OrderPage] = [
            { try t.engine.orders(eventId: event.id, after: "zz", limit: 1) },
            { try t.engine.orders(eventId: event.id, after: "", limit: 1) },
            { try t.engine.orders(eventId: event.id, after: "0", limit: 1) },
            { try t.engine.orders(eventId: event.id, after: huge, limit: 1) },
            { try t.engine.orders(eventId: other.id, after: cursor, limit: 1) },
            { try t.engine.orders(customerId: UUID(), after: cursor, limit: 1) },
        ]
        for refusal in refusals {
            let error = #expect(throws: BoxOfficeError.self) { try refusal() }
            let message = error.map(String.init(describing:)) ?? ""
            #expect(message.hasPrefix("cursor '"))
            #expect(message.contains("is not the `next` of a page of this list"))
            #expect(!message.contains("orders."))
            #expect(message.utf8.count < 300)
        }
        #expect(try t.engine.verify().isClean)
    }

    @Test func detailsLookupsAndLists() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (event, tiers) = try t.event(org)
        let ann = try t.engine.createCustomer(organizationId: org.id, CustomerDetails(email: "Ann@Example.org"))
        let order = try t.order(event, tiers[0], quantity: 3, customer: ann.id)

        let detail = try t.engine.orderDetail(order)
        #expect(detail.order == order && detail.items.map(\.quantity) == [3] && detail.tickets.count == 3)
        #expect(try t.engine.tickets(orderId: order.id) == detail.tickets)
        let ticket = detail.tickets[0]
        _ = try t.engine.checkIn(code: ticket.code, gate: "north", actor: .system)
        let scanned = try #require(try t.engine.ticket(ticket.id))
        let ticketDetail = try t.engine.ticketDetail(scanned)
        #expect(ticketDetail.ticket.status == .used && ticketDetail.checkIns.map(\.gate) == ["north"])

        #expect(try t.engine.customer(organizationId: org.id, email: "ann@EXAMPLE.org") == ann)
        #expect(try t.engine.customer(organizationId: org.id, email: "bob@example.org") == nil)
        #expect(try t.engine.customer(organizationId: UUID(), email: "ann@example.org") == nil)

        let admin = try t.user(org, .admin)
        let door = try t.user(org, .operator)
        #expect(Set(try t.engine.users(organizationId: org.id).map(\.id)) == [admin.id, door.id])
        #expect(try t.engine.users(organizationId: UUID()).isEmpty)
    }

    @Test func aDeletedEventIsNeitherFoundNorListed() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (draft, _) = try t.event(org, publish: false)
        let (live, _) = try t.event(org)
        let manager = try t.user(org, .manager)
        let door = try t.user(org, .operator)
        #expect(throws: BoxOfficeError.self) { try t.engine.deleteEvent(draft.id, actor: .user(door.id)) }
        #expect(throws: BoxOfficeError.invalidState(entity: "event", id: live.id.uuidString.lowercased(), state: "published", action: "delete")) {
            try t.engine.deleteEvent(live.id, actor: .user(manager.id))
        }
        try t.engine.deleteEvent(draft.id, actor: .user(manager.id))
        #expect(try t.engine.event(draft.id) == nil)
        #expect(try t.engine.events(organizationId: org.id).map(\.id) == [live.id])
        #expect(throws: BoxOfficeError.notFound(entity: "event", id: draft.id.uuidString.lowercased())) { try t.engine.deleteEvent(draft.id) }
        #expect(try t.engine.auditFeed(limit: 1_000).contains { $0.action == "event.delete" && $0.entityId == draft.id })
    }
}
