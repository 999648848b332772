import FoundationEssentials

extension WaitlistEntry {
    init(id: UUID, now: Int64, event: Event, ticketTypeId: UUID?, quantity: Int64, customerId: UUID?, email: String) {
        self.id = id
        createdAt = now
        updatedAt = now
        organizationId = event.organizationId
        eventId = event.id
        self.ticketTypeId = ticketTypeId
        self.quantity = quantity
        self.customerId = customerId
        self.email = email
        status = .waiting
        queuedAt = now
        offers = 0
    }

    /// Waiting or offered: on the list, so the same email cannot join its tier again.
    var isActive: Bool { status == .waiting || status == .offered }

    /// Whether it would take tickets of `tierId`.
    func wants(_ tierId: UUID) -> Bool { ticketTypeId == nil || ticketTypeId == tierId }
}

extension Event {
    /// Tickets of `tier` the public cannot hold because waiting entries come first: its free
    /// stock, up to what they want, when the event reserves stock for its waitlist.
    func reservedForWaitlist(_ tier: TicketType, free: Int64) -> Int64 {
        guard details.waitlistReservesStock else { return 0 }
        return max(0, min(free, tier.waitlisted + waitlistedAnyTier))
    }
}
