import BoxOfficeStore
import FoundationEssentials

extension Engine {
    /// Reserves tickets of one or more tiers of an event for `ttlMillis`: every tier or none.
    ///
    /// Checks, in order: the event is published and within its sales window; the seats (named
    /// ones free, a placement for best-available); each tier's sales window and per-order limits;
    /// hidden tiers; each tier's stock; the event capacity across tiers; each quota of each tier.
    /// The first failure is thrown, naming the tier and how many are left.
    ///
    /// With a `voucherCode` (any case, whitespace around it ignored), the event's voucher applies
    /// to the items of its tiers: checked before the stock (``BoxOfficeError/voucherRejected(code:reason:remaining:)``),
    /// its price mode sets their price, its uses are counted now, and a voucher that blocks
    /// quota lets them take its reserved stock. Prices, fees and taxes are frozen into the hold
    /// (``TicketPrice``).
    ///
    /// With an `idempotencyKey` already used for a hold within the idempotency window, returns
    /// that hold and changes nothing.
    ///
    /// On an event with a seating plan, `seats` names seats or asks for the best available
    /// (docs/SEATING.md), and the items of seated tiers take the best seats available; the hold's
    /// ``Hold/seats`` lists them. A named seat that is not free is
    /// ``BoxOfficeError/seatUnavailable(seat:state:)``; no placement is ``BoxOfficeError/soldOut(ticketTypeId:name:remaining:)``.
    public func createHold(eventId: UUID, items: [Hold.Item], seats selection: SeatSelection? = nil, customerId: UUID? = nil,
                           ttlMillis: Int64 = APIDefaults.holdCreateTtlMs, voucherCode: String? = nil, idempotencyKey: String? = nil,
                           actor: Actor = .system) throws -> Hold {
        try selection?.checkFields()
        let seatCount = (selection?.seats.count ?? 0) + Int(selection?.quantity ?? 0)
        guard !items.isEmpty || seatCount > 0, items.count <= 50 else {
            throw BoxOfficeError.invalidArgument("items: a hold has 1 to 50 items, not \(items.count)")
        }
        for item in items where item.quantity <= 0 || item.quantity > Hold.maxTickets {
            throw BoxOfficeError.invalidArgument("quantity must be 1...\(Hold.maxTickets), not \(item.quantity)")
        }
        guard items.reduce(0, { $0 + $1.quantity }) <= Hold.maxTickets else {
            throw BoxOfficeError.invalidArgument("a hold has at most \(Hold.maxTickets) tickets")
        }
        guard Set(items.map(\.ticketTypeId)).count == items.count else {
            throw BoxOfficeError.invalidArgument("a ticket type appears twice in the hold; give it one item")
        }
        guard ttlMillis > 0, ttlMillis <= options.maxHoldMillis else {
            throw BoxOfficeError.invalidArgument("ttl must be 1...\(options.maxHoldMillis) ms, not \(ttlMillis)")
        }
        if let voucherCode { try Validate.text(voucherCode, "voucherCode", max: 64) }
        // Built only when there is an idempotency key: formatting ids is not free.
        let request = { "event=\(eventId) customer=\(customerId?.uuidString ?? "-") items="
            + items.map { "\($0.ticketTypeId):\($0.quantity)" }.joined(separator: ",")
            + (voucherCode.map { " voucher=" + Voucher.normalized($0) } ?? "")
            + (selection.map { " seats=\($0.seats.joined(separator: ",")) best=\($0.quantity):\($0.categories.joined(separator: ",")):\($0.accessible):\($0.maxRows):\($0.maxPriceMinor ?? -1)" } ?? "") }
        // Undoable: a power cut under durableSales may take back a hold, which sold nothing.
        return try mutate(actor, undoable: true) { m -> Result<Hold, BoxOfficeError> in
            var event = try m.event(eventId)
            try m.authorize("create hold", minimum: .operator, in: event.organizationId)
            if let earlier = try m.remembered(idempotencyKey, in: event.organizationId, "hold.create", request()) { return .success(try m.load(m.t.holds, earlier)) }
            if let customerId {
                let customer = try m.load(m.t.customers, customerId)
                guard customer.organizationId == event.organizationId else {
                    throw BoxOfficeError.invalidArgument("customer belongs to another organization")
                }
            }
            let swept = try m.sweepExpired(eventId: eventId)
            if swept > 0 { event = try m.event(eventId) }
            // The waitlist is served before this buyer; if the buyer is then refused, the sweep
            // and the offers still commit (nothing of the hold does).
            let offered = try m.serveQueue(&event)
            let take = { (m: inout Mutation) throws -> Hold in
                try m.checkOnSale(event)  // before seats are looked for
                let chosen = try m.chooseSeats(event: event, items: items, selection: selection)
                let items = chosen.items
                guard items.reduce(0, { $0 + $1.quantity }) <= Hold.maxTickets else {
                    throw BoxOfficeError.invalidArgument("a hold has at most \(Hold.maxTickets) tickets")
                }
                let voucher = try voucherCode.map { try m.redeem($0, event: event, items: items) }
                let reserved = voucher.map { $0.voucher.block($0.uses) } ?? [:]
                let tiers = try m.checkAvailable(event, items, reserved: reserved)
                let end = try m.holdEnd(ttlMillis)
                let hold = try m.placeHold(event: event, items: items, tiers: tiers, customerId: customerId, expiresAt: end, voucher: voucher,
                                           idempotencyKey: idempotencyKey, seats: (chosen.seats, chosen.book))
                try m.remember(idempotencyKey, in: event.organizationId, "hold.create", request(), hold.id)
                try m.audit("hold.create", Hold.self, hold.id, "event=\(eventId.lowercasedString) tickets=\(hold.ticketCount)")
                return hold
            }
            return swept + offered > 0 ? try m.attempt(take) : .success(try take(&m))
        }.get()
    }

