import BoxOffice
import Foundation
import Testing

@Suite struct DumpGetTests {
    @Test func dumpPrintsEveryRecordAsSortedJSONLines() throws {
        let file = try SampleFile()
        let run = cli("dump", file.path, "tickets")
        #expect(run.status == 0 && run.err.isEmpty)
        let records = try jsonLines(run.out)
        #expect(records.count == 5)
        #expect(Set(records.compactMap { $0["code"] as? String }) == Set(file.tickets.map(\.code) + (try file.writer().tickets(orderId: file.orders[1].id)).map(\.code)))
        for line in lines(run.out) {
            let keys = try topLevelKeys(String(line))
            #expect(keys == keys.sorted(), "\(line)")
            #expect(!line.contains("\n") && line.hasPrefix("{") && line.hasSuffix("}"))
        }
        // Primary-key order is id order (UUIDv7: creation order).
        let ids = records.compactMap { $0["id"] as? String }.map { $0.lowercased() }
        #expect(ids == ids.sorted())
    }

    @Test func dumpWalksAnIndexFromAKeyWithALimit() throws {
        let file = try SampleFile()
        let numbers = file.orders.map(\.number).sorted()
        let byNumber = try jsonLines(cli("dump", file.path, "orders", "--index", "number").out)
        #expect(byNumber.compactMap { $0["number"] as? String } == numbers)
        let fromSecond = try jsonLines(cli("dump", file.path, "orders", "--index", "number", "--from", numbers[1]).out)
        #expect(fromSecond.compactMap { $0["number"] as? String } == [numbers[1]])
        // An index key's first component: the event id of the tickets' event index.
        let ofEvent = try jsonLines(cli("dump", file.path, "tickets", "--index", "event", "--from", file.event.id.uuidString, "--limit", "2").out)
        #expect(ofEvent.count == 2 && ofEvent.allSatisfy { ($0["eventId"] as? String)?.lowercased() == file.event.id.uuidString.lowercased() })
        // An integer KEY on the audit log's sequence numbers.
        let audit = try jsonLines(cli("dump", file.path, "audit", "--from", "3", "--limit", "2").out)
        #expect(audit.compactMap { $0["sequence"] as? Int } == [3, 4])
        #expect(lines(cli("dump", file.path, "audit", "--limit", "1").out).count == 1)
        // Past the end: nothing, successfully.
        let past = cli("dump", file.path, "audit", "--from", "999999")
        #expect(past.status == 0 && past.out.isEmpty)
    }

    @Test func dumpAndGetRedactPinHashes() throws {
        let file = try SampleFile()
        let users = try jsonLines(cli("dump", file.path, "users").out)
        #expect(users.count == 1 && users[0]["pinHash"] as? String == "(redacted)")
        let id = try #require(users[0]["id"] as? String)
        let one = try jsonObject(cli("get", file.path, "users", id, "--json").out)
        #expect(one["pinHash"] as? String == "(redacted)")
        #expect(!cli("dump", file.path, "users").out.contains("argon2"))
    }

