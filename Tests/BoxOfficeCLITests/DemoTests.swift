import BoxOffice
import BoxOfficeStore
import Foundation
import StoreTestSupport
import Testing

@Suite struct DemoTests {
    @Test func demoCreatesThousandsOfTicketsAndVerifiesClean() throws {
        let demo = try DemoFile.get()
        try #require(demo.status == 0, "\(demo.err)")
        let summary = try demo.summaryObject()
        #expect(summary["orders"] as? Int == DemoFile.orders)
        #expect((summary["tickets"] as? Int ?? 0) >= 2_000)
        #expect(summary["kiosks"] as? Int == 8)
        for key in ["abandoned", "expired", "refunded", "admitted", "rejected", "auditEntries"] {
            #expect((summary[key] as? Int ?? 0) > 0, "\(key)")
        }
        #expect(summary["cancelled"] as? Int == 1)
        #expect((1...4).contains(summary["expiredUnswept"] as? Int ?? 0))
        let waitlist = try #require(summary["waitlist"] as? [String: Int])
        #expect(waitlist["queued"] == 8 && waitlist["accepted"]! + waitlist["declined"]! > 0, "\(waitlist)")
        let events = try #require(summary["events"] as? [[String: Any]])
        #expect(events.map { $0["title"] as? String } == ["Jazz Night", "Indie Fest", "Chamber Choir", "Hamlet"])
        #expect(events.allSatisfy { ($0["tiers"] as? [Any])?.isEmpty == false })
        let verify = try #require(summary["verify"] as? [String: Any])
        #expect((verify["storage"] as? [Any])?.isEmpty == true && (verify["invariants"] as? [Any])?.isEmpty == true)

        let tables = try #require(try JSONSerialization.jsonObject(with: Data(cli("tables", demo.path, "--json").out.utf8)) as? [[String: Any]])
        #expect((tables.first { $0["name"] as? String == "tickets" }?["entries"] as? Int ?? 0) >= 2_000)
        #expect(cli("verify", demo.path).status == 0)
        #expect(try process("verify", demo.path).status == 0)
    }

    /// The file is plain LMDB: Debian's mdb_stat reads every table of it.
    @Test func mdbStatReadsAFileTheCLIWrote() throws {
        let demo = try DemoFile.get()
        try #require(demo.status == 0)
        let stat = try runTool("/usr/bin/mdb_stat", ["-a", demo.path])
        #expect(stat.status == 0, "\(stat.err)")
        #expect(stat.out.contains("Status of t.tickets"))
        #expect(stat.out.contains("Status of t.orders"))
    }

    @Test func demoAsARealProcessPrintsAvailabilityAndLeavesCartsToExpire() throws {
        let path = ScratchPath("demo")
        let run = try process("demo", path.path, "--orders", "40")
        #expect(run.status == 0 && run.err.isEmpty, "\(run.err)")
        for text in ["Jazz Night — Le Caveau", "Indie Fest — Parc Floral (capacity", "Chamber Choir", "Hamlet — Théâtre du Globe", "tier", "available", "40 orders, ",
                     "fans queued for VIP seats", "verify: clean"] {
            #expect(run.out.contains(text), "\(text)")
        }
        // What the demo prints is what inventory shows after it: the unswept carts are not held.
        let demoTables = run.out.components(separatedBy: "\n\n").dropLast()
        for title in ["Jazz Night", "Indie Fest", "Chamber Choir", "Hamlet"] {
            let inventory = cli("inventory", path.path, title, "--json")
            let tiers = try jsonObject(inventory)["tiers"] as? [[String: Any]] ?? []
            let shown = demoTables.first { $0.hasPrefix(title) } ?? ""
            for tier in tiers {
                let name = tier["name"] as? String ?? "?", held = tier["held"] as? Int ?? -1, available = tier["available"] as? Int ?? -1
                let row = shown.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(name + " ") }
                let cells = row.map { $0.split(separator: " ").suffix(3).map(String.init) } ?? []
                #expect(cells.first == "\(held)" && cells.last == "\(available)", "\(title) \(name): demo \(String(describing: row)), inventory held \(held) available \(available)")
            }
        }
        // The hint names a command that runs from here (the program's own path).
        #expect(run.out.contains("`\(siblingExecutable("boxoffice")) expire-holds \(path.path)`"), "\(run.out)")
        // Its last carts have run out of time by the real clock; expire-holds ends them.
        let expired = try jsonObject(cli("expire-holds", path.path, "--json"))
        #expect((1...4).contains(expired["expired"] as? Int ?? 0))
        // The seated event's seats: sold ones are tickets' seats; the house keeps two.
        let seats = try jsonObject(cli("seats", path.path, "Hamlet", "--json"))
        #expect(seats["house"] as? Int == 2 && (seats["sold"] as? Int ?? 0) > 0, "\(seats)")
        #expect(cli("verify", path.path).status == 0)
    }

    @Test func theDemoHintQuotesAPathTheShellWouldSplit() throws {
        let dir = ScratchPath("demo dir")
        let path = dir.path + "/it's here"
        try FileManager.default.createDirectory(atPath: dir.path, withIntermediateDirectories: true)
        let run = cli("demo", path, "--orders", "10")
        #expect(run.status == 0, "\(run.err)")
        let quoted = "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
        #expect(run.out.contains("expire-holds \(quoted)`"), "\(run.out)")
    }

    @Test func demoDrawsProgressOnATerminal() throws {
        let path = ScratchPath("demo")
        let run = cliOnTerminal("demo", path.path, "--orders", "20", "--kiosks", "3")
        #expect(run.status == 0)
        #expect(run.err.contains("selling [") && run.err.contains("scanning ["))
        #expect(run.out.contains("20 orders, ") && run.out.contains("by 3 kiosks"))
    }

    @Test func demoBadInput() throws {
        let file = try SampleFile()
        let over = cli("demo", file.path, "--orders", "10")
        #expect(over.status == 2 && isOneLineError(over) && over.err.contains("already holds a data file"))
        #expect(cli("demo", ScratchPath("demo").path, "--orders", "0").status == 64)
        #expect(cli("demo", ScratchPath("demo").path, "--orders", "many").status == 64)
        let unwritable = try process("demo", "/proc/boxoffice-demo", "--orders", "10")
        #expect(unwritable.status == 2 && isOneLineError(unwritable))
    }
}
