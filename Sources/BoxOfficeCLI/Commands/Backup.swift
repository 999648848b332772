import ArgumentParser
import BoxOffice
import BoxOfficeStore
import Foundation

/// `boxoffice backup PATH DEST`: a compacted hot copy into a new directory.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a compacted copy of the data file into the new directory DEST (writes DEST; safe while kiosks write).",
        discussion: """
            The copy is one consistent snapshot, taken through a read transaction, so writers go on \
            meanwhile. DEST must not hold a data.mdb yet; it is created if missing.
            """)

    @OptionGroup var file: FileOptions
    @Argument(help: "The new directory to write the copy into.")
    var destination: String
    @OptionGroup var output: JSONOption

    struct Report: Encodable {
        var source: String
        var destination: String
        /// Bytes of DEST/data.mdb.
        var size: Int
    }

    func run() throws {
        let engine = try file.openReadOnly()
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        let existed = fileManager.fileExists(atPath: destination, isDirectory: &isDirectory)
        if existed && !isDirectory.boolValue { throw CommandFailure("'\(destination)' exists and is not a directory") }
        if fileManager.fileExists(atPath: destination + "/data.mdb") {
            throw CommandFailure("'\(destination)' already holds a data.mdb; back up into a new directory")
        }
        do {
            try attempt { try engine.backup(to: destination) }
        } catch {
            // Leave nothing half-written: the directory if this command made it, else the file.
            if existed {
                try? fileManager.removeItem(atPath: destination + "/data.mdb")
            } else {
                try? fileManager.removeItem(atPath: destination)
            }
            throw error
        }
        let size = (try? fileManager.attributesOfItem(atPath: destination + "/data.mdb")[.size] as? Int) ?? 0
        let report = Report(source: file.path, destination: destination, size: size)
        if output.json { return Output.current.line(try json(report)) }
        Output.current.line("backed up \(report.source) to \(report.destination): \(bytes(report.size)) written (data.mdb)")
    }
}
