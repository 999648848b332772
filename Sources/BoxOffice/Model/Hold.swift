import FoundationEssentials

extension Hold.Item {
    /// What to hold; the engine fills in the prices.
    public init(ticketTypeId: UUID, quantity: Int64) {
        self.ticketTypeId = ticketTypeId
        self.quantity = quantity
    }
}

extension Hold {
    public var ticketCount: Int64 { items.reduce(0) { $0 + $1.quantity } }

    /// The most tickets one hold may take; with prices ≤ 10¹² minor units no total can overflow.
    public static let maxTickets: Int64 = 10_000

    /// What the order will cost: prices plus fees, frozen when the hold was made.
    public var totalMinor: Int64 { items.reduce(0) { $0 + $1.quantity * ($1.unitPriceMinor + $1.feePerTicketMinor) } }

    /// The tax within ``totalMinor``.
    public var taxMinor: Int64 { items.reduce(0) { $0 + $1.quantity * $1.taxPerTicketMinor } }

    init(id: UUID, now: Int64, eventId: UUID, customerId: UUID?, items: [Item], expiresAt: Int64, idempotencyKey: String?,
         voucherId: UUID?, voucherUses: Int64) {
        self.id = id
        createdAt = now
        updatedAt = now
        self.eventId = eventId
        self.customerId = customerId
        self.items = items
        self.expiresAt = expiresAt
        status = .active
        self.idempotencyKey = idempotencyKey
        self.voucherId = voucherId
        self.voucherUses = voucherUses
        seats = []
    }
}
