import BoxOffice
import BoxOfficeStore
import Foundation
import Testing

@Suite struct VerifyTests {
    @Test func aCleanFileExitsZero() throws {
        let file = try SampleFile()
        let human = cli("verify", file.path)
        #expect(human.status == 0 && human.err.isEmpty)
        #expect(human.out == "verify: clean (every index matches its table, every invariant holds)\n")
        let machine = cli("verify", file.path, "--json")
        #expect(machine.status == 0)
        let report = try jsonObject(machine)
        #expect((report["storage"] as? [Any])?.isEmpty == true)
        #expect((report["invariants"] as? [Any])?.isEmpty == true)
        // It decodes as the engine's report.
        #expect(try JSONDecoder().decode(VerificationReport.self, from: Data(machine.out.utf8)).isClean)
        let real = try process("verify", file.path)
        #expect(real.status == 0 && real.out.contains("verify: clean"))
    }

    /// One index entry removed and one counter changed: each problem is reported, exit 1.
    @Test func eachDamageIsReportedAndExitsOne() throws {
        let file = try SampleFile()
        let ticket = file.tickets[1]
        let tier = file.tiers[1]
        do {
            let engine = try Engine(path: file.path)
            try engine.debugDropCodeIndexEntry(ticketId: ticket.id)
            try engine.debugSetCounters(ticketTypeId: tier.id, sold: 7)
        }
        let human = cli("verify", file.path)
        #expect(human.status == 1, "\(human.err)")
        #expect(human.err.isEmpty)
        let lines = human.out.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("check") == true)  // an aligned table: header, one line per problem, summary
        let ticketId = ticket.id.uuidString.lowercased()
        let tierId = tier.id.uuidString.lowercased()
        let eventId = file.event.id.uuidString.lowercased()
        #expect(lines.contains { $0.hasPrefix("missingIndexEntry") && $0.contains("tickets.code") && $0.contains(ticketId) }, "\(human.out)")
        #expect(lines.contains { $0.hasPrefix("tier.sold_matches_tickets") && $0.contains(tierId) && $0.contains("sold 7 but 2") })
        #expect(lines.contains { $0.hasPrefix("event.counters_match_tiers") && $0.contains(eventId) })
        #expect(lines.last == "verify: 3 problems (1 storage, 2 invariant)")

        let machine = cli("verify", file.path, "--json")
        #expect(machine.status == 1)
        let report = try JSONDecoder().decode(VerificationReport.self, from: Data(machine.out.utf8))
        #expect(report.storage.count == 1)
        let storage = try #require(report.storage.first)
        #expect(storage.kind == .missingIndexEntry && storage.table == "tickets" && storage.index == "code")
        #expect(storage.key == ticketId && storage.detail.contains(ticket.code), "\(storage)")
        #expect(Set(report.invariants.map(\.rule)) == ["tier.sold_matches_tickets", "event.counters_match_tiers"])
        #expect(report.invariants.contains { $0.rule == "tier.sold_matches_tickets" && $0.entityId == tierId })

        let real = try process("verify", file.path)
        #expect(real.status == 1 && real.out.contains("missingIndexEntry") && real.out.contains("tier.sold_matches_tickets"))
    }

    @Test func aFileThatCannotBeCheckedExitsTwo() throws {
        let missing = cli("verify", "/nonexistent/kiosk.boxoffice")
        #expect(missing.status == 2 && isOneLineError(missing) && missing.out.isEmpty)
        let notStore = ScratchPath("not-a-store")
        try FileManager.default.createDirectory(atPath: notStore.path, withIntermediateDirectories: true)
        let empty = cli("verify", notStore.path, "--json")
        #expect(empty.status == 2 && isOneLineError(empty) && empty.out.isEmpty)
        // A data.mdb that is not LMDB.
        try Data("not an LMDB file at all".utf8).write(to: URL(fileURLWithPath: notStore.path + "/data.mdb"))
        let garbage = try process("verify", notStore.path)
        #expect(garbage.status == 2 && isOneLineError(garbage))
        #expect(cli("verify").status == 64)
    }

    @Test func verifyIsReadOnly() throws {
        let file = try SampleFile()
        let before = try Data(contentsOf: URL(fileURLWithPath: file.path + "/data.mdb"))
        #expect(cli("verify", file.path).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: file.path + "/data.mdb")) == before)
        #expect(cli("verify", "--help").out.contains("(read-only)"))
    }
}
