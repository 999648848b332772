import FoundationEssentials

extension Ticket.Transfer {
    init(at: Int64, by: String, previousCode: String, fromName: String, fromEmail: String, toName: String, toEmail: String) {
        self.at = at
        self.by = by
        self.previousCode = previousCode
        self.fromName = fromName
        self.fromEmail = fromEmail
        self.toName = toName
        self.toEmail = toEmail
    }
}

extension Ticket {
    init(id: UUID, now: Int64, code: String, order: Order, item: OrderItem, attendeeName: String, attendeeEmail: String) {
        self.id = id
        createdAt = now
        updatedAt = now
        self.code = code
        orderId = order.id
        orderItemId = item.id
        eventId = order.eventId
        ticketTypeId = item.ticketTypeId
        status = .valid
        self.attendeeName = attendeeName
        self.attendeeEmail = attendeeEmail
        priceMinor = item.unitPriceMinor
        feeMinor = item.feePerTicketMinor
        taxMinor = item.taxPerTicketMinor
        transfers = []
    }
}

extension Ticket {
    /// Whether the ticket takes a place of its tier and event: valid or used, and also refunded
    /// or cancelled after it was admitted. Money going back does not empty a seat someone sat
    /// in; counting it free would sell a room for one to two people.
    public var holdsItsPlace: Bool { status == .valid || status == .used || checkedInAt != nil }
}

extension RetiredCode {
    init(code: String, ticketId: UUID, retiredAt: Int64) {
        self.code = code
        self.ticketId = ticketId
        self.retiredAt = retiredAt
    }
}
