import BoxOffice
import BoxOfficeStore
import Foundation
import StoreTestSupport
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
        // The event's capacity is a quota over the tier: its counters disagree too.
        #expect(lines.contains { $0.hasPrefix("quota.counters_match_tiers") })
        #expect(lines.last == "verify: 4 problems (1 storage, 3 invariant)")

        let machine = cli("verify", file.path, "--json")
        #expect(machine.status == 1)
        let report = try JSONDecoder().decode(VerificationReport.self, from: Data(machine.out.utf8))
        #expect(report.storage.count == 1)
        let storage = try #require(report.storage.first)
        #expect(storage.kind == .missingIndexEntry && storage.table == "tickets" && storage.index == "code")
        #expect(storage.key == ticketId && storage.detail.contains(ticket.code), "\(storage)")
        #expect(Set(report.invariants.map(\.rule)) == ["tier.sold_matches_tickets", "event.counters_match_tiers", "quota.counters_match_tiers"])
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

    /// The cases: a file cut short and a zeroed meta page. Every command answers with one
    /// line (exit 2), never a crash report; verify reports the damage as a problem (exit 1).
    @Test func damagedFilesAreRefusedInOneLine() throws {
        let file = try SampleFile()
        let size = try FileManager.default.attributesOfItem(atPath: file.path + "/data.mdb")[.size] as! Int
        for damage in ["cut to 8 KiB", "cut in half", "meta zeroed"] {
            let copy = ScratchPath("damaged")
            try FileManager.default.copyItem(atPath: file.path, toPath: copy.path)
            let data = try FileHandle(forUpdating: URL(fileURLWithPath: copy.path + "/data.mdb"))
            switch damage {
            case "cut to 8 KiB": try data.truncate(atOffset: 8192)
            case "cut in half": try data.truncate(atOffset: UInt64(size / 2))
            default:
                try data.seek(toOffset: 32)
                data.write(Data(repeating: 0, count: 120))
            }
            try data.close()
            let before = try Data(contentsOf: URL(fileURLWithPath: copy.path + "/data.mdb"))
            for command in ["info", "events", "dump", "tables", "feed"] {
                let args = command == "dump" ? [command, copy.path, "orders"] : [command, copy.path]
                let run = try runTool(siblingExecutable("boxoffice"), args)
                #expect(run.status == 2 && isOneLineError(run) && run.err.contains("is damaged"), "\(damage): \(command): \(run)")
            }
            let verify = try process("verify", copy.path)
            #expect(verify.status == 1 && verify.out.contains("damagedPage") && verify.out.contains("restore it from a backup"),
                    "\(damage): \(verify)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: copy.path + "/data.mdb")) == before, "\(damage): the file changed")
        }
    }

    @Test func verifyIsReadOnly() throws {
        let file = try SampleFile()
        let before = try Data(contentsOf: URL(fileURLWithPath: file.path + "/data.mdb"))
        #expect(cli("verify", file.path).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: file.path + "/data.mdb")) == before)
        #expect(cli("verify", "--help").out.contains("(read-only)"))
    }
}
