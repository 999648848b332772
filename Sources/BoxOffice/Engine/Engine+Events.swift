import BoxOfficeStore
import FoundationEssentials

extension Engine {
    /// Creates an event as a draft (manager or above).
    public func createEvent(organizationId: UUID, _ details: EventDetails, actor: Actor = .system) throws -> Event {
        try Validate.event(details)
        return try mutate(actor) { m in
            _ = try m.organization(organizationId)
            try m.authorize("create event", minimum: .manager, in: organizationId)
            let event = try m.t.events.insert(Event(id: m.ids.next(), now: m.now, organizationId: organizationId, details: details), in: m.txn)
            try m.syncCapacityQuota(event)
            try m.audit("event.create", Event.self, event.id, "title=\(details.title)")
            return event
        }
    }

    /// Replaces an event's details (manager or above). The capacity cannot drop below what is
    /// already held and sold. A new start or end tells every ticket holder (an
    /// `event_rescheduled` notification, in batches).
    public func updateEvent(_ id: UUID, _ details: EventDetails, expectedVersion: UInt64? = nil, actor: Actor = .system) throws -> Event {
        try Validate.event(details)
        return try mutate(actor) { m in
            let current = try m.event(id)  // not deleted
            try m.authorize("update event", minimum: .manager, in: current.organizationId)
            // The version the caller read is checked before the sweep, which changes the counters.
            try m.check(expectedVersion, current)
            _ = try m.sweepExpired(eventId: id)
            let updated = try m.replaceDetails(m.t.events, id, details, expectedVersion: nil,
                                               action: "event.update", summary: "title=\(details.title)") { event, _ in
                if let capacity = details.capacity, capacity < event.held + event.sold + event.blocked {
                    throw BoxOfficeError.invalidArgument("capacity \(capacity) is below the \(event.sold) sold, \(event.held) held and \(event.blocked) blocked by vouchers")
                }
            }
            if details.capacity != current.details.capacity { try m.syncCapacityQuota(updated) }
            if details.startsAt != current.details.startsAt || details.endsAt != current.details.endsAt {
                try m.fanOut(.eventRescheduled, about: updated, previous: current.details)
                try m.tellWaitlist(.eventRescheduled, about: updated, previous: current.details)
            }
            m.stockFreed(updated)  // a larger capacity, a sales window opening, the waitlist's settings
            return updated
        }
    }

    /// Opens a draft event for sale (manager or above). It needs at least one tier.
    public func publishEvent(_ id: UUID, actor: Actor = .system) throws -> Event {
        try mutate(actor) { m in
            var event = try m.event(id)
            try m.authorize("publish event", minimum: .manager, in: event.organizationId)
            guard event.status == .draft else {
                throw BoxOfficeError.invalidState(Event.self, id: id.lowercasedString, state: event.status.rawValue, action: "publish")
            }
            guard try !m.t.ticketTypes.scan(index: .event, .prefix(Key(id)), limit: 1, in: m.txn).items.isEmpty else {
                throw BoxOfficeError.invalidArgument("an event cannot be published without a ticket type")
            }
            event.status = .published
            event.updatedAt = m.now
            event = try m.t.events.update(event, in: m.txn)
            try m.audit("event.publish", Event.self, id, "")
            return event
        }
    }

    /// Cancels an event (manager or above): sales stop and its active holds are released.
    /// Tickets already sold stay valid until their orders are cancelled or refunded. Every
    /// holder of a valid ticket is told (`event_cancelled` notifications, in batches).
    public func cancelEvent(_ id: UUID, actor: Actor = .system) throws -> Event {
        try mutate(actor) { m in
            let event = try m.event(id)
            try m.authorize("cancel event", minimum: .manager, in: event.organizationId)
            guard event.status == .draft || event.status == .published else {
                throw BoxOfficeError.invalidState(Event.self, id: id.lowercasedString, state: event.status.rawValue, action: "cancel")
            }
            try m.closeWaitlist(of: event, cancelled: true)
            let active = try m.t.holds.scan(index: .eventExpiry, .prefix(Key(id)), in: m.txn).items
            for hold in active { try m.endHold(hold, as: hold.expiresAt <= m.now ? .expired : .released) }
            var cancelled = try m.event(id)
            cancelled.status = .cancelled
            cancelled.updatedAt = m.now
            cancelled = try m.t.events.update(cancelled, in: m.txn)
            try m.audit("event.cancel", Event.self, id, "holds_released=\(active.count)")
            try m.fanOut(.eventCancelled, about: cancelled)
            return cancelled
        }
    }

