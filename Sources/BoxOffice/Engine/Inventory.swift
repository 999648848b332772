import BoxOfficeStore
import FoundationEssentials

/// The inventory rules: every change of `held` or `sold` goes through here, on the tier and on
/// its event in the same transaction.
extension Mutation {
    /// Returns the inventory of `eventId`'s expired active holds, and the reserves of its blocking
    /// vouchers whose validity ended: lazy expiry, run by every write that touches the event's
    /// tiers. Costs what has expired, read from indexes. Returns how many holds and vouchers.
    mutating func sweepExpired(eventId: UUID) throws -> Int {
        let expired = try t.holds.scan(index: .eventExpiry, .between(Key(eventId), and: Key(eventId, now + 1)), in: txn).items
        for hold in expired { try endHold(hold, as: .expired) }
        let ended = try t.vouchers.scan(index: .eventReserveExpiry, .between(Key(eventId), and: Key(eventId, now + 1)), in: txn).items
        for voucher in ended { try releaseReserve(voucher) }
        return expired.count + ended.count
    }

    /// Ends every active hold that expired by now, across events, through the expiry index, and
    /// releases the reserves of blocking vouchers whose validity ended. Returns how many holds.
    mutating func sweepAllExpired(limit: Int?) throws -> Int {
        let expired = try t.holds.scan(index: .expiry, .between(nil, and: Key(now + 1)), limit: limit, in: txn).items
        for hold in expired { try endHold(hold, as: .expired) }
        for voucher in try t.vouchers.scan(index: .reserveExpiry, .between(nil, and: Key(now + 1)), limit: limit, in: txn).items {
            try releaseReserve(voucher)
        }
        return expired.count
    }

    /// Gives a blocking voucher's reserve back to the public: its validity ended (pretix's
    /// block_quota blocks only while a voucher is valid).
    mutating func releaseReserve(_ voucher: Voucher) throws {
        let reserve = voucher.reserve
        var released = voucher
        released.reserveReleasedAt = voucher.details.validUntil ?? now  // when it ended, whenever the sweep came
        released.updatedAt = now
        try t.vouchers.update(released, in: txn)
        try adjust(eventId: voucher.eventId, [], held: 0, sold: 0, blocked: voucher.block(-reserve))
        try audit("voucher.reserve_release", Voucher.self, voucher.id, "code=\(voucher.details.code) released=\(reserve)", by: .system)
    }

    /// Ends an active hold as released or expired and gives its tickets back, and its voucher's
    /// uses (a blocking voucher's seats return to its block). Its pending order, if it was checked
    /// out, expires; a released one is cancelled.
    mutating func endHold(_ hold: Hold, as status: Hold.Status) throws {
        precondition(hold.status == .active && (status == .released || status == .expired))
        let voucher = try hold.voucherId.map { try returnUses(of: $0, hold.voucherUses) }
        try adjust(eventId: hold.eventId, hold.items, held: -1, sold: 0, blocked: voucher?.block(hold.voucherUses) ?? [:])
        try moveSeats(hold.seats, of: hold.eventId, from: .held, to: .free)
        var ended = hold
        ended.status = status
        ended.updatedAt = now
        try t.holds.update(ended, in: txn)
        if let entryId = hold.waitlistEntryId { try endOffer(entryId, holdId: hold.id, expired: status == .expired) }
        if let orderId = hold.orderId {
            var order = try load(t.orders, orderId)
            if order.status == .pending {
                order.status = status == .expired ? .expired : .cancelled
                order.updatedAt = now
                try t.orders.update(order, in: txn)
            }
        }
        // An expiry is the system's doing, whoever's write happened to sweep it.
        try audit(status == .expired ? "hold.expire" : "hold.release", Hold.self, hold.id, "tickets=\(hold.ticketCount)",
                  by: status == .expired ? .system : nil)
    }

