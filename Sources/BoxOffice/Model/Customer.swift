import FoundationEssentials

extension Customer {
    init(id: UUID, now: Int64, organizationId: UUID, details: CustomerDetails) {
        self.id = id
        createdAt = now
        updatedAt = now
        self.organizationId = organizationId
        self.details = details
    }
}
