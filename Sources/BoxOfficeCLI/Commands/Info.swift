import ArgumentParser
import BoxOffice
import BoxOfficeStore
import Foundation
import Glibc

/// `boxoffice info PATH`: sizes, readers and versions of a data file.
struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show file and map size, page size, readers and versions (read-only).")

    @OptionGroup var file: FileOptions
    @OptionGroup var output: JSONOption

    struct Report: Encodable {
        var path: String
        var fileSize: Int
        var mapSize: Int
        var mapUsed: Int
        var pageSize: Int
        var maxReaders: Int
        var readersLive: Int
        var readersStale: Int
        var schemaVersion: Int
        var formatVersion: Int
        var engineVersion: String
        /// What a power cut does to the file, for each durability mode its writers may use.
        var powerCut: [String: String]
    }

    func run() throws {
        let engine = try file.openReadOnly()
        let stats = try attempt { try engine.stats() }
        // Not this command's own reader: it is about the others.
        let readers = try attempt { try engine.readers() }.filter { $0.pid != getpid() }
        let report = Report(
            path: file.path, fileSize: stats.fileSize, mapSize: stats.mapSize, mapUsed: stats.mapUsed, pageSize: stats.pageSize,
            maxReaders: stats.maxReaders, readersLive: readers.filter(\.isLive).count, readersStale: readers.filter { !$0.isLive }.count,
            schemaVersion: stats.schemaVersion, formatVersion: stats.formatVersion, engineVersion: Engine.version,
            powerCut: Dictionary(uniqueKeysWithValues: Durability.allCases.map { ($0.rawValue, $0.powerCut) }))
        if output.json { return Output.current.line(try json(report)) }
        var table = TextTable(header: ["property", "value"])
        table.add(["path", report.path])
        table.add(["file size", bytes(report.fileSize)])
        table.add(["map size", bytes(report.mapSize)])
        table.add(["map used", "\(bytes(report.mapUsed)) (\(report.mapUsed * 100 / max(1, report.mapSize))%)"])
        table.add(["page size", "\(report.pageSize) B"])
        table.add(["readers", "\(report.readersLive) live, \(report.readersStale) stale (of \(report.maxReaders) slots)"])
        table.add(["schema version", "\(report.schemaVersion)"])
        table.add(["storage format", "\(report.formatVersion)"])
        table.add(["engine version", report.engineVersion])
        // Each writer picks its durability; the file does not record it. Say what each does.
        for mode in Durability.allCases { table.add(["power cut, \(mode.rawValue) writers", mode.powerCut]) }
        Output.current.line(table.render())
    }
}
