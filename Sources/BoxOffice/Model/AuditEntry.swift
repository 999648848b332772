import FoundationEssentials

extension AuditEntry {
    init(sequence: UInt64, at: Int64, actor: String, action: String, entityType: String, entityId: UUID?, summary: String) {
        self.sequence = sequence
        self.at = at
        self.actor = actor
        self.action = action
        self.entityType = entityType
        self.entityId = entityId
        self.summary = summary
    }
}

extension IdempotencyRecord {
    init(key: String, operation: String, request: String, resultId: UUID, createdAt: Int64, expiresAt: Int64) {
        self.key = key
        self.operation = operation
        self.request = request
        self.resultId = resultId
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
