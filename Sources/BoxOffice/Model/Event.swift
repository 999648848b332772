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
    }
}

extension EventDetails {
    /// When sales close: the explicit end, else the start of the event.
    var salesCloseAt: Int64 { salesEndAt ?? startsAt }
}
