import ArgumentParser
import BoxOffice
import BoxOfficeStore

/// `boxoffice readers PATH`: the reader slots of the lock file, live and stale.
struct Readers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the reader slots of the file (pid, thread, snapshot; reading, idle or stale); --clear-stale frees the stale ones (writes).",
        discussion: """
            A stale slot belongs to a process that died inside a read transaction; it keeps old \
            pages from being reused until cleared. Opening a file clears stale slots, and so does \
            a process that keeps the file open, every 100 ms of writes, so the list rarely shows \
            any: the count cleared by this open is reported too. An idle slot is a read \
            transaction a process keeps for reuse; it pins no pages and is released after a few \
            hundred milliseconds.
            """)

    @OptionGroup var file: FileOptions
    @Flag(name: .long, help: "Free the slots of processes that no longer exist (writes the lock file).")
    var clearStale = false
    @OptionGroup var output: JSONOption

    struct Report: Encodable {
        var path: String
        var readers: [ReaderSlot]
        /// Stale slots cleared when this command opened the file.
        var clearedAtOpen: Int
        /// With --clear-stale: stale slots cleared by it.
        var cleared: Int?
    }

    func run() throws {
        let engine = try file.openReadOnly()  // --clear-stale writes the lock file only
        let readers = try attempt { try engine.readers() }
        let cleared = clearStale ? try attempt { try engine.clearStaleReaders() } : nil
        let report = Report(path: file.path, readers: readers, clearedAtOpen: engine.store.staleReadersClearedAtOpen, cleared: cleared)
        if output.json { return Output.current.line(try json(report)) }
        if readers.isEmpty {
            Output.current.line("no reader slots in use")
        } else {
            var table = TextTable(header: ["pid", "thread", "txn", "state"])
            for slot in readers { table.add(["\(slot.pid)", slot.thread, slot.transaction, !slot.isLive ? "stale" : slot.isIdle ? "idle" : "live"]) }
            Output.current.line(table.render())
        }
        let stale = readers.filter { !$0.isLive }.count
        let idle = readers.filter { $0.isLive && $0.isIdle }.count
        var summary = "\(readers.count - stale - idle) reading, \(idle) idle, \(stale) stale"
        if report.clearedAtOpen > 0 { summary += "; opening the file cleared \(report.clearedAtOpen) stale" }
        if let cleared { summary += "; cleared \(cleared) stale slot\(cleared == 1 ? "" : "s")" }
        Output.current.line(summary)
    }
}
