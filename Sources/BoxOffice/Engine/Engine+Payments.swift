import BoxOfficeStore
import FoundationEssentials

extension Engine {
    /// Records what a payment provider reported about an order's payment (a webhook), in the
    /// transaction that acts on it (operator or above):
    /// - a payment is found by organization, provider and `providerReference`, or made, pending;
    ///   every event is for exactly the order's total;
    /// - `succeeded`: the order is paid, its tickets issued and
    ///   a purchase appended to the ledger. If its stock was released meanwhile (the deadline
    ///   passed, or an earlier attempt failed), the payment is late: the stock is taken again if
    ///   free, else the order's payment status becomes `refund_due`, as it does for a second
    ///   payment of a paid order. ``PaymentResult/outcome`` tells the host which;
    /// - `failed`: a pending order's hold is released and the order cancelled;
    /// - `pending`, a failure of a payment that already failed or succeeded, or anything after a
    ///   success: recorded only. A success after a failure counts: providers let a buyer retry
    ///   the same payment (Stripe's `payment_intent.payment_failed` is not final).
    ///
    /// An event whose `providerEventId` was applied before changes nothing (outcome `replayed`);
    /// the same id with another amount, status or payment is `invalidArgument`. So are an order of another
    /// organization than `organizationId`, another currency than the order's, a reference that
    /// is another order's payment, and an amount other than the order's total.
    public func recordPayment(_ report: PaymentEvent, actor: Actor = .system) throws -> PaymentResult {
        try report.checkFields()
        return try mutate(actor) { m in
            var order = try m.load(m.t.orders, report.orderId)
            try m.authorize("record payment", minimum: .operator, in: order.organizationId)
            guard order.organizationId == report.organizationId else {
                throw BoxOfficeError.invalidArgument("orderId: order \(order.number) is not of organization \(report.organizationId.lowercasedString)")
            }
            guard report.currency == order.currency else {
                throw BoxOfficeError.invalidArgument("currency: \(report.currency) is not order \(order.number)'s currency \(order.currency)")
            }
            let eventKey = report.providerEventId.map { "\(order.organizationId.lowercasedString)/\(report.provider)/\($0)" }
            if let eventKey, let seen = try m.t.providerEvents.get(eventKey, in: m.txn) {
                let payment = try m.load(m.t.payments, seen.paymentId)
                guard seen.amountMinor == report.amountMinor, seen.status == report.status, payment.orderId == order.id,
                      payment.providerReference == report.providerReference else {
                    throw BoxOfficeError.invalidArgument("providerEventId '\(report.providerEventId!)' was applied to order "
                        + "\(try m.load(m.t.orders, payment.orderId).number) for payment \(payment.providerReference) with amountMinor "
                        + "\(seen.amountMinor) and status \(seen.status.rawValue)")
                }
                return PaymentResult(outcome: .replayed, payment: payment, order: order)
            }
            // Every event of a payment is for the order's total, so no early event can lock a wrong amount in.
            guard report.amountMinor == order.totalMinor else {
                throw BoxOfficeError.invalidArgument("amountMinor: \(Currency.format(report.amountMinor, order.currency)) is not "
                                                     + "order \(order.number)'s total \(Currency.format(order.totalMinor, order.currency))")
            }
            if try m.sweepExpired(eventId: order.eventId) > 0 { order = try m.load(m.t.orders, order.id) }
            var payment = try m.payment(for: report, order: order)
            var outcome = PaymentResult.Outcome.recorded
            // Only forward: pending → failed or succeeded, and failed → succeeded (a retry); a success is final.
            if (report.status == .succeeded && payment.status != .succeeded) || (report.status == .failed && payment.status == .pending) {
                payment.status = report.status
                payment.failureReason = report.failureReason
                if report.status == .succeeded {
                    (order, outcome) = try m.paid(order, by: &payment)
                } else if order.status == .pending, case let hold = try m.load(m.t.holds, order.holdId), hold.status == .active {
                    try m.endHold(hold, as: .released)
                    order = try m.load(m.t.orders, order.id)
                    order.paymentStatus = .failed
                    order.updatedAt = m.now
                    order = try m.t.orders.update(order, in: m.txn)
                    outcome = .released
                    let failed = order
                    try m.notify(.paymentFailed, organizationId: order.organizationId, recipient: try m.customerEmail(order), subjectId: order.id) {
                        try m.orderPayload(failed, tickets: false, reason: report.failureReason)
                    }
                }
            }
            payment.updatedAt = m.now
            payment = try m.t.payments.update(payment, in: m.txn)
            if let eventKey {
                try m.t.providerEvents.insert(ProviderEvent(key: eventKey, paymentId: payment.id, status: report.status,
                                                            amountMinor: report.amountMinor, at: m.now), in: m.txn)
            }
            try m.audit("payment.\(report.status.rawValue)", Payment.self, payment.id,
                        "order=\(order.number) \(report.provider) \(report.providerReference) "
                        + "amount=\(Currency.format(report.amountMinor, order.currency)) outcome=\(outcome.rawValue)")
            return PaymentResult(outcome: outcome, payment: payment, order: order)
        }
    }

    /// The order's payments, oldest first.
    public func payments(orderId: UUID) throws -> [Payment] {
        try query { try tables.payments.scan(index: .order, .prefix(Key(orderId)), in: $0).items }
    }
}

extension Mutation {
    /// The payment a report is about: the one with its provider and reference, or a new pending one.
    fileprivate func payment(for report: PaymentEvent, order: Order) throws -> Payment {
        let key = Key(order.organizationId, report.provider, report.providerReference)
        if let payment = try t.payments.lookup(.reference, key, in: txn) {
            guard payment.orderId == order.id else {
                throw BoxOfficeError.invalidArgument("providerReference '\(report.providerReference)' is a payment of another order")
            }
            return payment
        }
        return try t.payments.insert(Payment(id: ids.next(), now: now, report: report), in: txn)
    }

    /// A succeeded payment: confirms the order if it was not (late if its stock had been
    /// released), else books the money as due back.
    fileprivate mutating func paid(_ order: Order, by payment: inout Payment) throws -> (Order, PaymentResult.Outcome) {
        let hold = try load(t.holds, order.holdId)
        if hold.status != .converted {
            _ = try prepareSale(of: hold)
            do {
                let (confirmed, late) = try confirm(order.holdId, paymentId: payment.id, reference: payment.providerReference)
                payment.late = late
                return (confirmed, late ? .lateConfirmed : .confirmed)
            } catch BoxOfficeError.holdExpired {
                payment.late = true
            }
        }
        // Money taken and no tickets to give for it: the host must refund it (pretix #74).
        var owed = try load(t.orders, order.id)
        try book(.purchase, payment.amountMinor, on: &owed, paymentId: payment.id, reference: payment.providerReference,
                 note: payment.late ? "late payment: its tickets could not be taken again" : "paid twice")
        owed.updatedAt = now
        // Due back, as the payment status now says; only an order refunded meanwhile may keep it.
        return (try t.orders.update(owed, in: txn), owed.paymentStatus == .refundDue ? .refundDue : .recorded)
    }
}
