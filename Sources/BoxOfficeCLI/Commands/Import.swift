import ArgumentParser
import BoxOffice
import BoxOfficeStore
import Foundation

/// `boxoffice import FILE PATH`: a new data file from an export, in one transaction.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Create a new data file at PATH from the JSON lines of an export (writes PATH; all or nothing).",
        discussion: """
            PATH must not hold a data file yet. Every line is restored exactly as exported (ids, \
            versions, counters) in one transaction: a malformed line fails the import, naming its \
            line number, and leaves nothing behind. Run `boxoffice verify PATH` afterwards to check \
            the result.
            """)

    @Argument(help: "The JSON lines file written by export, or - for standard input.")
    var source: String
    @OptionGroup var file: FileOptions
    @OptionGroup var output: JSONOption

    struct Report: Encodable {
        var file: String
        var path: String
        var records: Int
        var tables: [Export.TableCount]
    }

    /// One line of the export: where it was and what it holds.
    struct Line {
        var number: Int
        var table: String
        var record: Data
    }

    private var sourceName: String { source == "-" ? "standard input" : source }

    func run() throws {
        let fileManager = FileManager.default
        let path = file.path
        if fileManager.fileExists(atPath: path + "/data.mdb") {
            throw CommandFailure("'\(path)' already holds a data file (data.mdb); import only creates a new one")
        }
        var isDirectory: ObjCBool = false
        let existed = fileManager.fileExists(atPath: path, isDirectory: &isDirectory)
        if existed && !isDirectory.boolValue { throw CommandFailure("'\(path)' exists and is not a directory") }

        let lines = try parse(try read())
        let counts: [Export.TableCount]
        do {
            counts = try restore(lines)
        } catch {
            // The transaction aborted; remove what opening the new file created.
            if existed {
                for name in ["data.mdb", "lock.mdb"] { try? fileManager.removeItem(atPath: path + "/" + name) }
            } else {
                try? fileManager.removeItem(atPath: path)
            }
            throw error
        }
        let report = Report(file: source, path: path, records: lines.count, tables: counts)
        if output.json { return Output.current.line(try json(report)) }
        var table = TextTable(header: ["table", "records"])
        for count in counts { table.add([count.table, "\(count.records)"]) }
        Output.current.line(table.render())
        Output.current.line("imported \(report.records) record\(report.records == 1 ? "" : "s") into \(counts.count) tables at \(path)")
    }

    private func read() throws -> Data {
        if source == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory) else {
            throw CommandFailure("cannot read '\(source)': no such file")
        }
        if isDirectory.boolValue { throw CommandFailure("cannot read '\(source)': it is a directory") }
        // Read through a handle, so a pipe or a FIFO (`import <(zcat x.jsonl.gz) f`) works as a file does.
        guard let handle = FileHandle(forReadingAtPath: source) else {
            throw CommandFailure("cannot read '\(source)': \(String(cString: strerror(errno)))")
        }
        defer { try? handle.close() }
        do { return try handle.readToEnd() ?? Data() } catch {
            throw CommandFailure("cannot read '\(source)': \(error.localizedDescription)")
        }
    }

    /// Checks every line's shape before anything is created; blank lines are skipped.
    private func parse(_ data: Data) throws -> [Line] {
        var lines: [Line] = []
        for (offset, bytes) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            func malformed(_ reason: String) -> CommandFailure { CommandFailure("\(sourceName) line \(number): \(reason)") }
            guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) else { throw malformed("not valid JSON") }
            guard let line = object as? [String: Any] else { throw malformed("not a JSON object") }
            guard let table = line["table"] as? String else { throw malformed("no \"table\" name") }
            guard let record = line["record"] as? [String: Any] else { throw malformed("no \"record\" object") }
            if let extra = line.keys.first(where: { $0 != "table" && $0 != "record" }) { throw malformed("unexpected key \"\(extra)\"") }
            guard let encoded = try? JSONSerialization.data(withJSONObject: record) else { throw malformed("the record cannot be re-encoded") }
            lines.append(Line(number: number, table: table, record: encoded))
        }
        return lines
    }

    /// Creates the file and restores every line in one transaction. The engine is local, so the
    /// file is closed when this returns or throws.
    private func restore(_ lines: [Line]) throws -> [Export.TableCount] {
        let engine = try file.openForWriting(create: true)
        let tables = engine.jsonTables
        let byName = Dictionary(tables.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let captured = Captured()
        let counts = try captured.transaction {
            try engine.restore { txn in
                var counts: [String: Int] = [:]
                let progress = Progress("importing", total: lines.count)
                for line in lines {
                    try captured.run {
                        guard let table = byName[line.table] else {
                            throw CommandFailure("\(sourceName) line \(line.number): unknown table '\(line.table)'")
                        }
                        do { try table.restore(line.record, in: txn) } catch {
                            throw CommandFailure("\(sourceName) line \(line.number) (table \(line.table)): \(describe(error))")
                        }
                    }
                    counts[line.table, default: 0] += 1
                    progress.advance()
                }
                progress.finish()
                return counts
            }
        }
        return tables.map { Export.TableCount(table: $0.name, records: counts[$0.name] ?? 0) }
    }
}

/// A decoding error in a few words, on one line.
private func describe(_ error: any Error) -> String {
    func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
    }
    let text: String
    switch error {
    case DecodingError.keyNotFound(let key, let context): text = "missing field '\(path(context.codingPath + [key]))'"
    case DecodingError.valueNotFound(_, let context): text = "missing value for '\(path(context.codingPath))'"
    case DecodingError.typeMismatch(let type, let context): text = "'\(path(context.codingPath))' is not a \(type)"
    case DecodingError.dataCorrupted(let context):
        text = context.codingPath.isEmpty ? context.debugDescription : "bad value for '\(path(context.codingPath))': \(context.debugDescription)"
    default: text = CommandFailure(error).message
    }
    return text.split(whereSeparator: \.isNewline).joined(separator: " ")
}
