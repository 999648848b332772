import BoxOfficeStore
import FoundationEssentials

extension Engine {
    /// Turns a hold into a confirmed order with its items and one ticket per seat, at the prices
    /// and fees (see ``Fees``) frozen when the hold was made.
    ///
    /// A hold that expired still confirms if its tickets are free (taken back from stock now);
    /// otherwise this throws ``BoxOfficeError/holdExpired(holdId:)`` so the host can refund a
    /// payment that arrived too late. With an `idempotencyKey` already used for a confirmation,
    /// returns that order and changes nothing; a hold confirmed under another key is an
    /// ``BoxOfficeError/invalidState(entity:id:state:action:)``.
    public func confirmHold(_ holdId: UUID, paymentReference: String? = nil, idempotencyKey: String? = nil,
                            actor: Actor = .system) throws -> Order {
        if let paymentReference { try Validate.text(paymentReference, "paymentReference") }
        let request = { "hold=\(holdId)" }
        return try mutate(actor) { m in
            var hold = try m.load(m.t.holds, holdId)
            let organization = try m.load(m.t.events, hold.eventId).organizationId
            try m.authorize("confirm hold", minimum: .operator, in: organization)
            if let earlier = try m.remembered(idempotencyKey, in: organization, "order.confirm", request()) { return try m.load(m.t.orders, earlier) }
            _ = try m.sweepExpiredHolds(eventId: hold.eventId)
            hold = try m.load(m.t.holds, holdId)
            let event = try m.event(hold.eventId)
            switch hold.status {
            case .active:
                try m.adjust(eventId: event.id, hold.items, held: -1, sold: 1)
            case .expired:
                // Late: the tickets are taken from stock again if they are free and the event is not over.
                guard m.now < event.details.endsAt else { throw BoxOfficeError.holdExpired(holdId: holdId) }
                do { _ = try m.checkAvailable(event, hold.items, sale: false) } catch BoxOfficeError.soldOut, BoxOfficeError.notOnSale {
                    throw BoxOfficeError.holdExpired(holdId: holdId)
                }
                try m.adjust(eventId: event.id, hold.items, held: 0, sold: 1)
            case .released:
                throw BoxOfficeError.holdExpired(holdId: holdId)
            case .converted:
                throw BoxOfficeError.invalidState(Hold.self, id: holdId.uuidString.lowercased(), state: "converted", action: "confirm")
            }
            let order = try m.createOrder(for: hold, event: event, paymentReference: paymentReference)
            hold.status = .converted
            hold.orderId = order.id
            hold.updatedAt = m.now
            try m.t.holds.update(hold, in: m.txn)
            try m.remember(idempotencyKey, in: organization, "order.confirm", request(), order.id)
            try m.audit("order.confirm", Order.self, order.id,
                        "number=\(order.number) hold=\(holdId.uuidString.lowercased()) total=\(Currency.format(order.totalMinor, order.currency))")
            return order
        }
    }
}

extension Mutation {
    /// Writes the order, its items and its tickets for a hold whose stock is already sold.
    func createOrder(for hold: Hold, event: Event, paymentReference: String?) throws -> Order {
        let org = try organization(event.organizationId)
        let customer = try hold.customerId.flatMap { try t.customers.get($0, in: txn) }
        var number = OrderNumber.generate()
        while try t.orders.lookup(.number, Key(number), in: txn) != nil { number = OrderNumber.generate() }
        var order = Order(id: ids.next(), now: now, number: number, organizationId: org.id, eventId: event.id,
                          customerId: hold.customerId, holdId: hold.id, currency: org.details.currency,
                          paymentReference: paymentReference)
        var items: [OrderItem] = []
        for held in hold.items {
            let item = OrderItem(id: ids.next(), now: now, orderId: order.id, ticketTypeId: held.ticketTypeId, quantity: held.quantity,
                                 unitPriceMinor: held.unitPriceMinor, feePerTicketMinor: held.feePerTicketMinor)
            order.subtotalMinor = try Money.add(order.subtotalMinor, try Money.multiply(item.quantity, item.unitPriceMinor))
            order.feesMinor = try Money.add(order.feesMinor, try Money.multiply(item.quantity, item.feePerTicketMinor))
            items.append(item)
        }
        order.totalMinor = try Money.add(order.subtotalMinor, order.feesMinor)
        order = try t.orders.insert(order, in: txn)
        let name = customer.map { [$0.details.firstName, $0.details.lastName].filter { !$0.isEmpty }.joined(separator: " ") } ?? ""
        for item in items {
            try t.orderItems.insert(item, in: txn)
            for _ in 0..<item.quantity {
                try t.tickets.insert(Ticket(id: ids.next(), now: now, code: TicketCode.generate(), order: order, item: item,
                                            attendeeName: name, attendeeEmail: customer?.details.email ?? ""), in: txn)
            }
        }
        return order
    }
}
