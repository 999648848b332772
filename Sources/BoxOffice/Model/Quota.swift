import FoundationEssentials

extension Quota {
    init(id: UUID, now: Int64, organizationId: UUID, eventId: UUID, details: QuotaDetails) {
        self.id = id
        createdAt = now
        updatedAt = now
        self.organizationId = organizationId
        self.eventId = eventId
        self.details = details
        held = 0
        sold = 0
        blocked = 0
        closed = false
        eventCapacity = false
    }

    /// What its tiers may still hold or sell together; 0 while closed.
    public var left: Int64 { closed ? 0 : details.size - held - sold - blocked }
}
