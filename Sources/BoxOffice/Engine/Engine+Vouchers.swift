import BoxOfficeStore
import FoundationEssentials

extension Engine {
    /// Adds a voucher to an event (manager or above). Its code is stored trimmed and in upper
    /// case, unique within the event (`duplicate` if taken). Its tiers must be the event's. A
    /// voucher that blocks quota reserves `maxUsages` tickets of its tier and of the event
    /// capacity at once: `soldOut` if they are not free.
    public func createVoucher(eventId: UUID, _ details: VoucherDetails, actor: Actor = .system) throws -> Voucher {
        let details = details.normalized()
        try Validate.voucher(details)
        return try mutate(actor) { m in
            let event = try m.event(eventId)
            try m.authorize("create voucher", minimum: .manager, in: event.organizationId)
            try m.checkTiers(details.ticketTypeIds, of: event)
            _ = try m.sweepExpired(eventId: eventId)
            var voucher = Voucher(id: m.ids.next(), now: m.now, organizationId: event.organizationId, eventId: eventId, details: details)
            if let until = details.validUntil, until <= m.now, details.blockQuota { voucher.reserveReleasedAt = m.now }  // nothing to keep
            try m.reserve(voucher.reserve, for: voucher, in: event)
            let stored = try m.t.vouchers.insert(voucher, in: m.txn)
            try m.audit("voucher.create", Voucher.self, stored.id, "code=\(details.code) mode=\(details.priceMode.rawValue) "
                        + "value=\(details.value) max=\(details.maxUsages) block=\(details.blockQuota)")
            return stored
        }
    }

    /// Replaces a voucher's details (manager or above). `maxUsages` cannot drop below the uses
    /// counted, and once used, its tiers and `blockQuota` stay as they are. A blocking voucher's
    /// reserve follows `maxUsages`, and `validUntil`: moved into the future, it blocks again
    /// (`soldOut` if that stock is gone).
    public func updateVoucher(_ id: UUID, _ details: VoucherDetails, expectedVersion: UInt64? = nil, actor: Actor = .system) throws -> Voucher {
        let details = details.normalized()
        try Validate.voucher(details)
        return try mutate(actor) { m in
            let old = try m.load(m.t.vouchers, id)
            let event = try m.event(old.eventId)
            try m.authorize("update voucher", minimum: .manager, in: old.organizationId)
            try m.check(expectedVersion, old)
            try m.checkTiers(details.ticketTypeIds, of: event)
            guard details.maxUsages >= old.usedCount else {
                throw BoxOfficeError.invalidArgument("maxUsages \(details.maxUsages) is below the \(old.usedCount) uses counted")
            }
            if old.usedCount > 0 && (details.ticketTypeIds != old.details.ticketTypeIds || details.blockQuota != old.details.blockQuota) {
                throw BoxOfficeError.invalidState(Voucher.self, id: old.details.code, state: "used \(old.usedCount) times",
                                                  action: "change the tiers or blockQuota of")
            }
            _ = try m.sweepExpired(eventId: old.eventId)
            var voucher = try m.load(m.t.vouchers, id)
            try m.reserve(-voucher.reserve, for: voucher, in: event)
            voucher.details = details
            // A validity moved into the future blocks again; one that has ended keeps nothing.
            let ended = details.validUntil.map { $0 <= m.now } ?? false
            voucher.reserveReleasedAt = ended ? (voucher.reserveReleasedAt ?? details.validUntil) : nil
            try m.reserve(voucher.reserve, for: voucher, in: try m.event(old.eventId))
            voucher.updatedAt = m.now
            voucher = try m.t.vouchers.update(voucher, in: m.txn)
            try m.audit("voucher.update", Voucher.self, id, "code=\(details.code) max=\(details.maxUsages) block=\(details.blockQuota)")
            return voucher
        }
    }