    /// Moves an active, unexpired hold's expiry to `ttlMillis` from now. A hold lives at most
    /// `maxHoldMillis` from its creation and is not extended once sales have closed.
    public func extendHold(_ id: UUID, ttlMillis: Int64, actor: Actor = .system) throws -> Hold {
        guard ttlMillis > 0, ttlMillis <= options.maxHoldMillis else {
            throw BoxOfficeError.invalidArgument("ttl must be 1...\(options.maxHoldMillis) ms, not \(ttlMillis)")
        }
        return try mutate(actor) { m in
            var hold = try m.load(m.t.holds, id)
            let event = try m.event(hold.eventId)
            try m.authorize("extend hold", minimum: .operator, in: event.organizationId)
            _ = try m.sweepExpired(eventId: hold.eventId)
            hold = try m.load(m.t.holds, id)
            switch hold.status {
            case .active:
                guard hold.waitlistEntryId == nil else {  // an offer lasts its event's offer time: others wait behind it
                    throw BoxOfficeError.invalidState(Hold.self, id: id.lowercasedString, state: "a waitlist offer", action: "extend")
                }
                guard m.now < event.details.salesCloseAt else { throw BoxOfficeError.notOnSale("sales closed at \(Validate.iso(event.details.salesCloseAt))") }
                guard m.now + ttlMillis - hold.createdAt <= m.options.maxHoldMillis else {
                    throw BoxOfficeError.invalidArgument("a hold lives at most \(m.options.maxHoldMillis) ms from its creation")
                }
            case .expired, .released: throw BoxOfficeError.holdExpired(holdId: id)
            case .converted:
                throw BoxOfficeError.invalidState(Hold.self, id: id.lowercasedString, state: "converted", action: "extend")
            }
            hold.expiresAt = try m.holdEnd(ttlMillis)
            hold.updatedAt = m.now
            hold = try m.t.holds.update(hold, in: m.txn)
            if let orderId = hold.orderId {  // a checked-out hold: its order's payment deadline moves with it
                var order = try m.load(m.t.orders, orderId)
                order.paymentDueAt = hold.expiresAt
                order.updatedAt = m.now
                try m.t.orders.update(order, in: m.txn)
            }
            try m.audit("hold.extend", Hold.self, id, "expires_at=\(hold.expiresAt)")
            return hold
        }
    }

    /// Gives an active hold's tickets back. Releasing a hold that already ended changes nothing;
    /// a converted hold cannot be released (cancel or refund its order).
    public func releaseHold(_ id: UUID, actor: Actor = .system) throws -> Hold {
        try mutate(actor) { m in
            let hold = try m.load(m.t.holds, id)
            try m.authorize("release hold", minimum: .operator, in: try m.load(m.t.events, hold.eventId).organizationId)
            switch hold.status {
            case .active: try m.endHold(hold, as: hold.expiresAt <= m.now ? .expired : .released)
            case .released, .expired: return hold
            case .converted:
                throw BoxOfficeError.invalidState(Hold.self, id: id.lowercasedString, state: "converted", action: "release")
            }
            return try m.load(m.t.holds, id)
        }
    }

