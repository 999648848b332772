import CLMDB
import Glibc

/// A reader slot of the lock file: a process (of this machine) reading, or keeping an idle read
/// transaction for reuse.
public struct ReaderSlot: Sendable, Equatable, Codable {
    public var pid: Int32
    public var thread: String
    /// The transaction (snapshot) it reads, or "-" when idle; old snapshots keep pages from being
    /// reused.
    public var transaction: String
    /// False when the process no longer exists: the slot is stale and can be cleared.
    public var isLive: Bool

    /// An idle transaction kept for reuse: it pins no snapshot, and is released after a short time.
    public var isIdle: Bool { transaction == "-" }
}

extension Environment {
    /// The reader slots in use, from `mdb_reader_list`.
    func readers() throws -> [ReaderSlot] {
        try checkProcess()
        final class Lines { var text: [String] = [] }
        let lines = Lines()
        let rc = withExtendedLifetime(lines) {
            mdb_reader_list(handle, { message, context in
                guard let message, let context else { return 0 }
                Unmanaged<Lines>.fromOpaque(context).takeUnretainedValue().text.append(String(cString: message))
                return 0
            }, Unmanaged.passUnretained(lines).toOpaque())
        }
        try check(rc < 0 ? rc : MDB_SUCCESS, "mdb_reader_list")
        // Lines: "    pid     thread     txnid" then one per slot, or "(no active readers)".
        return lines.text.joined().split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count == 3, let pid = Int32(fields[0]) else { return nil }
            let alive = kill(pid, 0) == 0 || errno == EPERM
            return ReaderSlot(pid: pid, thread: String(fields[1]), transaction: String(fields[2]), isLive: alive)
        }
    }
}

extension Store {
    /// The reader slots in use across processes, live and stale.
    public func readers() throws -> [ReaderSlot] { try environment.readers() }
}
