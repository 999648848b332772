import BoxOfficeStore
import FoundationEssentials

extension Engine {
    /// Cancels an order (manager or above): its valid and used tickets become cancelled and
    /// their stock returns, except the places of admitted ones (``Ticket/holdsItsPlace``). No money
    /// moves; refund first if the customer is owed.
    public func cancelOrder(_ id: UUID, reason: String = "", actor: Actor) throws -> Order {
        try Validate.text(reason, "reason", max: 1_000, allowEmpty: true)
        return try mutate(actor) { m in
            var order = try m.openOrder(id, action: "cancel")
            let tickets = try m.t.tickets.scan(index: .order, .prefix(Key(id)), in: m.txn).items
            _ = try m.retire(tickets, as: .cancelled)
            order.status = .cancelled
            if !reason.isEmpty { order.notes = order.notes.isEmpty ? reason : order.notes + "\n" + reason }
            order.updatedAt = m.now
            order = try m.t.orders.update(order, in: m.txn)
            try m.audit("order.cancel", Order.self, id, "number=\(order.number) reason=\(reason)")
            return order
        }
    }

    /// Refunds every remaining ticket of an order (manager or above): price plus fee each, stock
    /// returns, and the order becomes refunded. Refunding a refunded order is an invalid state.
    public func refundOrder(_ id: UUID, actor: Actor) throws -> Order {
        try mutate(actor) { m in
            let tickets = try m.t.tickets.scan(index: .order, .prefix(Key(id)), in: m.txn).items
            return try m.refund(orderId: id, tickets: tickets.filter { $0.status == .valid || $0.status == .used })
        }
    }

    /// Refunds some tickets of an order (manager or above). The order becomes partially refunded,
    /// or refunded when none is left.
    public func refundTickets(orderId: UUID, ticketIds: [UUID], actor: Actor) throws -> Order {
        guard !ticketIds.isEmpty else { throw BoxOfficeError.invalidArgument("no tickets to refund") }
        guard Set(ticketIds).count == ticketIds.count else { throw BoxOfficeError.invalidArgument("a ticket is listed twice") }
        return try mutate(actor) { m in
            _ = try m.openOrder(orderId, action: "refund")
            let tickets = try ticketIds.map { ticketId in
                let ticket = try m.load(m.t.tickets, ticketId)
                guard ticket.orderId == orderId else {
                    throw BoxOfficeError.invalidArgument("ticket \(ticketId.lowercasedString) is not of this order")
                }
                guard ticket.status == .valid || ticket.status == .used else {
                    throw BoxOfficeError.invalidState(Ticket.self, id: ticketId.lowercasedString,
                                                      state: ticket.status.rawValue, action: "refund")
                }
                return ticket
            }
            return try m.refund(orderId: orderId, tickets: tickets)
        }
    }
}

extension Mutation {
    /// A confirmed or partially refunded order of the actor's organization.
    func openOrder(_ id: UUID, action: String) throws -> Order {
        let order = try load(t.orders, id)
        try authorize("\(action) order", minimum: .manager, in: order.organizationId)
        guard order.status == .confirmed || order.status == .partiallyRefunded else {
            throw BoxOfficeError.invalidState(Order.self, id: order.number, state: order.status.rawValue, action: action)
        }
        return order
    }

    mutating func refund(orderId: UUID, tickets: [Ticket]) throws -> Order {
        var order = try openOrder(orderId, action: "refund")
        guard !tickets.isEmpty else {
            throw BoxOfficeError.invalidState(Order.self, id: order.number, state: "without refundable tickets", action: "refund")
        }
        let tax = tickets.reduce(0) { $0 + $1.taxMinor }
        let amount = try retire(tickets, as: .refunded)
        try book(.refund, amount, on: &order, taxMinor: tax, reference: nil, note: "tickets \(tickets.count)")
        let remaining = try t.tickets.scan(index: .order, .prefix(Key(orderId)), in: txn).items
            .contains { $0.status == .valid || $0.status == .used }
        order.status = remaining ? .partiallyRefunded : .refunded
        try settle(&order)  // refunding every ticket of an order paid twice leaves the second payment due back
        order.updatedAt = now
        order = try t.orders.update(order, in: txn)
        try audit("order.refund", Order.self, orderId, "number=\(order.number) tickets=\(tickets.count) amount=\(Currency.format(amount, order.currency))")
        return order
    }

    /// Moves valid and used tickets to `status` and returns their stock; returns what they cost
    /// (price plus fee).
    mutating func retire(_ tickets: [Ticket], as status: Ticket.Status) throws -> Int64 {
        var amount: Int64 = 0
        var byTier: [UUID: Int64] = [:]
        var eventId: UUID?
        var seats: [String] = []
        for var ticket in tickets where ticket.status == .valid || ticket.status == .used {
            ticket.status = status
            ticket.updatedAt = now
            try t.tickets.update(ticket, in: txn)
            amount = try Money.add(amount, try Money.add(ticket.priceMinor, ticket.feeMinor))
            eventId = ticket.eventId
            if !ticket.holdsItsPlace {  // an admitted one keeps it, and its seat
                byTier[ticket.ticketTypeId, default: 0] += 1
                if let seat = ticket.seat { seats.append(seat) }
            }
        }
        if let eventId, !byTier.isEmpty {
            let items = byTier.sorted { $0.key.uuidString < $1.key.uuidString }.map { Hold.Item(ticketTypeId: $0.key, quantity: $0.value) }
            try adjust(eventId: eventId, items, held: 0, sold: -1)
            try moveSeats(seats, of: eventId, from: .sold, to: .free)
        }
        return amount
    }
}