    @Test func dumpRejectsUnknownTablesIndexesAndLimits() throws {
        let file = try SampleFile()
        let table = cli("dump", file.path, "seats")
        #expect(table.isOneLineFailure)
        #expect(table.err == "boxoffice: no table 'seats'; tables: organizations, users, customers, events, ticket_types, holds, orders, "
            + "order_items, tickets, retired_codes, check_ins, audit, idempotency, payments, provider_events, ledger, tax_rules, vouchers, outbox, waitlist, quotas, seating_plans, seating_plan_rows, event_seatings, seat_rows, fanouts\n")
        let index = cli("dump", file.path, "orders", "--index", "email")
        #expect(index.isOneLineFailure && index.err == "boxoffice: no index 'email' on table 'orders'; indexes: number, hold, event, customer\n")
        #expect(cli("dump", file.path, "audit", "--index", "sequence").err.contains("it has none"))
        let zero = cli("dump", file.path, "orders", "--limit", "0")
        #expect(zero.status == 64 && zero.out.isEmpty && zero.err.contains("--limit must be at least 1"))
        #expect(cli("dump", file.path, "orders", "--limit=-3").status == 64)
        #expect(cli("dump", file.path, "orders", "--limit", "many").status == 64)
        #expect(cli("dump", file.path).status == 64)
        #expect(cli("dump", "/nonexistent/kiosk.boxoffice", "orders").isOneLineFailure)
        let dir = try notAStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(cli("dump", dir, "orders").isOneLineFailure)
    }

    @Test func getPrintsOneRecordPrettyOrCompact() throws {
        let file = try SampleFile()
        let order = file.orders[0]
        let pretty = cli("get", file.path, "orders", order.id.uuidString.lowercased())
        #expect(pretty.status == 0 && pretty.err.isEmpty && lines(pretty.out).count > 10)
        let compact = cli("get", file.path, "orders", order.id.uuidString, "--json")
        #expect(compact.status == 0 && lines(compact.out).count == 1)
        let a = try jsonObject(pretty.out), b = try jsonObject(compact.out)
        #expect(a["number"] as? String == order.number && b["number"] as? String == order.number)
        #expect(NSDictionary(dictionary: a).isEqual(to: b))
        // The compact form is the dump line of the same record.
        #expect(cli("dump", file.path, "orders", "--limit", "1").out == compact.out)
        // Integer and string keys.
        #expect(try jsonObject(cli("get", file.path, "audit", "1").out)["action"] as? String == "organization.create")
        let moved = try file.transferSecondTicket()
        let retired = try jsonObject(cli("get", file.path, "retired_codes", file.tickets[1].code).out)
        #expect((retired["ticketId"] as? String)?.lowercased() == moved.id.uuidString.lowercased())
        // Idempotency keys are stored per organization: "<organization id>/<key>".
        try file.holdStanding(1, idempotencyKey: "12345")
        let scoped = file.org.id.uuidString.lowercased() + "/12345"
        #expect(try jsonObject(cli("get", file.path, "idempotency", scoped).out)["operation"] as? String == "hold.create")
    }

    @Test func getFailsInOneLineOnMissingRecordsAndBadKeys() throws {
        let file = try SampleFile()
        let missing = cli("get", file.path, "orders", UUID().uuidString.lowercased())
        #expect(missing.isOneLineFailure && missing.err.hasPrefix("boxoffice: no record ") && missing.err.hasSuffix(" in orders\n"))
        #expect(cli("get", file.path, "audit", "9999").err == "boxoffice: no record 9999 in audit\n")
        // Keys of the wrong type, too long for LMDB, or out of range: not found, never a trap.
        #expect(cli("get", file.path, "orders", "not-a-uuid").err == "boxoffice: no record not-a-uuid in orders\n")
        #expect(cli("get", file.path, "audit", "seventeen").isOneLineFailure)
        #expect(cli("get", file.path, "audit", "--", "-1").isOneLineFailure)
        #expect(cli("get", file.path, "audit", "18446744073709551615").isOneLineFailure)
        #expect(cli("get", file.path, "retired_codes", String(repeating: "X", count: 2_000)).isOneLineFailure)
        #expect(cli("get", file.path, "orders", "").status == 64)
        #expect(cli("get", file.path, "orders").status == 64)
        #expect(cli("get", file.path, "nope", "1").err.hasPrefix("boxoffice: no table 'nope'; tables: organizations"))
        #expect(cli("get", "/nonexistent/kiosk.boxoffice", "orders", "1").isOneLineFailure)
    }

    @Test func dumpAndGetThroughTheRealExecutable() throws {
        let file = try SampleFile()
        let dump = try process("dump", file.path, "orders", "--limit", "1")
        #expect(dump.status == 0 && lines(dump.out).count == 1 && dump.err.isEmpty)
        let table = try process("dump", file.path, "nope")
        #expect(table.isOneLineFailure)
        let limit = try process("dump", file.path, "orders", "--limit", "0")
        #expect(limit.status == 64)
        let get = try process("get", file.path, "audit", "1", "--json")
        #expect(get.status == 0 && get.out.contains("\"sequence\":1"))
        #expect(try process("get", file.path, "audit", "424242").isOneLineFailure)
    }
}
