import FoundationEssentials

extension Organization {
    init(id: UUID, now: Int64, details: OrganizationDetails) {
        self.id = id
        createdAt = now
        updatedAt = now
        self.details = details
    }
}
