import CLMDB
import FoundationEssentials
import Glibc
import Synchronization

/// One LMDB environment (MDB_env) of this process. The ``EnvironmentRegistry`` hands out a single
/// instance per file, so the process never opens a second MDB_env on the same file.
///
/// Transactions are lent to closures and never escape them (`Environment+Transactions.swift`).
/// Read transactions run on any thread, concurrently (MDB_NOTLS). Write transactions are
/// serialized by a process lock before they take LMDB's cross-process write lock, and run
/// entirely inside ``withWriteTransaction(_:)``.
final class Environment: @unchecked Sendable {
    /// The MDB_env. Replaced only by ``recoverFromPanic(seen:)``, while no transaction of this
    /// process is live (under the gate), so whoever holds a share of the gate sees one value.
    var handle: OpaquePointer
    let path: String
    let options: StoreOptions
    /// LMDB's longest key, in bytes (511 for Debian's build).
    let maxKeySize: Int
    /// Stale reader slots of dead processes cleared when the file was opened.
    let staleReadersCleared: Int
    /// The reader slots of the lock file, shared by every process on the file.
    let maxReaders: Int

    let gate = TransactionGate()
    /// Batches writes of many threads into one transaction (``Store/groupWrite(_:)``).
    let committer = GroupCommitter()
    #if DEBUG
    /// Commits made without syncing the meta page (`lazyMeta`), for tests.
    let lazyMetaCommits = Mutex<Int>(0)
    #endif
    /// Reset read transactions kept for renewal, released when idle (see ``ReaderPool``). A reset
    /// transaction holds no snapshot, so a resize may proceed, but it keeps a reader slot.
    /// Replaced with the handle, under the gate.
    var idleReaders: ReaderPool
    /// When a writer of this process last cleared the slots of dead processes (monotonic ns).
    let lastStaleReaderCheck = Atomic<Int64>(0)
    /// Write transactions since the last check; guarded by the writer lock.
    var writesSinceStaleReaderCheck = 0
    /// The named databases by handle, to open again, in the same order, after a reopen.
    let databases = Mutex<[MDB_dbi: String]>([:])
    /// Counts reopens; a thread that saw MDB_PANIC reopens only if nobody did since.
    var generation = 0
    /// A reopen failed: the handle is closed and the next transaction tries again.
    var needsReopen = false
    let writers = WriterLock()
    let inTransaction = ThreadMark()
    /// The fork generation the environment was opened in (``ForkGate/generation``).
    let openedInForkGeneration = ForkGate.shared.generation
    #if DEBUG
    let faults = FaultInjector()
    #endif

    /// Opens the environment at `path`. Use ``EnvironmentRegistry/open(path:options:)`` instead.
    init(path: String, options: StoreOptions) throws {
        let (env, dead) = try Self.openHandle(path: path, options: options)
        self.handle = env
        self.path = path
        self.options = options
        self.staleReadersCleared = dead
        self.maxKeySize = Int(mdb_env_get_maxkeysize(env))
        // The lock file's size fixes the slots: its first opener's maxReaders, maybe not ours.
        var slots: UInt32 = 0
        mdb_env_get_maxreaders(env, &slots)
        self.maxReaders = Int(slots)
        self.idleReaders = ReaderPool(maxReaders: Int(slots))
        lastStaleReaderCheck.store(Self.monotonicNow(), ordering: .relaxed)
        watchReaderPressure()
    }

    /// Lets the pool's reaper ask whether reader slots are scarce (``ReaderPool``).
    func watchReaderPressure() {
        idleReaders.underPressure = { [unowned self] in readerTableNearlyFull() }
    }

