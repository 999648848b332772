import BoxOffice
import BoxOfficeStore
import Foundation
import StoreTestSupport
import Synchronization
import Testing

@Suite struct BackupTests {
    @Test func backupWritesACompactedCopyThatVerifies() throws {
        let file = try SampleFile()
        let copy = ScratchPath("backup")
        let human = cli("backup", file.path, copy.path)
        #expect(human.status == 0 && human.err.isEmpty, "\(human.err)")
        #expect(human.out.hasPrefix("backed up \(file.path) to \(copy.path): ") && human.out.contains("written"))
        #expect(cli("verify", copy.path).status == 0)
        #expect(cli("tables", copy.path, "--json").out == cli("tables", file.path, "--json").out)

        // Into a directory that already holds a data file: refused, the copy left alone.
        let again = cli("backup", file.path, copy.path)
        #expect(again.status == 2 && isOneLineError(again) && again.err.contains("already holds a data.mdb"))
        #expect(cli("verify", copy.path).status == 0)

        let second = ScratchPath("backup")
        let machine = cli("backup", file.path, second.path, "--json")
        #expect(machine.status == 0)
        let report = try jsonObject(machine)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: second.path + "/data.mdb")[.size] as? Int)
        #expect(report["size"] as? Int == size && size > 0)
        #expect(report["source"] as? String == file.path && report["destination"] as? String == second.path)

        // Missing parents are created, as docs/CLI.md says (`backup SRC /backups/today`).
        let parents = ScratchPath("backups")
        let nested = cli("backup", file.path, parents.path + "/2026/today")
        #expect(nested.status == 0, "\(nested.err)")
        #expect(cli("verify", parents.path + "/2026/today").status == 0)
    }

    @Test func backupIsSafeWhileAKioskWrites() throws {
        final class Kiosk: Sendable {
            let stop = Atomic(false)
            let sales = Atomic(0)
        }
        let file = try SampleFile()
        let engine = try Engine(path: file.path, options: EngineOptions(store: StoreOptions(durability: .async)))
        let kiosk = Kiosk()
        let event = file.event.id
        let tier = file.tiers[0].id
        let finished = DispatchSemaphore(value: 0)
        Thread {
            while !kiosk.stop.load(ordering: .relaxed) {
                if let hold = try? engine.createHold(eventId: event, items: [.init(ticketTypeId: tier, quantity: 1)]),
                   (try? engine.releaseHold(hold.id)) != nil {
                    kiosk.sales.add(1, ordering: .relaxed)
                }
            }
            finished.signal()
        }.start()
        while kiosk.sales.load(ordering: .relaxed) < 5 { usleep(1_000) }
        // Real processes copy while this one writes.
        let copies = (0..<3).map { _ in ScratchPath("hot-backup") }
        for copy in copies {
            let run = try process("backup", file.path, copy.path)
            #expect(run.status == 0, "\(run.err)")
        }
        let during = kiosk.sales.load(ordering: .relaxed)
        kiosk.stop.store(true, ordering: .relaxed)
        finished.wait()
        for copy in copies { #expect(cli("verify", copy.path).status == 0) }
        #expect(during > 5)
        #expect(cli("verify", file.path).status == 0)
    }

    @Test func backupBadInput() throws {
        let copy = ScratchPath("backup")
        let missing = cli("backup", "/nonexistent/kiosk.boxoffice", copy.path)
        #expect(missing.status == 2 && isOneLineError(missing) && !copy.exists)
        let file = try SampleFile()
        let plainFile = ScratchPath("plain")
        try Data("x".utf8).write(to: URL(fileURLWithPath: plainFile.path))
        let onFile = cli("backup", file.path, plainFile.path)
        #expect(onFile.status == 2 && isOneLineError(onFile))
        let underAFile = cli("backup", file.path, plainFile.path + "/dir/copy")  // no parent can be made
        #expect(underAFile.status == 2 && isOneLineError(underAFile))
        #expect(cli("backup", file.path).status == 64)
        #expect(cli("backup", "--help").out.contains("writes DEST"))
    }
}

@Suite struct ExportImportTests {
    /// export A → import B → export B gives the same bytes.
    func roundTrip(_ path: String) throws -> (first: Data, second: Data, imported: String) {
        let first = ScratchPath("export", suffix: ".jsonl")
        let imported = temporaryStorePath("imported")
        let second = ScratchPath("export", suffix: ".jsonl")
        let exported = cli("export", path, first.path)
        #expect(exported.status == 0, "\(exported.err)")
        let restored = cli("import", first.path, imported)
        #expect(restored.status == 0, "\(restored.err)")
        #expect(cli("export", imported, second.path).status == 0)
        return (try first.contents(), try second.contents(), imported)
    }