    /// The event's voucher with `code` (any case, whitespace around it ignored), or nil. As of
    /// now: a reserve whose validity ended reads as released, swept or not (as availability).
    public func voucher(eventId: UUID, code: String) throws -> Voucher? {
        let now = clock.now()
        return try query { try tables.vouchers.lookup(.code, Key(eventId, Voucher.normalized(code)), in: $0)?.asOf(now) }
    }

    /// The event's vouchers by code, as of now (see ``voucher(eventId:code:)``).
    public func vouchers(eventId: UUID) throws -> [Voucher] {
        let now = clock.now()
        return try query { try tables.vouchers.scan(index: .code, .prefix(Key(eventId)), in: $0).items.map { $0.asOf(now) } }
    }
}

extension VoucherDetails {
    func normalized() -> VoucherDetails {
        var d = self
        d.code = Voucher.normalized(code)
        return d
    }
}

extension Mutation {
    /// The voucher a hold of `items` names with `code`, and how many of its tickets it applies
    /// to. Throws ``BoxOfficeError/voucherRejected(code:reason:remaining:)`` for a code unknown
    /// to the event, outside its validity, for none of the items' tiers, or without the uses left.
    func redeem(_ code: String, event: Event, items: [Hold.Item]) throws -> (voucher: Voucher, uses: Int64) {
        let code = Voucher.normalized(code)
        guard let voucher = try t.vouchers.lookup(.code, Key(event.id, code), in: txn) else {
            throw BoxOfficeError.voucherRejected(code: code, reason: .unknown, remaining: nil)
        }
        if let from = voucher.details.validFrom, now < from { throw BoxOfficeError.voucherRejected(code: code, reason: .notYetValid, remaining: nil) }
        if let until = voucher.details.validUntil, now >= until { throw BoxOfficeError.voucherRejected(code: code, reason: .expired, remaining: nil) }
        let uses = items.filter { voucher.covers($0.ticketTypeId) }.reduce(0) { $0 + $1.quantity }
        guard uses > 0 else { throw BoxOfficeError.voucherRejected(code: code, reason: .outOfScope, remaining: nil) }
        guard uses <= voucher.remainingUses else {
            throw BoxOfficeError.voucherRejected(code: code, reason: .usedUp, remaining: voucher.remainingUses)
        }
        return (voucher, uses)
    }

    /// Counts `uses` of a voucher (negative: gives them back) and returns it as it was before.
    @discardableResult
    func countUses(of id: UUID, _ uses: Int64) throws -> Voucher {
        let voucher = try load(t.vouchers, id)
        var changed = voucher
        changed.usedCount += uses
        changed.updatedAt = now
        try t.vouchers.update(changed, replacing: voucher, in: txn)
        return voucher
    }

    /// Gives back the uses an ended hold counted; returns the voucher.
    func returnUses(of id: UUID, _ uses: Int64) throws -> Voucher { try countUses(of: id, -uses) }

    /// Adds `count` (negative: frees) to the reserve of a blocking voucher's tier and event,
    /// which must have room for it: `soldOut` otherwise.
    fileprivate mutating func reserve(_ count: Int64, for voucher: Voucher, in event: Event) throws {
        guard count != 0, voucher.blocks else { return }
        let tierId = voucher.details.ticketTypeIds[0]
        if count > 0 {
            let tier = try load(t.ticketTypes, tierId)
            let left = event.keepsForWaitlist(tier) ? 0 : min(tier.remaining, try quotaRoom(of: tier))
            guard count <= left else { throw BoxOfficeError.soldOut(ticketTypeId: tierId, name: tier.details.name, remaining: max(0, left)) }
        }
        try adjust(eventId: event.id, [], held: 0, sold: 0, blocked: [tierId: count])
    }

    /// Checks that every tier is the event's.
    fileprivate func checkTiers(_ ids: [UUID], of event: Event) throws {
        for id in ids where try load(t.ticketTypes, id).eventId != event.id {
            throw BoxOfficeError.invalidArgument("ticketTypeIds: ticket type \(id.lowercasedString) is not of this event")
        }
    }
}
