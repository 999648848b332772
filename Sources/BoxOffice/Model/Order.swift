import FoundationEssentials

extension Order {
    /// A pending order: nothing paid yet, due by `paymentDueAt`.
    init(id: UUID, now: Int64, number: String, organizationId: UUID, eventId: UUID, customerId: UUID?, holdId: UUID,
         currency: String, paymentDueAt: Int64?, voucherId: UUID?) {
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
        status = .pending
        paymentStatus = .pending
        refundedMinor = 0
        notes = ""
        paidMinor = 0
        chargedBackMinor = 0
        providerFeesMinor = 0
        taxMinor = 0
        self.paymentDueAt = paymentDueAt
        self.voucherId = voucherId
    }
}

extension OrderItem {
    public var subtotalMinor: Int64 { quantity * unitPriceMinor }
    public var feesMinor: Int64 { quantity * feePerTicketMinor }

    init(id: UUID, now: Int64, orderId: UUID, held: Hold.Item) {
        self.id = id
        createdAt = now
        updatedAt = now
        self.orderId = orderId
        ticketTypeId = held.ticketTypeId
        quantity = held.quantity
        unitPriceMinor = held.unitPriceMinor
        feePerTicketMinor = held.feePerTicketMinor
        taxPerTicketMinor = held.taxPerTicketMinor
        discountPerTicketMinor = held.discountPerTicketMinor
    }
}