    /// Ends every hold that has expired by now and returns how many. Reads only the expiry
    /// index, so the cost follows the expired holds, not all holds. Expired idempotency keys
    /// are dropped too. `limit` bounds one transaction's work.
    @discardableResult
    public func expireHolds(limit: Int? = nil, actor: Actor = .system) throws -> Int {
        if let limit, limit < 1 { throw BoxOfficeError.invalidArgument("limit must be ≥ 1") }
        return try mutate(actor) { m in
            try m.authorize("expire holds", minimum: .operator, in: nil)
            let count = try m.sweepAllExpired(limit: limit)
            // Waitlists waiting for a time that came (a sales window opened, or sales closed), each
            // served once: the round moves its wake time on.
            for event in try m.t.events.scan(index: .waitlistWake, .between(nil, and: Key(m.now + 1)), limit: limit ?? Mutation.fanoutBatch,
                                             in: m.txn).items {
                m.freedEvents.insert(event.id)
            }
            _ = try m.expandFanouts(limit: limit ?? Mutation.fanoutBatch)
            _ = try m.remindOffers(limit: limit ?? Mutation.fanoutBatch)
            for key in try m.t.idempotency.scan(index: .expiry, .between(nil, and: Key(m.now + 1)), limit: limit, in: m.txn).items {
                try m.t.idempotency.delete(key.key, in: m.txn)
            }
            return count
        }
    }

    public func hold(_ id: UUID) throws -> Hold? { try query { try tables.holds.get(id, in: $0) } }
}

extension Mutation {
    /// Inserts an active hold of `items` (checked available: `tiers` in item order) priced now,
    /// with the voucher's prices and uses, and takes its stock: the one way a hold is made, by a
    /// buyer or as a waitlist offer (`waitlistEntryId`).
    /// `seats` are its seats, chosen by ``chooseSeats(event:items:selection:)`` with the book that
    /// marks them held; without them, the items of seated tiers take the best seats available.
    mutating func placeHold(event: Event, items: [Hold.Item], tiers: [TicketType], customerId: UUID?, expiresAt: Int64,
                            voucher: (voucher: Voucher, uses: Int64)?, idempotencyKey: String?, waitlistEntryId: UUID? = nil,
                            seats: (seats: [Int], book: SeatBook?)? = nil) throws -> Hold {
        let org = try organization(event.organizationId)
        var items = items
        var seats = seats
        if seats == nil, event.seatingPlanId != nil, tiers.contains(where: \.seated) {
            let chosen = try chooseSeats(event: event, items: items, selection: nil)
            seats = (chosen.seats, chosen.book)
        }
        for (i, tier) in tiers.enumerated() {
            let price = try TicketPrice.of(
                priceMinor: tier.details.priceMinor,
                voucher: voucher.flatMap { $0.voucher.covers(tier.id) ? ($0.voucher.details.priceMode, $0.voucher.details.value) : nil },
                tax: try taxRule(tier.details.taxRuleId, of: event.organizationId)?.details,
                serviceFeeBasisPoints: org.details.serviceFeeBasisPoints, fixedFeeMinor: org.details.fixedFeeMinor)
            items[i].unitPriceMinor = price.unitPriceMinor
            items[i].feePerTicketMinor = price.feeMinor
            items[i].taxPerTicketMinor = price.taxMinor
            items[i].discountPerTicketMinor = price.discountMinor
        }
        let reserved = voucher.map { $0.voucher.block($0.uses) } ?? [:]
        if let voucher { try countUses(of: voucher.voucher.id, voucher.uses) }
        try adjust(eventId: event.id, items, held: 1, sold: 0, blocked: reserved.mapValues { -$0 }, read: (event, tiers))
        var hold = Hold(id: ids.next(), now: now, eventId: event.id, customerId: customerId, items: items, expiresAt: expiresAt,
                        idempotencyKey: idempotencyKey, voucherId: voucher?.voucher.id, voucherUses: voucher?.uses ?? 0)
        hold.waitlistEntryId = waitlistEntryId
        if let seats, var book = seats.book, !seats.seats.isEmpty {
            try book.save(&self)
            hold.seats = seats.seats.map(book.label)
        }
        return try t.holds.insert(hold, in: txn)
    }

    /// When a hold made or extended now for `ttl` ends: within the times the engine takes (1970
    /// to 9999), so that a sweep can always reach it.
    func holdEnd(_ ttl: Int64) throws -> Int64 {
        guard now + ttl <= Validate.latestTime else {
            throw BoxOfficeError.invalidArgument("ttl: the hold would end after the year 9999; give a shorter ttl")
        }
        return now + ttl
    }
}
