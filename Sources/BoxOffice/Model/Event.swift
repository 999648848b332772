import FoundationEssentials

extension Event {
    init(id: UUID, now: Int64, organizationId: UUID, details: EventDetails) {
        self.id = id
        createdAt = now
        updatedAt = now
        self.organizationId = organizationId
        self.details = details
        status = .draft
        held = 0
        sold = 0
        blocked = 0
        waitlisted = 0
        waitlistedAnyTier = 0
    }
}

extension Event {
    /// What the event capacity still allows across tiers, beyond what is held, sold and kept for
    /// vouchers; nil without a capacity.
    var capacityLeft: Int64? { details.capacity.map { $0 - held - sold - blocked } }
}

extension EventDetails {
    /// When sales close: the explicit end, else the start of the event.
    var salesCloseAt: Int64 { salesEndAt ?? startsAt }
}
