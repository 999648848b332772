import FoundationEssentials

extension OutboxMessage {
    /// Whether a claim can take it once `availableAt` comes: pending, or claimed (its lease may run out).
    var isDue: Bool { status == .pending || status == .claimed }

    /// The refusal to `action` a message no worker ever claimed: a worker's bookkeeping is wrong.
    func neverClaimed(_ action: String) -> BoxOfficeError {
        .invalidState(OutboxMessage.self, id: id.lowercasedString, state: "pending", action: "\(action) (it was never claimed)")
    }

    init(id: UUID, now: Int64, organization: Organization, kind: Kind, recipient: String, subjectId: UUID?, payload: String) {
        self.id = id
        createdAt = now
        updatedAt = now
        organizationId = organization.id
        self.kind = kind
        self.recipient = recipient
        locale = organization.details.locale
        self.payload = payload
        status = .pending
        attempts = 0
        availableAt = now
        self.subjectId = subjectId
    }
}

/// What a notification's template needs, per kind: the payload's JSON (keys sorted, amounts in
/// minor units with their currency, times in UTC ms).
enum OutboxPayload {
    struct Ticket: Encodable {
        var code: String
        var tier: String
        var attendeeName: String
    }

    struct Order: Encodable {
        var orderId: UUID
        var orderNumber: String
        var eventId: UUID
        var eventTitle: String
        var startsAt: Int64
        var venueName: String
        var totalMinor: Int64
        var currency: String
        var tickets: [Ticket]?
        /// A refund's amount, or a failed payment's reason.
        var amountMinor: Int64?
        var reason: String?
    }

    struct Transfer: Encodable {
        var ticketId: UUID
        var code: String?
        var eventId: UUID
        var eventTitle: String
        var startsAt: Int64
        var fromName: String
        var toName: String
        /// "from": the old holder, whose code stopped working; "to": the new one, with the new code.
        var side: String
    }

    /// A waitlist offer, and the reminder before it ends: confirm `holdId` before `expiresAt`.
    struct Offer: Encodable {
        var entryId: UUID
        var holdId: UUID
        var expiresAt: Int64
        var eventId: UUID
        var eventTitle: String
        var startsAt: Int64
        var venueName: String
        var tier: String
        var quantity: Int64
        var totalMinor: Int64
        var currency: String
    }
}
