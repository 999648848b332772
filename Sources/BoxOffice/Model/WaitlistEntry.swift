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

extension WaitlistEntry {
    /// Waiting for whichever tier has room: in the queue for any tier.
    var waitsForAnyTier: Bool { status == .waiting && ticketTypeId == nil }

    /// Whether it is ahead of `other` in the queue: it was queued first (the earlier id on a tie).
    func isAhead(of other: WaitlistEntry) -> Bool { (queuedAt, id) < (other.queuedAt, other.id) }
}

extension Event {
    /// Whether `tier`'s free stock is kept from the public for the waitlist: the last offer round
    /// found the first entry in line for it short (``TicketType/keptForWaitlist``), and the event
    /// reserves stock for its queue.
    func keepsForWaitlist(_ tier: TicketType) -> Bool { details.waitlistReservesStock && tier.keptForWaitlist }
}
