import BoxOffice
import BoxOfficeStore
import Foundation
import Testing

/// Tax rules and the worked examples of docs/PAYMENTS.md, to the minor unit.
@Suite struct TaxTests {
    @Test(arguments: [
        // price, rate (bp), inclusive, unit price, tax
        (1_000 as Int64, 1_900 as Int64, true, 1_000 as Int64, 160 as Int64),  // 19 %: net round(840.34) = 840
        (999, 700, true, 999, 65),          // 7 %: net round(933.64) = 934
        (1_000, 887, false, 1_089, 89),     // 8.87 %: round(88.7) = 89
        (1_000, 888, false, 1_089, 89),     // 8.88 %: round(88.8) = 89
        (1_005, 1_000, false, 1_106, 101),  // 10 % of 10.05 = 100.5, half up: 101
        (0, 1_900, true, 0, 0),
        (2_500, 0, false, 2_500, 0),
        (1_000, 10_000, true, 1_000, 500),  // 100 % inclusive: half of the price is tax
        (1_000, 10_000, false, 2_000, 1_000),
    ])
    func workedExamples(price: Int64, rate: Int64, inclusive: Bool, unit: Int64, tax: Int64) throws {
        let rule = TaxRuleDetails(name: "tax", rateBasisPoints: rate, inclusive: inclusive)
        let p = try TicketPrice.of(priceMinor: price, tax: rule, serviceFeeBasisPoints: 0, fixedFeeMinor: 0)
        #expect(p.unitPriceMinor == unit && p.taxMinor == tax && p.discountMinor == 0)
    }

    @Test func ordersCarryTheTaxOfEachTicketAndRefundsReturnIt() throws {
        let t = try TestEngine()
        let org = try t.organization(bps: 500)
        let vat = try t.engine.createTaxRule(organizationId: org.id, TaxRuleDetails(name: "VAT 19 %", rateBasisPoints: 1_900))
        let sales = try t.engine.createTaxRule(organizationId: org.id, TaxRuleDetails(name: "Sales tax 8.88 %", rateBasisPoints: 888,
                                                                                       inclusive: false))
        #expect(try t.engine.taxRules(organizationId: org.id).map(\.id) == [vat.id, sales.id])
        let (event, tiers) = try t.event(org, tiers: [.init(name: "Gross", price: 1_000), .init(name: "Net", price: 1_000)])
        var gross = tiers[0].details
        gross.taxRuleId = vat.id
        _ = try t.engine.updateTicketType(tiers[0].id, gross)
        var net = tiers[1].details
        net.taxRuleId = sales.id
        _ = try t.engine.updateTicketType(tiers[1].id, net)
        let hold = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 3),
                                                                       .init(ticketTypeId: tiers[1].id, quantity: 2)])
        #expect(hold.items.map(\.taxPerTicketMinor) == [160, 89] && hold.items.map(\.unitPriceMinor) == [1_000, 1_089])
        #expect(hold.items.map(\.feePerTicketMinor) == [50, 50])  // 5 % of the price before tax
        let order = try t.engine.confirmHold(hold.id)
        #expect(order.taxMinor == 3 * 160 + 2 * 89 && order.subtotalMinor == 3 * 1_000 + 2 * 1_089)
        #expect(order.totalMinor == order.subtotalMinor + 5 * 50 && order.netMinor == order.totalMinor - order.taxMinor)
        #expect(try t.engine.ledger(orderId: order.id).first?.taxMinor == order.taxMinor)
        let ticket = try #require(try t.engine.orderDetail(order).tickets.last)
        #expect(ticket.taxMinor == 89 && ticket.priceMinor == 1_089)
        _ = try t.engine.refundTickets(orderId: order.id, ticketIds: [ticket.id], actor: .system)
        let refund = try #require(try t.engine.ledger(orderId: order.id).last)
        #expect(refund.kind == .refund && refund.amountMinor == 1_089 + 50 && refund.taxMinor == 89)
        // A changed rule applies to later holds only.
        _ = try t.engine.updateTaxRule(vat.id, TaxRuleDetails(name: "VAT 7 %", rateBasisPoints: 700))
        #expect(try t.engine.orderDetail(order).items[0].taxPerTicketMinor == 160)
        #expect(try t.engine.verify().isClean)
    }

    @Test func badTaxRulesAreRefused() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let other = try t.organization(slug: "other")
        for rate: Int64 in [-1, 10_001, .max] {
            #expect(throws: BoxOfficeError.invalidArgument("rateBasisPoints must be 0...10000, not \(rate)")) {
                try t.engine.createTaxRule(organizationId: org.id, TaxRuleDetails(name: "bad", rateBasisPoints: rate))
            }
        }
        #expect(throws: BoxOfficeError.self) { try t.engine.createTaxRule(organizationId: org.id, TaxRuleDetails(name: " ", rateBasisPoints: 1)) }
        let foreign = try t.engine.createTaxRule(organizationId: other.id, TaxRuleDetails(name: "VAT", rateBasisPoints: 2_000))
        let (_, tiers) = try t.event(org)
        var details = tiers[0].details
        details.taxRuleId = foreign.id
        #expect(throws: BoxOfficeError.invalidArgument("taxRuleId: no tax rule \(foreign.id.uuidString.lowercased()) in this organization")) {
            try t.engine.updateTicketType(tiers[0].id, details)
        }
        #expect(try t.engine.taxRules(organizationId: org.id).isEmpty)
    }
}