    /// Adds `sign × quantity` per item to the tiers' `held` and `sold`, `blocked`'s changes to
    /// the tiers' `blocked` (a blocking voucher's reserve), `withheld`'s to their `withheld`
    /// (seats blocked or kept for the house), and the totals to the tiers' quotas and their event.
    /// A quota that closes when sold out closes here.
    ///
    /// `read` are the event and tiers (all or some) as the caller read them in this write, so
    /// that they are not decoded again (a third of a hold's reads); if one changed since, its
    /// update throws a version conflict.
    mutating func adjust(eventId: UUID, _ items: [Hold.Item], held heldSign: Int64, sold soldSign: Int64,
                         blocked: [UUID: Int64] = [:], withheld: [UUID: Int64] = [:],
                         read: (event: Event, tiers: [TicketType])? = nil) throws {
        precondition(read.map { $0.event.id == eventId } ?? true, "adjust: the event read is another event")
        var total: Int64 = 0
        var blockedTotal: Int64 = 0
        var tiers = items.map { ($0.ticketTypeId, $0.quantity) }
        for tier in Set(blocked.keys).union(withheld.keys) where !items.contains(where: { $0.ticketTypeId == tier }) { tiers.append((tier, 0)) }
        var quotas: [UUID: (held: Int64, sold: Int64, blocked: Int64)] = [:]
        for (tierId, quantity) in tiers {
            let tier = try read?.tiers.first(where: { $0.id == tierId }) ?? load(t.ticketTypes, tierId)
            var changed = tier
            changed.held += heldSign * quantity
            changed.sold += soldSign * quantity
            changed.blocked += blocked[tierId] ?? 0
            changed.withheld += withheld[tierId] ?? 0
            changed.updatedAt = now
            try t.ticketTypes.update(changed, replacing: tier, in: txn)
            total += quantity
            blockedTotal += blocked[tierId] ?? 0
            for quota in tier.quotaIds {
                quotas[quota, default: (0, 0, 0)].held += heldSign * quantity
                quotas[quota, default: (0, 0, 0)].sold += soldSign * quantity
                quotas[quota, default: (0, 0, 0)].blocked += blocked[tierId] ?? 0
            }
        }
        for (quotaId, change) in quotas {
            var quota = try load(t.quotas, quotaId)
            quota.held += change.held
            quota.sold += change.sold
            quota.blocked += change.blocked
            // Sold out by a sale or a hold, not by a voucher's reserve, whose holders keep it.
            if quota.details.closeWhenSoldOut, change.held + change.sold > 0, quota.left <= 0 { quota.closed = true }
            quota.updatedAt = now
            try t.quotas.update(quota, in: txn)
        }
        let event = try read.map(\.event) ?? load(t.events, eventId)
        var changed = event
        changed.held += heldSign * total
        changed.sold += soldSign * total
        changed.blocked += blockedTotal
        changed.updatedAt = now
        try t.events.update(changed, replacing: event, in: txn)
        if -(heldSign + soldSign) * total - blockedTotal > 0 || withheld.values.contains(where: { $0 < 0 }) { stockFreed(changed) }
    }

    /// Checks `quantity` against the tier's per-order limits.
    func checkLimits(_ tier: TicketType, _ quantity: Int64) throws {
        let d = tier.details
        guard quantity >= d.minPerOrder, quantity <= d.maxPerOrder else {
            throw BoxOfficeError.limitExceeded(ticketTypeId: tier.id, name: d.name, requested: quantity, min: d.minPerOrder, max: d.maxPerOrder)
        }
    }

    /// Checks that the event sells now: published and, for a sale (not a late confirmation),
    /// within its sales window.
    func checkOnSale(_ event: Event, sale: Bool = true) throws {
        guard event.status == .published else { throw BoxOfficeError.notOnSale("event is \(event.status.rawValue)") }
        if sale, let start = event.details.salesStartAt, now < start { throw BoxOfficeError.notOnSale("sales open at \(Validate.iso(start))") }
        if sale, now >= event.details.salesCloseAt { throw BoxOfficeError.notOnSale("sales closed at \(Validate.iso(event.details.salesCloseAt))") }
    }

