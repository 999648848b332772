import BoxOfficeStore
import FoundationEssentials

/// The waitlist's rules: freed stock is offered to waiting entries in FIFO order, as real holds,
/// in the transaction that freed it (docs/WAITLIST.md).
extension Mutation {
    /// The most waiting entries one offer round reads: bounds a write's work on a long queue.
    static let waitlistScanLimit = 1_000

    /// Notes that `event`'s stock may have freed up; its waiting entries are offered it before
    /// the write commits. Costs nothing when nobody waits.
    mutating func stockFreed(_ event: Event) {
        if event.waitlisted > 0 { freedEvents.insert(event.id) }
    }

    /// Offers freed stock to the waitlists of the events noted by ``stockFreed(_:)``.
    mutating func offerFreedStock() throws {
        while let eventId = freedEvents.popFirst() { try offerWaitlist(of: eventId) }
    }

    /// Walks the event's queue from its head and offers each entry the stock it wants, while the
    /// event sells. An entry whose tier has too little free stock stops that tier's queue when the
    /// event reserves stock for its waitlist, so nobody behind it is served first; one refused for
    /// another reason (its tier hidden, its quantity outside the tier's limits now) is passed over.
    mutating func offerWaitlist(of eventId: UUID) throws {
        _ = try sweepExpired(eventId: eventId)
        var event = try load(t.events, eventId)
        guard event.waitlisted > 0, event.deletedAt == nil, event.status == .published,
              now >= (event.details.salesStartAt ?? .min), now < event.details.salesCloseAt else { return }
        var tiers = try t.ticketTypes.scan(index: .event, .prefix(Key(eventId)), in: txn).items
        var stopped: Set<UUID> = []
        let waiting = try t.waitlist.scan(index: .queue, .prefix(Key(eventId)), limit: Self.waitlistScanLimit, in: txn).items
        for entry in waiting {
            let candidates = tiers.indices.filter { entry.wants(tiers[$0].id) && !stopped.contains(tiers[$0].id) }
            var offered = false
            var short = false
            for i in candidates {
                let items = [Hold.Item(ticketTypeId: tiers[i].id, quantity: entry.quantity)]
                do {
                    _ = try checkAvailable(event, items, offer: true)
                } catch BoxOfficeError.soldOut {
                    short = true
                    continue
                } catch BoxOfficeError.limitExceeded, BoxOfficeError.notOnSale {
                    continue
                }
                try makeOffer(entry, items: items, tier: tiers[i], event: event)
                event = try load(t.events, eventId)
                tiers[i] = try load(t.ticketTypes, tiers[i].id)
                offered = true
                break
            }
            if !offered, short, event.details.waitlistReservesStock {
                for i in candidates { stopped.insert(tiers[i].id) }
                if stopped.count == tiers.count { break }
            }
        }
    }

    /// Holds `items` for the entry for the event's offer time and tells it so.
    private mutating func makeOffer(_ entry: WaitlistEntry, items: [Hold.Item], tier: TicketType, event: Event) throws {
        let ttl = min(event.details.waitlistOfferTtlMs, options.maxHoldMillis)
        let hold = try placeHold(event: event, items: items, tiers: [tier], customerId: entry.customerId, expiresAt: try holdEnd(ttl),
                                 voucher: nil, idempotencyKey: nil, waitlistEntryId: entry.id)
        try queue(entry, -1)
        var offered = entry
        offered.status = .offered
        offered.offerHoldId = hold.id
        offered.offerExpiresAt = hold.expiresAt
        offered.offers += 1
        offered.reminderAt = hold.expiresAt - ttl / 4
        offered.updatedAt = now
        try t.waitlist.update(offered, in: txn)
        try audit("waitlist.offer", WaitlistEntry.self, entry.id, "hold=\(hold.id.uuidString.lowercased()) tickets=\(entry.quantity)", by: .system)
        try notify(.waitlistOffer, organizationId: event.organizationId, recipient: entry.email, subjectId: entry.id) {
            try offerPayload(offered, hold: hold, event: event, tier: tier)
        }
    }

