import ArgumentParser
import BoxOffice
import BoxOfficeStore

/// `boxoffice tables PATH`: row counts of every table and entry counts of every index.
struct Tables: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List every table with its rows and every index with its entries (read-only).")

    @OptionGroup var file: FileOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let stats = try attempt { try file.openReadOnly().stats() }
        if output.json { return Output.current.line(try json(stats.tables)) }
        var table = TextTable(header: ["table", "index", "unique", "entries"])
        for t in stats.tables {
            table.add([t.name, "", "", "\(t.entries)"])
            for index in t.indexes { table.add(["", index.name, index.isUnique ? "yes" : "no", "\(index.entries)"]) }
        }
        Output.current.line(table.render())
    }
}
