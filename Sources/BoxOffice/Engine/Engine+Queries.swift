import BoxOfficeStore
import FoundationEssentials

extension Engine {
    public func order(_ id: UUID) throws -> Order? { try query { try tables.orders.get(id, in: $0) } }

    /// The order with this number ("7KQ2-M9XA"; case, dashes and O/0, I/1 confusions forgiven).
    public func order(number: String) throws -> Order? {
        guard let normalized = OrderNumber.normalize(number) else { return nil }
        return try query { try tables.orders.lookup(.number, Key(normalized), in: $0) }
    }

    public func orderItems(orderId: UUID) throws -> [OrderItem] {
        try query { try tables.orderItems.scan(index: .order, .prefix(Key(orderId)), in: $0).items }
    }

    public func tickets(orderId: UUID) throws -> [Ticket] {
        try query { try tables.tickets.scan(index: .order, .prefix(Key(orderId)), in: $0).items }
    }

    /// The ticket with this code (normalized as at the door), or nil.
    public func ticket(code: String) throws -> Ticket? {
        guard let normalized = TicketCode.normalize(code) else { return nil }
        return try query { try tables.tickets.lookup(.code, Key(normalized), in: $0) }
    }

    public func ticket(_ id: UUID) throws -> Ticket? { try query { try tables.tickets.get(id, in: $0) } }

    /// Every scan of a ticket, oldest first.
    public func checkIns(ticketId: UUID) throws -> [CheckIn] {
        try query { try tables.checkIns.scan(index: .ticket, .prefix(Key(ticketId)), in: $0).items }
    }

    /// The change feed: audit entries after sequence `after`, oldest first, at most `limit`.
    ///
    /// Every entry returned is durable: the file is flushed after they are read and before they
    /// are returned. A writer in ``Durability/durableSales`` leaves a hold's commit to the next
    /// flush, and a power cut undoing it would give its sequence numbers to later changes, which
    /// a consumer that kept its place would then skip.
    public func auditFeed(after: UInt64 = APIDefaults.auditFeedAfter, limit: Int = APIDefaults.auditFeedLimit) throws -> [AuditEntry] {
        guard (1...10_000).contains(limit) else { throw BoxOfficeError.invalidArgument("limit must be 1...10000, not \(limit)") }
        guard after < UInt64.max else { return [] }
        let entries = try query { try tables.audit.scan(.from(Key(after + 1)), limit: limit, in: $0).items }
        if !entries.isEmpty { try sync() }
        return entries
    }
}

extension Engine {
    /// An order with its items, tickets, payments and ledger entries, read in one snapshot.
    public func orderDetail(_ order: Order) throws -> OrderDetail {
        try query { txn in
            OrderDetail(order: order, items: try tables.orderItems.scan(index: .order, .prefix(Key(order.id)), in: txn).items,
                        tickets: try tables.tickets.scan(index: .order, .prefix(Key(order.id)), in: txn).items,
                        payments: try tables.payments.scan(index: .order, .prefix(Key(order.id)), in: txn).items,
                        ledger: try tables.ledger.scan(index: .order, .prefix(Key(order.id)), in: txn).items)
        }
    }

    /// A ticket with its scans, oldest first.
    public func ticketDetail(_ ticket: Ticket) throws -> TicketDetail {
        TicketDetail(ticket: ticket, checkIns: try checkIns(ticketId: ticket.id))
    }

    /// One page of an event's orders, newest first: up to `limit` (1...1000) orders after the
    /// page whose ``OrderPage/next`` is `cursor` (nil: the first page).
    public func orders(eventId: UUID, after cursor: String? = nil, limit: Int = APIDefaults.ordersListByEventLimit) throws -> OrderPage {
        try ordersPage(.event, Key(eventId), after: cursor, limit: limit)
    }

    /// One page of a customer's orders, newest first; paging as ``orders(eventId:after:limit:)``.
    public func orders(customerId: UUID, after cursor: String? = nil, limit: Int = APIDefaults.ordersListByCustomerLimit) throws -> OrderPage {
        try ordersPage(.customer, Key(customerId), after: cursor, limit: limit)
    }

    private func ordersPage(_ index: IndexDefinition<Order>, _ key: Key, after cursor: String?, limit: Int) throws -> OrderPage {
        let page = try self.page(tables.orders, index, key, after: cursor, limit: limit, reverse: true)
        return OrderPage(orders: page.items, next: page.next)
    }

