import CLMDB
import Glibc

/// What the engine does about failures of the disk under it: a full disk is told apart from a
/// failing one, and an environment LMDB gave up on is reopened.
extension Environment {
    /// Turns a write that failed for want of space into ``StoreError/diskFull(path:operation:)``:
    /// ENOSPC or EDQUOT, or EIO on a file system with less than 1 MiB left, since LMDB reports
    /// a short write (what a full tmpfs gives) as EIO. `target` is where the write went.
    func classify(_ error: any Error, at target: String? = nil) -> any Error {
        guard case StoreError.lmdb(let failure) = error else { return error }
        let code = failure.code.rawValue
        var room = statvfs()
        let full = code == ENOSPC || code == EDQUOT
            || (code == EIO && statvfs(target ?? path, &room) == 0 && UInt64(room.f_bavail) * UInt64(room.f_frsize) < 1 << 20)
        guard full else { return error }
        return StoreError.diskFull(path: target ?? path, operation: "\(failure.operation): \(failure.message)")
    }

    /// Records the named databases a store opened (after its catalog committed), to open them
    /// again with the same handles after a reopen.
    func remember(_ opened: [Database]) {
        databases.withLock { for db in opened { $0[db.dbi] = db.name } }
    }

    /// LMDB's answer to a failed write of the meta page (EIO, ENOSPC) is MDB_PANIC: it refuses
    /// every later transaction until the environment is closed and opened again. The file is
    /// intact: its newest valid meta page names the last commit that reached the disk. So the
    /// engine reopens the environment itself, once no transaction of this process is live (under
    /// the gate), and opens the named databases again, in the same order, so that they get the
    /// same handles the tables hold. `seen` is the ``generation`` the caller's failed attempt
    /// saw: if another thread reopened since, there is nothing to do.
    ///
    /// If opening fails (the disk still failing), the handle stays closed (``needsReopen``), the
    /// error is thrown, and the next transaction tries again.
    func recoverFromPanic(seen: Int) throws {
        try gate.exclusively { () throws in
            guard generation == seen else { return }
            if !needsReopen {
                for idle in idleReaders.close() { mdb_txn_abort(idle.handle) }
                mdb_env_close(handle)
                needsReopen = true
                idleReaders = ReaderPool(maxReaders: maxReaders)
                watchReaderPressure()
            }
            let (env, _) = try Self.openHandle(path: path, options: options)
            do { try reopenDatabases(in: env) } catch {
                mdb_env_close(env)
                throw error
            }
            handle = env
            needsReopen = false
            generation += 1
        }
    }

    /// Opens the remembered databases in `env`, by handle, checking each gets its old handle.
    private func reopenDatabases(in env: OpaquePointer) throws {
        let named = databases.withLock { $0.sorted { $0.key < $1.key } }
        var txn: OpaquePointer?
        try check(mdb_txn_begin(env, nil, options.readOnly ? UInt32(MDB_RDONLY) : 0, &txn), "mdb_txn_begin(reopen)")
        for (dbi, name) in named {
            var reopened = MDB_dbi()
            let rc = mdb_dbi_open(txn, name, 0, &reopened)
            guard rc == MDB_SUCCESS, reopened == dbi else {
                mdb_txn_abort(txn)
                throw StoreError.lmdb(lmdbError(rc == MDB_SUCCESS ? MDB_INCOMPATIBLE : rc,
                                                "reopening database \(name) after MDB_PANIC (close and open the store)"))
            }
        }
        try check(mdb_txn_commit(txn), "mdb_txn_commit(reopen)")
    }
}