    @Test func roundTripOfASampleFileIsIdentical() throws {
        let file = try SampleFile()
        let (first, second, imported) = try roundTrip(file.path)
        defer { try? FileManager.default.removeItem(atPath: imported) }
        #expect(!first.isEmpty && first == second)
        #expect(cli("verify", imported).status == 0)
        #expect(cli("tables", imported, "--json").out == cli("tables", file.path, "--json").out)
        // The imported file works: a code sold in the original is scanned as used there.
        let engine = try Engine(path: imported)
        let scan = try engine.checkIn(code: file.tickets[0].code, gate: "north-1", actor: .system)
        #expect(!scan.accepted && scan.firstGate == "north-1")
    }

    @Test func roundTripOfADemoSizedFileIsIdentical() throws {
        let demo = try DemoFile.get()
        try #require(demo.status == 0, "\(demo.err)")
        let (first, second, imported) = try roundTrip(demo.path)
        defer { try? FileManager.default.removeItem(atPath: imported) }
        #expect(first.count > 1_000_000 && first == second)
        #expect(cli("verify", imported).status == 0)
        // Standard output gives the same bytes, from a real process too.
        #expect(Data(cli("export", demo.path, "-").out.utf8) == first)
        #expect(Data(try process("export", demo.path, "-").out.utf8) == first)
    }

