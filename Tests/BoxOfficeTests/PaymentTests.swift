import BoxOffice
import BoxOfficeStore
import Foundation
import Testing

/// Checkout, payments from provider events, late payments and the ledger they write.
@Suite struct PaymentTests {
    func report(_ order: Order, _ status: Payment.Status, reference: String = "pi_1", event: String? = "evt_1",
                amount: Int64? = nil) -> PaymentEvent {
        PaymentEvent(organizationId: order.organizationId, orderId: order.id, provider: "stripe", providerReference: reference,
                     providerEventId: event, status: status, amountMinor: amount ?? order.totalMinor, currency: order.currency)
    }

    @Test func checkoutKeepsTheStockAndASucceededPaymentIssuesTheTickets() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization(bps: 250))
        let hold = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 2)])
        let pending = try t.engine.checkout(hold.id)
        #expect(pending.status == .pending && pending.paymentStatus == .pending && pending.paymentDueAt == hold.expiresAt)
        #expect(pending.totalMinor == 2 * (2_500 + 63) && pending.paidMinor == 0)
        #expect(try t.engine.checkout(hold.id).id == pending.id)  // again: the same order
        #expect(try t.engine.orderDetail(pending).tickets.isEmpty)
        #expect(try t.engine.availability(eventId: event.id).tiers[0].held == 2)
        #expect(try t.engine.verify().isClean)

        let waiting = try t.engine.recordPayment(report(pending, .pending, event: "evt_0"))
        #expect(waiting.outcome == .recorded && waiting.order.status == .pending && waiting.payment.status == .pending)
        let paid = try t.engine.recordPayment(report(pending, .succeeded))
        #expect(paid.outcome == .confirmed && paid.payment.status == .succeeded && paid.payment.id == waiting.payment.id)
        #expect(paid.order.status == .confirmed && paid.order.paymentStatus == .completed && paid.order.paidMinor == pending.totalMinor)
        #expect(paid.order.paymentReference == "pi_1")
        let detail = try t.engine.orderDetail(paid.order)
        #expect(detail.tickets.count == 2 && detail.payments.count == 1)
        #expect(detail.ledger.map(\.kind) == [.purchase] && detail.ledger[0].amountMinor == pending.totalMinor
                && detail.ledger[0].paymentId == paid.payment.id)
        let tiers2 = try t.engine.availability(eventId: event.id).tiers[0]
        #expect(tiers2.held == 0 && tiers2.sold == 2)
        #expect(try t.engine.verify().isClean)
    }

    @Test func aReplayedWebhookChangesNothingAndAnAlteredOneIsRefused() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization())
        let order = try t.engine.checkout(try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 1)]).id)
        let first = try t.engine.recordPayment(report(order, .succeeded))
        let audit = try t.engine.auditFeed().count
        let replay = try t.engine.recordPayment(report(order, .succeeded))
        #expect(replay.outcome == .replayed && replay.order == first.order && replay.payment == first.payment)
        #expect(try t.engine.auditFeed().count == audit)
        #expect(throws: BoxOfficeError.self) { try t.engine.recordPayment(report(order, .succeeded, amount: 1)) }
        do {
            _ = try t.engine.recordPayment(report(order, .succeeded, amount: 1))
        } catch let error as BoxOfficeError {
            #expect(error.code == .invalidArgument && "\(error)".contains("evt_1"))
        }
        // A later event for the same, final payment is recorded but changes nothing.
        let late = try t.engine.recordPayment(report(order, .failed, event: "evt_2"))
        #expect(late.outcome == .recorded && late.payment.status == .succeeded && late.order.status == .confirmed)
        #expect(try t.engine.ledger(orderId: order.id).count == 1)
        #expect(try t.engine.verify().isClean)
    }

    @Test func aFailedPaymentReleasesTheStockAndCancelsThePendingOrder() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization(), tiers: [.init(name: "GA", quantity: 2)])
        let hold = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 2)])
        let order = try t.engine.checkout(hold.id)
        var failed = report(order, .failed)
        failed.failureReason = "card_declined"
        let result = try t.engine.recordPayment(failed)
        #expect(result.outcome == .released && result.order.status == .cancelled && result.order.paymentStatus == .failed)
        #expect(result.payment.failureReason == "card_declined")
        #expect(try t.engine.hold(hold.id)?.status == .released)
        #expect(try t.engine.availability(eventId: event.id).tiers[0].available == 2)
        // The buyer retries with another card: a late success takes the stock back, still free.
        let retry = try t.engine.recordPayment(report(order, .succeeded, reference: "pi_2", event: "evt_2"))
        #expect(retry.outcome == .lateConfirmed && retry.payment.late && retry.order.status == .confirmed)
        #expect(try t.engine.verify().isClean)
    }

    /// pretix #74: money taken, no ticket. Under the manual clock, the payment deadline passes,
    /// the stock is sold to someone else, and the payment arrives: refund due, and the refund
    /// settles it.
    @Test func aLatePaymentForStockSoldMeanwhileIsRefundDue() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization(), tiers: [.init(name: "GA", quantity: 1)])
        let hold = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 1)], ttlMillis: 10 * minute)
        let order = try t.engine.checkout(hold.id)
        t.clock.advance(10 * minute)
        #expect(try t.engine.order(order.id)?.status == .pending)  // not swept yet: still pending until a write sees it
        #expect(try t.engine.expireHolds() == 1)
        #expect(try t.engine.order(order.id)?.status == .expired)
        let other = try t.order(event, tiers[0], quantity: 1)
        let late = try t.engine.recordPayment(report(order, .succeeded))
        #expect(late.outcome == .refundDue && late.payment.late)
        #expect(late.order.status == .expired && late.order.paymentStatus == .refundDue && late.order.paidMinor == order.totalMinor)
        #expect(try t.engine.orderDetail(late.order).tickets.isEmpty)
        #expect(try t.engine.verify().isClean)
        let refunded = try t.engine.refundAmount(orderId: order.id, amountMinor: order.totalMinor, reason: "late payment", actor: .system)
        #expect(refunded.paymentStatus == .refunded && refunded.refundableMinor == 0)
        #expect(try t.engine.ledger(orderId: order.id).map(\.kind) == [.purchase, .refund])
        _ = other
        #expect(try t.engine.verify().isClean)
    }

    @Test func aLatePaymentWhileTheStockIsFreeTakesItAgain() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization(), tiers: [.init(name: "GA", quantity: 5)])
        let hold = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 2)], ttlMillis: minute)
        let order = try t.engine.checkout(hold.id)
        t.clock.advance(2 * minute)
        let late = try t.engine.recordPayment(report(order, .succeeded))
        #expect(late.outcome == .lateConfirmed && late.order.status == .confirmed && late.payment.late)
        #expect(try t.engine.availability(eventId: event.id).tiers[0].sold == 2)
        #expect(try t.engine.verify().isClean)
    }

    @Test func aSecondPaymentOfAPaidOrderIsRefundDueUntilItIsReturned() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization())
        let order = try t.engine.checkout(try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 1)]).id)
        _ = try t.engine.recordPayment(report(order, .succeeded))
        let twice = try t.engine.recordPayment(report(order, .succeeded, reference: "pi_2", event: "evt_2"))
        #expect(twice.outcome == .refundDue && twice.order.paidMinor == 2 * order.totalMinor && twice.order.paymentStatus == .refundDue)
        // Refund due until the whole second payment is back.
        let part = try t.engine.refundAmount(orderId: order.id, amountMinor: 1, providerReference: "re_1", actor: .system)
        #expect(part.paymentStatus == .refundDue)
        let returned = try t.engine.refundAmount(orderId: order.id, amountMinor: order.totalMinor - 1, providerReference: "re_2", actor: .system)
        #expect(returned.paymentStatus == .completed && returned.refundableMinor == order.totalMinor)
        #expect(try t.engine.verify().isClean)
    }

    /// What an order holds beyond what it may keep stays due back through chargebacks, their
    /// reversals and ticket refunds.
    @Test func refundDueFollowsTheMoneyAndTheTickets() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization(), tiers: [.init(name: "GA", quantity: 1)])
        // Paid late, stock gone: everything is due back; a chargeback and its reversal keep it so.
        let hold = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 1)], ttlMillis: minute)
        let late = try t.engine.checkout(hold.id)
        t.clock.advance(2 * minute)
        _ = try t.engine.expireHolds()
        let (event2, tiers2) = try t.event(try t.organization(slug: "second"), tiers: [.init(name: "GA", quantity: 5)])
        _ = try t.order(event, tiers[0], quantity: 1)
        #expect(try t.engine.recordPayment(report(late, .succeeded)).order.paymentStatus == .refundDue)
        #expect(try t.engine.recordChargeback(orderId: late.id, amountMinor: late.totalMinor, actor: .system).paymentStatus == .refunded)
        #expect(try t.engine.reverseChargeback(orderId: late.id, amountMinor: late.totalMinor, actor: .system).paymentStatus == .refundDue)
        // Paid twice: the excess is due back; a chargeback of it settles it, its reversal makes it due again.
        let twice = try t.engine.checkout(try t.engine.createHold(eventId: event2.id, items: [.init(ticketTypeId: tiers2[0].id, quantity: 1)]).id)
        _ = try t.engine.recordPayment(report(twice, .succeeded, reference: "pi_a", event: "e_a"))
        _ = try t.engine.recordPayment(report(twice, .succeeded, reference: "pi_b", event: "e_b"))
        #expect(try t.engine.recordChargeback(orderId: twice.id, amountMinor: twice.totalMinor, actor: .system).paymentStatus == .completed)
        #expect(try t.engine.reverseChargeback(orderId: twice.id, amountMinor: twice.totalMinor, actor: .system).paymentStatus == .refundDue)
        // Every ticket refunded: the second payment is still due back.
        let refunded = try t.engine.refundOrder(twice.id, actor: .system)
        #expect(refunded.status == .refunded && refunded.paymentStatus == .refundDue && refunded.refundableMinor == twice.totalMinor)
        #expect(try t.engine.refundAmount(orderId: twice.id, amountMinor: twice.totalMinor, actor: .system).paymentStatus == .refunded)
        #expect(try t.engine.verify().isClean)
    }

    /// A buyer's retry of the same payment: the provider reports it failed, then succeeded.
    @Test func aSuccessAfterAFailureOfTheSamePaymentCounts() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization(), tiers: [.init(name: "GA", quantity: 1)])
        let order = try t.engine.checkout(try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 1)]).id)
        #expect(try t.engine.recordPayment(report(order, .failed, event: "evt_1")).outcome == .released)
        let retried = try t.engine.recordPayment(report(order, .succeeded, event: "evt_2"))
        #expect(retried.outcome == .lateConfirmed && retried.payment.status == .succeeded && retried.order.status == .confirmed)
        // Final: a later failure of it changes nothing, and a success of another attempt is refund due.
        #expect(try t.engine.recordPayment(report(order, .failed, event: "evt_3")).payment.status == .succeeded)
        // The same event id for another payment of this order is not a replay.
        #expect(throws: BoxOfficeError.self) { try t.engine.recordPayment(report(order, .succeeded, reference: "pi_9", event: "evt_2")) }
        #expect(try t.engine.verify().isClean)

        // Failed, the stock sold meanwhile, then succeeded: the money is due back.
        let other = try t.organization(slug: "other")
        let (event2, tiers2) = try t.event(other, tiers: [.init(name: "GA", quantity: 1)])
        let order2 = try t.engine.checkout(try t.engine.createHold(eventId: event2.id, items: [.init(ticketTypeId: tiers2[0].id, quantity: 1)]).id)
        _ = try t.engine.recordPayment(report(order2, .failed, event: "evt_a"))
        _ = try t.order(event2, tiers2[0], quantity: 1)
        let late = try t.engine.recordPayment(report(order2, .succeeded, event: "evt_b"))
        #expect(late.outcome == .refundDue && late.order.status == .cancelled && late.order.paymentStatus == .refundDue)
        #expect(try t.engine.verify().isClean)
    }

    @Test func badPaymentReportsWriteNothing() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let other = try t.organization(slug: "other")
        let (event, tiers) = try t.event(org)
        let order = try t.engine.checkout(try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 1)]).id)
        let audit = try t.engine.auditFeed().count
        var foreign = report(order, .succeeded)
        foreign.organizationId = other.id
        #expect(throws: BoxOfficeError.invalidArgument("orderId: order \(order.number) is not of organization \(other.id.uuidString.lowercased())")) {
            try t.engine.recordPayment(foreign)
        }
        var currency = report(order, .succeeded)
        currency.currency = "USD"
        #expect(throws: BoxOfficeError.invalidArgument("currency: USD is not order \(order.number)'s currency EUR")) { try t.engine.recordPayment(currency) }
        var unknown = report(order, .succeeded)
        unknown.currency = "XYZ"
        #expect(throws: BoxOfficeError.self) { try t.engine.recordPayment(unknown) }
        unknown.currency = "EU\u{0}R"  // control characters are escaped in messages, so C does not cut them at the NUL
        #expect(throws: BoxOfficeError.invalidArgument("currency 'EU\\0R' is not an ISO 4217 currency with a minor unit, like EUR or JPY")) {
            try t.engine.recordPayment(unknown)
        }
        // Every event of a payment is for the order's total: a pending one with another amount cannot lock it in.
        #expect(throws: BoxOfficeError.invalidArgument("amountMinor: 0.00 EUR is not order \(order.number)'s total 25.00 EUR")) {
            try t.engine.recordPayment(report(order, .pending, amount: 0))
        }
        #expect(throws: BoxOfficeError.self) { try t.engine.recordPayment(report(order, .succeeded, amount: -1)) }
        #expect(throws: BoxOfficeError.self) { try t.engine.recordPayment(report(order, .succeeded, amount: 1_000_000_000_001)) }
        #expect(throws: BoxOfficeError.self) { try t.engine.recordPayment(report(order, .succeeded, amount: order.totalMinor - 1)) }
        #expect(try t.engine.auditFeed().count == audit)
        #expect(try t.engine.payments(orderId: order.id).isEmpty)
        // The same provider reference for another order is refused.
        _ = try t.engine.recordPayment(report(order, .pending, event: nil))
        let second = try t.engine.checkout(try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 1)]).id)
        #expect(throws: BoxOfficeError.invalidArgument("providerReference 'pi_1' is a payment of another order")) {
            try t.engine.recordPayment(report(second, .succeeded, event: nil))
        }
        #expect(try t.engine.verify().isClean)
    }

    @Test func staffOfAnotherOrganizationCannotRecordPayments() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization())
        let outsider = try t.user(try t.organization(slug: "other"), .owner)
        let order = try t.engine.checkout(try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 1)]).id)
        #expect(throws: BoxOfficeError.self) { try t.engine.recordPayment(report(order, .succeeded), actor: .user(outsider.id)) }
        #expect(try t.engine.order(order.id)?.status == .pending)
    }
}
