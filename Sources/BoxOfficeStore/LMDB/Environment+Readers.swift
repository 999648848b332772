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

/// Reader slots: listing them, clearing those of dead processes, and waiting for one when the
/// lock file's table is full.
extension Environment {
    /// The reader slots in use, from `mdb_reader_list`.
    func readers() throws -> [ReaderSlot] {
        try withHandle { try Self.readers(of: $0) }
    }

    /// The reader slots of the environment `handle`, live and stale.
    static func readers(of handle: OpaquePointer) throws -> [ReaderSlot] {
        try checkReaderTable(handle)
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

    /// LMDB walks the reader table up to the count its header keeps; a damaged header would send
    /// it past the table. (The first process to open the file rebuilds the table.)
    static func checkReaderTable(_ handle: OpaquePointer) throws {
        var info = MDB_envinfo()
        mdb_env_info(handle, &info)
        guard info.me_numreaders <= info.me_maxreaders else {
            var path: UnsafePointer<CChar>?
            mdb_env_get_path(handle, &path)
            throw StoreError.lockFileDamaged(path: path.map { String(cString: $0) } ?? "?",
                                             detail: "it counts \(info.me_numreaders) reader slots of \(info.me_maxreaders)")
        }
    }

    /// Whether fewer than an eighth of the slots (at least one) are free: then pools keep
    /// nothing (``ReaderPool``). Asked by the reaper, which a reopen stops before it closes the
    /// handle, so the handle is read without the gate.
    func readerTableNearlyFull() -> Bool {
        guard let used = try? Self.readers(of: handle).count else { return false }
        return maxReaders - used < max(1, maxReaders / 8)
    }

    /// How long a read waits in all for a reader slot before it fails: long enough for other
    /// processes' idle transactions to be released (``ReaderPool/reapInterval``).
    static let readerSlotPatience: Int64 = 10 * ReaderPool.reapInterval

    /// Every reader slot is taken. First this process's idle transactions are released and the
    /// slots of dead processes cleared; then the read waits, with growing pauses, for other
    /// processes to release theirs. Throws ``StoreError/readersFull(path:maxReaders:)`` when
    /// ``readerSlotPatience`` has passed.
    func waitForReaderSlot(attempt: Int) throws {
        if attempt == 0 {
            try releaseIdleReaders()
            try clearStaleReaders()
            return
        }
        // Pauses of 1, 2, 4 … 64 ms; their sum reaches the patience after about 20 attempts.
        let pause = Int64(1_000_000) << min(attempt - 1, 6)
        let waited = (0..<(attempt - 1)).reduce(Int64(0)) { $0 + (Int64(1_000_000) << min($1, 6)) }
        guard waited < Self.readerSlotPatience else {
            let slots = (try? readers()) ?? []
            let idle = slots.filter(\.isIdle).count
            throw StoreError.readersFull(path: path, maxReaders: maxReaders, reading: slots.count - idle, idle: idle)
        }
        var interval = timespec(tv_sec: 0, tv_nsec: Int(pause))
        nanosleep(&interval, nil)
    }

    /// Clears reader slots left behind by dead processes; returns how many were cleared.
    @discardableResult
    func clearStaleReaders() throws -> Int {
        var dead: Int32 = 0
        try withHandle {
            try Self.checkReaderTable($0)
            try check(mdb_reader_check($0, &dead), "mdb_reader_check")
        }
        lastStaleReaderCheck.store(Self.monotonicNow(), ordering: .relaxed)
        return Int(dead)
    }

    /// How often a writer clears the slots of dead processes: after this long or this many write
    /// transactions, whichever comes first. A slot left by a reader killed mid-read pins its
    /// snapshot, so the pages freed since cannot be reused and the file grows. The check costs a
    /// lock and one `fcntl` per process on the file: microseconds, too much for every commit.
    static let staleReaderCheckInterval: Int64 = 100_000_000  // nanoseconds
    static let staleReaderCheckWrites = 256

    /// Clears stale reader slots now and then (``staleReaderCheckInterval``), so a process that
    /// keeps the file open reclaims the slots of workers that died. Called under the writer lock.
    /// Housekeeping: its failure must not fail the write, and the next write tries again.
    func clearStaleReadersNowAndThen() {
        writesSinceStaleReaderCheck += 1
        guard writesSinceStaleReaderCheck >= Self.staleReaderCheckWrites
            || Self.monotonicNow() - lastStaleReaderCheck.load(ordering: .relaxed) >= Self.staleReaderCheckInterval
        else { return }
        writesSinceStaleReaderCheck = 0
        _ = try? clearStaleReaders()
    }

    /// Releases the idle read transactions this process keeps, freeing their reader slots now
    /// rather than after they expire. Returns how many.
    @discardableResult
    func releaseIdleReaders() throws -> Int {
        try withHandle { _ in
            let idle = idleReaders.drain()
            for reader in idle { mdb_txn_abort(reader.handle) }
            return idle.count
        }
    }
}

extension Store {
    /// The reader slots in use across processes, live and stale.
    public func readers() throws -> [ReaderSlot] { try environment.readers() }

    /// The reader slots of the file at `path`, without opening it as a store: no read
    /// transaction is needed, so this works while every slot is taken, and it clears nothing,
    /// so stale slots show (opening a store clears them).
    public static func readers(atPath path: String) throws -> [ReaderSlot] {
        try EnvironmentRegistry.shared.withReaderTable(path: path) { try Environment.readers(of: $0) }
    }

    /// Clears the stale reader slots of the file at `path` (writing its lock file only), without
    /// opening it as a store. Returns how many.
    public static func clearStaleReaders(atPath path: String) throws -> Int {
        try EnvironmentRegistry.shared.withReaderTable(path: path) { handle in
            try Environment.checkReaderTable(handle)
            var dead: Int32 = 0
            try check(mdb_reader_check(handle, &dead), "mdb_reader_check")
            return Int(dead)
        }
    }
}
