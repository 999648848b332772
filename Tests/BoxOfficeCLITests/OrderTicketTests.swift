import BoxOffice
import Foundation
import Testing

@Suite struct OrderTicketTests {
    @Test func orderShowsFieldsItemsTicketsCheckInsAndAudit() throws {
        let file = try SampleFile()
        let order = file.orders[0]
        // Lowercase and without its dash, as a customer reads it out.
        let typed = order.number.lowercased().replacingOccurrences(of: "-", with: "")
        let human = cli("order", file.path, typed)
        #expect(human.status == 0 && human.err.isEmpty)
        let out = human.out
        #expect(lines(out)[0].hasPrefix("order") && lines(out)[0].hasSuffix(order.number))
        for text in ["partially_refunded", "partially_refunded (pay-3)", "Jazz Night", "75.00 EUR", "\nitems\n", "\ntickets\n", "\ncheck-ins\n", "\naudit\n",
                     "Standing", "north-1", "hold.create", "order.confirm", "ticket.check_in", "order.refund", "refunded"] {
            #expect(out.contains(text), "\(text)")
        }
        for ticket in file.tickets { #expect(out.contains(ticket.code)) }
        // The second order's tickets are not there.
        for ticket in try file.writer().tickets(orderId: file.orders[1].id) { #expect(!out.contains(ticket.code)) }

        let report = try jsonObject(cli("order", file.path, order.number, "--json").out)
        let o = try #require(report["order"] as? [String: Any])
        #expect(o["number"] as? String == order.number && o["status"] as? String == "partially_refunded")
        #expect(o["subtotalMinor"] as? Int == 7_500 && (o["refundedMinor"] as? Int ?? 0) > 0)
        #expect(report["eventTitle"] as? String == "Jazz Night")
        #expect((report["hold"] as? [String: Any])?["status"] as? String == "converted")
        let items = try #require(report["items"] as? [[String: Any]])
        #expect(items.count == 1 && items[0]["tierName"] as? String == "Standing" && items[0]["quantity"] as? Int == 3)
        #expect(items[0]["subtotalMinor"] as? Int == 7_500 && items[0]["feePerTicketMinor"] as? Int == 63)
        let tickets = try #require(report["tickets"] as? [[String: Any]])
        #expect(tickets.compactMap { $0["status"] as? String }.sorted() == ["refunded", "used", "valid"])
        let checkIns = try #require(report["checkIns"] as? [[String: Any]])
        #expect(checkIns.count == 1 && checkIns[0]["gate"] as? String == "north-1" && checkIns[0]["result"] as? String == "accepted")
        let audit = try #require(report["audit"] as? [[String: Any]])
        let ids = Set(([order.id, order.holdId] + file.tickets.map(\.id)).map { $0.uuidString })
        #expect(audit.allSatisfy { ids.contains(($0["entityId"] as? String) ?? "") })
        #expect(audit.compactMap { $0["action"] as? String } == ["hold.create", "order.confirm", "ticket.check_in", "order.refund"])
        let sequences = audit.compactMap { $0["sequence"] as? Int }
        #expect(sequences == sequences.sorted())
    }

    @Test func orderFailsInOneLineOnUnknownNumbers() throws {
        let file = try SampleFile()
        #expect(cli("order", file.path, "ZZZZ-ZZZZ").err == "boxoffice: no order 'ZZZZ-ZZZZ'\n")
        #expect(cli("order", file.path, "not an order number!").isOneLineFailure)
        #expect(cli("order", file.path, "").isOneLineFailure)
        #expect(cli("order", file.path).status == 64)
        #expect(cli("order", "/nonexistent/kiosk.boxoffice", file.orders[0].number).isOneLineFailure)
        let dir = try notAStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(cli("order", dir, file.orders[0].number).isOneLineFailure)
        let real = try process("order", file.path, "ZZZZ-ZZZZ")
        #expect(real.isOneLineFailure)
        let ok = try process("order", file.path, file.orders[1].number, "--json")
        #expect(ok.status == 0 && ok.out.contains("\"tierName\":\"Seated\""))
    }

    @Test func ticketShowsOrderCheckInsAndAudit() throws {
        let file = try SampleFile()
        let scanned = file.tickets[0]
        let human = cli("ticket", file.path, scanned.code.lowercased())
        #expect(human.status == 0 && human.err.isEmpty)
        #expect(lines(human.out)[0].hasSuffix(scanned.code))
        for text in ["used", file.orders[0].number, "Jazz Night", "Standing", "25.00 EUR", "0.63 EUR", "at north-1 by system",
                     "\ntransfers\n(none)", "\ncheck-ins\n", "ticket.check_in"] {
            #expect(human.out.contains(text), "\(text)")
        }
        let report = try jsonObject(cli("ticket", file.path, scanned.code, "--json").out)
        #expect((report["ticket"] as? [String: Any])?["code"] as? String == scanned.code)
        #expect(report["orderNumber"] as? String == file.orders[0].number && report["currency"] as? String == "EUR")
        #expect(report["tierName"] as? String == "Standing" && report["eventTitle"] as? String == "Jazz Night" && report["retiredCode"] == nil)
        #expect((report["checkIns"] as? [[String: Any]])?.count == 1)
        #expect((report["audit"] as? [[String: Any]])?.compactMap { $0["action"] as? String } == ["ticket.check_in"])
    }

    @Test func ticketShowsTransfersAndIsFoundByItsRetiredCode() throws {
        let file = try SampleFile()
        let old = file.tickets[1].code
        let moved = try file.transferSecondTicket()
        let current = try jsonObject(cli("ticket", file.path, moved.code, "--json").out)
        let transfers = try #require((current["ticket"] as? [String: Any])?["transfers"] as? [[String: Any]])
        #expect(transfers.count == 1 && transfers[0]["previousCode"] as? String == old && transfers[0]["toName"] as? String == "Noé Durand")
        #expect((current["audit"] as? [[String: Any]])?.compactMap { $0["action"] as? String } == ["ticket.transfer"])

        let viaOld = cli("ticket", file.path, old)
        #expect(viaOld.status == 0)
        #expect(lines(viaOld.out)[0] == "code \(old) was retired by a transfer; this ticket's code is now \(moved.code)")
        #expect(viaOld.out.contains("Noé Durand <noe@example.org>") && viaOld.out.contains(old))
        let oldJSON = try jsonObject(cli("ticket", file.path, old, "--json").out)
        #expect(oldJSON["retiredCode"] as? String == old && (oldJSON["ticket"] as? [String: Any])?["code"] as? String == moved.code)
    }

    @Test func ticketFailsInOneLineOnUnknownCodes() throws {
        let file = try SampleFile()
        let unknown = String(repeating: "Z", count: 26)
        #expect(cli("ticket", file.path, unknown).err == "boxoffice: no ticket with code '\(unknown)'\n")
        #expect(cli("ticket", file.path, "short").isOneLineFailure)
        #expect(cli("ticket", file.path, "ü!").isOneLineFailure)
        #expect(cli("ticket", file.path).status == 64)
        #expect(cli("ticket", "/nonexistent/kiosk.boxoffice", unknown).isOneLineFailure)
        #expect(try process("ticket", file.path, unknown).isOneLineFailure)
        let ok = try process("ticket", file.path, file.tickets[0].code)
        #expect(ok.status == 0 && ok.out.contains("north-1"))
    }
}
