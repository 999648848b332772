import BoxOfficeStore
import FoundationEssentials

/// The waitlist of sold-out events: people queue for a tier (or any tier), and stock that frees
/// up is offered to them in FIFO order as real holds, in the transaction that frees it
/// (docs/WAITLIST.md). Accepting an offer is confirming its hold.
extension Engine {
    /// Puts a customer, or an email address, on the event's waitlist for `quantity` tickets of
    /// one tier, or of any tier (`ticketTypeId` nil: the first tier by sortOrder with room for
    /// all of them). An email address is the organization's customer with that address, made if
    /// there is none, so that an offer's order and tickets are theirs. If stock is free for the
    /// entry now (nobody waits ahead), it is offered at once. Returns the entry with its position
    /// in the event's queue, or its offer.
    ///
    /// Throws `invalidArgument` for a quantity outside 1...10000, neither or both of customer and
    /// email, a bad email, a tier or customer of another event or organization; `limitExceeded`
    /// for a quantity outside the tier's per-order limits (for any tier: outside every tier's);
    /// `notOnSale` for a hidden tier or sales that closed; `invalidState` for an event that is
    /// not published or whose waitlist is disabled; `duplicate` when the email waits (or holds an
    /// offer) for the same tier already (the same customer, by whatever address).
    public func joinWaitlist(eventId: UUID, ticketTypeId: UUID? = nil, quantity: Int64, customerId: UUID? = nil, email: String? = nil,
                             actor: Actor = .system) throws -> WaitlistPlace {
        guard (1...Hold.maxTickets).contains(quantity) else {
            throw BoxOfficeError.invalidArgument("quantity must be 1...\(Hold.maxTickets), not \(quantity)")
        }
        guard (customerId == nil) != (email == nil) else {
            throw BoxOfficeError.invalidArgument("give a customer or an email address to join the waitlist, not \(customerId == nil ? "neither" : "both")")
        }
        if let email { try Validate.email(email, "email") }
        return try mutate(actor) { m in
            let event = try m.event(eventId)
            try m.authorize("join waitlist", minimum: .operator, in: event.organizationId)
            guard event.status == .published else {
                throw BoxOfficeError.invalidState(Event.self, id: eventId.lowercasedString, state: event.status.rawValue, action: "join the waitlist of")
            }
            guard event.details.waitlistEnabled else {
                throw BoxOfficeError.invalidState(Event.self, id: eventId.lowercasedString, state: "waitlist disabled", action: "join the waitlist of")
            }
            guard m.now < event.details.salesCloseAt else { throw BoxOfficeError.notOnSale("sales closed at \(Validate.iso(event.details.salesCloseAt))") }
            try m.checkWaitlistTier(ticketTypeId, of: event, quantity: quantity)
            let customer = try m.waitlistCustomer(customerId, email: email, of: event.organizationId)
            let address = customer.details.email.lowercased()
            let joined = try m.t.waitlist.scan(index: .eventCustomer, .prefix(Key(eventId, customer.id)), in: m.txn).items
            if joined.contains(where: { $0.ticketTypeId == ticketTypeId }) {
                throw BoxOfficeError.duplicate(entity: WaitlistEntry.entityName, field: "email", value: address)
            }
            let entry = try m.t.waitlist.insert(WaitlistEntry(id: m.ids.next(), now: m.now, event: event, ticketTypeId: ticketTypeId,
                                                              quantity: quantity, customerId: customer.id, email: address), in: m.txn)
            try m.queue(entry, 1)
            try m.audit("waitlist.join", WaitlistEntry.self, entry.id, "event=\(eventId.lowercasedString) tickets=\(quantity)")
            _ = try m.sweepExpired(eventId: eventId)
            try m.offerFreedStock()  // free stock nobody waits for ahead is offered at once
            return try Self.place(try m.load(m.t.waitlist, entry.id), in: m.txn, tables: m.t)
        }
    }

    /// Takes an entry off the waitlist: a waiting one leaves the queue; an offered one's hold is
    /// released and its stock offered on. Leaving again changes nothing; an entry that accepted
    /// its offer cannot leave (cancel or refund its order).
    public func leaveWaitlist(_ entryId: UUID, actor: Actor = .system) throws -> WaitlistEntry {
        try mutate(actor) { m in
            var entry = try m.load(m.t.waitlist, entryId)
            try m.authorize("leave waitlist", minimum: .operator, in: entry.organizationId)
            switch entry.status {
            case .waiting: break
            case .offered: try m.endOfferHold(entry)
            case .left, .declined, .expired, .closed: return entry
            case .accepted:
                throw BoxOfficeError.invalidState(WaitlistEntry.self, id: entryId.lowercasedString, state: "accepted", action: "leave")
            }
            entry = try m.load(m.t.waitlist, entryId)
            if entry.status == .waiting { try m.queue(entry, -1) }  // waiting, or requeued as its offer ran out
            entry = try m.settle(entry, as: .left)
            try m.audit("waitlist.leave", WaitlistEntry.self, entryId, "")
            return entry
        }
    }

    /// Declines an offer: its hold is released, the entry leaves the list (declined), and the
    /// stock is offered to the next. Throws `invalidState` unless the entry holds a live offer
    /// (one that ran out has passed on already).
    public func declineWaitlistOffer(_ entryId: UUID, actor: Actor = .system) throws -> WaitlistEntry {
        try mutate(actor) { m in
            let entry = try m.load(m.t.waitlist, entryId)
            try m.authorize("decline waitlist offer", minimum: .operator, in: entry.organizationId)
            _ = try m.sweepExpired(eventId: entry.eventId)
            let current = try m.load(m.t.waitlist, entryId)
            guard current.status == .offered else {
                throw BoxOfficeError.invalidState(WaitlistEntry.self, id: entryId.lowercasedString, state: current.status.rawValue, action: "decline")
            }
            try m.endOfferHold(current)
            return try m.load(m.t.waitlist, entryId)
        }
    }

