import ArgumentParser
import BoxOffice
import BoxOfficeStore
import Foundation

/// `boxoffice get PATH TABLE KEY`: one record by primary key.
struct GetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Print one record by its primary key as JSON (read-only).",
        discussion: """
            KEY is a UUID if it parses as one, else an integer if numeric, else a string (a numeric \
            KEY that finds nothing is tried as a string too). Pretty-printed; --json prints the same \
            object on one line. Users' PIN hashes are shown as "(redacted)".
            """)

    @OptionGroup var file: FileOptions

    @Argument(help: "The table (see `boxoffice tables`).")
    var table: String

    @Argument(help: "The primary key: an id, an audit sequence number, a retired code, an idempotency key.")
    var key: String

    @OptionGroup var output: JSONOption

    func validate() throws {
        if key.isEmpty { throw ValidationError("KEY must not be empty") }
    }

    func run() throws {
        let engine = try file.openReadOnly()
        let source = try engine.jsonTable(named: table)
        let typed = parseKey(key)
        let found = try attempt {
            try engine.inspect { txn -> Data? in
                if let record = try source.record(in: txn, key: typed) { return record }
                let text = Key(key)
                return typed == text ? nil : try source.record(in: txn, key: text)
            }
        }
        guard let found else { throw CommandFailure("no record \(key) in \(table)") }
        let record = try attempt { try inspectionJSON(found, table: table) }
        if output.json { return Output.current.line(String(decoding: record, as: UTF8.self)) }
        let pretty = try attempt {
            try JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: record), options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        }
        Output.current.line(String(decoding: pretty, as: UTF8.self))
    }
}
