import FoundationEssentials

extension Payment {
    init(id: UUID, now: Int64, report: PaymentEvent) {
        self.id = id
        createdAt = now
        updatedAt = now
        organizationId = report.organizationId
        orderId = report.orderId
        provider = report.provider
        providerReference = report.providerReference
        amountMinor = report.amountMinor
        currency = report.currency
        status = .pending
        late = false
    }
}

extension ProviderEvent {
    init(key: String, paymentId: UUID, status: Payment.Status, amountMinor: Int64, at: Int64) {
        self.key = key
        self.paymentId = paymentId
        self.status = status
        self.amountMinor = amountMinor
        self.at = at
    }
}
