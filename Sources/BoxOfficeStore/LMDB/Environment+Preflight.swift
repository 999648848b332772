import Glibc

extension Environment {
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
            if options.readOnly || options.mustExist { throw StoreError.doesNotExist(path: path) }
            if mkdir(path, directoryMode(options.fileMode)) == 0 { return }
            // Another process made it meanwhile (prefork workers opening a new store at once):
            // check it as a directory that exists.
            guard errno == EEXIST, stat(path, &info) == 0 else { throw creationError(path, errno) }
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { throw StoreError.notADirectory(path: path) }
        if !options.readOnly, access(path, W_OK) != 0 {
            throw StoreError.notWritable(path: path, reason: String(cString: strerror(errno)))
        }
        let dataFile = path + "/data.mdb"
        var data = stat()
        guard stat(dataFile, &data) == 0 else {
            if lstat(dataFile, &data) == 0 { throw StoreError.notAStore(path: path, reason: "its data.mdb is a link that leads nowhere") }
            if options.readOnly || options.mustExist { throw StoreError.notAStore(path: path, reason: "it holds no data.mdb") }
            return
        }
        guard data.st_mode & S_IFMT == S_IFREG else {
            throw StoreError.notAStore(path: path, reason: "its data.mdb is not a regular file")
        }
        if data.st_size == 0 && (options.mustExist || options.readOnly) { throw StoreError.notAStore(path: path, reason: "its data.mdb is empty") }
        if data.st_size == 0 && !initializedMeanwhile(dataFile) {
            throw StoreError.notAStore(path: path, reason: "its data.mdb is empty: cut short, or a store whose creation never finished "
                                                           + "(remove its files to start afresh)")
        }
        try checkDataFile(dataFile, path: path)
    }

    /// Whether an empty data file gets its first pages within about 300 ms: another process is
    /// creating the store (LMDB writes them as it opens a new file). One that stays empty was cut
    /// short, or its creation died; opening it would start an empty store in its place.
    private static func initializedMeanwhile(_ dataFile: String) -> Bool {
        for attempt in 0..<5 {
            usleep(useconds_t(10_000 << attempt))
            var data = stat()
            if stat(dataFile, &data) == 0 && data.st_size > 0 { return true }
        }
        return false
    }

    /// Why a directory could not be made: a full disk, or a path that cannot be written.
    static func creationError(_ path: String, _ code: Int32) -> StoreError {
        if code == ENOSPC || code == EDQUOT { return .diskFull(path: path, operation: "mkdir: \(String(cString: strerror(code)))") }
        return .notWritable(path: path, reason: String(cString: strerror(code)))
    }

    /// ``preflight(path:options:)``'s check of an existing data file. A writer committing
    /// meanwhile can make one read see half a meta page, or a page reused since the meta was
    /// read: it may look damaged, or like another program's data (a reused page where the main
    /// database was). So a failure is checked again, up to four times over about 150 ms, before
    /// it counts: damage and foreign files stay, commits pass.
    private static func checkDataFile(_ dataFile: String, path: String) throws {
        var attempt = 0
        while true {
            do {
                let file = try DataFile.open(dataFile)
                defer { file.close() }
                if let damage = try file.checkPages(.main(named: [DatabaseName.catalog])).first {
                    throw StoreError.damaged(path: path, reason: "\(damage)")
                }
                return
            } catch let error as StoreError where attempt < 4 && error.mayBeACommitInProgress {
                usleep(useconds_t(10_000 << attempt))
                attempt += 1
            } catch StoreError.damaged(_, let reason) {
                throw StoreError.damaged(path: path, reason: reason)
            } catch StoreError.notAStore(_, let reason) {
                throw StoreError.notAStore(path: path, reason: reason)
            }
        }
    }

    /// The first process to open a file, while no other has it open, checks every page of it
    /// (``DataFile/checkPages(_:)``): damage comes from a power cut in `async` mode, a disk, or a
    /// copy from elsewhere, and each leaves the file closed by every process. Checking once per
    /// cold start costs one read of the file; the processes that open it after share the check.
    /// Called by the registry, only when this process does not have the file open yet.
    /// Another process may open the file and write while the check reads it (both found no
    /// opener): a failure is checked again while this process is still the first, and not at
    /// all once another has opened the file (that one checked it).
    static func checkEveryPageIfFirstOpener(path: String) throws {
        let dataFile = path + "/data.mdb"
        var attempt = 0
        while isFirstOpener(path: path) {
            var data = stat()
            guard stat(dataFile, &data) == 0, data.st_size > 0 else { return }  // a new store
            do {
                let file = try DataFile.open(dataFile)
                defer { file.close() }
                if let damage = try file.checkPages(.all, limit: 1).first { throw StoreError.damaged(path: path, reason: "\(damage)") }
                return
            } catch let error as StoreError where attempt < 2 && error.mayBeACommitInProgress {
                attempt += 1
            } catch StoreError.damaged(_, let reason) {
                throw StoreError.damaged(path: path, reason: reason)
            } catch StoreError.notAStore(_, let reason) {
                throw StoreError.notAStore(path: path, reason: reason)
            }
        }
    }

    /// Whether no process has the file open: LMDB's openers hold a read lock on the first byte of
    /// lock.mdb, so a write lock there is granted only to the first (how LMDB itself tells). The
    /// probe's lock is released at once; this process holds no other lock on the file, since it
    /// does not have it open. Without a lock file (or one that cannot be opened for writing, as
    /// on read-only media), nobody can be sharing it: first.
    private static func isFirstOpener(path: String) -> Bool {
        let lock = Glibc.open(path + "/lock.mdb", O_RDWR | O_CLOEXEC)
        guard lock >= 0 else { return true }
        defer { Glibc.close(lock) }
        var probe = flock()
        probe.l_type = Int16(F_WRLCK)
        probe.l_whence = Int16(SEEK_SET)
        probe.l_start = 0
        probe.l_len = 1
        guard fcntl(lock, F_SETLK, &probe) == 0 else { return false }
        probe.l_type = Int16(F_UNLCK)
        _ = fcntl(lock, F_SETLK, &probe)
        return true
    }
}

private extension StoreError {
    /// What a page walk can see when another process commits while it reads.
    var mayBeACommitInProgress: Bool {
        switch self {
        case .damaged, .notAStore: true
        default: false
        }
    }
}
