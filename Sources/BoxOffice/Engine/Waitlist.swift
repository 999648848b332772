import BoxOfficeStore
import FoundationEssentials

/// The waitlist's rules: freed stock is offered to waiting entries in FIFO order, as real holds,
/// in the transaction that freed it (docs/WAITLIST.md).
extension Mutation {
    /// The most entries of one queue a round passes over without an offer (outside their tier's
    /// limits now, or short of stock when the event does not keep stock for its queue): bounds a
    /// write's work. Later entries of that queue wait for a round in which those have left.
    static let waitlistSkipLimit = 100

    /// The most offers an entry gets: with requeueing on, an entry whose third offer runs out leaves.
    static let waitlistMaxOffers: Int64 = 3

    /// Notes that `event`'s stock may have freed up; its waiting entries are offered it before
    /// the write commits. Costs nothing when nobody waits.
    mutating func stockFreed(_ event: Event) {
        if event.waitlisted > 0 { freedEvents.insert(event.id) }
    }

    /// Runs the offer round of every event noted by ``stockFreed(_:)`` or a change of its queue.
    mutating func offerFreedStock() throws {
        while let eventId = freedEvents.first { try offerWaitlist(of: eventId) }
    }

    /// Serves the event's queue before a buyer takes stock (``offerWaitlist(of:)``) and reloads
    /// `event`. Returns the changes written (0: none).
    mutating func serveQueue(_ event: inout Event) throws -> Int {
        guard event.waitlisted > 0 || freedEvents.contains(event.id) else { return 0 }
        let changes = try offerWaitlist(of: event.id)
        event = try self.event(event.id)
        return changes
    }

    /// The offer round. While the event sells, it walks the waiting entries earliest first (its
    /// tiers' queues and the queue for any tier, merged by queuedAt, then id) and offers each the
    /// tickets it wants if they are free. An entry short of stock in a tier it could take stops
    /// that tier's queue when the event keeps stock for its queue: nobody behind it is served
    /// that tier, which is marked ``TicketType/keptForWaitlist``. A tier off sale is passed by; an
    /// entry outside a tier's limits is passed over and keeps nothing. Once sales have closed, the
    /// list closes. Records when the list must be served again without a write
    /// (``Event/waitlistWakeAt``). Returns the changes written (0: none).
    @discardableResult
    mutating func offerWaitlist(of eventId: UUID) throws -> Int {
        freedEvents.remove(eventId)
        var event = try load(t.events, eventId)
        var tiers = try t.ticketTypes.scan(index: .event, .prefix(Key(eventId)), in: txn).items
        let published = event.deletedAt == nil && event.status == .published
        let opened = now >= (event.details.salesStartAt ?? .min), over = now >= event.details.salesCloseAt
        var kept: Set<UUID> = []
        var changes = 0
        if published && over && event.waitlisted > 0 {
            changes += try closeWaitlist(of: event, cancelled: false)
            event = try load(t.events, eventId)
            tiers = try t.ticketTypes.scan(index: .event, .prefix(Key(eventId)), in: txn).items
        } else if published && opened && event.waitlisted > 0 {
            var queues = tiers.filter { $0.waitlisted > 0 }.map { WaitlistQueue(eventId: eventId, tierId: $0.id) }
            if event.waitlistedAnyTier > 0 { queues.append(WaitlistQueue(eventId: eventId, tierId: nil)) }
            for i in queues.indices { try queues[i].advance(self) }
            var stopped: Set<UUID> = []  // kept, or off sale
            while true {
                let open = queues.indices.filter { i in
                    queues[i].head != nil && queues[i].passedOver < Self.waitlistSkipLimit
                        && (queues[i].tierId.map { !stopped.contains($0) } ?? (stopped.count < tiers.count))
                }
                guard let q = open.min(by: { queues[$0].head!.isAhead(of: queues[$1].head!) }) else { break }
                let entry = queues[q].head!
                var short: [UUID] = []
                var offered = false
                for i in tiers.indices where entry.wants(tiers[i].id) && !stopped.contains(tiers[i].id) {
                    let items = [Hold.Item(ticketTypeId: tiers[i].id, quantity: entry.quantity)]
                    do {
                        _ = try checkAvailable(event, items, offer: true)
                    } catch BoxOfficeError.soldOut {
                        // Short now, or never: more than the tier, the capacity or a quota holds is passed over.
                        if entry.quantity <= (try largestSale(of: tiers[i])).tickets { short.append(tiers[i].id) }
                        continue
                    } catch BoxOfficeError.notOnSale {
                        stopped.insert(tiers[i].id)  // hidden or outside its window: for every entry
                        continue
                    } catch BoxOfficeError.limitExceeded {
                        continue
                    }
                    try makeOffer(entry, items: items, tier: tiers[i], event: event)
                    event = try load(t.events, eventId)
                    tiers[i] = try load(t.ticketTypes, tiers[i].id)
                    changes += 1
                    offered = true
                    break
                }
                if !offered {
                    if event.details.waitlistReservesStock && !short.isEmpty {
                        stopped.formUnion(short)
                        kept.formUnion(short)
                    } else {
                        queues[q].passedOver += 1
                    }
                }
                try queues[q].advance(self)
            }
        }
        // The findings, recorded where the stock check and the sweep read them; each record is
        // written only when it changes.
        for tier in tiers where tier.keptForWaitlist != kept.contains(tier.id) {
            var changed = tier
            changed.keptForWaitlist.toggle()
            try t.ticketTypes.update(changed, replacing: tier, in: txn)
            changes += 1
        }
        let wake = published && event.waitlisted > 0
            ? ([event.details.salesStartAt, event.details.salesCloseAt] + tiers.map(\.details.salesStartAt)).compactMap { $0 }.filter { $0 > now }.min()
            : nil
        if event.waitlistWakeAt != wake {
            var changed = event
            changed.waitlistWakeAt = wake
            try t.events.update(changed, replacing: event, in: txn)
            changes += 1
        }
        freedEvents.remove(eventId)  // the round's own offers changed the queue, and it served them
        return changes
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
        try audit("waitlist.offer", WaitlistEntry.self, entry.id, "hold=\(hold.id.lowercasedString) tickets=\(entry.quantity)", by: .system)
        try notify(.waitlistOffer, organizationId: event.organizationId, recipient: try recipient(of: entry), subjectId: entry.id) {
            try offerPayload(offered, hold: hold, event: event, tier: tier)
        }
    }

