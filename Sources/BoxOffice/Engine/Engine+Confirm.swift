import BoxOfficeStore
import FoundationEssentials

extension Engine {
    /// Turns an active hold into a pending order (operator or above): its items at the prices,
    /// fees, taxes and discount frozen in the hold, no tickets yet, and a payment deadline
    /// (`paymentDueAt`) at the hold's expiry. The hold keeps the stock until the order is paid
    /// (``recordPayment(_:actor:)`` or ``confirmHold(_:paymentReference:idempotencyKey:actor:)``),
    /// its payment fails (the order is cancelled) or the deadline passes (the order expires); both
    /// release the stock.
    ///
    /// Checking out a hold again returns its pending order. Throws
    /// ``BoxOfficeError/holdExpired(holdId:)`` for a hold that ended, and `invalidState` for one
    /// already confirmed.
    public func checkout(_ holdId: UUID, actor: Actor = .system) throws -> Order {
        try mutate(actor) { m in
            let eventId = try m.load(m.t.holds, holdId).eventId
            try m.authorize("check out hold", minimum: .operator, in: try m.load(m.t.events, eventId).organizationId)
            _ = try m.sweepExpired(eventId: eventId)
            var hold = try m.load(m.t.holds, holdId)
            switch hold.status {
            case .active: break
            case .expired, .released: throw BoxOfficeError.holdExpired(holdId: holdId)
            case .converted: throw BoxOfficeError.invalidState(Hold.self, id: holdId.lowercasedString, state: "converted", action: "check out")
            }
            if let orderId = hold.orderId { return try m.load(m.t.orders, orderId) }
            let order = try m.t.orders.insert(try m.newOrder(for: hold, event: try m.event(hold.eventId)).order, in: m.txn)
            hold.orderId = order.id
            hold.updatedAt = m.now
            try m.t.holds.update(hold, in: m.txn)
            try m.audit("order.checkout", Order.self, order.id, "number=\(order.number) hold=\(holdId.lowercasedString) "
                        + "total=\(Currency.format(order.totalMinor, order.currency)) due=\(Validate.iso(hold.expiresAt))")
            return order
        }
    }

    /// Confirms a hold paid outside any provider (cash at a kiosk), in one step: its order (the
    /// pending one if it was checked out) is paid, its tickets are issued, and the ledger gets a
    /// purchase of the order's total. Prices, fees and taxes are those frozen in the hold.
    ///
    /// A hold that expired or was released still confirms if its tickets are free (taken back
    /// from stock now, with its voucher's uses); otherwise this throws
    /// ``BoxOfficeError/holdExpired(holdId:)`` so the host can refund a payment that arrived too
    /// late. With an `idempotencyKey` already used for a confirmation, returns that order and
    /// changes nothing; a hold confirmed under another key is an
    /// ``BoxOfficeError/invalidState(entity:id:state:action:)``.
    public func confirmHold(_ holdId: UUID, paymentReference: String? = nil, idempotencyKey: String? = nil,
                            actor: Actor = .system) throws -> Order {
        if let paymentReference { try Validate.text(paymentReference, "paymentReference") }
        let request = { "hold=\(holdId)" }
        return try mutate(actor) { m -> Result<Order, BoxOfficeError> in
            let hold = try m.load(m.t.holds, holdId)
            let event = try m.load(m.t.events, hold.eventId)
            try m.authorize("confirm hold", minimum: .operator, in: event.organizationId)
            if let earlier = try m.remembered(idempotencyKey, in: event.organizationId, "order.confirm", request()) {
                return .success(try m.load(m.t.orders, earlier))
            }
            // The sweep and a late sale's offers to the queue commit even if the sale is refused.
            let prepared = try m.prepareSale(of: hold)
            let sell = { (m: inout Mutation) throws -> Order in
                // What was read stays current unless preparing wrote something.
                let (order, _) = try m.confirm(holdId, paymentId: nil, reference: paymentReference,
                                               read: prepared == 0 ? (hold, event) : nil)
                try m.remember(idempotencyKey, in: event.organizationId, "order.confirm", request(), order.id)
                return order
            }
            return prepared > 0 ? try m.attempt(sell) : .success(try sell(&m))
        }.get()
    }
}

