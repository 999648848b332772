import ArgumentParser
import BoxOffice
import BoxOfficeStore
import Foundation

/// `boxoffice export PATH FILE`: every table as JSON lines, from one read snapshot.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write every record of every table as JSON lines into FILE (read-only on PATH; writes FILE, - for stdout).",
        discussion: """
            One line per record: {"record":{...},"table":"NAME"}, tables in a fixed order, records in \
            primary-key order, all from one snapshot, so the export is consistent while kiosks write. \
            `boxoffice import` reads it back into a new data file.
            """)

    @OptionGroup var file: FileOptions
    @Argument(help: "The JSON lines file to write (replaced if it exists), or - for standard output.")
    var destination: String
    @OptionGroup var output: JSONOption

    struct TableCount: Codable, Equatable {
        var table: String
        var records: Int
    }

    struct Report: Encodable {
        var source: String
        var file: String
        var records: Int
        var tables: [TableCount]
    }

    func run() throws {
        let engine = try file.openReadOnly()
        let toStdout = destination == "-"
        let sink = try LineSink(toStdout ? nil : destination)
        let captured = Captured()
        let counts: [TableCount]
        do {
            counts = try captured.transaction {
                try engine.inspectCheckingPages { txn in
                    let tables = engine.jsonTables
                    let total = try tables.reduce(0) { $0 + (try $1.count(in: txn)) }
                    // On stdout the bar would mix with the records on the same terminal.
                    let progress = toStdout ? nil : Progress("exporting", total: total)
                    var counts: [TableCount] = []
                    for table in tables {
                        let prefix = Data("{\"record\":".utf8)
                        let suffix = Data(",\"table\":\(try json(table.name))}\n".utf8)
                        var count = 0
                        try table.each(in: txn) { record in
                            try captured.run { try sink.append(prefix, record, suffix) }
                            count += 1
                            progress?.advance()
                        }
                        counts.append(TableCount(table: table.name, records: count))
                    }
                    progress?.finish()
                    return counts
                }
            }
            try sink.close()
        } catch {
            sink.discard()
            throw error
        }
        if toStdout { return }  // the records are the output
        let report = Report(source: file.path, file: destination, records: counts.reduce(0) { $0 + $1.records }, tables: counts)
        if output.json { return Output.current.line(try json(report)) }
        var table = TextTable(header: ["table", "records"])
        for count in counts { table.add([count.table, "\(count.records)"]) }
        Output.current.line(table.render())
        Output.current.line("exported \(report.records) record\(report.records == 1 ? "" : "s") from \(counts.count) tables to \(destination)")
    }
}

/// Buffered output of an export: a file, or the command's standard output.
final class LineSink {
    private let path: String?
    private let handle: FileHandle?
    private var buffer = Data()

    init(_ path: String?) throws {
        self.path = path
        guard let path else {
            handle = nil
            return
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CommandFailure("'\(path)' is a directory; give a file name to export into")
        }
        // Owner-only, like the data file: an export holds PIN hashes and customers' details.
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw CommandFailure("cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    func append(_ parts: Data...) throws {
        for part in parts { buffer.append(part) }
        if buffer.count >= 256 << 10 { try flush() }
    }

    func close() throws {
        try flush()
        guard let handle else { return }
        do { try handle.close() } catch { throw CommandFailure("cannot write '\(path ?? "-")': \(error.localizedDescription)") }
    }

    /// Removes a half-written file.
    func discard() {
        try? handle?.close()
        if let path { try? FileManager.default.removeItem(atPath: path) }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        guard let handle else { return Output.current.write(String(decoding: buffer, as: UTF8.self)) }
        do { try handle.write(contentsOf: buffer) } catch {
            throw CommandFailure("cannot write '\(path ?? "-")': \(error.localizedDescription)")
        }
    }
}