    /// A new MDB_env on `path`, and how many stale reader slots opening it cleared.
    static func openHandle(path: String, options: StoreOptions, clearingStaleReaders: Bool = true) throws -> (OpaquePointer, Int) {
        var env: OpaquePointer?
        try check(mdb_env_create(&env), "mdb_env_create")
        guard let env else { throw StoreError.lmdb(lmdbError(ENOMEM, "mdb_env_create")) }
        do {
            try check(mdb_env_set_maxreaders(env, UInt32(clamping: options.maxReaders)), "mdb_env_set_maxreaders")
            try check(mdb_env_set_maxdbs(env, UInt32(clamping: options.maxTables)), "mdb_env_set_maxdbs")
            try check(mdb_env_set_mapsize(env, options.initialMapSize), "mdb_env_set_mapsize")
            try reserveLockFile(path: path, options: options)
            let rc = mdb_env_open(env, path, flags(options), mdb_mode_t(options.fileMode))
            if rc != MDB_SUCCESS { throw openError(rc, path: path) }
            var dead: Int32 = 0
            if clearingStaleReaders { try check(mdb_reader_check(env, &dead), "mdb_reader_check") }
            return (env, Int(dead))
        } catch {
            mdb_env_close(env)
            throw error
        }
    }

    /// LMDB makes lock.mdb by extending it (ftruncate) and then writing it through a map: on a
    /// full disk that write is a SIGBUS, not an error. So its blocks are reserved first, without
    /// changing its size (which LMDB reads the number of reader slots from), and a full disk is
    /// ``StoreError/diskFull(path:operation:)``. Where it cannot be written (read-only media),
    /// LMDB does without; where reserving is not supported, LMDB is left to it. Only ever called
    /// when this process has no environment on the file: closing the descriptor drops the
    /// process's locks on it.
    private static func reserveLockFile(path: String, options: StoreOptions) throws {
        let fd = Glibc.open(path + "/lock.mdb", O_RDWR | O_CREAT | O_CLOEXEC, mode_t(options.fileMode))
        guard fd >= 0 else { return }
        defer { Glibc.close(fd) }
        // The reader table (64 bytes a slot) and its header (192 bytes), rounded up generously.
        let bytes = Int64(options.maxReaders + 8) * 64 + 4096
        let rc = boxoffice_reserve_blocks(fd, bytes)
        if rc == ENOSPC || rc == EDQUOT {
            throw StoreError.diskFull(path: path, operation: "reserving lock.mdb: \(String(cString: strerror(rc)))")
        }
    }

    private var isClosed = false

    /// Closes the MDB_env. The registry calls this, under its lock, when the last lease returns.
    ///
    /// In a child process after `fork()` it does nothing: the reader slots, the lock file and the
    /// pooled transactions belong to the parent, and aborting or closing them here would free
    /// the parent's slots (the parent's next read would fail with MDB_BAD_RSLOT). The child's copy
    /// of the environment is leaked instead; the child opens its own.
    func close() {
        guard !isClosed, !isInherited else { return }
        isClosed = true
        for idle in idleReaders.close() { mdb_txn_abort(idle.handle) }
        if !needsReopen { mdb_env_close(handle) }
    }

    deinit { close() }

    private static func flags(_ options: StoreOptions) -> UInt32 {
        var flags = UInt32(MDB_NOTLS)
        if options.readOnly { flags |= UInt32(MDB_RDONLY) }
        switch options.durability {
        case .durable, .durableSales: break
        case .metaAsync: flags |= UInt32(MDB_NOMETASYNC)
        case .async: flags |= UInt32(MDB_NOSYNC)
        }
        return flags
    }

    private static func openError(_ rc: Int32, path: String) -> StoreError {
        switch rc {
        case MDB_INVALID, MDB_VERSION_MISMATCH:
            return .notAStore(path: path, reason: String(cString: mdb_strerror(rc)))
        case ENOENT:
            return .doesNotExist(path: path)
        case EACCES, EROFS, EPERM:
            return .notWritable(path: path, reason: String(cString: mdb_strerror(rc)))
        default:
            return .lmdb(lmdbError(rc, "mdb_env_open"))
        }
    }

    /// LMDB environments must not be used across `fork()`.
    func checkProcess() throws {
        guard !isInherited else { throw StoreError.usedAfterFork(path: path) }
    }

    /// This process is a child forked after the environment was opened: nothing of it is ours.
    /// (Counted forks, not process ids: a grandchild may get its grandparent's pid.)
    var isInherited: Bool { ForkGate.shared.generation != openedInForkGeneration }