    /// Up to `limit` (1...1000) records of `table` whose `index` key starts with `key`, after the
    /// page whose `next` token is `cursor` (nil: the first page).
    func page<R: Record>(_ table: Table<R>, _ index: IndexDefinition<R>, _ key: Key, after cursor: String?, limit: Int,
                         reverse: Bool) throws -> (items: [R], next: String?) {
        guard (1...1_000).contains(limit) else { throw BoxOfficeError.invalidArgument("limit must be 1...1000, not \(limit)") }
        // The store's reasons name its internal index; the caller needs to know only that the cursor is not this list's.
        let notThisList = { BoxOfficeError.invalidArgument(
            "cursor \(Validate.quoted(cursor ?? "", max: 40)) is not the `next` of a page of this list "
                + "(it comes from another list or was altered); pass none for the first page") }
        var start: ScanCursor?
        if let cursor {
            guard let parsed = try? ScanCursor(token: cursor) else { throw notThisList() }
            start = parsed
        }
        let page = try query { txn in
            do {
                return try table.scan(index: index, .prefix(key), limit: limit, reverse: reverse, after: start, in: txn)
            } catch StoreError.invalidCursor {
                throw notThisList()
            }
        }
        return (page.items, page.next?.token)
    }
}

/// What tickets charged, net of refunded tickets, with fees and taxes apart (minor units of the
/// event's currency).
public struct Revenue: Sendable, Equatable, Codable {
    /// The tickets' prices, tax excluded.
    public var ticketsMinor: Int64 = 0
    /// The service fees charged with them.
    public var feesMinor: Int64 = 0
    /// The tax within the prices.
    public var taxMinor: Int64 = 0
}

/// An event's money as its orders' ledgers have it (minor units of the event's currency): what
/// was paid, refunded (tickets and amounts) and charged back, and what providers kept.
public struct LedgerTotals: Sendable, Equatable, Codable {
    public var paidMinor: Int64 = 0
    public var refundedMinor: Int64 = 0
    public var chargedBackMinor: Int64 = 0
    public var providerFeesMinor: Int64 = 0
    public init() {}
    /// Paid less refunded and charged back: what the event's orders brought in.
    public var netMinor: Int64 { paidMinor - refundedMinor - chargedBackMinor }
}

extension Engine {
    /// Each tier's revenue: the prices (tax apart) and fees its tickets were sold at, less those
    /// refunded (a cancelled ticket keeps its money: cancelling moves none). From the tickets themselves, so
    /// a price changed after a sale does not rewrite what the sale charged.
    public func revenue(eventId: UUID) throws -> [UUID: Revenue] {
        try query { txn in
            var byTier: [UUID: Revenue] = [:]
            for ticket in try tables.tickets.scan(index: .event, .prefix(Key(eventId)), in: txn).items where ticket.status != .refunded {
                var revenue = byTier[ticket.ticketTypeId, default: Revenue()]
                revenue.ticketsMinor = try Money.add(revenue.ticketsMinor, ticket.priceMinor - ticket.taxMinor)
                revenue.feesMinor = try Money.add(revenue.feesMinor, ticket.feeMinor)
                revenue.taxMinor = try Money.add(revenue.taxMinor, ticket.taxMinor)
                byTier[ticket.ticketTypeId] = revenue
            }
            return byTier
        }
    }

    /// The sums of the event's orders' ledgers (refunds by amount are not tied to tiers, so
    /// they show here and not in ``revenue(eventId:)``).
    public func ledgerTotals(eventId: UUID) throws -> LedgerTotals {
        try query { txn in
            var totals = LedgerTotals()
            for order in try tables.orders.scan(index: .event, .prefix(Key(eventId)), in: txn).items {
                totals.paidMinor = try Money.add(totals.paidMinor, order.paidMinor)
                totals.refundedMinor = try Money.add(totals.refundedMinor, order.refundedMinor)
                totals.chargedBackMinor = try Money.add(totals.chargedBackMinor, order.chargedBackMinor)
                totals.providerFeesMinor = try Money.add(totals.providerFeesMinor, order.providerFeesMinor)
            }
            return totals
        }
    }
}
