import BoxOffice
import BoxOfficeStore
import Foundation
import StoreTestSupport
import Glibc
import Testing

@Suite struct ExpireHoldsTests {
    @Test func expiredHoldsAreEndedAndCounted() throws {
        let file = try SampleFile()  // holds one expired, unswept cart of one seat
        let human = cli("expire-holds", file.path)
        #expect(human.status == 0 && human.err.isEmpty && human.out == "expired 1 hold\n")
        let again = cli("expire-holds", file.path, "--json")
        #expect(again.status == 0)
        let report = try jsonObject(again)
        #expect(report["expired"] as? Int == 0 && report["path"] as? String == file.path)
        #expect(cli("verify", file.path).status == 0)
        let seated = try Engine(path: file.path).availability(eventId: file.event.id).tiers.first { $0.ticketTypeId == file.tiers[1].id }
        #expect(seated?.held == 0)

        let other = try SampleFile()
        let real = try process("expire-holds", other.path, "--json")
        #expect(real.status == 0 && real.out.hasPrefix("{\"expired\":1,\"path\":"))
        #expect(try jsonObject(real)["path"] as? String == other.path)
    }

    @Test func expireHoldsBadInput() throws {
        let missing = cli("expire-holds", "/nonexistent/kiosk.boxoffice")
        #expect(missing.status == 2 && isOneLineError(missing))
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent/kiosk.boxoffice"))
        // An empty directory is not turned into a data file.
        let empty = ScratchPath("empty")
        try FileManager.default.createDirectory(atPath: empty.path, withIntermediateDirectories: true)
        let notStore = try process("expire-holds", empty.path)
        #expect(notStore.status == 2 && isOneLineError(notStore))
        #expect(try FileManager.default.contentsOfDirectory(atPath: empty.path).isEmpty)
    }
}

@Suite struct ReadersTests {
    @Test func noReadersOnAQuietFile() throws {
        let file = try SampleFile()
        let human = cli("readers", file.path)
        #expect(human.status == 0 && human.out == "no reader slots in use\n0 reading, 0 idle, 0 stale\n")
        let machine = try jsonObject(cli("readers", file.path, "--json"))
        #expect((machine["readers"] as? [Any])?.isEmpty == true && machine["cleared"] == nil)
        let real = try process("readers", file.path, "--clear-stale", "--json")
        #expect(real.status == 0 && real.out.contains("\"cleared\":0"))
        let missing = cli("readers", "/nonexistent/kiosk.boxoffice")
        #expect(missing.status == 2 && isOneLineError(missing))
    }

    /// A process dies inside a read transaction: its slot shows as stale, and --clear-stale frees it.
    @Test func aDeadReaderIsStaleAndCleared() throws {
        let path = ScratchPath("readers")
        #expect(cli("demo", path.path, "--orders", "150", "--kiosks", "2").status == 0)
        // This process keeps the file open, so the reader table outlives the reader and the
        // commands below share this environment (opening would clear stale slots itself).
        let engine = try Engine(path: path.path)
        defer { withExtendedLifetime(engine) {} }
        // An export into a pipe nobody reads blocks inside its read transaction.
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: siblingExecutable("boxoffice"))
        reader.arguments = ["export", path.path, "-"]
        let pipe = Pipe()
        reader.standardOutput = pipe
        try reader.run()
        let pid = Int(reader.processIdentifier)
        func slot() throws -> [String: Any]? {
            let report = try jsonObject(cli("readers", path.path, "--json"))
            return (report["readers"] as? [[String: Any]])?.first { $0["pid"] as? Int == pid }
        }
        var found: [String: Any]?
        for _ in 0..<1_000 where found == nil {
            found = try slot()
            if found == nil { usleep(10_000) }
        }
        #expect(found?["isLive"] as? Bool == true)
        let live = cli("readers", path.path)
        #expect(live.out.split(separator: "\n").contains { $0.hasPrefix("\(pid) ") && $0.hasSuffix("reading") }, "\(live.out)")

        kill(reader.processIdentifier, SIGKILL)
        reader.waitUntilExit()
        #expect(try slot()?["isLive"] as? Bool == false)
        let stale = cli("readers", path.path)
        #expect(stale.out.split(separator: "\n").contains { $0.hasPrefix("\(pid) ") && $0.hasSuffix("stale") })
        #expect(stale.out.hasSuffix("0 reading, 0 idle, 1 stale\n"))
        // A separate process lists it too, and changes nothing.
        let elsewhere = try process("readers", path.path)
        #expect(elsewhere.status == 0 && elsewhere.out.hasSuffix("0 reading, 0 idle, 1 stale\n"), "\(elsewhere)")

        let cleared = cli("readers", path.path, "--clear-stale")
        #expect(cleared.status == 0 && cleared.out.hasSuffix("0 reading, 0 idle, 1 stale; cleared 1 stale slot\n"), "\(cleared.out)")
        #expect(try slot() == nil)
        let machine = try jsonObject(cli("readers", path.path, "--clear-stale", "--json"))
        #expect(machine["cleared"] as? Int == 0)
        try? pipe.fileHandleForReading.close()
    }
}

@Suite struct MaintenanceHelpTests {
    @Test func everyAbstractSaysWhetherItWrites() {
        let writes = ["backup": "writes DEST", "import": "writes PATH", "expire-holds": "(writes)", "readers": "(writes)", "demo": "writes PATH"]
        for (command, phrase) in writes {
            let help = cli(command, "--help")
            #expect(help.status == 0 && help.out.contains(phrase), "\(command)")
        }
        for command in ["verify", "export"] { #expect(cli(command, "--help").out.contains("read-only"), "\(command)") }
        let root = cli("--help").out
        for command in ["verify", "backup", "export", "import", "expire-holds", "readers", "demo"] {
            #expect(root.contains("  \(command) "), "\(command)")
        }
    }
}