    public func event(_ id: UUID) throws -> Event? {
        try query { try tables.events.get(id, in: $0) }.flatMap { $0.deletedAt == nil ? $0 : nil }
    }

    /// The organization's events by start time, without deleted ones.
    public func events(organizationId: UUID) throws -> [Event] {
        try query { try tables.events.scan(index: .orgStart, .prefix(Key(organizationId)), in: $0).items }
            .filter { $0.deletedAt == nil }
    }

    /// Soft-deletes a draft or cancelled event (manager or above).
    public func deleteEvent(_ id: UUID, actor: Actor = .system) throws {
        try mutate(actor) { m in
            var event = try m.event(id)
            try m.authorize("delete event", minimum: .manager, in: event.organizationId)
            guard event.status == .draft || event.status == .cancelled else {
                throw BoxOfficeError.invalidState(Event.self, id: id.lowercasedString, state: event.status.rawValue, action: "delete")
            }
            event.deletedAt = m.now
            event.updatedAt = m.now
            try m.t.events.update(event, in: m.txn)
            try m.audit("event.delete", Event.self, id, "")
        }
    }

    // MARK: Tiers

    /// Adds a tier to an event (manager or above), priced in the organization's currency.
    public func createTicketType(eventId: UUID, _ details: TicketTypeDetails, actor: Actor = .system) throws -> TicketType {
        try mutate(actor) { m in
            let event = try m.event(eventId)
            try m.authorize("create ticket type", minimum: .manager, in: event.organizationId)
            try Validate.ticketType(details, currency: try m.organization(event.organizationId).details.currency)
            _ = try m.taxRule(details.taxRuleId, of: event.organizationId)
            guard event.status == .draft || event.status == .published else {
                throw BoxOfficeError.invalidState(Event.self, id: eventId.lowercasedString, state: event.status.rawValue, action: "add a ticket type to")
            }
            var tier = TicketType(id: m.ids.next(), now: m.now, eventId: eventId, details: details)
            // The new tier shares the event's capacity: named in its quota, which it is born in.
            var capacity = try m.capacityQuota(of: event)
            if let capacity { tier.quotaIds = [capacity.id] }
            tier = try m.t.ticketTypes.insert(tier, in: m.txn)
            if capacity != nil {
                capacity!.details.ticketTypeIds.append(tier.id)
                capacity!.updatedAt = m.now
                try m.t.quotas.update(capacity!, in: m.txn)
            }
            try m.audit("ticket_type.create", TicketType.self, tier.id, "name=\(details.name) price=\(details.priceMinor) quantity=\(details.quantity)")
            m.stockFreed(event)  // entries for any tier may take the new one
            return tier
        }
    }

    /// Replaces a tier's details (manager or above). Its quantity cannot drop below what is sold
    /// and held.
    public func updateTicketType(_ id: UUID, _ details: TicketTypeDetails, expectedVersion: UInt64? = nil,
                                 actor: Actor = .system) throws -> TicketType {
        try mutate(actor) { m in
            let tier = try m.load(m.t.ticketTypes, id)
            let event = try m.event(tier.eventId)
            try m.authorize("update ticket type", minimum: .manager, in: event.organizationId)
            try Validate.ticketType(details, currency: try m.organization(event.organizationId).details.currency)
            _ = try m.taxRule(details.taxRuleId, of: event.organizationId)
            try m.check(expectedVersion, tier)
            _ = try m.sweepExpired(eventId: tier.eventId)
            let updated = try m.replaceDetails(m.t.ticketTypes, id, details, expectedVersion: nil,
                                               action: "ticket_type.update",
                                               summary: "price=\(details.priceMinor) quantity=\(details.quantity)") { tier, _ in
                if tier.seated, details.quantity != tier.details.quantity {
                    throw BoxOfficeError.invalidArgument("quantity: a seated tier sells its \(tier.details.quantity) seats, not \(details.quantity); block or free seats instead")
                }
                if details.quantity < tier.sold + tier.held + tier.blocked {
                    throw BoxOfficeError.invalidArgument("quantity \(details.quantity) is below the \(tier.sold) sold, \(tier.held) held and \(tier.blocked) blocked by vouchers")
                }
            }
            m.stockFreed(event)  // a raised quantity, a tier shown or its window opened
            return updated
        }
    }

    public func ticketType(_ id: UUID) throws -> TicketType? { try query { try tables.ticketTypes.get(id, in: $0) } }

    /// The event's tiers in their sort order.
    public func ticketTypes(eventId: UUID) throws -> [TicketType] {
        try query { try tables.ticketTypes.scan(index: .event, .prefix(Key(eventId)), in: $0).items }
    }
}
