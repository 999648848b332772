import BoxOffice
import BoxOfficeStore
import Foundation
import Testing

/// `order` with payments and ledger, `ledger`, `vouchers`, and money in `events`.
@Suite struct MoneyCommandTests {
    /// A file with a tax rule, a voucher, an order paid by webhook, a fee refund and a chargeback.
    func paidFile() throws -> (ScratchPath, Order) {
        let file = ScratchPath("money")
        let engine = try Engine(path: file.path, options: EngineOptions(store: StoreOptions(durability: .async)))
        let org = try engine.createOrganization(OrganizationDetails(name: "Acme", slug: "acme", email: "a@acme.test", currency: "EUR",
                                                                    serviceFeeBasisPoints: 1_000))
        let vat = try engine.createTaxRule(organizationId: org.id, TaxRuleDetails(name: "VAT 19 %", rateBasisPoints: 1_900))
        let start = engine.now() + 86_400_000
        let event = try engine.createEvent(organizationId: org.id, EventDetails(title: "Jazz Night", startsAt: start, endsAt: start + 3_600_000))
        let tier = try engine.createTicketType(eventId: event.id, TicketTypeDetails(name: "Standing", priceMinor: 2_000, currency: "EUR",
                                                                                    quantity: 50, taxRuleId: vat.id))
        _ = try engine.publishEvent(event.id)
        _ = try engine.createVoucher(eventId: event.id, VoucherDetails(code: "press", ticketTypeIds: [tier.id], priceMode: .fixed, value: 1_000,
                                                                       maxUsages: 5, blockQuota: true))
        let hold = try engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tier.id, quantity: 2)], voucherCode: "PRESS")
        let pending = try engine.checkout(hold.id)
        let paid = try engine.recordPayment(PaymentEvent(organizationId: org.id, orderId: pending.id, provider: "stripe", providerReference: "pi_42",
                                                         providerEventId: "evt_1", status: .succeeded, amountMinor: pending.totalMinor, currency: "EUR"))
        _ = try engine.refundAmount(orderId: pending.id, amountMinor: pending.feesMinor, reason: "fees waived", actor: .system)
        _ = try engine.recordChargeback(orderId: pending.id, amountMinor: 500, providerReference: "dp_1", actor: .system)
        return (file, paid.order)
    }

    @Test func orderShowsPaymentsAndTheLedger() throws {
        let (file, order) = try paidFile()
        let human = cli("order", file.path, order.number)
        #expect(human.status == 0, "\(human.err)")
        // 2 × 10.00 (the voucher's price), VAT 19 % inclusive: 1000 − round(840.34) = 160 each; fee 10 %: 100 each.
        #expect(human.out.contains("22.00 EUR (tax 3.20 EUR, net 18.80 EUR)"))
        #expect(human.out.contains("payments\n") && human.out.contains("pi_42") && human.out.contains("succeeded"))
        #expect(human.out.contains("ledger\n") && human.out.contains("purchase") && human.out.contains("-2.00 EUR")
                && human.out.contains("chargeback") && human.out.contains("-5.00 EUR"))
        #expect(lines(human.out).contains { $0.hasPrefix("refundable") && $0.hasSuffix(" 15.00 EUR") })
        let report = try jsonObject(cli("order", file.path, order.number, "--json"))
        #expect((report["payments"] as? [[String: Any]])?.count == 1 && (report["ledger"] as? [[String: Any]])?.count == 3)
    }

    @Test func ledgerByOrganizationPagesAndByOrder() throws {
        let (file, order) = try paidFile()
        let first = cli("ledger", file.path, "--organization", "acme", "--limit", "2")
        #expect(first.status == 0, "\(first.err)")
        let rows = lines(first.out)
        #expect(rows.count == 4 && rows[1].contains("purchase") && rows[2].contains("refund") && rows[3].hasPrefix("more: --after "))
        let next = String(rows[3].dropFirst("more: --after ".count))
        let rest = cli("ledger", file.path, "--organization", "acme", "--after", next)
        #expect(lines(rest.out).count == 2 && rest.out.contains("chargeback") && rest.out.contains("dp_1"))
        let byOrder = try jsonObject(cli("ledger", file.path, "--order", order.number.lowercased(), "--json"))
        #expect((byOrder["entries"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["purchase", "refund", "chargeback"])
        // Bad input: one line, nothing else.
        let neither = cli("ledger", file.path)
        #expect(neither.status != 0 && neither.out.isEmpty && neither.err.contains("give either --organization or --order"))
        #expect(cli("ledger", file.path, "--organization", "acne").err.contains("no organization 'acne'"))
        #expect(cli("ledger", file.path, "--order", "ZZZZ-ZZZZ").err == "boxoffice: no order 'ZZZZ-ZZZZ'\n")
        #expect(cli("ledger", file.path, "--organization", "acme", "--limit", "0").err.contains("--limit must be 1 to 1000, not 0"))
        #expect(cli("ledger", file.path, "--organization", "acme", "--after", "garbage").isOneLineFailure)
        #expect(cli("ledger", file.path, "--order", order.number, "--limit", "1").err.contains("an order's is one page"))
        #expect(!cli("ledger", "--help").out.contains("\\"))  // no stray line-continuation backslashes in the help
    }

    @Test func vouchersShowUsesAndTheirBlock() throws {
        let (file, _) = try paidFile()
        let human = cli("vouchers", file.path, "Jazz")
        #expect(human.status == 0, "\(human.err)")
        let rows = lines(human.out)
        #expect(rows[0].hasPrefix("code") && rows[1].hasPrefix("PRESS") && rows[1].contains("Standing") && rows[1].contains("10.00 EUR"))
        let cells = rows[1].split(separator: " ", omittingEmptySubsequences: true)
        #expect(cells.suffix(3) == ["2", "5", "3"])  // used, max, blocks
        let json = try #require(try JSONSerialization.jsonObject(with: Data(cli("vouchers", file.path, "Jazz", "--json").out.utf8)) as? [[String: Any]])
        #expect(json.first?["usedCount"] as? Int == 2 && json.first?["remainingUses"] as? Int == 3)
        #expect(cli("vouchers", file.path, "Nope").isOneLineFailure)
        let events = try #require(try JSONSerialization.jsonObject(with: Data(cli("events", file.path, "--json").out.utf8)) as? [[String: Any]])
        let ledger = try #require(events.first?["ledger"] as? [String: Any])
        #expect(ledger["paidMinor"] as? Int == 2_200 && ledger["refundedMinor"] as? Int == 200 && ledger["chargedBackMinor"] as? Int == 500)
        #expect(events.first?["taxMinor"] as? Int == 320)
    }
}
