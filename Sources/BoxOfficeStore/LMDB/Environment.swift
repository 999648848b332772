import CLMDB
import Glibc
import Synchronization

/// One LMDB environment (MDB_env) of this process. The ``EnvironmentRegistry`` hands out a single
/// instance per file, so the process never opens a second MDB_env on the same file.
///
/// Transactions are lent to closures and never escape them. Read transactions run on any thread,
/// concurrently (MDB_NOTLS). Write transactions are serialized by a process lock before they take
/// LMDB's cross-process write lock, and run entirely inside ``withWriteTransaction(_:)``.
final class Environment: @unchecked Sendable {
    let handle: OpaquePointer
    let path: String
    let options: StoreOptions
    /// LMDB's longest key, in bytes (511 for Debian's build).
    let maxKeySize: Int
    /// Stale reader slots of dead processes cleared when the file was opened.
    let staleReadersCleared: Int
    /// The reader slots of the lock file, shared by every process on the file.
    let maxReaders: Int

    private let gate = TransactionGate()
    /// Batches writes of many threads into one transaction (``Store/groupWrite(_:)``).
    let committer = GroupCommitter()
    /// Reset read transactions kept for renewal, released when idle (see ``ReaderPool``). A reset
    /// transaction holds no snapshot, so a resize may proceed, but it keeps a reader slot.
    private let idleReaders: ReaderPool
    /// When a writer of this process last cleared the slots of dead processes (monotonic ns).
    private let lastStaleReaderCheck = Atomic<Int64>(0)
    private let writers = WriterLock()
    private let inTransaction = ThreadMark()
    private let openedInProcess = getpid()
    #if DEBUG
    let faults = FaultInjector()
    #endif

    /// Opens the environment at `path`. Use ``EnvironmentRegistry/open(path:options:)`` instead.
    init(path: String, options: StoreOptions) throws {
        var env: OpaquePointer?
        try check(mdb_env_create(&env), "mdb_env_create")
        guard let env else { throw StoreError.lmdb(lmdbError(ENOMEM, "mdb_env_create")) }
        do {
            try check(mdb_env_set_maxreaders(env, UInt32(clamping: options.maxReaders)), "mdb_env_set_maxreaders")
            try check(mdb_env_set_maxdbs(env, UInt32(clamping: options.maxTables)), "mdb_env_set_maxdbs")
            try check(mdb_env_set_mapsize(env, options.initialMapSize), "mdb_env_set_mapsize")
            let rc = mdb_env_open(env, path, Self.flags(options), mdb_mode_t(options.fileMode))
            if rc != MDB_SUCCESS { throw Self.openError(rc, path: path) }
            var dead: Int32 = 0
            try check(mdb_reader_check(env, &dead), "mdb_reader_check")
            self.staleReadersCleared = Int(dead)
            lastStaleReaderCheck.store(Self.monotonicNow(), ordering: .relaxed)
        } catch {
            mdb_env_close(env)
            throw error
        }
        self.handle = env
        self.path = path
        self.options = options
        self.maxKeySize = Int(mdb_env_get_maxkeysize(env))
        // The lock file's size fixes the slots: its first opener's maxReaders, maybe not ours.
        var slots: UInt32 = 0
        mdb_env_get_maxreaders(env, &slots)
        self.maxReaders = Int(slots)
        self.idleReaders = ReaderPool(maxReaders: Int(slots))
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
        mdb_env_close(handle)
    }

    deinit { close() }

    private static func flags(_ options: StoreOptions) -> UInt32 {
        var flags = UInt32(MDB_NOTLS)
        if options.readOnly { flags |= UInt32(MDB_RDONLY) }
        switch options.durability {
        case .durable: break
        case .metaAsync: flags |= UInt32(MDB_NOMETASYNC)
        case .async: flags |= UInt32(MDB_NOSYNC)
        }
        return flags
    }

