import BoxOffice
import Foundation
import StoreTestSupport
import Synchronization
import Testing

@Suite struct FeedTests {
    @Test func feedPrintsOneAlignedLinePerEntry() throws {
        let file = try SampleFile()
        let log = try file.auditLog()
        let run = cli("feed", file.path)
        #expect(run.status == 0 && run.err.isEmpty)
        let rows = lines(run.out)
        #expect(rows.count == log.count + 1)
        #expect(rows[0].split(separator: " ", omittingEmptySubsequences: true) == ["seq", "time", "actor", "action", "entity", "summary"])
        let first = rows[1].split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        #expect(first[0] == "1" && first[1] == iso(log[0].at) && first[2] == "system" && first[3] == "organization.create")
        #expect(first[4] == "organization" && first[5] == file.org.id.uuidString.lowercased() && first[6] == "slug=acme")
        // Columns line up: each entry's action starts where the header's does.
        let column = rows[0].distance(from: rows[0].startIndex, to: rows[0].range(of: "action")!.lowerBound)
        for (row, entry) in zip(rows.dropFirst(), log) {
            let at = try #require(row.range(of: "  " + entry.action))
            #expect(row.distance(from: row.startIndex, to: at.lowerBound) + 2 == column, "\(row)")
        }
        #expect(run.out.contains("order.refund") && run.out.contains(" Mia ") && !run.out.contains("user:"))  // people by name
    }

    /// Across pages the columns widen; every line stays aligned with the header printed last.
    @Test func everyLineLinesUpWithTheHeaderAboveIt() throws {
        let demo = try DemoFile.get()
        try #require(demo.status == 0)
        let run = cli("feed", demo.path)
        #expect(run.status == 0)
        var actionColumn = -1
        for line in lines(run.out) {
            if line.hasPrefix(" ") && line.contains(" seq  time") || line.hasPrefix("seq") {
                actionColumn = line.distance(from: line.startIndex, to: line.range(of: "action")!.lowerBound)
                continue
            }
            let cells = line.split(separator: " ", omittingEmptySubsequences: true)
            guard cells.count > 3 else { continue }
            // The action is the first cell after the actor: find where it starts.
            let action = cells.first { $0.contains(".") && !$0.contains(":") && !$0.contains("T") } ?? ""
            if let at = line.range(of: "  " + action + " ") ?? line.range(of: "  " + action) {
                #expect(line.distance(from: line.startIndex, to: at.lowerBound) + 2 == actionColumn, "\(line)")
            }
        }
        #expect(actionColumn > 0)
        #expect(cli("feed", demo.path, "--after", "99999999").out == "no entries after 99999999\n")
    }

    @Test func feedJSONLinesMatchTheAuditTable() throws {
        let file = try SampleFile()
        let run = cli("feed", file.path, "--json")
        #expect(run.status == 0)
        #expect(run.out == cli("dump", file.path, "audit").out)
        let entries = try jsonLines(run.out)
        #expect(entries.compactMap { $0["sequence"] as? Int } == Array(1...entries.count))
        for key in ["sequence", "at", "actor", "action", "entityType", "summary"] { #expect(entries.allSatisfy { $0[key] != nil }, "\(key)") }
    }

    @Test func feedStartsAfterSeqAndStopsAtLimit() throws {
        let file = try SampleFile()
        let count = try file.auditLog().count
        let after = try jsonLines(cli("feed", file.path, "--after", "3", "--json").out)
        #expect(after.compactMap { $0["sequence"] as? Int } == Array(4...count))
        let limited = try jsonLines(cli("feed", file.path, "--after", "3", "--limit", "2", "--json").out)
        #expect(limited.compactMap { $0["sequence"] as? Int } == [4, 5])
        #expect(lines(cli("feed", file.path, "--limit", "1").out).count == 2)
        let end = cli("feed", file.path, "--after", "\(count)", "--json")
        #expect(end.status == 0 && end.out.isEmpty)
        // --limit also ends a follow run.
        let followed = cli("feed", file.path, "--follow", "--limit", "2", "--json")
        #expect(followed.status == 0 && lines(followed.out).count == 2)
    }

    @Test func feedRejectsBadOptionsAndPaths() throws {
        let file = try SampleFile()
        #expect(cli("feed", file.path, "--limit", "0").status == 64)
        #expect(cli("feed", file.path, "--after", "-1").status == 64)
        #expect(cli("feed", file.path, "--after", "soon").status == 64)
        #expect(cli("feed", file.path, "--follow", "--stop-after-idle", "-1").status == 64)
        #expect(cli("feed", "/nonexistent/kiosk.boxoffice").isOneLineFailure)
        let dir = try notAStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(cli("feed", dir, "--follow").isOneLineFailure)
        // The test-only option stays out of the help.
        let help = cli("feed", "--help")
        #expect(help.status == 0 && help.out.contains("--follow") && !help.out.contains("stop-after-idle"))
    }

    @Test func followPrintsEntriesWrittenWhileItRuns() throws {
        let file = try SampleFile()
        // The writer opens first: a read-only open shares its environment (not the other way round).
        let writer = try file.writer()
        let last = try file.auditLog().count
        let result = Mutex<Run?>(nil)
        let started = Date()
        let path = file.path
        let thread = Thread {
            let run = cli("feed", path, "--after", "\(last)", "--follow", "--stop-after-idle", "1", "--json")
            result.withLock { $0 = run }
        }
        thread.start()
        Thread.sleep(forTimeInterval: 0.3)
        let customer = try writer.createCustomer(organizationId: file.org.id,
                                                 CustomerDetails(email: "late@example.org", firstName: "Late", lastName: "Comer"))
        var run: Run?
        while run == nil && Date().timeIntervalSince(started) < 20 {
            Thread.sleep(forTimeInterval: 0.05)
            run = result.withLock { $0 }
        }
        let finished = try #require(run, "feed --follow did not stop after being idle")
        #expect(finished.status == 0 && finished.err.isEmpty)
        let entries = try jsonLines(finished.out)
        #expect(entries.count == 1)
        #expect(entries.first?["sequence"] as? Int == last + 1 && entries.first?["action"] as? String == "customer.create")
        #expect(entries.first?["entityId"] as? String == customer.id.uuidString)
        // It waited for the idle second after the entry, not much longer.
        #expect(Date().timeIntervalSince(started) >= 1.3)
    }

    @Test func followInTheRealExecutableSeesAnotherProcessWrite() throws {
        let file = try SampleFile()
        let last = try file.auditLog().count
        let child = Process()
        child.executableURL = URL(fileURLWithPath: siblingExecutable("boxoffice"))
        child.arguments = ["feed", file.path, "--after", "\(last)", "--follow", "--stop-after-idle", "1.5"]
        let out = Pipe()
        child.standardOutput = out
        child.standardError = FileHandle.nullDevice
        try child.run()
        Thread.sleep(forTimeInterval: 0.5)
        _ = try file.writer().createCustomer(organizationId: file.org.id, CustomerDetails(email: "door@example.org", firstName: "Door"))
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        child.waitUntilExit()
        #expect(child.terminationStatus == 0)
        let rows = lines(text)
        #expect(rows.count == 2 && rows[0].hasPrefix("seq") && rows[1].contains("customer.create") && rows[1].drop { $0 == " " }.hasPrefix("\(last + 1)  "))
    }
}
