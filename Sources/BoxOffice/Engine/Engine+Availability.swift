import BoxOfficeStore
import FoundationEssentials

/// What an event can still sell, per tier.
public struct Availability: Sendable, Equatable, Codable {
    public struct Tier: Sendable, Equatable, Codable {
        public var ticketTypeId: UUID
        public var name: String
        public var priceMinor: Int64
        public var currency: String
        public var quantity: Int64
        public var held: Int64
        public var sold: Int64
        /// Reserved for holders of vouchers that block quota: not available to the public.
        public var blocked: Int64
        /// Seats blocked or kept for the house (a seated tier): not for sale.
        public var withheld: Int64
        /// Tickets wanted by the waitlist entries waiting for this tier (or for any tier).
        public var waitlisted: Int64
        /// Free stock kept for those entries while they wait (when the event reserves stock for
        /// its waitlist): too little for the first of them, offered as more frees up, and not
        /// available to the public.
        public var reservedForWaitlist: Int64
        /// Stock left to hold: the tier's remaining stock less what is kept for the waitlist,
        /// capped by the event's capacity. Whether it can be held now is ``onSaleNow``.
        public var available: Int64
        /// The event is published and this tier is visible and within its sales windows.
        public var onSaleNow: Bool
        public var hidden: Bool
    }

    /// A quota over some of the tiers, with what it still allows.
    public struct Quota: Sendable, Equatable, Codable {
        public var quotaId: UUID
        public var name: String
        public var size: Int64
        public var held: Int64
        public var sold: Int64
        public var blocked: Int64
        public var closed: Bool
        /// It is the event's capacity, over every tier.
        public var eventCapacity: Bool
        /// What its tiers may still hold together (0 while closed).
        public var available: Int64
        public var ticketTypeIds: [UUID]
    }

    public var eventId: UUID
    public var status: Event.Status
    public var capacity: Int64?
    /// What the event capacity still allows across tiers (nil without a capacity).
    public var capacityRemaining: Int64?
    public var tiers: [Tier]
    /// The quotas of its tiers, oldest first; a tier's `available` is capped by each of its own.
    public var quotas: [Quota]
}

