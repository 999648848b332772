import BoxOfficeStore
import FoundationEssentials

extension Engine {
    /// Adds a quota over tiers of an event (pretix's model): from now on a sale of one of its
    /// tiers needs room in it, as in every other quota of that tier. Its counters start at what
    /// its tiers hold, sell and keep for vouchers now. Needs a manager.
    public func createQuota(eventId: UUID, _ details: QuotaDetails, actor: Actor = .system) throws -> Quota {
        try Validate.quota(details)
        return try mutate(actor) { m in
            let event = try m.event(eventId)
            try m.authorize("create quota", minimum: .manager, in: event.organizationId)
            _ = try m.sweepExpired(eventId: eventId)
            var quota = Quota(id: m.ids.next(), now: m.now, organizationId: event.organizationId, eventId: eventId, details: details)
            try m.countQuota(&quota, joining: details.ticketTypeIds, leaving: [])
            quota = try m.t.quotas.insert(quota, in: m.txn)
            try m.audit("quota.create", Quota.self, quota.id, "name=\(details.name) size=\(details.size) tiers=\(details.ticketTypeIds.count)")
            return quota
        }
    }

    /// Replaces a quota's details, and reopens it if it closed when sold out. Its size cannot drop
    /// below what its tiers hold, sell and keep for vouchers. Needs a manager.
    public func updateQuota(_ id: UUID, _ details: QuotaDetails, expectedVersion: UInt64? = nil, actor: Actor = .system) throws -> Quota {
        try Validate.quota(details)
        return try mutate(actor) { m in
            var quota = try m.load(m.t.quotas, id)
            let event = try m.event(quota.eventId)
            try m.authorize("update quota", minimum: .manager, in: event.organizationId)
            try quota.checkNotCapacity("update")
            try m.check(expectedVersion, quota)
            _ = try m.sweepExpired(eventId: quota.eventId)
            quota = try m.load(m.t.quotas, id)
            let before = Set(quota.details.ticketTypeIds)
            quota.details = details
            try m.countQuota(&quota, joining: details.ticketTypeIds.filter { !before.contains($0) },
                             leaving: before.filter { !details.ticketTypeIds.contains($0) })
            quota.closed = false
            quota.updatedAt = m.now
            quota = try m.t.quotas.update(quota, in: m.txn)
            try m.audit("quota.update", Quota.self, id, "name=\(details.name) size=\(details.size) tiers=\(details.ticketTypeIds.count)")
            m.stockFreed(event)
            return quota
        }
    }

    /// Deletes a quota: its tiers sell without it. Needs a manager.
    public func deleteQuota(_ id: UUID, actor: Actor = .system) throws {
        try mutate(actor) { m in
            var quota = try m.load(m.t.quotas, id)
            let event = try m.event(quota.eventId)
            try m.authorize("delete quota", minimum: .manager, in: event.organizationId)
            try quota.checkNotCapacity("delete")
            let tiers = Set(quota.details.ticketTypeIds)
            quota.details.ticketTypeIds = []
            try m.countQuota(&quota, joining: [], leaving: tiers)
            try m.t.quotas.delete(id, in: m.txn)
            try m.audit("quota.delete", Quota.self, id, "name=\(quota.details.name)")
            m.stockFreed(event)
        }
    }

    public func quota(_ id: UUID) throws -> Quota? { try query { try tables.quotas.get(id, in: $0) } }

    /// The event's quotas, oldest first, with their counters.
    public func quotas(eventId: UUID) throws -> [Quota] {
        try query { try tables.quotas.scan(index: .event, .prefix(Key(eventId)), in: $0).items }
    }
}

extension Quota {
    /// The event's capacity changes with the event (updateEvent), not as a quota.
    func checkNotCapacity(_ action: String) throws {
        guard !eventCapacity else {
            throw BoxOfficeError.invalidState(Quota.self, id: id.lowercasedString, state: "the event's capacity (change the event's capacity)", action: action)
        }
    }
}

extension Validate {
    static func quota(_ details: QuotaDetails) throws {
        try details.checkFields()
        guard !details.ticketTypeIds.isEmpty else { throw fail("ticketTypeIds: a quota has 1 to 50 tiers, not 0") }
    }
}

