import FoundationEssentials

extension Order {
    init(id: UUID, now: Int64, number: String, organizationId: UUID, eventId: UUID, customerId: UUID?, holdId: UUID,
         currency: String, paymentReference: String?) {
        self.id = id
        createdAt = now
        updatedAt = now
        self.number = number
        self.organizationId = organizationId
        self.eventId = eventId
        self.customerId = customerId
        self.holdId = holdId
        subtotalMinor = 0
        feesMinor = 0
        totalMinor = 0
        self.currency = currency
        status = .confirmed
        paymentStatus = .completed
        self.paymentReference = paymentReference
        refundedMinor = 0
        notes = ""
    }
}

extension OrderItem {
    public var subtotalMinor: Int64 { quantity * unitPriceMinor }
    public var feesMinor: Int64 { quantity * feePerTicketMinor }

    init(id: UUID, now: Int64, orderId: UUID, ticketTypeId: UUID, quantity: Int64, unitPriceMinor: Int64, feePerTicketMinor: Int64) {
        self.id = id
        createdAt = now
        updatedAt = now
        self.orderId = orderId
        self.ticketTypeId = ticketTypeId
        self.quantity = quantity
        self.unitPriceMinor = unitPriceMinor
        self.feePerTicketMinor = feePerTicketMinor
    }
}