extension Mutation {
    /// Sells a hold: its stock moves from held to sold (or, if the hold ended, is taken again if
    /// free: `late`), its order (the pending one, or a new one) becomes confirmed and paid by
    /// `reference` with a purchase in the ledger, its tickets are issued and the hold is converted.
    /// The order is written once. Call ``prepareSale(of:)`` first. `read` are the hold and its
    /// event as the caller read them in this write, when it has and they have not changed since,
    /// so that they are not decoded again (a changed one is a version conflict).
    mutating func confirm(_ holdId: UUID, paymentId: UUID?, reference: String?,
                          read: (hold: Hold, event: Event)? = nil) throws -> (order: Order, late: Bool) {
        let original = try read?.hold ?? load(t.holds, holdId)
        var hold = original
        let event = try read.map(\.event).flatMap { $0.deletedAt == nil ? $0 : nil } ?? self.event(hold.eventId)
        let late = try sell(hold, event: event)
        var (order, items) = try hold.orderId.map { id in
            (try load(t.orders, id), try t.orderItems.scan(index: .order, .prefix(Key(id)), in: txn).items)
        } ?? newOrder(for: hold, event: event)
        let customer = try hold.customerId.flatMap { try t.customers.get($0, in: txn) }
        try issueTickets(order, items: items, customer: customer, seats: hold.seats)
        order.status = .confirmed
        order.paymentStatus = .completed
        order.paymentReference = reference ?? order.paymentReference
        order.paymentDueAt = nil
        order.updatedAt = now
        try book(.purchase, order.totalMinor, on: &order, taxMinor: order.taxMinor, paymentId: paymentId, reference: reference,
                 note: late ? "late payment" : "")
        order = try hold.orderId == nil ? t.orders.insert(order, in: txn) : t.orders.update(order, in: txn)
        hold.status = .converted
        hold.orderId = order.id
        hold.updatedAt = now
        try t.holds.update(hold, replacing: original, in: txn)
        if let entryId = hold.waitlistEntryId { try acceptOffer(entryId, holdId: holdId) }
        try audit("order.confirm", Order.self, order.id, "number=\(order.number) hold=\(holdId.lowercasedString) "
                  + "total=\(Currency.format(order.totalMinor, order.currency))" + (late ? " late" : ""))
        let confirmed = order
        try notify(.orderConfirmed, organizationId: order.organizationId, recipient: customer?.details.email ?? "", subjectId: order.id) {
            try orderPayload(confirmed, tickets: true)
        }
        return (order, late)
    }

    /// Brings a hold's event up to date before selling it: sweeps what expired and, if the hold
    /// has ended (a late sale), serves the waitlist first, which comes before it. Returns the
    /// changes written.
    mutating func prepareSale(of hold: Hold) throws -> Int {
        let eventId = hold.eventId
        let swept = try sweepExpired(eventId: eventId)
        guard try (swept == 0 ? hold : load(t.holds, hold.id)).status != .active else { return swept }
        var event = try self.event(eventId)
        return try swept + serveQueue(&event)
    }

