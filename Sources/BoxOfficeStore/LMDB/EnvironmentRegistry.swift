import CLMDB
import Glibc
import Synchronization

/// The process-wide table of open environments, keyed by the directory's device and inode, so
/// two opens of one file (even through different paths) share one MDB_env. LMDB forbids a second
/// MDB_env on the same file in one process: its locks are per process and would be lost.
///
/// The key holds the fork generation too (``ForkGate/generation``). After `fork()` the child
/// inherits the parent's table, but the parent's environments are not the child's to use
/// (``Environment/close()``): an open in the child makes its own.
///
/// Each open takes a lease; the environment is closed when the last lease is returned.
final class EnvironmentRegistry: @unchecked Sendable {
    static let shared = EnvironmentRegistry()

    private struct FileID: Hashable {
        var device: UInt64
        var inode: UInt64
        var forkGeneration: Int
    }

    private struct Entry {
        var environment: Environment
        var leases: Int
    }

    private let lock = Mutex<Void>(())
    private var entries: [FileID: Entry] = [:]
    /// Environments inherited across `fork()` and released in the child: never closed (see
    /// ``Environment/close()``), kept here so their memory stays reachable rather than lost.
    private var inherited: [Environment] = []

    /// The environment at `path`, opened now or shared with earlier opens in this process.
    func open(path: String, options: StoreOptions) throws -> Environment {
        // Creates the directory if needed: it must exist before it has an identity.
        try Environment.preflight(path: path, options: options)
        let result: Result<Environment, any Error> = lock.withLock { _ in
            var info = stat()
            guard stat(path, &info) == 0 else {
                return .failure(StoreError.doesNotExist(path: path))
            }
            let id = FileID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), forkGeneration: ForkGate.shared.generation)
            if var entry = entries[id] {
                if let conflict = Self.conflict(entry.environment.options, options) {
                    return .failure(StoreError.incompatibleOptions(path: path, reason: conflict))
                }
                entry.leases += 1
                entries[id] = entry
                return .success(entry.environment)
            }
            do {
                try Environment.checkEveryPageIfFirstOpener(path: path)
                let environment = try Environment(path: path, options: options)
                entries[id] = Entry(environment: environment, leases: 1)
                return .success(environment)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Runs `body` with the environment at `path`: this process's, if it has the file open, else
    /// a temporary read-only one that neither clears stale reader slots nor reads a page, for
    /// looking at the reader table. Under the registry's lock, so no second MDB_env appears.
    func withReaderTable<T: Sendable>(path: String, _ body: (OpaquePointer) throws -> T) throws -> T {
        let options = StoreOptions(readOnly: true)
        try Environment.preflight(path: path, options: options)
        return try lock.withLock { _ in
            var info = stat()
            guard stat(path, &info) == 0 else { throw StoreError.doesNotExist(path: path) }
            let id = FileID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), forkGeneration: ForkGate.shared.generation)
            if let open = entries[id]?.environment { return try open.withHandle(body) }
            let (handle, _) = try Environment.openHandle(path: path, options: options, clearingStaleReaders: false)
            defer { mdb_env_close(handle) }
            return try body(handle)
        }
    }

    /// Returns a lease; the last one closes the environment (inside the lock, so a concurrent
    /// open cannot create a second MDB_env while the first is closing).
    func release(_ environment: Environment) {
        lock.withLock { _ in
            guard let id = entries.first(where: { $0.value.environment === environment })?.key,
                var entry = entries[id]
            else { return }
            entry.leases -= 1
            if entry.leases == 0 {
                entries[id] = nil
                if entry.environment.isInherited {
                    inherited.append(entry.environment)
                } else {
                    entry.environment.close()
                }
            } else {
                entries[id] = entry
            }
        }
    }

    /// Why a second open cannot share the first one's environment, if it cannot.
    private static func conflict(_ open: StoreOptions, _ requested: StoreOptions) -> String? {
        if open.readOnly && !requested.readOnly {
            return "it is open read-only; close it first to open it for writing"
        }
        if !requested.readOnly && open.durability != requested.durability {
            return "it is open with durability \(open.durability), not \(requested.durability)"
        }
        return nil
    }
}