    /// Adds (`sign` 1) or removes (-1) a waiting entry's tickets to its tier's and event's
    /// `waitlisted` counters.
    mutating func queue(_ entry: WaitlistEntry, _ sign: Int64) throws {
        freedEvents.insert(entry.eventId)  // who is first in line changed: the write ends with an offer round
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
        let requeue = try expired && entry.offers < Self.waitlistMaxOffers && load(t.events, entry.eventId).details.waitlistRequeueExpired
        if requeue { entry.queuedAt = now }
        entry = try settle(entry, as: !expired ? .declined : requeue ? .waiting : .expired)
        if requeue { try queue(entry, 1) }
        try audit(expired ? "waitlist.offer_expire" : "waitlist.decline", WaitlistEntry.self, entryId,
                  requeue ? "requeued" : "hold=\(holdId.lowercasedString)", by: expired ? .system : nil)
    }

    /// The offer's hold was confirmed: the entry got its tickets.
    mutating func acceptOffer(_ entryId: UUID, holdId: UUID) throws {
        let entry = try load(t.waitlist, entryId)
        guard entry.status == .offered, entry.offerHoldId == holdId else { return }
        try settle(entry, as: .accepted)
        try audit("waitlist.accept", WaitlistEntry.self, entryId, "hold=\(holdId.lowercasedString)")
    }

    /// Writes the waitlist_offer_expiring notifications that are due (a quarter of the offer's
    /// time left), oldest first; returns how many.
    mutating func remindOffers(limit: Int) throws -> Int {
        let due = try t.waitlist.scan(index: .reminder, .between(nil, and: Key(now + 1)), limit: limit, in: txn).items
        for entry in due {
            let reminded = try settle(entry, as: entry.status)  // reminded once
            guard let holdId = entry.offerHoldId, let hold = try t.holds.get(holdId, in: txn), hold.status == .active, hold.expiresAt > now,
                  let tier = try t.ticketTypes.get(hold.items[0].ticketTypeId, in: txn) else { continue }
            let event = try load(t.events, entry.eventId)
            try notify(.waitlistOfferExpiring, organizationId: event.organizationId, recipient: try recipient(of: entry), subjectId: entry.id) {
                try offerPayload(reminded, hold: hold, event: event, tier: tier)
            }
        }
        return due.count
    }

