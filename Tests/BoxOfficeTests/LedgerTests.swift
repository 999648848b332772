import BoxOffice
import BoxOfficeStore
import Foundation
import Synchronization
import Testing

/// Refunds by amount, chargebacks and provider fees: the ledger and the order's sums agree.
@Suite struct LedgerTests {
    @Test func refundsByAmountUpToWhatIsLeftIncludingTheFeesAlone() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization(bps: 1_000, fixed: 50))
        let order = try t.order(event, tiers[0], quantity: 2)  // 2 × (2500 + 250 + 50) = 5600
        #expect(order.totalMinor == 5_600 && order.feesMinor == 600 && order.paidMinor == 5_600)
        let fees = try t.engine.refundAmount(orderId: order.id, amountMinor: order.feesMinor, reason: "fees waived", actor: .system)
        #expect(fees.refundedMinor == 600 && fees.refundableMinor == 5_000 && fees.paymentStatus == .partiallyRefunded)
        #expect(fees.status == .confirmed && fees.notes == "fees waived")
        #expect(throws: BoxOfficeError.invalidArgument("amountMinor: a refund of 50.01 EUR is above the 50.00 EUR left of order \(order.number)")) {
            try t.engine.refundAmount(orderId: order.id, amountMinor: 5_001, actor: .system)
        }
        // A ticket refund returns its price and fee: 2800, above what is left after a 3000 refund.
        _ = try t.engine.refundAmount(orderId: order.id, amountMinor: 3_000, actor: .system)
        let ticket = try #require(try t.engine.orderDetail(order).tickets.first)
        #expect(throws: BoxOfficeError.invalidArgument("a refund of 28.00 EUR is above the 20.00 EUR left of order \(order.number)")) {
            try t.engine.refundTickets(orderId: order.id, ticketIds: [ticket.id], actor: .system)
        }
        let rest = try t.engine.refundAmount(orderId: order.id, amountMinor: 2_000, actor: .system)
        #expect(rest.refundableMinor == 0 && rest.paymentStatus == .refunded)
        #expect(try t.engine.ledger(orderId: order.id).map(\.amountMinor) == [5_600, 600, 3_000, 2_000])
        #expect(try t.engine.verify().isClean)
    }

    @Test func chargebacksReversalsAndProviderFees() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization())
        let order = try t.order(event, tiers[0], quantity: 2)
        let fee = try t.engine.recordProviderFee(orderId: order.id, amountMinor: 175, providerReference: "txn_fee", actor: .system)
        #expect(fee.providerFeesMinor == 175 && fee.paymentStatus == .completed && fee.refundableMinor == 5_000)
        let disputed = try t.engine.recordChargeback(orderId: order.id, amountMinor: 5_000, providerReference: "dp_1", actor: .system)
        #expect(disputed.chargedBackMinor == 5_000 && disputed.refundableMinor == 0 && disputed.paymentStatus == .refunded)
        #expect(throws: BoxOfficeError.self) { try t.engine.refundAmount(orderId: order.id, amountMinor: 1, actor: .system) }
        #expect(throws: BoxOfficeError.self) { try t.engine.reverseChargeback(orderId: order.id, amountMinor: 5_001, actor: .system) }
        let won = try t.engine.reverseChargeback(orderId: order.id, amountMinor: 5_000, providerReference: "dp_1", actor: .system)
        #expect(won.chargedBackMinor == 0 && won.paymentStatus == .completed && won.refundableMinor == 5_000)
        #expect(try t.engine.ledger(orderId: order.id).map(\.kind) == [.purchase, .fee, .chargeback, .chargebackReversal])
        let page = try t.engine.ledger(organizationId: order.organizationId, limit: 3)
        #expect(page.entries.count == 3 && page.next != nil)
        let next = try t.engine.ledger(organizationId: order.organizationId, after: page.next, limit: 3)
        #expect(next.entries.map(\.kind) == [.chargebackReversal] && next.next == nil)
        #expect(try t.engine.verify().isClean)
    }

    @Test func badAmountsAndRolesWriteNothing() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (event, tiers) = try t.event(org)
        let order = try t.order(event, tiers[0], quantity: 1)
        let operatorUser = try t.user(org, .operator)
        let before = try t.engine.ledger(orderId: order.id)
        for amount: Int64 in [0, -1, .min, 1_000_000_000_001, .max] {
            #expect(throws: BoxOfficeError.self) { try t.engine.refundAmount(orderId: order.id, amountMinor: amount, actor: .system) }
            #expect(throws: BoxOfficeError.self) { try t.engine.recordChargeback(orderId: order.id, amountMinor: amount, actor: .system) }
            #expect(throws: BoxOfficeError.self) { try t.engine.recordProviderFee(orderId: order.id, amountMinor: amount, actor: .system) }
        }
        #expect(throws: BoxOfficeError.self) { try t.engine.refundAmount(orderId: order.id, amountMinor: 1, actor: .user(operatorUser.id)) }
        #expect(throws: BoxOfficeError.self) { try t.engine.refundAmount(orderId: UUID(), amountMinor: 1, actor: .system) }
        #expect(try t.engine.ledger(orderId: order.id) == before)
        // A provider fee needs a payment to come out of.
        let pending = try t.engine.checkout(try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 1)]).id)
        #expect(throws: BoxOfficeError.invalidArgument(
            "amountMinor: a fee of 0.01 EUR: order \(pending.number) has no payment for a provider to take a fee from")) {
            try t.engine.recordProviderFee(orderId: pending.id, amountMinor: 1, actor: .system)
        }
        #expect(try t.engine.verify().isClean)
    }

    /// Eight threads refund 1000 each of a 5000 order at once: exactly five succeed.
    @Test func concurrentRefundsNeverExceedWhatWasPaid() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization())
        let order = try t.order(event, tiers[0], quantity: 2)
        let engine = t.engine!
        let succeeded = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            if (try? engine.refundAmount(orderId: order.id, amountMinor: 1_000, actor: .system)) != nil {
                succeeded.withLock { $0 += 1 }
            }
        }
        #expect(succeeded.withLock { $0 } == 5)
        #expect(try t.engine.order(order.id)?.refundedMinor == 5_000)
        #expect(try t.engine.verify().isClean)
    }
}
