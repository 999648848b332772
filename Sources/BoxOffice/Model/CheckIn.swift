import FoundationEssentials

extension CheckIn {
    init(id: UUID, now: Int64, code: String, ticket: Ticket?, gate: String, operatorId: UUID?, reason: Reason?) {
        self.id = id
        createdAt = now
        updatedAt = now
        self.code = code
        ticketId = ticket?.id
        eventId = ticket?.eventId
        self.gate = gate
        self.operatorId = operatorId
        at = now
        result = reason == nil ? .accepted : .rejected
        self.reason = reason
    }
}
