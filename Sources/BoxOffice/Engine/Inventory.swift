import BoxOfficeStore
import FoundationEssentials

/// The inventory rules: every change of `held` or `sold` goes through here, on the tier and on
/// its event in the same transaction.
extension Mutation {
    /// Returns the inventory of `eventId`'s expired active holds: lazy expiry, run by every
    /// write that touches the event's tiers. Costs what has expired, read from an index.
    mutating func sweepExpiredHolds(eventId: UUID) throws -> Int {
        let expired = try t.holds.scan(index: .eventExpiry, .between(Key(eventId), and: Key(eventId, now + 1)), in: txn).items
        for hold in expired { try endHold(hold, as: .expired) }
        return expired.count
    }

    /// Ends every active hold that expired by now, across events, through the expiry index.
    mutating func sweepAllExpiredHolds(limit: Int?) throws -> Int {
        let expired = try t.holds.scan(index: .expiry, .between(nil, and: Key(now + 1)), limit: limit, in: txn).items
        for hold in expired { try endHold(hold, as: .expired) }
        return expired.count
    }

    /// Ends an active hold as released or expired and gives its tickets back.
    mutating func endHold(_ hold: Hold, as status: Hold.Status) throws {
        precondition(hold.status == .active && (status == .released || status == .expired))
        try adjust(eventId: hold.eventId, hold.items, held: -1, sold: 0)
        var ended = hold
        ended.status = status
        ended.updatedAt = now
        try t.holds.update(ended, in: txn)
        // An expiry is the system's doing, whoever's write happened to sweep it.
        try audit(status == .expired ? "hold.expire" : "hold.release", Hold.self, hold.id, "tickets=\(hold.ticketCount)",
                  by: status == .expired ? .system : nil)
    }

    /// Adds `sign × quantity` per item to the tiers' `held` and `sold`, and the totals to the event's.
    mutating func adjust(eventId: UUID, _ items: [Hold.Item], held heldSign: Int64, sold soldSign: Int64) throws {
        var total: Int64 = 0
        for item in items {
            let tier = try load(t.ticketTypes, item.ticketTypeId)
            var changed = tier
            changed.held += heldSign * item.quantity
            changed.sold += soldSign * item.quantity
            changed.updatedAt = now
            try t.ticketTypes.update(changed, replacing: tier, in: txn)
            total += item.quantity
        }
        let event = try load(t.events, eventId)
        var changed = event
        changed.held += heldSign * total
        changed.sold += soldSign * total
        changed.updatedAt = now
        try t.events.update(changed, replacing: event, in: txn)
    }

    /// Checks that `items` can be taken from the event now: window, hidden, per-order limits,
    /// each tier's remaining stock and the event capacity. Returns the tiers, in item order.
    /// A late confirmation (`sale: false`) checks only that the event still sells and the stock.
    func checkAvailable(_ event: Event, _ items: [Hold.Item], sale: Bool = true) throws -> [TicketType] {
        guard event.status == .published else { throw BoxOfficeError.notOnSale("event is \(event.status.rawValue)") }
        if sale, let start = event.details.salesStartAt, now < start { throw BoxOfficeError.notOnSale("sales open at \(Validate.iso(start))") }
        if sale, now >= event.details.salesCloseAt { throw BoxOfficeError.notOnSale("sales closed at \(Validate.iso(event.details.salesCloseAt))") }
        let tiers = try items.map { item in
            let tier = try load(t.ticketTypes, item.ticketTypeId)
            guard tier.eventId == event.id else {
                throw BoxOfficeError.invalidArgument("ticket type \(tier.id.uuidString.lowercased()) is not of this event")
            }
            return tier
        }
        for (tier, item) in zip(tiers, items) where sale {
            let d = tier.details
            if let start = d.salesStartAt, now < start { throw BoxOfficeError.notOnSale("'\(d.name)' goes on sale at \(start)") }
            if let end = d.salesEndAt, now >= end { throw BoxOfficeError.notOnSale("'\(d.name)' sales closed at \(Validate.iso(end))") }
            if item.quantity < d.minPerOrder || item.quantity > d.maxPerOrder {
                throw BoxOfficeError.limitExceeded(ticketTypeId: tier.id, name: d.name, requested: item.quantity,
                                                   min: d.minPerOrder, max: d.maxPerOrder)
            }
            if d.hidden { throw BoxOfficeError.notOnSale("'\(d.name)' is hidden") }
        }
        for (tier, item) in zip(tiers, items) where item.quantity > tier.remaining {
            throw BoxOfficeError.soldOut(ticketTypeId: tier.id, name: tier.details.name, remaining: max(0, tier.remaining))
        }
        if let capacity = event.details.capacity {
            let left = capacity - event.held - event.sold
            if items.reduce(0, { $0 + $1.quantity }) > left {
                throw BoxOfficeError.soldOut(ticketTypeId: tiers[0].id, name: tiers[0].details.name, remaining: max(0, left))
            }
        }
        return tiers
    }
}
