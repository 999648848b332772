import CLMDB
import Glibc

extension Environment {
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
    /// inside it failed (even if `body` caught the error), nothing is written. A full disk is
    /// ``StoreError/diskFull(path:operation:)``.
    /// `undoable`: the write only makes what a power cut may undo (holds). Under
    /// ``Durability/durableSales`` its commit then syncs the data pages but not the meta page
    /// (`MDB_NOMETASYNC` for this commit), which the next synced commit's flush writes.
    func withWriteTransaction<T>(undoable: Bool = false, _ body: (WriteTransaction) throws -> T) throws -> T {
        guard !options.readOnly else { throw StoreError.readOnly(path: path) }
        let lazyMeta = undoable && options.durability == .durableSales
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
                    rc = commit(txn.handle, lazyMeta: lazyMeta)
                    #if DEBUG
                    if lazyMeta && rc == MDB_SUCCESS { lazyMetaCommits.withLock { $0 += 1 } }
                    #endif
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
                if rc != MDB_SUCCESS { throw classify(StoreError.lmdb(lmdbError(rc, "mdb_txn_commit"))) }
                do { return try outcome.get() } catch { throw classify(error) }
            }
        }
    }

    /// Commits; with `lazyMeta`, without syncing the meta page. LMDB 0.9 takes `MDB_NOMETASYNC`
    /// only as an environment flag (mdb_txn_begin drops it), so it is set for this commit alone,
    /// under the writer lock: `mdb_env_set_flags` may be called at any time, by one thread at a
    /// time (lmdb.h); the flag matters only to commits, and readers look at other bits. Only a
    /// durable-sales environment, whose own flags lack it, is ever asked to.
    private func commit(_ txn: OpaquePointer, lazyMeta: Bool) -> Int32 {
        #if DEBUG
        if let injected = faults.fire(.commit) {
            mdb_txn_abort(txn)
            return injected
        }
        #endif
        guard lazyMeta else { return mdb_txn_commit(txn) }
        mdb_env_set_flags(handle, UInt32(MDB_NOMETASYNC), 1)
        defer { mdb_env_set_flags(handle, UInt32(MDB_NOMETASYNC), 0) }
        return mdb_txn_commit(txn)
    }

    func enter() throws {
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

    /// Begins a write transaction holding a share of the gate; adopts a map grown by another
    /// process, and reopens an environment that LMDB gave up on (``recoverFromPanic(seen:)``).
    private func beginWrite() throws -> WriteTransaction {
        while true {
            gate.enterShared()
            let seen = generation
            var txn: OpaquePointer?
            var rc = needsReopen ? MDB_PANIC : mdb_txn_begin(handle, nil, 0, &txn)
            #if DEBUG
            if rc == MDB_SUCCESS, let injected = faults.fire(.beginWrite) {
                mdb_txn_abort(txn)
                rc = injected
            }
            #endif
            if rc == MDB_SUCCESS, let txn { return WriteTransaction(txn, environment: self) }
            gate.leaveShared()
            switch rc {
            case MDB_MAP_RESIZED: try adoptResizedMap()
            case MDB_PANIC: try recoverFromPanic(seen: seen)
            default: throw StoreError.lmdb(lmdbError(rc, "mdb_txn_begin"))
            }
        }
    }

    /// Begins a read transaction holding a share of the gate: an idle one renewed, or a new one
    /// (`pooled: false` always begins a new one, for a transaction that will be committed).
    /// Adopts a map grown by another process, and reopens an environment that LMDB gave up on.
    /// When every reader slot is taken, frees slots and waits for them
    /// (``waitForReaderSlot(attempt:)``) before giving up.
    func beginRead(hint: Int, pooled: Bool = true) throws -> ReadTransaction {
        var attempt = 0
        while true {
            gate.enterShared()
            let seen = generation
            var rc: Int32 = MDB_PANIC
            var reader = pooled && !needsReopen ? idleReaders.take(hint: hint) : nil
            if let idle = reader {
                rc = mdb_txn_renew(idle.handle)
                if rc != MDB_SUCCESS {
                    mdb_txn_abort(idle.handle)
                    reader = nil
                }
            } else if !needsReopen {
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
            case MDB_PANIC:
                try recoverFromPanic(seen: seen)
            case MDB_READERS_FULL:
                try waitForReaderSlot(attempt: attempt)
                attempt += 1
            default:
                throw StoreError.lmdb(lmdbError(rc, "mdb_txn_begin(read-only)"))
            }
        }
    }

    /// Another process grew the map: adopt its size (0 = the size recorded in the file).
    func adoptResizedMap() throws {
        try gate.exclusively { () throws in
            try check(mdb_env_set_mapsize(handle, 0), "mdb_env_set_mapsize(adopt)")
        }
    }

    /// Doubles the map, waiting until no transaction of this process is live.
    private func grow() throws {
        let limit = options.maxMapSize
        try gate.exclusively { () throws in
            var info = MDB_envinfo()
            mdb_env_info(handle, &info)
            let current = info.me_mapsize
            guard current < limit else { throw StoreError.mapSizeLimit(path: path, limit: limit) }
            let target = current > limit / 2 ? limit : current * 2
            try check(mdb_env_set_mapsize(handle, target), "mdb_env_set_mapsize(grow)")
        }
    }
}
