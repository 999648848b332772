import ArgumentParser
import BoxOffice
import BoxOfficeStore

/// `boxoffice tables PATH`: rows and bytes of every table, entries and bytes of every index.
struct Tables: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List every table with its rows and every index with its entries, with the bytes of each (read-only).")

    @OptionGroup var file: FileOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let stats = try attempt { try file.openReadOnly().stats() }
        if output.json { return Output.current.line(try json(stats.tables)) }
        var table = TextTable(header: ["table", "index", "unique", "entries", "bytes"])
        for t in stats.tables {
            table.add([t.name, "", "", "\(t.entries)", "\(t.bytes)"])
            for index in t.indexes { table.add(["", index.name, index.isUnique ? "yes" : "no", "\(index.entries)", "\(index.bytes)"]) }
        }
        Output.current.line(table.render())
    }
}