    @Test func exportWritesOneLinePerRecordInAFixedTableOrder() throws {
        let file = try SampleFile()
        let out = ScratchPath("export", suffix: ".jsonl")
        let run = cli("export", file.path, out.path)
        #expect(run.status == 0 && run.err.isEmpty)
        #expect(run.out.contains("tickets") && run.out.hasSuffix("to \(out.path)\n"))
        let lines = String(decoding: try out.contents(), as: UTF8.self).split(separator: "\n")
        var order: [String] = []
        for line in lines {
            #expect(line.hasPrefix("{\"record\":{") && line.hasSuffix("\"}"))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(Set(object.keys) == ["table", "record"])
            let table = try #require(object["table"] as? String)
            #expect(object["record"] is [String: Any])
            if order.last != table { order.append(table) }
        }
        #expect(order == ["organizations", "users", "events", "ticket_types", "holds", "orders", "order_items", "tickets",
                          "check_ins", "audit", "ledger", "quotas"])  // the event's capacity is a quota
        #expect(lines.filter { $0.hasSuffix("\"table\":\"tickets\"}") }.count == 5)
        // Users carry their PIN hash; the file is the owner's only.
        #expect(lines.contains { $0.contains("\"table\":\"users\"") && $0.contains("pinHash") })
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: out.path)[.posixPermissions] as? Int)
        #expect(mode & 0o077 == 0)

        let machine = cli("export", file.path, out.path, "--json")
        let report = try jsonObject(machine)
        #expect(report["records"] as? Int == lines.count && report["file"] as? String == out.path)
        let tables = try #require(report["tables"] as? [[String: Any]])
        #expect(tables.count == BoxOfficeSchema.current.tables.count && tables.first?["table"] as? String == "organizations")
        #expect(tables.first { $0["table"] as? String == "tickets" }?["records"] as? Int == 5)
    }

    @Test func exportIsReadOnlyAndDrawsProgressOnlyOnATerminal() throws {
        let file = try SampleFile()
        let before = try Data(contentsOf: URL(fileURLWithPath: file.path + "/data.mdb"))
        let out = ScratchPath("export", suffix: ".jsonl")
        let terminal = cliOnTerminal("export", file.path, out.path)
        #expect(terminal.status == 0 && terminal.err.contains("exporting [") && terminal.err.contains("/"))
        let redirected = cli("export", file.path, out.path)
        #expect(redirected.err.isEmpty)
        // On stdout, records only: no bar, no summary.
        let piped = cliOnTerminal("export", file.path, "-")
        let written = try out.contents()
        #expect(piped.err.isEmpty && Data(piped.out.utf8) == written)
        #expect(try Data(contentsOf: URL(fileURLWithPath: file.path + "/data.mdb")) == before)
        #expect(cli("export", "--help").out.contains("(read-only"))
    }

    @Test func exportBadInput() throws {
        let out = ScratchPath("export", suffix: ".jsonl")
        let missing = cli("export", "/nonexistent/kiosk.boxoffice", out.path)
        #expect(missing.status == 2 && isOneLineError(missing) && !out.exists)
        let notStore = ScratchPath("not-a-store")
        try FileManager.default.createDirectory(atPath: notStore.path, withIntermediateDirectories: true)
        #expect(cli("export", notStore.path, out.path).status == 2)
        let file = try SampleFile()
        let intoDirectory = cli("export", file.path, notStore.path)
        #expect(intoDirectory.status == 2 && isOneLineError(intoDirectory))
        let unwritable = try process("export", file.path, "/nonexistent/dir/out.jsonl")
        #expect(unwritable.status == 2 && isOneLineError(unwritable))
    }

    @Test func importRefusesAnExistingDataFile() throws {
        let file = try SampleFile()
        let out = ScratchPath("export", suffix: ".jsonl")
        #expect(cli("export", file.path, out.path).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: file.path + "/data.mdb"))
        let over = cli("import", out.path, file.path)
        #expect(over.status == 2 && isOneLineError(over) && over.err.contains("already holds a data file"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: file.path + "/data.mdb")) == before)
        let real = try process("import", out.path, file.path)
        #expect(real.status == 2 && isOneLineError(real))
    }

    @Test func aMalformedLineNamesItsNumberAndLeavesNothing() throws {
        let file = try SampleFile()
        let out = ScratchPath("export", suffix: ".jsonl")
        #expect(cli("export", file.path, out.path).status == 0)
        var lines = String(decoding: try out.contents(), as: UTF8.self).split(separator: "\n").map(String.init)
        let bad = ScratchPath("bad", suffix: ".jsonl")
        let target = ScratchPath("imported")

        // Not JSON.
        var broken = lines
        broken[6] = "{\"table\":\"events\",\"record\":"
        try broken.joined(separator: "\n").write(toFile: bad.path, atomically: true, encoding: .utf8)
        let notJSON = cli("import", bad.path, target.path)
        #expect(notJSON.status == 2 && isOneLineError(notJSON) && notJSON.err.contains("line 7"), "\(notJSON.err)")
        #expect(!target.exists)

        // Valid JSON, but a record the table cannot decode, late in the file: the lines before it
        // were restored in the same transaction, which aborts.
        broken = lines
        let last = broken.count - 1
        broken[last] = "{\"record\":{\"code\":\"ABC\"},\"table\":\"tickets\"}"
        try broken.joined(separator: "\n").write(toFile: bad.path, atomically: true, encoding: .utf8)
        let undecodable = cli("import", bad.path, target.path)
        #expect(undecodable.status == 2 && isOneLineError(undecodable) && undecodable.err.contains("line \(last + 1)"), "\(undecodable.err)")
        #expect(!target.exists)

        // A duplicate record, into an existing empty directory: the directory stays, empty.
        try FileManager.default.createDirectory(atPath: target.path, withIntermediateDirectories: true)
        lines.append(lines[0])
        try lines.joined(separator: "\n").write(toFile: bad.path, atomically: true, encoding: .utf8)
        let duplicate = try process("import", bad.path, target.path)
        #expect(duplicate.status == 2 && isOneLineError(duplicate) && duplicate.err.contains("line \(lines.count)"), "\(duplicate.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.path).isEmpty)

        // An unknown table, and a line that is not an object.
        for (line, reason) in [("{\"table\":\"seats\",\"record\":{}}", "unknown table"), ("[1,2]", "not a JSON object"),
                               ("{\"table\":\"events\"}", "no \"record\"")] {
            try (lines[0] + "\n" + line + "\n").write(toFile: bad.path, atomically: true, encoding: .utf8)
            let run = cli("import", bad.path, target.path)
            #expect(run.status == 2 && run.err.contains("line 2") && run.err.contains(reason), "\(run.err)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.path).isEmpty)
    }

    @Test func importReportsWhatItRestored() throws {
        let file = try SampleFile()
        let out = ScratchPath("export", suffix: ".jsonl")
        #expect(cli("export", file.path, out.path).status == 0)
        let target = ScratchPath("imported")
        let machine = cli("import", out.path, target.path, "--json")
        #expect(machine.status == 0, "\(machine.err)")
        let report = try jsonObject(machine)
        let total = String(decoding: try out.contents(), as: UTF8.self).split(separator: "\n").count
        #expect(report["records"] as? Int == total && report["path"] as? String == target.path)
        #expect((report["tables"] as? [[String: Any]])?.count == BoxOfficeSchema.current.tables.count)
        let another = ScratchPath("imported")
        let human = cli("import", out.path, another.path)
        #expect(human.out.contains("imported \(total) records into \(BoxOfficeSchema.current.tables.count) tables"))
        // From a pipe (a FIFO), as `import <(zcat export.jsonl.gz) PATH` gives it.
        let fifo = ScratchPath("export", suffix: ".fifo")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let writer = Thread { [data = try? out.contents(), fifoPath = fifo.path] in
            if let handle = FileHandle(forWritingAtPath: fifoPath) { handle.write(data ?? Data()); try? handle.close() }
        }
        writer.start()
        let piped = ScratchPath("imported")
        let fromPipe = cli("import", fifo.path, piped.path)
        #expect(fromPipe.status == 0 && fromPipe.out.contains("imported \(total) records"), "\(fromPipe.err)")
        #expect(cli("import", "--help").out.contains("writes PATH"))
        let missing = cli("import", "/nonexistent/file.jsonl", target.path + "-2")
        #expect(missing.status == 2 && isOneLineError(missing))
    }
}
