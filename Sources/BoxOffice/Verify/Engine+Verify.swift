import BoxOfficeStore
import Foundation

extension Engine {
    /// Checks the storage (every index against its table) and these invariants, in one snapshot:
    /// - for every tier, 0 ≤ held, 0 ≤ sold, held + sold ≤ quantity;
    /// - an event's held and sold are the sums over its tiers, and within its capacity;
    /// - a tier's held is the sum of its active holds (an expired hold counts until it is swept);
    /// - a tier's sold is its number of valid and used tickets;
    /// - every valid or used ticket belongs to a confirmed or partially refunded order;
    /// - an order's subtotal, fees and total are the sums of its items, and its refunded amount
    ///   the price plus fee of its refunded tickets;
    /// - a converted hold has its order;
    /// - the audit sequence runs 1, 2, 3… without gaps.
    public func verify() throws -> VerificationReport {
        try query { txn in
            var check = InvariantCheck(tables: tables, txn: txn)
            return VerificationReport(storage: try store.checkIntegrity(in: txn), invariants: try check.run())
        }
    }
}

private struct InvariantCheck {
    let tables: Tables
    let txn: ReadTransaction
    var violations: [InvariantViolation] = []

    init(tables: Tables, txn: ReadTransaction) {
        self.tables = tables
        self.txn = txn
    }

    mutating func fail(_ rule: String, _ type: String, _ id: CustomStringConvertible, _ detail: String) {
        violations.append(InvariantViolation(rule: rule, entityType: type, entityId: "\(id)".lowercased(), detail: detail))
    }

    /// Visits every record in pages, so memory stays bounded on large files.
    func each<R>(_ table: Table<R>, _ body: (R) throws -> Void) throws {
        var cursor: ScanCursor?
        repeat {
            let page = try table.scan(limit: 10_000, after: cursor, in: txn)
            try page.items.forEach(body)
            cursor = page.next
        } while cursor != nil
    }

    mutating func run() throws -> [InvariantViolation] {
        var heldByTier: [UUID: Int64] = [:]
        var soldByTier: [UUID: Int64] = [:]
        var orderLive: [UUID: Bool] = [:]
        var refundedByOrder: [UUID: Int64] = [:]
        var itemsByOrder: [UUID: (subtotal: Int64, fees: Int64)] = [:]
        var ordersSeen: Set<UUID> = []
        var holdsToCheck: [Hold] = []
        var liveTickets: [Ticket] = []

        try each(tables.holds) { hold in
            if hold.status == .active {
                for item in hold.items { heldByTier[item.ticketTypeId, default: 0] += item.quantity }
            }
            if hold.status == .converted { holdsToCheck.append(hold) }
        }
        try each(tables.tickets) { ticket in
            switch ticket.status {
            case .valid, .used:
                soldByTier[ticket.ticketTypeId, default: 0] += 1
                liveTickets.append(ticket)
            case .refunded:
                refundedByOrder[ticket.orderId, default: 0] += ticket.priceMinor + ticket.feeMinor
            case .cancelled: break
            }
        }
        try each(tables.orderItems) { item in
            let sums = itemsByOrder[item.orderId] ?? (0, 0)
            itemsByOrder[item.orderId] = (sums.subtotal + item.subtotalMinor, sums.fees + item.feesMinor)
        }
        var orders: [Order] = []
        try each(tables.orders) { orders.append($0) }
        for order in orders {
            ordersSeen.insert(order.id)
            orderLive[order.id] = order.status == .confirmed || order.status == .partiallyRefunded
            let sums = itemsByOrder[order.id] ?? (0, 0)
            if order.subtotalMinor != sums.subtotal || order.feesMinor != sums.fees || order.totalMinor != order.subtotalMinor + order.feesMinor {
                fail("order.totals_match_items", "order", order.number,
                     "subtotal \(order.subtotalMinor)/fees \(order.feesMinor)/total \(order.totalMinor) but items sum to \(sums.subtotal)/\(sums.fees)")
            }
            if order.refundedMinor != refundedByOrder[order.id, default: 0] {
                fail("order.refunded_matches_tickets", "order", order.number,
                     "refunded \(order.refundedMinor) but refunded tickets sum to \(refundedByOrder[order.id, default: 0])")
            }
        }
        for ticket in liveTickets where orderLive[ticket.orderId] != true {
            fail("ticket.order_is_live", "ticket", ticket.id, "valid or used ticket of an order that is not confirmed")
        }
        for hold in holdsToCheck where hold.orderId.map({ !ordersSeen.contains($0) }) ?? true {
            fail("hold.converted_has_order", "hold", hold.id, "converted hold without its order")
        }

        var eventSums: [UUID: (held: Int64, sold: Int64)] = [:]
        var tiers: [TicketType] = []
        try each(tables.ticketTypes) { tiers.append($0) }
        for tier in tiers {
            let q = tier.details.quantity
            if tier.held < 0 || tier.sold < 0 || tier.held + tier.sold > q {
                fail("tier.within_quantity", "ticket_type", tier.id, "held \(tier.held) + sold \(tier.sold) > quantity \(q) or negative")
            }
            if tier.held != heldByTier[tier.id, default: 0] {
                fail("tier.held_matches_holds", "ticket_type", tier.id, "held \(tier.held) but active holds sum to \(heldByTier[tier.id, default: 0])")
            }
            if tier.sold != soldByTier[tier.id, default: 0] {
                fail("tier.sold_matches_tickets", "ticket_type", tier.id, "sold \(tier.sold) but \(soldByTier[tier.id, default: 0]) valid or used tickets")
            }
            let sums = eventSums[tier.eventId] ?? (0, 0)
            eventSums[tier.eventId] = (sums.held + tier.held, sums.sold + tier.sold)
        }
        var events: [Event] = []
        try each(tables.events) { events.append($0) }
        for event in events {
            let sums = eventSums[event.id] ?? (0, 0)
            if event.held != sums.held || event.sold != sums.sold {
                fail("event.counters_match_tiers", "event", event.id, "held/sold \(event.held)/\(event.sold) but tiers sum to \(sums.held)/\(sums.sold)")
            }
            if let capacity = event.details.capacity, sums.held + sums.sold > capacity {
                fail("event.within_capacity", "event", event.id, "tiers hold and sell \(sums.held + sums.sold) > capacity \(capacity)")
            }
        }

        var expected: UInt64 = 1
        try each(tables.audit) { entry in
            if entry.sequence != expected {
                violations.append(InvariantViolation(rule: "audit.gapless", entityType: "audit", entityId: "\(entry.sequence)",
                                                     detail: "expected sequence \(expected)"))
            }
            expected = entry.sequence + 1
        }
        return violations
    }
}
