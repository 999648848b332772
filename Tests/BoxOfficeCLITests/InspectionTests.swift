import Foundation
import Testing

@Suite struct InspectionTests {
    @Test func infoShowsSizesReadersAndVersions() throws {
        let file = try SampleFile()
        let human = cli("info", file.path)
        #expect(human.status == 0 && human.err.isEmpty)
        for label in ["file size", "map size", "map used", "page size", "readers", "schema version", "engine version",
                      "power cut, async writers", "can corrupt the file"] {
            #expect(human.out.contains(label), "\(label)")
        }
        let machine = cli("info", file.path, "--json")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(machine.out.utf8)) as? [String: Any])
        #expect(report["pageSize"] as? Int == 4096)
        #expect(report["schemaVersion"] as? Int == 4)  // api/model.toml [schema]
        #expect((report["mapUsed"] as? Int ?? 0) > 0)
        #expect((report["powerCut"] as? [String: String])?["durable"] == "loses nothing acknowledged, never corrupts the file")
        // The same through a real process.
        let real = try process("info", file.path, "--json")
        #expect(real.status == 0 && real.out.contains("\"pageSize\":4096"))
    }

    @Test func tablesCountRowsAndIndexEntries() throws {
        let file = try SampleFile()
        let human = cli("tables", file.path)
        #expect(human.status == 0)
        // The table's line: its name, its 5 rows and the bytes of its B-tree (at least a page).
        #expect(human.out.split(separator: "\n").contains { line in
            let cells = line.split(separator: " ")
            return cells.count == 3 && cells[0] == "tickets" && cells[1] == "5" && Int(cells[2]).map { $0 >= 4096 } == true
        })
        let machine = cli("tables", file.path, "--json")
        let tables = try #require(try JSONSerialization.jsonObject(with: Data(machine.out.utf8)) as? [[String: Any]])
        let tickets = try #require(tables.first { $0["name"] as? String == "tickets" })
        #expect(tickets["entries"] as? Int == 5)
        #expect((tickets["bytes"] as? Int ?? 0) >= 4096, "a table's B-tree takes at least a page")
        #expect((tickets["indexes"] as? [[String: Any]])?.count == 3)
    }

    @Test func badPathsAreOneLineAndExitTwo() throws {
        let missing = cli("info", "/nonexistent/kiosk.boxoffice")
        #expect(missing.status == 2)
        #expect(missing.err.hasPrefix("boxoffice: ") && missing.err.split(separator: "\n").count == 1)
        let notStore = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-store-\(UUID())").path
        try FileManager.default.createDirectory(atPath: notStore, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: notStore) }
        #expect(cli("tables", notStore).status == 2)
        let real = try process("info", "/nonexistent/kiosk.boxoffice")
        #expect(real.status == 2 && real.err.split(separator: "\n").count == 1 && !real.err.contains("Fatal"))
        #expect(cli("nonsense").status == 64)
        #expect(cli("info").status == 64)
        let help = cli("--help")
        #expect(help.status == 0 && help.out.contains("Exit codes"))
    }
}
