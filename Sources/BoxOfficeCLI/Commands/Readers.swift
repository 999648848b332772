import ArgumentParser
import BoxOffice
import BoxOfficeStore

/// `boxoffice readers PATH`: the reader slots of the lock file, live and stale.
struct Readers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the reader slots of the file (pid, thread, snapshot; reading, idle or stale); --clear-stale frees the stale ones (writes).",
        discussion: """
            Reads the lock file's reader table directly, so it works even when every slot is \
            taken, and changes nothing unless --clear-stale is given. A stale slot belongs to a \
            process that died inside a read transaction; it keeps old pages from being reused \
            until cleared, which a process that writes the file also does every 100 ms. An idle \
            slot is a read transaction a process keeps for reuse; it pins no pages and is released \
            after 100 to 200 ms unused.
            """)

    @OptionGroup var file: FileOptions
    @Flag(name: .long, help: "Free the slots of processes that no longer exist (writes the lock file).")
    var clearStale = false
    @OptionGroup var output: JSONOption

    struct Report: Encodable {
        var path: String
        /// As found, before any clearing.
        var readers: [ReaderSlot]
        /// With --clear-stale: stale slots cleared by it.
        var cleared: Int?
    }

    /// Reads the lock file's reader table without opening the store: no reader slot is needed,
    /// so it works when every slot is taken, and nothing is cleared unless asked.
    func run() throws {
        let readers = try attempt { try Store.readers(atPath: file.path) }
        let cleared = clearStale ? try attempt { try Store.clearStaleReaders(atPath: file.path) } : nil
        let report = Report(path: file.path, readers: readers, cleared: cleared)
        if output.json { return Output.current.line(try json(report)) }
        if readers.isEmpty {
            Output.current.line("no reader slots in use")
        } else {
            var table = TextTable(header: ["pid", "thread", "txn", "state"])
            for slot in readers { table.add(["\(slot.pid)", slot.thread, slot.transaction, !slot.isLive ? "stale" : slot.isIdle ? "idle" : "reading"]) }
            Output.current.line(table.render())
        }
        let stale = readers.filter { !$0.isLive }.count
        let idle = readers.filter { $0.isLive && $0.isIdle }.count
        var summary = "\(readers.count - stale - idle) reading, \(idle) idle, \(stale) stale"
        if let cleared { summary += "; cleared \(cleared) stale slot\(cleared == 1 ? "" : "s")" }
        Output.current.line(summary)
    }
}
