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
    /// Whether `tier`'s free stock is kept from the public: the event reserves stock for its
    /// waitlist and entries wait for the tier (or for any tier), `waitlisted` tickets of them.
    /// Offers are made whenever stock frees up, so what is free then is too little for the head.
    func keepsForWaitlist(_ waitlisted: Int64) -> Bool { details.waitlistReservesStock && waitlisted > 0 }

    /// Tickets waiting entries want of `tier`: theirs and those of entries for any tier.
    func waitlisted(_ tier: TicketType) -> Int64 { tier.waitlisted + waitlistedAnyTier }
}