    /// An entry with its position and offer, or nil.
    public func waitlistEntry(_ entryId: UUID) throws -> WaitlistPlace? {
        try query { txn in try tables.waitlist.get(entryId, in: txn).map { try Self.place($0, in: txn, tables: tables) } }
    }

    /// Every entry of an event, in the order they joined, with positions and offers (empty for
    /// an unknown event).
    public func waitlist(eventId: UUID) throws -> [WaitlistPlace] {
        try query { txn in
            let queue = try tables.waitlist.indexEntries(BoxOfficeSchema.Indexes.waitlistQueue.name, .prefix(Key(eventId)), in: txn).items
            var positions: [Key: Int64] = [:]
            for (i, entry) in queue.enumerated() { positions[entry.primaryKey] = Int64(i + 1) }
            return try tables.waitlist.scan(index: .event, .prefix(Key(eventId)), in: txn).items.map { entry in
                WaitlistPlace(entry: entry, position: positions[Key(entry.id)], offer: try Self.offer(of: entry, in: txn, tables: tables))
            }
        }
    }

    /// An entry with its position in its event's queue (counted over the queue index, without
    /// reading the entries ahead) and its live offer.
    static func place(_ entry: WaitlistEntry, in txn: ReadTransaction, tables: Tables) throws -> WaitlistPlace {
        var position: Int64?
        if entry.status == .waiting {
            let ahead = try tables.waitlist.indexEntries(BoxOfficeSchema.Indexes.waitlistQueue.name,
                                                         .between(Key(entry.eventId), and: Key(entry.eventId, entry.queuedAt + 1)), in: txn).items
            let me = Key(entry.id)
            position = Int64((ahead.firstIndex { $0.primaryKey == me } ?? ahead.count) + 1)
        }
        return WaitlistPlace(entry: entry, position: position, offer: try offer(of: entry, in: txn, tables: tables))
    }

    private static func offer(of entry: WaitlistEntry, in txn: ReadTransaction, tables: Tables) throws -> Hold? {
        guard entry.status == .offered, let holdId = entry.offerHoldId else { return nil }
        return try tables.holds.get(holdId, in: txn)
    }
}

extension Mutation {
    /// The customer an entry is for: the one given, or the organization's customer with `email`
    /// (made if there is none), so that an offer's order, tickets and notifications reach them.
    mutating func waitlistCustomer(_ customerId: UUID?, email: String?, of organizationId: UUID) throws -> Customer {
        if let customerId {
            let customer = try load(t.customers, customerId)
            guard customer.organizationId == organizationId else { throw BoxOfficeError.invalidArgument("customer belongs to another organization") }
            return customer
        }
        let address = email ?? ""
        if let known = try t.customers.lookup(.orgEmail, Key(organizationId, address.lowercased()), in: txn) { return known }
        let customer = try t.customers.insert(Customer(id: ids.next(), now: now, organizationId: organizationId,
                                                       details: CustomerDetails(email: address)), in: txn)
        try audit("customer.create", Customer.self, customer.id, "from the waitlist")
        return customer
    }

    /// Checks the tier an entry waits for (nil: any tier, of which one must take `quantity`).
    func checkWaitlistTier(_ ticketTypeId: UUID?, of event: Event, quantity: Int64) throws {
        let tiers = try ticketTypeId.map { [try load(t.ticketTypes, $0)] } ?? t.ticketTypes.scan(index: .event, .prefix(Key(event.id)), in: txn).items
        if let tier = tiers.first, ticketTypeId != nil {
            guard tier.eventId == event.id else { throw BoxOfficeError.invalidArgument("ticket type \(tier.id.lowercasedString) is not of this event") }
            guard !tier.details.hidden else { throw BoxOfficeError.notOnSale("'\(tier.details.name)' is hidden") }
            if let end = tier.details.salesEndAt, now >= end { throw BoxOfficeError.notOnSale("'\(tier.details.name)' sales closed at \(Validate.iso(end))") }
        }
        // More than a tier, the event capacity or a quota of the tier holds could never be offered,
        // and would keep the tier's stock forever.
        let onSale = tiers.filter { tier in !tier.details.hidden && tier.details.salesEndAt.map { now < $0 } ?? true }
        guard let first = onSale.first else { throw BoxOfficeError.notOnSale("the event has no tier on sale") }
        let limits = try onSale.map { try largestSale(of: $0) }
        let fitting = zip(onSale, limits).filter { quantity <= $1.tickets }.map(\.0)
        guard let tier = fitting.first else {
            let largest = zip(onSale, limits).max { $0.1.tickets < $1.1.tickets }!.1
            throw BoxOfficeError.invalidArgument("quantity \(quantity) is more than can ever be sold: \(ticketTypeId == nil ? "the most any tier on sale can" : "the most it can") is \(largest.tickets), \(largest.limit)")
        }
        guard !fitting.contains(where: { (($0.details.minPerOrder)...($0.details.maxPerOrder)).contains(quantity) }) else { return }
        throw BoxOfficeError.limitExceeded(ticketTypeId: tier.id, name: tier.details.name, requested: quantity,
                                           min: tier.details.minPerOrder, max: tier.details.maxPerOrder)
    }

    /// Releases an offered entry's hold, which declines the offer (``endOffer(_:holdId:expired:)``).
    mutating func endOfferHold(_ entry: WaitlistEntry) throws {
        guard let holdId = entry.offerHoldId else { return }
        let hold = try load(t.holds, holdId)
        if hold.status == .active { try endHold(hold, as: hold.expiresAt <= now ? .expired : .released) }
    }
}