extension Mutation {
    /// Keeps an event's capacity as a quota like any other (`eventCapacity`): over every tier of
    /// the event, its size the capacity; none without a capacity. Runs when the event is created
    /// and when its capacity changes (a new tier joins in createTicketType).
    mutating func syncCapacityQuota(_ event: Event) throws {
        let existing = try t.quotas.scan(index: .event, .prefix(Key(event.id)), in: txn).items.first { $0.eventCapacity }
        guard let size = event.details.capacity else {
            guard var quota = existing else { return }
            let tiers = Set(quota.details.ticketTypeIds)
            quota.details.ticketTypeIds = []
            try countQuota(&quota, joining: [], leaving: tiers)
            try t.quotas.delete(quota.id, in: txn)
            return
        }
        let tiers = try t.ticketTypes.scan(index: .event, .prefix(Key(event.id)), in: txn).items.map(\.id)
        var quota = existing ?? Quota(id: ids.next(), now: now, organizationId: event.organizationId, eventId: event.id,
                                      details: QuotaDetails(name: "Event capacity", size: size, ticketTypeIds: []))
        let joining = tiers.filter { !quota.details.ticketTypeIds.contains($0) }
        quota.details.size = size
        quota.details.ticketTypeIds = tiers
        quota.eventCapacity = true
        quota.updatedAt = now
        try countQuota(&quota, joining: joining, leaving: [])
        _ = existing == nil ? try t.quotas.insert(quota, in: txn) : try t.quotas.update(quota, in: txn)
    }

    /// The quota that is `event`'s capacity; nil without a capacity.
    func capacityQuota(of event: Event) throws -> Quota? {
        guard event.details.capacity != nil else { return nil }
        return try t.quotas.scan(index: .event, .prefix(Key(event.id)), in: txn).items.first { $0.eventCapacity }
    }

    /// Makes `joining` tiers members of `quota` and `leaving` ones not, and sets its counters to
    /// its tiers' sums; checks its tiers (1 to 50, each once, of its event) and that its size
    /// holds what they hold, sell and keep.
    mutating func countQuota(_ quota: inout Quota, joining: [UUID], leaving: Set<UUID>) throws {
        let ids = quota.details.ticketTypeIds
        guard Set(ids).count == ids.count else { throw BoxOfficeError.invalidArgument("ticketTypeIds: a tier is named twice") }
        // The event's capacity does not count toward a tier's 20 quotas.
        let capacityId = quota.eventCapacity ? quota.id
            : try t.quotas.scan(index: .event, .prefix(Key(quota.eventId)), in: txn).items.first { $0.eventCapacity }?.id
        for tierId in joining + leaving.sorted(by: { $0.uuidString < $1.uuidString }) {
            var tier = try load(t.ticketTypes, tierId)
            guard tier.eventId == quota.eventId else {
                throw BoxOfficeError.invalidArgument("ticketTypeIds: ticket type \(tierId.lowercasedString) is not of the quota's event")
            }
            if leaving.contains(tierId) { tier.quotaIds.removeAll { $0 == quota.id } } else { tier.quotaIds.append(quota.id) }
            guard tier.quotaIds.filter({ $0 != capacityId }).count <= 20 else {
                throw BoxOfficeError.invalidArgument("ticketTypeIds: a tier belongs to at most 20 quotas besides the event's capacity")
            }
            tier.updatedAt = now
            try t.ticketTypes.update(tier, in: txn)
        }
        (quota.held, quota.sold, quota.blocked) = (0, 0, 0)
        for tierId in ids {
            let tier = try load(t.ticketTypes, tierId)
            quota.held += tier.held
            quota.sold += tier.sold
            quota.blocked += tier.blocked
        }
        guard ids.isEmpty || quota.details.size >= quota.held + quota.sold + quota.blocked else {
            throw BoxOfficeError.invalidArgument("size \(quota.details.size) is below the \(quota.sold) sold, \(quota.held) held and \(quota.blocked) blocked by vouchers of its tiers")
        }
    }
}