    /// Moves a hold's stock to sold and returns whether it was late. An active hold's is held;
    /// an ended one's is taken again if the event has not ended and the stock (and its voucher's
    /// uses) are free, else ``BoxOfficeError/holdExpired(holdId:)``, thrown before any write.
    private mutating func sell(_ hold: Hold, event: Event) throws -> Bool {
        switch hold.status {
        case .active:
            try adjust(eventId: event.id, hold.items, held: -1, sold: 1, read: (event, []))
            try moveSeats(hold.seats, of: event.id, from: .held, to: .sold)
            return false
        case .expired, .released:
            // An offer that ended passed its stock to the next in the queue.
            guard hold.waitlistEntryId == nil, now < event.details.endsAt else { throw BoxOfficeError.holdExpired(holdId: hold.id) }
            let voucher = try hold.voucherId.map { try load(t.vouchers, $0) }
            if let v = voucher, v.remainingUses < hold.voucherUses { throw BoxOfficeError.holdExpired(holdId: hold.id) }
            let reserved = voucher?.block(hold.voucherUses) ?? [:]
            do { _ = try checkAvailable(event, hold.items, sale: false, reserved: reserved) } catch BoxOfficeError.soldOut, BoxOfficeError.notOnSale {
                throw BoxOfficeError.holdExpired(holdId: hold.id)
            }
            do { try moveSeats(hold.seats, of: event.id, from: .free, to: .sold) } catch BoxOfficeError.seatUnavailable {
                throw BoxOfficeError.holdExpired(holdId: hold.id)  // its seats were sold meanwhile; nothing is written yet
            }
            if let voucher { try countUses(of: voucher.id, hold.voucherUses) }
            try adjust(eventId: event.id, hold.items, held: 0, sold: 1, blocked: reserved.mapValues { -$0 })
            return true
        case .converted:
            throw BoxOfficeError.invalidState(Hold.self, id: hold.id.lowercasedString, state: "converted", action: "confirm")
        }
    }

    /// A pending order for a hold, at the hold's frozen prices, with its items, which are written;
    /// the order is the caller's to write.
    mutating func newOrder(for hold: Hold, event: Event) throws -> (order: Order, items: [OrderItem]) {
        let org = try organization(event.organizationId)
        var number = OrderNumber.generate()
        while try t.orders.lookup(.number, Key(number), in: txn) != nil { number = OrderNumber.generate() }
        var order = Order(id: ids.next(), now: now, number: number, organizationId: org.id, eventId: event.id,
                          customerId: hold.customerId, holdId: hold.id, currency: org.details.currency,
                          paymentDueAt: hold.expiresAt, voucherId: hold.voucherId)
        var items: [OrderItem] = []
        for held in hold.items {
            let item = try t.orderItems.insert(OrderItem(id: ids.next(), now: now, orderId: order.id, held: held), in: txn)
            order.subtotalMinor = try Money.add(order.subtotalMinor, try Money.multiply(item.quantity, item.unitPriceMinor))
            order.feesMinor = try Money.add(order.feesMinor, try Money.multiply(item.quantity, item.feePerTicketMinor))
            order.taxMinor = try Money.add(order.taxMinor, try Money.multiply(item.quantity, item.taxPerTicketMinor))
            items.append(item)
        }
        order.totalMinor = try Money.add(order.subtotalMinor, order.feesMinor)
        return (order, items)
    }

    /// Issues one ticket per place of each of the order's items, to the customer if there is one,
    /// each ticket of a seated tier with one of the hold's seats (listed by tier in item order).
    private func issueTickets(_ order: Order, items: [OrderItem], customer: Customer?, seats: [String]) throws {
        let name = customer.map { [$0.details.firstName, $0.details.lastName].filter { !$0.isEmpty }.joined(separator: " ") } ?? ""
        let book = seats.isEmpty ? nil : try seatBook(order.eventId)
        var seatsByTier: [UUID: ArraySlice<String>] = [:]
        if let book {
            for label in seats { seatsByTier[book.tier(of: try book.map.seat(label)), default: []].append(label) }
        }
        for item in items {
            for _ in 0..<item.quantity {
                var ticket = Ticket(id: ids.next(), now: now, code: TicketCode.generate(), order: order, item: item,
                                    attendeeName: name, attendeeEmail: customer?.details.email ?? "")
                ticket.seat = seatsByTier[item.ticketTypeId]?.popFirst()
                try t.tickets.insert(ticket, in: txn)
            }
        }
    }
}