    /// Runs `body` with a share of the gate, so the handle cannot be replaced meanwhile, for the
    /// calls on the whole environment that are not transactions.
    func withHandle<T>(_ body: (OpaquePointer) throws -> T) throws -> T {
        try checkProcess()
        gate.enterShared()
        defer { gate.leaveShared() }
        if needsReopen { throw StoreError.lmdb(lmdbError(MDB_PANIC, "the environment is being reopened")) }
        return try body(handle)
    }

    static func monotonicNow() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC_COARSE, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    // MARK: Environment-wide operations

    /// Flushes buffered commits to disk: everything since the last flush in ``Durability/async``,
    /// the last commits' meta page in ``Durability/metaAsync`` and the last holds' in
    /// ``Durability/durableSales``. A read-only handle flushes what writers of any process left
    /// unsynced (the page cache is the file's, whoever wrote it).
    func sync() throws {
        guard !options.readOnly else {
            try checkProcess()
            let fd = open(path + "/data.mdb", O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw classify(StoreError.lmdb(lmdbError(errno, "open(data.mdb) to flush it"))) }
            defer { Glibc.close(fd) }
            guard fdatasync(fd) == 0 else { throw classify(StoreError.lmdb(lmdbError(errno, "fdatasync"))) }
            return
        }
        try withHandle { handle in
            let rc = mdb_env_sync(handle, 1)
            if rc != MDB_SUCCESS { throw classify(StoreError.lmdb(lmdbError(rc, "mdb_env_sync"))) }
        }
    }

    struct Info {
        var mapSize: Int
        var lastPage: Int
        var maxReaders: Int
        /// The high-water mark of reader slots (LMDB's me_numreaders), not the live count.
        var readerSlotsUsed: Int
        var pageSize: Int
    }

    func info() throws -> Info {
        try withHandle { handle in
            var info = MDB_envinfo()
            var stat = MDB_stat()
            mdb_env_info(handle, &info)
            mdb_env_stat(handle, &stat)
            return Info(
                mapSize: info.me_mapsize, lastPage: info.me_last_pgno, maxReaders: Int(info.me_maxreaders),
                readerSlotsUsed: Int(info.me_numreaders), pageSize: Int(stat.ms_psize))
        }
    }

    /// A compacting copy of the environment into the directory `destination`, taken from one
    /// read snapshot, so writers go on meanwhile.
    func copyCompacting(to destination: String) throws {
        try enter()
        defer { inTransaction.set(false) }
        var info = stat()
        if stat(destination, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else { throw StoreError.notADirectory(path: destination) }
            if access(destination + "/data.mdb", F_OK) == 0 {
                throw StoreError.notWritable(path: destination, reason: "it already holds a data.mdb; back up into a new directory")
            }
        } else {
            // Missing parents are created too (`backup SRC /backups/today`), with the default mode.
            let parent = URL(fileURLWithPath: destination).deletingLastPathComponent().path
            if access(parent, F_OK) != 0 {
                try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            }
            if mkdir(destination, Self.directoryMode(options.fileMode)) != 0 { throw Self.creationError(destination, errno) }
        }
        while true {
            // The copy reads through its own read transaction, which the gate must count.
            let rc = try withHandle { mdb_env_copy2($0, destination, UInt32(MDB_CP_COMPACT)) }
            guard rc == MDB_MAP_RESIZED else {
                if rc != MDB_SUCCESS { throw classify(StoreError.lmdb(lmdbError(rc, "mdb_env_copy2")), at: destination) }
                break
            }
            try adoptResizedMap()
        }
        guard chmod(destination + "/data.mdb", mode_t(options.fileMode)) == 0 else {
            throw StoreError.notWritable(path: destination, reason: String(cString: strerror(errno)))
        }
    }

    /// The directory's mode: the file mode plus search bits wherever it grants reading.
    static func directoryMode(_ fileMode: UInt32) -> mode_t { mode_t(fileMode | ((fileMode & 0o444) >> 2)) }
}