    /// Closes the event's list: its waiting entries become `closed`, and when it is cancelled its
    /// offered ones too (the cancellation releases their holds), each told (`event_cancelled`).
    /// After sales closed, an open offer keeps its hold until it is accepted or runs out.
    /// Returns how many closed.
    @discardableResult
    mutating func closeWaitlist(of event: Event, cancelled: Bool) throws -> Int {
        let open = try t.waitlist.scan(index: .event, .prefix(Key(event.id)), in: txn).items
            .filter { $0.status == .waiting || (cancelled && $0.status == .offered) }
        let teller = cancelled ? try speaking(.eventCancelled, for: event.organizationId) : nil
        for entry in open {
            if entry.status == .waiting { try queue(entry, -1) }
            try settle(entry, as: .closed)
            if let teller { try tell(entry, .eventCancelled, about: event, organization: teller) }
        }
        if !open.isEmpty {
            try audit("waitlist.close", Event.self, event.id, "entries=\(open.count) " + (cancelled ? "cancelled" : "sales closed"), by: cancelled ? nil : .system)
        }
        return open.count
    }

    /// Tells the event's waiting and offered entries that it was rescheduled (`previous`: its
    /// details before), one message each, in the change's transaction.
    mutating func tellWaitlist(_ kind: OutboxMessage.Kind, about event: Event, previous: EventDetails) throws {
        guard let teller = try speaking(kind, for: event.organizationId) else { return }
        for entry in try t.waitlist.scan(index: .event, .prefix(Key(event.id)), in: txn).items where entry.isActive {
            try tell(entry, kind, about: event, previous: previous, organization: teller)
        }
    }

    /// Writes `kind` (an event's news) for one entry, for `organization` (read once per batch).
    private func tell(_ entry: WaitlistEntry, _ kind: OutboxMessage.Kind, about event: Event, previous: EventDetails? = nil,
                      organization: Organization) throws {
        try writeMessage(kind, organization: organization, recipient: try recipient(of: entry), subjectId: entry.id,
                         OutboxPayload.EventNews(eventId: event.id, eventTitle: event.details.title, startsAt: event.details.startsAt,
                                                 endsAt: event.details.endsAt, venueName: event.details.venueName,
                                                 previousStartsAt: previous?.startsAt, previousEndsAt: previous?.endsAt, entryId: entry.id))
    }

    /// Writes `entry` in `status`, its reminder dropped: an offer is reminded once, and only while open.
    @discardableResult
    mutating func settle(_ entry: WaitlistEntry, as status: WaitlistEntry.Status) throws -> WaitlistEntry {
        var changed = entry
        changed.status = status
        changed.reminderAt = nil
        changed.updatedAt = now
        return try t.waitlist.update(changed, in: txn)
    }

    /// Where an entry's notifications go: its customer's address now, else the one it joined with.
    func recipient(of entry: WaitlistEntry) throws -> String {
        try entry.customerId.flatMap { try t.customers.get($0, in: txn) }?.details.email ?? entry.email
    }

    /// What an offer's notifications say: the hold to confirm, until when, and what it costs.
    private func offerPayload(_ entry: WaitlistEntry, hold: Hold, event: Event, tier: TicketType) throws -> OutboxPayload.Offer {
        OutboxPayload.Offer(entryId: entry.id, holdId: hold.id, expiresAt: hold.expiresAt, eventId: event.id, eventTitle: event.details.title,
                            startsAt: event.details.startsAt, venueName: event.details.venueName, tier: tier.details.name,
                            quantity: hold.ticketCount, totalMinor: hold.totalMinor, currency: tier.details.currency)
    }
}

/// One queue of an event's waiting entries, read one entry at a time through its index: a tier's
/// (`tierId`), or the entries for any tier (nil).
private struct WaitlistQueue {
    let eventId: UUID
    let tierId: UUID?
    private(set) var head: WaitlistEntry?
    /// Entries passed over without an offer in this round.
    var passedOver = 0
    private var cursor: ScanCursor?
    private var started = false

    init(eventId: UUID, tierId: UUID?) {
        self.eventId = eventId
        self.tierId = tierId
    }

    /// Moves `head` to the next waiting entry (nil at the end). An entry offered meanwhile has
    /// left the index; the cursor resumes after its key.
    mutating func advance(_ m: Mutation) throws {
        guard !started || cursor != nil else { head = nil; return }
        started = true
        let page = if let tierId {
            try m.t.waitlist.scan(index: .tierQueue, .prefix(Key(eventId, tierId)), limit: 1, after: cursor, in: m.txn)
        } else {
            try m.t.waitlist.scan(index: .anyQueue, .prefix(Key(eventId)), limit: 1, after: cursor, in: m.txn)
        }
        head = page.items.first
        cursor = page.next
    }
}
