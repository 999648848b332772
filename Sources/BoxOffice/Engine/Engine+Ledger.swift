import BoxOfficeStore
import FoundationEssentials

extension Engine {
    /// Refunds `amountMinor` of an order's money (manager or above), up to what is left
    /// (``Order/refundableMinor``: paid less refunded and charged back): any part of it, such as
    /// its fees alone. Tickets stay valid; refund tickets with ``refundTickets(orderId:ticketIds:actor:)``
    /// to retire them. Appends a refund to the ledger. `providerReference` is the provider's id
    /// of the refund. More than is left is `invalidArgument`, even when refunds race: each one
    /// checks what is left in its own write transaction.
    public func refundAmount(orderId: UUID, amountMinor: Int64, reason: String = "", providerReference: String? = nil,
                             actor: Actor) throws -> Order {
        try moveMoney(.refund, orderId: orderId, amountMinor: amountMinor, note: reason, providerReference: providerReference, actor: actor)
    }

    /// Records a chargeback: the buyer's bank took `amountMinor` back (up to what is left).
    /// Tickets stay valid: cancel the order if they should not admit.
    public func recordChargeback(orderId: UUID, amountMinor: Int64, providerReference: String? = nil, actor: Actor) throws -> Order {
        try moveMoney(.chargeback, orderId: orderId, amountMinor: amountMinor, note: "", providerReference: providerReference, actor: actor)
    }

    /// Records a chargeback reversed in the organizer's favour: up to what was charged back.
    public func reverseChargeback(orderId: UUID, amountMinor: Int64, providerReference: String? = nil, actor: Actor) throws -> Order {
        try moveMoney(.chargebackReversal, orderId: orderId, amountMinor: amountMinor, note: "", providerReference: providerReference,
                      actor: actor)
    }

    /// Records what a payment provider kept of an order's payment (its processing fee, a dispute
    /// fee), which the organizer pays: reported apart from revenue, never refunded to the buyer.
    /// The order must have been paid; the fee is not bounded by the payment (a dispute fee can
    /// exceed a small one).
    public func recordProviderFee(orderId: UUID, amountMinor: Int64, providerReference: String? = nil, actor: Actor) throws -> Order {
        try moveMoney(.fee, orderId: orderId, amountMinor: amountMinor, note: "", providerReference: providerReference, actor: actor)
    }

    private func moveMoney(_ kind: LedgerEntry.Kind, orderId: UUID, amountMinor: Int64, note: String, providerReference: String?,
                           actor: Actor) throws -> Order {
        guard amountMinor > 0, amountMinor <= Validate.maxAmount else {
            throw BoxOfficeError.invalidArgument("amountMinor must be 1 to \(Validate.maxAmount), not \(amountMinor)")
        }
        try Validate.text(note, "reason", max: 1_000, allowEmpty: true)
        if let providerReference { try Validate.text(providerReference, "providerReference") }
        return try mutate(actor) { m in
            var order = try m.load(m.t.orders, orderId)
            try m.authorize("record \(kind.rawValue) on order", minimum: .manager, in: order.organizationId)
            try m.book(kind, amountMinor, on: &order, reference: providerReference, note: note, field: "amountMinor")
            if !note.isEmpty { order.notes = order.notes.isEmpty ? note : order.notes + "\n" + note }
            order.updatedAt = m.now
            order = try m.t.orders.update(order, in: m.txn)
            try m.audit("order.\(kind.rawValue)", Order.self, orderId, "number=\(order.number) amount=\(Currency.format(amountMinor, order.currency))")
            return order
        }
    }

    /// The order's ledger entries, oldest first.
    public func ledger(orderId: UUID) throws -> [LedgerEntry] {
        try query { try tables.ledger.scan(index: .order, .prefix(Key(orderId)), in: $0).items }
    }

    /// The ledger of an organization: with `orderId`, that order's entries (all of them, oldest
    /// first; none if it is another organization's); else one page in the order money moved, up
    /// to `limit` (1...1000) entries after the page whose ``LedgerPage/next`` is `cursor` (nil:
    /// the first page).
    public func ledger(organizationId: UUID, orderId: UUID? = nil, after cursor: String? = nil, limit: Int = 100) throws -> LedgerPage {
        if let orderId { return LedgerPage(entries: try ledger(orderId: orderId).filter { $0.organizationId == organizationId }) }
        let page = try page(tables.ledger, .organization, Key(organizationId), after: cursor, limit: limit, reverse: false)
        return LedgerPage(entries: page.items, next: page.next)
    }
}

