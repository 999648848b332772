import ArgumentParser
import BoxOffice
import BoxOfficeStore
import Foundation

/// `boxoffice dump PATH TABLE`: the records of a table as JSON lines.
struct DumpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Print a table's records as JSON lines, in key or index order (read-only).",
        discussion: """
            One compact JSON object per line, keys sorted, fields as the engine's records (times in \
            UTC milliseconds). KEY is a UUID if it parses as one, else an integer if numeric, else \
            a string; on an index it is the first component of the index key. Users' PIN hashes \
            are shown as "(redacted)".
            """)

    @OptionGroup var file: FileOptions

    @Argument(help: "The table (see `boxoffice tables`).")
    var table: String

    @Option(help: "Walk this index instead of the primary key.")
    var index: String?

    @Option(help: ArgumentHelp("Start at this key (inclusive).", valueName: "KEY"))
    var from: String?

    @Option(parsing: .unconditional, help: "Print at most N records.")
    var limit: Int?

    /// Accepted as every inspection command accepts it; dump's output is JSON either way.
    @Flag(name: .long, help: "The output is JSON lines with or without it.")
    var json = false

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1, not \(limit)") }
    }

    func run() throws {
        let engine = try file.openReadOnly()
        let source = try engine.jsonTable(named: table)
        if let index, !source.indexNames.contains(index) {
            let known = source.indexNames.isEmpty ? "it has none" : "indexes: " + source.indexNames.joined(separator: ", ")
            throw CommandFailure("no index '\(index)' on table '\(table)'; \(known)")
        }
        let name = table
        let print: (Data) throws -> Void = { record in
            Output.current.line(String(decoding: try inspectionJSON(record, table: name), as: UTF8.self))
        }
        try attempt {
            try engine.inspect { txn in
                if index == nil && from == nil && limit == nil {
                    try source.each(in: txn, print)  // pages, so a big table streams
                } else {
                    let records = try source.records(in: txn, index: index, from: from.map(parseKey), limit: limit)
                    try records.forEach(print)
                }
            }
        }
    }
}