    /// Checks the path before LMDB sees it, creating the directory if needed. LMDB 0.9.24 trusts
    /// its files, so an existing data file is checked first (``DataFile``), from the file: its
    /// meta pages, its size, and the pages an open reads (the main database and the catalog).
    /// A file that is not LMDB, is cut short or has a damaged page there is turned away with a
    /// clear error instead of crashing the process. The other pages are checked by
    /// ``Store/checkIntegrity()``.
    static func preflight(path: String, options: StoreOptions) throws {
        try options.validate()
        var info = stat()
        if stat(path, &info) != 0 {
            guard errno == ENOENT else { throw StoreError.notWritable(path: path, reason: String(cString: strerror(errno))) }
            if options.readOnly { throw StoreError.doesNotExist(path: path) }
            if mkdir(path, directoryMode(options.fileMode)) != 0 {
                throw StoreError.notWritable(path: path, reason: String(cString: strerror(errno)))
            }
            return
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { throw StoreError.notADirectory(path: path) }
        if !options.readOnly, access(path, W_OK) != 0 {
            throw StoreError.notWritable(path: path, reason: String(cString: strerror(errno)))
        }
        let dataFile = path + "/data.mdb"
        var data = stat()
        guard stat(dataFile, &data) == 0 else {
            if options.readOnly { throw StoreError.notAStore(path: path, reason: "it holds no data.mdb") }
            return
        }
        if data.st_size == 0 && !options.readOnly { return }  // an empty file LMDB will initialise
        try checkDataFile(dataFile, path: path)
    }

    /// ``preflight(path:options:)``'s check of an existing data file. A writer committing
    /// meanwhile can make one read see half a meta page, or a page reused since the meta was
    /// read, so a failure is checked again twice before it counts: damage stays, commits pass.
    private static func checkDataFile(_ dataFile: String, path: String) throws {
        var attempt = 0
        while true {
            do {
                let file = try DataFile.open(dataFile)
                defer { file.close() }
                if let damage = file.checkPages(.main(named: [DatabaseName.catalog])).first {
                    throw StoreError.damaged(path: path, reason: "\(damage)")
                }
                return
            } catch StoreError.damaged where attempt < 2 {
                attempt += 1
                usleep(10_000)
            } catch StoreError.damaged(_, let reason) {
                throw StoreError.damaged(path: path, reason: reason)
            } catch StoreError.notAStore(_, let reason) {
                throw StoreError.notAStore(path: path, reason: reason)
            }
        }
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

    // MARK: Transactions

    /// Runs `body` in a read transaction that sees one consistent snapshot.
    func withReadTransaction<T>(_ body: (ReadTransaction) throws -> T) throws -> T {
        try enter()
        defer { inTransaction.set(false) }
        let hint = Self.threadHint()
        let txn = try beginRead(hint: hint)
        defer {
            txn.end()
            recycle(txn.reader!, hint: hint)
            gate.leaveShared()
        }
        return try body(txn)
    }

    /// Resets a finished read transaction into the pool, or aborts it when the pool is full.
    private func recycle(_ reader: PooledReader, hint: Int) {
        mdb_txn_reset(reader.handle)
        if !idleReaders.put(reader, hint: hint) { mdb_txn_abort(reader.handle) }
    }

    /// Spreads threads over the pool's slots, so they rarely touch the same one.
    private static func threadHint() -> Int { Int(truncatingIfNeeded: (UInt(pthread_self()) >> 8) & 0xFFFF) }

    /// A read transaction whose opened databases stay open after it: LMDB keeps a read
    /// transaction's DBI handles only if it commits. Serialized with writers, because
    /// `mdb_dbi_open` must not run in two transactions of one process at once.
    func withDatabaseOpeningTransaction<T>(_ body: (ReadTransaction) throws -> T) throws -> T {
        try enter()
        defer { inTransaction.set(false) }
        return try writers.withLock {
            let txn = try beginRead(hint: Self.threadHint(), pooled: false)
            defer {
                txn.end()
                gate.leaveShared()
            }
            let value: T
            do { value = try body(txn) } catch {
                mdb_txn_abort(txn.handle)
                throw error
            }
            try check(mdb_txn_commit(txn.handle), "mdb_txn_commit(read-only)")
            return value
        }
    }

    /// Runs `body` in a write transaction and commits it when `body` returns.
    ///
    /// If the map fills, the transaction is aborted, the map grows, and `body` runs again, so
    /// `body` must have no effects outside the transaction. If `body` throws, or an LMDB call
    /// inside it failed (even if `body` caught the error), nothing is written.
    func withWriteTransaction<T>(_ body: (WriteTransaction) throws -> T) throws -> T {
        guard !options.readOnly else { throw StoreError.readOnly(path: path) }
        try enter()
        defer { inTransaction.set(false) }
        return try writers.withLock {
            clearStaleReadersNowAndThen()
            while true {
                let txn = try beginWrite()
                let outcome: Result<T, any Error>
                do {
                    let value = try body(txn)
                    if let failure = txn.failure { throw StoreError.lmdb(failure) }
                    outcome = .success(value)
                } catch {
                    outcome = .failure(error)
                }
                let rc: Int32
                switch outcome {
                case .success:
                    rc = commit(txn.handle)
                case .failure:
                    mdb_txn_abort(txn.handle)
                    rc = MDB_SUCCESS
                }
                txn.end()
                gate.leaveShared()
                let mapFull = rc == MDB_MAP_FULL || txn.failure?.code == .mapFull
                if mapFull {
                    try grow()
                    continue
                }
                try check(rc, "mdb_txn_commit")
                return try outcome.get()
            }
        }
    }

    private func commit(_ txn: OpaquePointer) -> Int32 {
        #if DEBUG
        if let injected = faults.fire(.commit) {
            mdb_txn_abort(txn)
            return injected
        }
        #endif
        return mdb_txn_commit(txn)
    }

    private func enter() throws {
        try checkProcess()
        guard !inTransaction.isSet else { throw StoreError.nestedTransaction }
        inTransaction.set(true)
    }

    /// A write may start here: writable, same process, and not inside another transaction of this
    /// thread (a thread waiting for its batch while holding a read snapshot would block a resize).
    func checkCanWrite() throws {
        guard !options.readOnly else { throw StoreError.readOnly(path: path) }
        try checkProcess()
        guard !inTransaction.isSet else { throw StoreError.nestedTransaction }
    }

    /// LMDB environments must not be used across `fork()`.
    func checkProcess() throws {
        guard !isInherited else { throw StoreError.usedAfterFork(path: path) }
    }

    /// This process is a child forked after the environment was opened: nothing of it is ours.
    var isInherited: Bool { getpid() != openedInProcess }

    /// Begins a write transaction holding a share of the gate; adopts a map grown by another process.
    private func beginWrite() throws -> WriteTransaction {
        while true {
            gate.enterShared()
            var txn: OpaquePointer?
            var rc = mdb_txn_begin(handle, nil, 0, &txn)
            #if DEBUG
            if rc == MDB_SUCCESS, let injected = faults.fire(.beginWrite) {
                mdb_txn_abort(txn)
                rc = injected
            }
            #endif
            if rc == MDB_SUCCESS, let txn { return WriteTransaction(txn, environment: self) }
            gate.leaveShared()
            guard rc == MDB_MAP_RESIZED else { throw StoreError.lmdb(lmdbError(rc, "mdb_txn_begin")) }
            try adoptResizedMap()
        }
    }

    /// Begins a read transaction holding a share of the gate: an idle one renewed, or a new one
    /// (`pooled: false` always begins a new one, for a transaction that will be committed).
    /// Adopts a map grown by another process. When every reader slot is taken, frees slots and
    /// waits for them (``waitForReaderSlot(attempt:)``) before giving up.
    private func beginRead(hint: Int, pooled: Bool = true) throws -> ReadTransaction {
        var attempt = 0
        while true {
            gate.enterShared()
            var rc: Int32
            var reader = pooled ? idleReaders.take(hint: hint) : nil
            if let idle = reader {
                rc = mdb_txn_renew(idle.handle)
                if rc != MDB_SUCCESS {
                    mdb_txn_abort(idle.handle)
                    reader = nil
                }
            } else {
                var txn: OpaquePointer?
                rc = mdb_txn_begin(handle, nil, UInt32(MDB_RDONLY), &txn)
                if rc == MDB_SUCCESS, let txn { reader = PooledReader(txn) }
            }
            #if DEBUG
            if rc == MDB_SUCCESS, let injected = faults.fire(.beginRead) {
                mdb_txn_abort(reader!.handle)
                reader = nil
                rc = injected
            }
            #endif
            if rc == MDB_SUCCESS, let reader { return ReadTransaction(reader, environment: self) }
            gate.leaveShared()
            switch rc {
            case MDB_MAP_RESIZED:
                try adoptResizedMap()
            case MDB_READERS_FULL:
                try waitForReaderSlot(attempt: attempt)
                attempt += 1
            default:
                throw StoreError.lmdb(lmdbError(rc, "mdb_txn_begin(read-only)"))
            }
        }
    }

    /// How long a read waits in all for a reader slot before it fails: long enough for other
    /// processes' idle transactions to be released (``ReaderPool/reapInterval``).
    static let readerSlotPatience: Int64 = 10 * ReaderPool.reapInterval

    /// Every reader slot is taken. First this process's idle transactions are released and the
    /// slots of dead processes cleared; then the read waits, with growing pauses, for other
    /// processes to release theirs. Throws ``StoreError/readersFull(path:maxReaders:)`` when
    /// ``readerSlotPatience`` has passed.
    private func waitForReaderSlot(attempt: Int) throws {
        if attempt == 0 {
            try releaseIdleReaders()
            try clearStaleReaders()
            return
        }
        // Pauses of 1, 2, 4 … 64 ms; their sum reaches the patience after about 20 attempts.
        let pause = Int64(1_000_000) << min(attempt - 1, 6)
        let waited = (0..<(attempt - 1)).reduce(Int64(0)) { $0 + (Int64(1_000_000) << min($1, 6)) }
        guard waited < Self.readerSlotPatience else {
            throw StoreError.readersFull(path: path, maxReaders: maxReaders)
        }
        var interval = timespec(tv_sec: 0, tv_nsec: Int(pause))
        nanosleep(&interval, nil)
    }

    /// Another process grew the map: adopt its size (0 = the size recorded in the file).
    private func adoptResizedMap() throws {
        try gate.exclusively { () throws in
            try check(mdb_env_set_mapsize(handle, 0), "mdb_env_set_mapsize(adopt)")
        }
    }

    /// Doubles the map, waiting until no transaction of this process is live.
    private func grow() throws {
        let limit = options.maxMapSize
        try gate.exclusively { () throws in
            let current = try info().mapSize
            guard current < limit else { throw StoreError.mapSizeLimit(path: path, limit: limit) }
            let target = current > limit / 2 ? limit : current * 2
            try check(mdb_env_set_mapsize(handle, target), "mdb_env_set_mapsize(grow)")
        }
    }

    // MARK: Environment-wide operations

    /// Flushes buffered commits to disk (needed in ``Durability/async`` mode).
    func sync() throws {
        try checkProcess()
        guard !options.readOnly else { return }
        try check(mdb_env_sync(handle, 1), "mdb_env_sync")
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
        try checkProcess()
        var info = MDB_envinfo()
        var stat = MDB_stat()
        mdb_env_info(handle, &info)
        mdb_env_stat(handle, &stat)
        return Info(
            mapSize: info.me_mapsize, lastPage: info.me_last_pgno, maxReaders: Int(info.me_maxreaders),
            readerSlotsUsed: Int(info.me_numreaders), pageSize: Int(stat.ms_psize))
    }

    /// Clears reader slots left behind by dead processes; returns how many were cleared.
    @discardableResult
    func clearStaleReaders() throws -> Int {
        try checkProcess()
        var dead: Int32 = 0
        try check(mdb_reader_check(handle, &dead), "mdb_reader_check")
        lastStaleReaderCheck.store(Self.monotonicNow(), ordering: .relaxed)
        return Int(dead)
    }

    /// How often a writer clears the slots of dead processes: after this long or this many write
    /// transactions, whichever comes first. A slot left by a reader killed mid-read pins its
    /// snapshot, so the pages freed since cannot be reused and the file grows. The check costs a
    /// lock and one `fcntl` per process on the file: microseconds, too much for every commit.
    static let staleReaderCheckInterval: Int64 = 100_000_000  // nanoseconds
    static let staleReaderCheckWrites = 256
    /// Write transactions since the last check; guarded by the writer lock.
    private var writesSinceStaleReaderCheck = 0

    /// Clears stale reader slots now and then (``staleReaderCheckInterval``), so a process that
    /// keeps the file open reclaims the slots of workers that died. Called under the writer lock.
    /// Housekeeping: its failure must not fail the write, and the next write tries again.
    private func clearStaleReadersNowAndThen() {
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
        try checkProcess()
        let idle = idleReaders.drain()
        for reader in idle { mdb_txn_abort(reader.handle) }
        return idle.count
    }

    private static func monotonicNow() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC_COARSE, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
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
        } else if mkdir(destination, Self.directoryMode(options.fileMode)) != 0 {
            throw StoreError.notWritable(path: destination, reason: String(cString: strerror(errno)))
        }
        while true {
            // The copy reads through its own read transaction, which the gate must count.
            gate.enterShared()
            let rc = mdb_env_copy2(handle, destination, UInt32(MDB_CP_COMPACT))
            gate.leaveShared()
            guard rc == MDB_MAP_RESIZED else {
                try check(rc, "mdb_env_copy2")
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
