import FoundationEssentials

extension LedgerEntry {
    init(id: UUID, at: Int64, order: Order, kind: Kind, amountMinor: Int64, taxMinor: Int64 = 0, paymentId: UUID? = nil,
         providerReference: String? = nil, note: String) {
        self.id = id
        createdAt = at
        updatedAt = at
        organizationId = order.organizationId
        orderId = order.id
        self.kind = kind
        self.amountMinor = amountMinor
        self.taxMinor = taxMinor
        currency = order.currency
        self.paymentId = paymentId
        self.providerReference = providerReference
        self.note = note
    }
}