extension Engine {
    /// The event's tiers with quantity, held, sold, what the waitlist wants and keeps, available
    /// and on-sale-now, and what is left of the event capacity. One read transaction over counters: the event, its tiers, and the
    /// holds that expired but were not swept yet (usually none), so the answer is exact, except
    /// that on an event with a waitlist a write serves the queue before a buyer, which a read does
    /// not foresee (docs/WAITLIST.md).
    ///
    /// Repeated calls are answered from a cache while that is exact: no commit since (from any
    /// thread or process) and no hold expiry or sales-window boundary passed.
    public func availability(eventId: UUID) throws -> Availability {
        let now = clock.now()
        return try query { txn in
            let cache = txn.readerCache { AvailabilityCache() }
            if let snapshot = txn.snapshotId, let cached = cache?.get(eventId, snapshot: snapshot, now: now) { return cached }
            guard let event = try tables.events.get(eventId, in: txn), event.deletedAt == nil else {
                throw BoxOfficeError.notFound(Event.self, id: eventId.lowercasedString)
            }
            // Holds expired but not swept: their stock is free, or back in a blocking voucher's reserve;
            // and reserves whose voucher's validity ended but were not swept: free.
            var expiredByTier: [UUID: Int64] = [:]
            var expiredTotal: Int64 = 0
            var reblockedByTier: [UUID: Int64] = [:]
            var reblockedTotal: Int64 = 0
            let expired = try tables.holds.scan(index: .eventExpiry, .between(Key(eventId), and: Key(eventId, now + 1)), in: txn)
            for hold in expired.items {
                for item in hold.items { expiredByTier[item.ticketTypeId, default: 0] += item.quantity }
                expiredTotal += hold.ticketCount
                // Back to its voucher's reserve, unless that reserve ended too (then to the public).
                if let voucherId = hold.voucherId, let voucher = try tables.vouchers.get(voucherId, in: txn)?.asOf(now) {
                    for (tier, uses) in voucher.block(hold.voucherUses) { reblockedByTier[tier, default: 0] += uses; reblockedTotal += uses }
                }
            }
            // Without a reserve (event.blocked 0, as it nearly always is) no voucher's can have ended.
            let endedReserves = event.blocked == 0 ? [] : try tables.vouchers.scan(index: .eventReserveExpiry,
                                                                                      .between(Key(eventId), and: Key(eventId, now + 1)), in: txn).items
            for voucher in endedReserves {
                for (tier, reserve) in voucher.block(voucher.reserve) { reblockedByTier[tier, default: 0] -= reserve; reblockedTotal -= reserve }
            }
            let capacityRemaining = event.details.capacity.map {
                max(0, $0 - (event.held - expiredTotal) - event.sold - (event.blocked + reblockedTotal))
            }
            let eventOnSale = event.status == .published && now >= (event.details.salesStartAt ?? .min) && now < event.details.salesCloseAt
            let tierRecords = try tables.ticketTypes.scan(index: .event, .prefix(Key(eventId)), in: txn).items
            // Quotas are read only when a tier has one: O(tiers + quotas).
            let quotaRecords = tierRecords.contains { !$0.quotaIds.isEmpty }
                ? try tables.quotas.scan(index: .event, .prefix(Key(eventId)), in: txn).items : []
            let quotas = quotaRecords.map { quota in
                let held = quota.held - quota.details.ticketTypeIds.reduce(0) { $0 + expiredByTier[$1, default: 0] }
                let blocked = quota.blocked + quota.details.ticketTypeIds.reduce(0) { $0 + reblockedByTier[$1, default: 0] }
                return Availability.Quota(quotaId: quota.id, name: quota.details.name, size: quota.details.size, held: held, sold: quota.sold,
                                          blocked: blocked, closed: quota.closed, eventCapacity: quota.eventCapacity,
                                          available: quota.closed ? 0 : max(0, quota.details.size - held - quota.sold - blocked),
                                          ticketTypeIds: quota.details.ticketTypeIds)
            }
            let tiers = tierRecords.map { tier in
                let d = tier.details
                let held = tier.held - expiredByTier[tier.id, default: 0]
                let blocked = tier.blocked + reblockedByTier[tier.id, default: 0]
                var free = max(0, d.quantity - held - tier.sold - blocked - tier.withheld)
                if let capacityRemaining { free = min(free, capacityRemaining) }
                for quota in quotas where tier.quotaIds.contains(quota.quotaId) { free = min(free, quota.available) }
                let reserved = event.keepsForWaitlist(tier) ? free : 0  // what the last write kept
                let inWindow = now >= (d.salesStartAt ?? .min) && now < (d.salesEndAt ?? .max)
                return Availability.Tier(ticketTypeId: tier.id, name: d.name, priceMinor: d.priceMinor, currency: d.currency,
                                         quantity: d.quantity, held: held, sold: tier.sold, blocked: blocked, withheld: tier.withheld,
                                         waitlisted: tier.waitlisted + event.waitlistedAnyTier, reservedForWaitlist: reserved,
                                         available: free - reserved,
                                         onSaleNow: eventOnSale && inWindow && !d.hidden, hidden: d.hidden)
            }
            let availability = Availability(eventId: eventId, status: event.status, capacity: event.details.capacity,
                                            capacityRemaining: capacityRemaining, tiers: tiers, quotas: quotas)
            if let cache, let snapshot = txn.snapshotId {
                // The answer changes without a commit only when a hold expires or a sales window opens or closes.
                let nextExpiry = try tables.holds.scan(index: .eventExpiry, .between(Key(eventId, now + 1), and: Key(eventId, Int64.max)),
                                                       limit: 1, in: txn).items.first?.expiresAt
                let nextReserveEnd = event.blocked == 0 ? nil : try tables.vouchers.scan(
                    index: .eventReserveExpiry, .between(Key(eventId, now + 1), and: Key(eventId, Int64.max)), limit: 1, in: txn).items.first?.details.validUntil
                let windows = [event.details.salesStartAt, event.details.salesCloseAt]
                    + tierRecords.flatMap { [$0.details.salesStartAt, $0.details.salesEndAt] }
                let until = ([nextExpiry, nextReserveEnd] + windows).compactMap { $0 }.filter { $0 > now }.min() ?? .max
                cache.put(availability, snapshot: snapshot, from: now, until: until)
            }
            return availability
        }
    }
}
