import BoxOffice
import Foundation
import Testing

@Suite struct AfterSaleTests {
    @Test func cancelAndRefundNeedAManagerAndReturnStock() throws {
        let t = try TestEngine()
        let org = try t.organization(bps: 1000, fixed: 0)  // 10%
        let (event, tiers) = try t.event(org, tiers: [.init(name: "GA", price: 1_000, quantity: 10)])
        let manager = try t.user(org, .manager)
        let support = try t.user(org, .support)
        let order = try t.order(event, tiers[0], quantity: 3)
        #expect(throws: BoxOfficeError.permissionDenied(actor: "user:\(support.id.uuidString.lowercased())", action: "refund order",
                                                        reason: "role support is below manager")) {
            try t.engine.refundOrder(order.id, actor: .user(support.id))
        }
        let denied = try t.engine.auditFeed(limit: 1000).last
        #expect(denied?.action == "permission.denied" && denied?.actor == "user:\(support.id.uuidString.lowercased())")

        let tickets = try t.engine.tickets(orderId: order.id)
        let partial = try t.engine.refundTickets(orderId: order.id, ticketIds: [tickets[0].id], actor: .user(manager.id))
        #expect(partial.status == .partiallyRefunded && partial.paymentStatus == .partiallyRefunded)
        #expect(partial.refundedMinor == 1_100)
        #expect(try t.engine.availability(eventId: event.id).tiers[0].sold == 2)
        #expect(throws: BoxOfficeError.invalidState(entity: "ticket", id: tickets[0].id.uuidString.lowercased(), state: "refunded", action: "refund")) {
            try t.engine.refundTickets(orderId: order.id, ticketIds: [tickets[0].id], actor: .user(manager.id))
        }
        let full = try t.engine.refundOrder(order.id, actor: .user(manager.id))
        #expect(full.status == .refunded && full.paymentStatus == .refunded && full.refundedMinor == full.totalMinor)
        #expect(throws: BoxOfficeError.invalidState(entity: "order", id: order.number, state: "refunded", action: "refund")) {
            try t.engine.refundOrder(order.id, actor: .user(manager.id))  // double refund
        }
        #expect(try t.engine.tickets(orderId: order.id).allSatisfy { $0.status == .refunded })
        #expect(try t.engine.availability(eventId: event.id).tiers[0].sold == 0)

        let second = try t.order(event, tiers[0], quantity: 2)
        let cancelled = try t.engine.cancelOrder(second.id, reason: "duplicate purchase", actor: .user(manager.id))
        #expect(cancelled.status == .cancelled && cancelled.notes == "duplicate purchase" && cancelled.refundedMinor == 0)
        #expect(try t.engine.tickets(orderId: second.id).allSatisfy { $0.status == .cancelled })
        #expect(try t.engine.availability(eventId: event.id).tiers[0].available == 10)
        #expect(throws: BoxOfficeError.invalidState(entity: "order", id: second.number, state: "cancelled", action: "cancel")) {
            try t.engine.cancelOrder(second.id, actor: .system)
        }
        #expect(try t.engine.verify().isClean)
    }

    @Test func badRefundRequests() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (event, tiers) = try t.event(org)
        let a = try t.order(event, tiers[0])
        let b = try t.order(event, tiers[0])
        let bTicket = try t.engine.tickets(orderId: b.id)[0]
        #expect(throws: BoxOfficeError.invalidArgument("ticket \(bTicket.id.uuidString.lowercased()) is not of this order")) {
            try t.engine.refundTickets(orderId: a.id, ticketIds: [bTicket.id], actor: .system)
        }
        #expect(throws: BoxOfficeError.invalidArgument("no tickets to refund")) { try t.engine.refundTickets(orderId: a.id, ticketIds: [], actor: .system) }
        #expect(throws: BoxOfficeError.invalidArgument("a ticket is listed twice")) {
            try t.engine.refundTickets(orderId: b.id, ticketIds: [bTicket.id, bTicket.id], actor: .system)
        }
        let unknown = UUID()
        #expect(throws: BoxOfficeError.notFound(entity: "order", id: unknown.uuidString.lowercased())) { try t.engine.refundOrder(unknown, actor: .system) }
        // A user of another organization may not touch this one's orders.
        let otherOrg = try t.organization(slug: "other")
        let stranger = try t.user(otherOrg, .owner)
        #expect(throws: BoxOfficeError.self) { try t.engine.cancelOrder(a.id, actor: .user(stranger.id)) }
        #expect(try t.engine.order(a.id)?.status == .confirmed)
    }

    @Test func checkInAdmitsOnceAndLogsEveryScan() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (event, tiers) = try t.event(org)
        let door = try t.user(org, .operator)
        let analyst = try t.user(org, .analyst)
        let order = try t.order(event, tiers[0], quantity: 3)
        let tickets = try t.engine.tickets(orderId: order.id)

        let first = try t.engine.checkIn(code: tickets[0].code, gate: "north-1", actor: .user(door.id))
        #expect(first.accepted && first.reason == nil && first.ticket?.status == .used && first.ticket?.checkedInGate == "north-1")
        t.clock.advance(minute)
        // Printed codes are forgiving: lowercase, dashes, O for 0.
        let sloppy = tickets[0].code.lowercased().replacingOccurrences(of: "0", with: "o")
        let again = try t.engine.checkIn(code: String(sloppy.prefix(13)) + "-" + String(sloppy.dropFirst(13)), gate: "south-2", actor: .user(door.id))
        #expect(!again.accepted && again.reason == .alreadyUsed)
        #expect(again.firstCheckedInAt == ManualClock.start && again.firstGate == "north-1")

        let manager = try t.user(org, .manager)
        _ = try t.engine.refundTickets(orderId: order.id, ticketIds: [tickets[1].id], actor: .user(manager.id))
        #expect(try t.engine.checkIn(code: tickets[1].code, gate: "g", actor: .user(door.id)).reason == .refunded)
        #expect(try t.engine.checkIn(code: "NOT-A-REAL-CODE", gate: "g", actor: .user(door.id)).reason == .unknownCode)
        #expect(try t.engine.checkIn(code: String(repeating: "Z", count: 26), gate: "g", actor: .user(door.id)).reason == .unknownCode)
        let (otherEvent, _) = try t.event(org)
        #expect(try t.engine.checkIn(code: tickets[2].code, gate: "g", eventId: otherEvent.id, actor: .user(door.id)).reason == .wrongEvent)

        #expect(throws: BoxOfficeError.permissionDenied(actor: "user:\(analyst.id.uuidString.lowercased())", action: "check in",
                                                        reason: "role analyst is below operator")) {
            try t.engine.checkIn(code: tickets[2].code, gate: "g", actor: .user(analyst.id))
        }
        #expect(throws: BoxOfficeError.invalidArgument("gate must not be empty")) {
            try t.engine.checkIn(code: tickets[2].code, gate: "", actor: .user(door.id))
        }
        let scans = try t.engine.checkIns(ticketId: tickets[0].id)
        #expect(scans.map(\.result) == [.accepted, .rejected])
        #expect(scans.map(\.gate) == ["north-1", "south-2"])
        #expect(try t.engine.verify().isClean)
    }

    @Test func transfersIssueANewCodeWhenAllowed() throws {
        let t = try TestEngine()
        let open = try t.organization(transfers: true)
        let (event, tiers) = try t.event(open)
        let ticket = try t.engine.tickets(orderId: try t.order(event, tiers[0], quantity: 1).id)[0]
        let moved = try t.engine.transferTicket(code: ticket.code, toName: "Bob Roe", toEmail: "bob@example.org")
        #expect(moved.code != ticket.code && moved.attendeeName == "Bob Roe" && moved.transfers.count == 1)
        #expect(moved.transfers[0].previousCode == ticket.code)
        let door = try t.user(open, .operator)
        #expect(try t.engine.checkIn(code: ticket.code, gate: "g", actor: .user(door.id)).reason == .transferred)
        #expect(try t.engine.checkIn(code: moved.code, gate: "g", actor: .user(door.id)).accepted)
        #expect(throws: BoxOfficeError.invalidState(entity: "ticket", id: ticket.id.uuidString.lowercased(), state: "used", action: "transfer")) {
            try t.engine.transferTicket(code: moved.code, toName: "Cy", toEmail: "cy@example.org")
        }

        let closed = try t.organization(slug: "closed", transfers: false)
        let (closedEvent, closedTiers) = try t.event(closed)
        let locked = try t.engine.tickets(orderId: try t.order(closedEvent, closedTiers[0], quantity: 1).id)[0]
        #expect(throws: BoxOfficeError.transferNotAllowed(organizationId: closed.id)) {
            try t.engine.transferTicket(code: locked.code, toName: "Bob", toEmail: "bob@example.org")
        }
        #expect(throws: BoxOfficeError.notFound(entity: "ticket", id: "nope")) {
            try t.engine.transferTicket(code: "nope", toName: "Bob", toEmail: "bob@example.org")
        }
    }

    @Test func theAuditFeedIsGaplessAndTailable() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (event, tiers) = try t.event(org)
        _ = try t.order(event, tiers[0])
        let all = try t.engine.auditFeed(after: 0, limit: 1000)
        #expect(all.map(\.sequence) == Array(1...UInt64(all.count)))
        #expect(all.map(\.action) == ["organization.create", "event.create", "ticket_type.create", "event.publish", "hold.create", "order.confirm"])
        #expect(try t.engine.auditFeed(after: 4, limit: 1).map(\.action) == ["hold.create"])
        #expect(try t.engine.auditFeed(after: UInt64(all.count)).isEmpty)
        // A failed operation writes no entry.
        #expect(throws: BoxOfficeError.self) { try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 1000)]) }
        #expect(try t.engine.auditFeed(after: UInt64(all.count)).isEmpty)
        #expect(throws: BoxOfficeError.invalidArgument("limit must be 1...10000, not 0")) { try t.engine.auditFeed(limit: 0) }
    }
}
