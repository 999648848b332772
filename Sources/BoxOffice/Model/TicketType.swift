import FoundationEssentials

extension TicketType {
    /// What is left to hold or sell of this tier alone.
    public var remaining: Int64 { details.quantity - held - sold - blocked - withheld }

    init(id: UUID, now: Int64, eventId: UUID, details: TicketTypeDetails) {
        self.id = id
        createdAt = now
        updatedAt = now
        self.eventId = eventId
        self.details = details
        held = 0
        sold = 0
        blocked = 0
        waitlisted = 0
        keptForWaitlist = false
        quotaIds = []
        seated = false
        withheld = 0
    }
}