    /// Adds (`sign` 1) or removes (-1) a waiting entry's tickets to its tier's and event's
    /// `waitlisted` counters. An entry added may fit the free stock: the write ends with an offer
    /// round.
    mutating func queue(_ entry: WaitlistEntry, _ sign: Int64) throws {
        if sign > 0 { freedEvents.insert(entry.eventId) }
        let quantity = sign * entry.quantity
        if let tierId = entry.ticketTypeId {
            let tier = try load(t.ticketTypes, tierId)
            var changed = tier
            changed.waitlisted += quantity
            try t.ticketTypes.update(changed, replacing: tier, in: txn)
        }
        let event = try load(t.events, entry.eventId)
        var changed = event
        changed.waitlisted += quantity
        if entry.ticketTypeId == nil { changed.waitlistedAnyTier += quantity }
        try t.events.update(changed, replacing: event, in: txn)
    }

    /// An offer's hold ended unconverted: released, the entry declined it; expired, it leaves
    /// the list or goes to the end of the queue, as its event says. Either way its stock is
    /// offered on.
    mutating func endOffer(_ entryId: UUID, holdId: UUID, expired: Bool) throws {
        var entry = try load(t.waitlist, entryId)
        guard entry.status == .offered, entry.offerHoldId == holdId else { return }  // left or closed meanwhile
        let requeue = try expired && load(t.events, entry.eventId).details.waitlistRequeueExpired
        entry.status = !expired ? .declined : requeue ? .waiting : .expired
        entry.reminderAt = nil
        entry.updatedAt = now
        if requeue { entry.queuedAt = now }
        try t.waitlist.update(entry, in: txn)
        if requeue { try queue(entry, 1) }
        try audit(expired ? "waitlist.offer_expire" : "waitlist.decline", WaitlistEntry.self, entryId,
                  requeue ? "requeued" : "hold=\(holdId.uuidString.lowercased())", by: expired ? .system : nil)
    }

    /// The offer's hold was confirmed: the entry got its tickets.
    mutating func acceptOffer(_ entryId: UUID, holdId: UUID) throws {
        var entry = try load(t.waitlist, entryId)
        guard entry.status == .offered, entry.offerHoldId == holdId else { return }
        entry.status = .accepted
        entry.reminderAt = nil
        entry.updatedAt = now
        try t.waitlist.update(entry, in: txn)
        try audit("waitlist.accept", WaitlistEntry.self, entryId, "hold=\(holdId.uuidString.lowercased())")
    }

    /// Writes the waitlist_offer_expiring notifications that are due (a quarter of the offer's
    /// time left), oldest first; returns how many.
    mutating func remindOffers(limit: Int) throws -> Int {
        let due = try t.waitlist.scan(index: .reminder, .between(nil, and: Key(now + 1)), limit: limit, in: txn).items
        for entry in due {
            var reminded = entry
            reminded.reminderAt = nil
            reminded.updatedAt = now
            try t.waitlist.update(reminded, in: txn)
            guard let holdId = entry.offerHoldId, let hold = try t.holds.get(holdId, in: txn), hold.status == .active, hold.expiresAt > now,
                  let tier = try t.ticketTypes.get(hold.items[0].ticketTypeId, in: txn) else { continue }
            let event = try load(t.events, entry.eventId)
            try notify(.waitlistOfferExpiring, organizationId: event.organizationId, recipient: entry.email, subjectId: entry.id) {
                try offerPayload(reminded, hold: hold, event: event, tier: tier)
            }
        }
        return due.count
    }

    /// The event was cancelled: its waiting and offered entries are closed (offers' holds are
    /// released by the cancellation).
    mutating func closeWaitlist(of event: Event) throws {
        for entry in try t.waitlist.scan(index: .event, .prefix(Key(event.id)), in: txn).items where entry.isActive {
            if entry.status == .waiting { try queue(entry, -1) }
            var closed = entry
            closed.status = .closed
            closed.reminderAt = nil
            closed.updatedAt = now
            try t.waitlist.update(closed, in: txn)
        }
    }

    /// What an offer's notifications say: the hold to confirm, until when, and what it costs.
    private func offerPayload(_ entry: WaitlistEntry, hold: Hold, event: Event, tier: TicketType) throws -> OutboxPayload.Offer {
        OutboxPayload.Offer(entryId: entry.id, holdId: hold.id, expiresAt: hold.expiresAt, eventId: event.id, eventTitle: event.details.title,
                            startsAt: event.details.startsAt, venueName: event.details.venueName, tier: tier.details.name,
                            quantity: hold.ticketCount, totalMinor: hold.totalMinor, currency: tier.details.currency)
    }
}