    /// What the quotas of `tier` (the event capacity among them) still allow it; `.max` with none.
    func quotaRoom(of tier: TicketType) throws -> Int64 {
        try tier.quotaIds.reduce(Int64.max) { min($0, try load(t.quotas, $1).left) }
    }

    /// The most tickets of `tier` one sale could ever take, whatever is sold: its quantity or the
    /// smallest of its quotas (the event capacity among them), with what that limit is.
    func largestSale(of tier: TicketType) throws -> (tickets: Int64, limit: String) {
        var most = (tickets: tier.details.quantity, limit: "'\(tier.details.name)' has \(tier.details.quantity)")
        for quotaId in tier.quotaIds {
            let quota = try load(t.quotas, quotaId)
            if quota.details.size < most.tickets {
                most = (quota.details.size, quota.eventCapacity ? "the event's capacity" : "the size of its quota '\(quota.details.name)'")
            }
        }
        return most
    }

    /// Checks that `items` can be taken from the event now: window, hidden, per-order limits,
    /// each tier's remaining stock and the event capacity. Returns the tiers, in item order.
    /// A late confirmation (`sale: false`) checks only that the event still sells and the stock.
    /// `reserved` is stock a blocking voucher keeps for this hold, beyond what the public can take.
    /// Stock kept for the waitlist is not available, except to a waitlist `offer`.
    func checkAvailable(_ event: Event, _ items: [Hold.Item], sale: Bool = true, reserved: [UUID: Int64] = [:], offer: Bool = false) throws -> [TicketType] {
        try checkOnSale(event, sale: sale)
        let tiers = try items.map { item in
            let tier = try load(t.ticketTypes, item.ticketTypeId)
            guard tier.eventId == event.id else {
                throw BoxOfficeError.invalidArgument("ticket type \(tier.id.lowercasedString) is not of this event")
            }
            return tier
        }
        for (tier, item) in zip(tiers, items) where sale {
            let d = tier.details
            if let start = d.salesStartAt, now < start { throw BoxOfficeError.notOnSale("'\(d.name)' goes on sale at \(Validate.iso(start))") }
            if let end = d.salesEndAt, now >= end { throw BoxOfficeError.notOnSale("'\(d.name)' sales closed at \(Validate.iso(end))") }
            try checkLimits(tier, item.quantity)
            if d.hidden { throw BoxOfficeError.notOnSale("'\(d.name)' is hidden") }
        }
        for (tier, item) in zip(tiers, items) {
            let free = !offer && event.keepsForWaitlist(tier) ? 0 : tier.remaining
            if item.quantity > free + (reserved[tier.id] ?? 0) {
                throw BoxOfficeError.soldOut(ticketTypeId: tier.id, name: tier.details.name, remaining: max(0, free + (reserved[tier.id] ?? 0)))
            }
        }
        // Every quota of every tier needs room for the items of its tiers (pretix's rule); the event
        // capacity is one of them.
        var wanted: [UUID: (tier: TicketType, quantity: Int64, reserved: Int64)] = [:]
        for (tier, item) in zip(tiers, items) {
            for quota in tier.quotaIds {
                let sum = wanted[quota].map { $0.quantity } ?? 0
                let kept = wanted[quota].map { $0.reserved } ?? 0
                wanted[quota] = (wanted[quota]?.tier ?? tier, sum + item.quantity, kept + (reserved[tier.id] ?? 0))
            }
        }
        for (quotaId, want) in wanted.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            let quota = try load(t.quotas, quotaId)
            let left = (quota.closed ? 0 : quota.left) + want.reserved  // a closed quota still honours a voucher's reserve
            if want.quantity > left {
                throw BoxOfficeError.soldOut(ticketTypeId: want.tier.id, name: want.tier.details.name, remaining: max(0, left))
            }
        }
        return tiers
    }
}