extension Mutation {
    /// Appends a ledger entry of `amount` (≥ 0; none for 0) to `order` and keeps the order's sums
    /// equal to its ledger's: purchases in `paidMinor`, refunds in `refundedMinor`, chargebacks
    /// less reversals in `chargedBackMinor`, fees in `providerFeesMinor`. A refund or chargeback
    /// above ``Order/refundableMinor``, or a reversal above what was charged back, is
    /// `invalidArgument` and writes nothing. The payment status follows the money.
    /// `field` names the caller's argument in a refusal ("amountMinor"); nil for amounts the
    /// engine worked out (a ticket refund's).
    mutating func book(_ kind: LedgerEntry.Kind, _ amount: Int64, on order: inout Order, taxMinor: Int64 = 0, paymentId: UUID? = nil,
                       reference: String?, note: String, field: String? = nil) throws {
        // Built only for a refusal: formatting money is not free, and purchases run on every sale.
        let currency = order.currency
        let what = { (field.map { "\($0): " } ?? "") + "a \(kind.rawValue.replacing("_", with: " ")) of \(Currency.format(amount, currency))" }
        switch kind {
        case .purchase:
            order.paidMinor = try Money.add(order.paidMinor, amount)
        case .refund, .chargeback:
            guard amount <= order.refundableMinor else {
                throw BoxOfficeError.invalidArgument("\(what()) is above the \(Currency.format(order.refundableMinor, order.currency)) "
                                                     + "left of order \(order.number)")
            }
            if kind == .refund { order.refundedMinor += amount } else { order.chargedBackMinor += amount }
        case .chargebackReversal:
            guard amount <= order.chargedBackMinor else {
                throw BoxOfficeError.invalidArgument("\(what()) is above the \(Currency.format(order.chargedBackMinor, order.currency)) "
                                                     + "charged back of order \(order.number)")
            }
            order.chargedBackMinor -= amount
        case .fee:
            guard order.paidMinor > 0 else {
                throw BoxOfficeError.invalidArgument("\(what()): order \(order.number) has no payment for a provider to take a fee from")
            }
            order.providerFeesMinor = try Money.add(order.providerFeesMinor, amount)
        }
        if amount > 0 {
            try t.ledger.insert(LedgerEntry(id: ids.next(), at: now, order: order, kind: kind, amountMinor: amount, taxMinor: taxMinor,
                                            paymentId: paymentId, providerReference: reference, note: note), in: txn)
        }
        if kind == .refund && amount > 0 {
            let refunded = order
            try notify(.refundIssued, organizationId: order.organizationId, recipient: try customerEmail(order), subjectId: order.id) {
                try orderPayload(refunded, tickets: false, amountMinor: amount, reason: note.isEmpty ? nil : note)
            }
        }
        if kind != .fee { try settle(&order) }
    }

    /// Sets an order's payment status from its money and its state: `refund_due` while it holds
    /// more than it may keep (paid with no tickets to give, or paid twice), else `completed`,
    /// `partially_refunded` or `refunded` by what went back. Run after every money movement and
    /// every change of the order's status that can change what it may keep.
    func settle(_ order: inout Order) throws {
        guard order.paidMinor > 0 else { return }
        // What it may keep: its total while confirmed; nothing once every ticket was refunded, or
        // when none was issued (a pending or expired order, or one cancelled by a failed payment).
        // Unknown after some tickets were refunded, or a staff cancellation: never "due" then.
        let kept: Int64? = switch order.status {
        case .confirmed: order.totalMinor
        case .refunded, .pending, .expired: 0
        case .cancelled: try load(t.holds, order.holdId).status == .converted ? nil : 0
        case .partiallyRefunded: nil
        }
        if let kept, order.refundableMinor > kept {
            order.paymentStatus = .refundDue
        } else if order.refundedMinor + order.chargedBackMinor == 0 {
            order.paymentStatus = .completed
        } else if order.refundableMinor == 0 {
            order.paymentStatus = .refunded
        } else if order.status == .confirmed && order.refundableMinor == order.totalMinor {
            order.paymentStatus = .completed  // paid twice, and the second payment returned
        } else {
            order.paymentStatus = .partiallyRefunded
        }
    }
}
