/// Everything the storage engine can throw. Each case names the offending thing.
public enum StoreError: Error, Sendable, Equatable {
    /// LMDB returned an error code (see ``LMDBError/Code``).
    case lmdb(LMDBError)
    /// The environment path exists but is not a directory.
    case notADirectory(path: String)
    /// The environment path cannot be created or written to.
    case notWritable(path: String, reason: String)
    /// The path does not exist, and the open may not create it (read-only).
    case doesNotExist(path: String)
    /// The directory holds no BoxOffice store: no data file (for an open that may not create
    /// one), a data file that is not LMDB, or an LMDB environment holding someone else's data.
    case notAStore(path: String, reason: String)
    /// The data file is a damaged store: cut short, a damaged meta page, or a damaged B-tree page.
    /// Restore it from a backup.
    case damaged(path: String, reason: String)
    /// The lock file's reader table is damaged. It holds no data: LMDB makes it anew when the
    /// first process opens the file, so remove it once no process has the file open.
    case lockFileDamaged(path: String, detail: String)
    /// The disk (or the user's quota) is full: nothing was written. Free space and write again.
    case diskFull(path: String, operation: String)
    /// The file is already open in this process with options that cannot be shared.
    case incompatibleOptions(path: String, reason: String)
    /// A write was attempted on a store opened read-only.
    case readOnly(path: String)
    /// A key is longer than LMDB allows (511 bytes). `index` is nil for the primary key.
    case keyTooLarge(table: String, index: String?, size: Int, limit: Int)
    /// A record is larger than ``StoreOptions/maxRecordSize``.
    case recordTooLarge(table: String, size: Int, limit: Int)
    /// The table is not in the file's catalog.
    case tableNotInCatalog(table: String)
    /// The index is not in the file's catalog.
    case indexNotInCatalog(table: String, index: String)
    /// An insert would duplicate a primary key (`index` nil) or a unique index entry.
    case duplicateKey(table: String, index: String?, key: Key)
    /// An update or delete named a record that does not exist.
    case recordNotFound(table: String, key: String)
    /// An update expected a version the record no longer has.
    case versionConflict(table: String, key: String, expected: UInt64, current: UInt64)
    /// The file was written by a newer schema than this engine knows.
    case newerSchema(path: String, fileVersion: Int, engineVersion: Int)
    /// The file was written by a newer storage format than this engine reads.
    case newerFormat(path: String, fileFormat: Int, engineFormat: Int)
    /// A stored record or key could not be decoded.
    case corruptRecord(table: String, key: String, reason: String)
    /// A migration failed; the file is unchanged.
    case migrationFailed(fromVersion: Int, toVersion: Int, reason: String)
    /// A transaction was opened inside another on the same thread.
    case nestedTransaction
    /// The environment was opened before `fork()`; the child must open its own.
    case usedAfterFork(path: String)
    /// A pagination cursor does not belong to this scan.
    case invalidCursor(reason: String)
    /// An argument is out of range (a zero scan limit, an unknown index name).
    case invalidArgument(String)
    /// The map cannot grow past ``StoreOptions/maxMapSize``.
    case mapSizeLimit(path: String, limit: Int)
    /// Every reader slot stayed taken, after this process released its idle ones, dead processes'
    /// slots were cleared, and the read waited for other processes: `reading` slots hold a
    /// snapshot, `idle` ones are kept for reuse by processes too busy to give them back.
    case readersFull(path: String, maxReaders: Int, reading: Int, idle: Int)
}

extension StoreError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .lmdb(let error):
            return error.description
        case .notADirectory(let path):
            return "'\(path)' is not a directory; a BoxOffice store is a directory holding data.mdb"
        case .notWritable(let path, let reason):
            return "cannot write to '\(path)': \(reason)"
        case .doesNotExist(let path):
            return "'\(path)' does not exist"
        case .notAStore(let path, let reason):
            return "'\(path)' is not a BoxOffice store: \(reason)"
        case .damaged(let path, let reason):
            return "'\(path)' is damaged: \(reason); restore it from a backup"
        case .lockFileDamaged(let path, let detail):
            return "the lock file of '\(path)' is damaged (\(detail)): remove \(path)/lock.mdb once no process has the file open"
        case .diskFull(let path, let operation):
            return "the disk holding '\(path)' is full (\(operation)): nothing was written; free space and try again"
        case .incompatibleOptions(let path, let reason):
            return "'\(path)' is already open in this process with other options: \(reason)"
        case .readOnly(let path):
            return "'\(path)' was opened read-only; writes are not allowed"
        case .keyTooLarge(let table, let index, let size, let limit):
            return "key of \(size) bytes in \(Self.place(table, index)) exceeds LMDB's limit of \(limit) bytes"
        case .recordTooLarge(let table, let size, let limit):
            return "record of \(size) bytes in table '\(table)' exceeds the maximum record size of \(limit) bytes"
        case .tableNotInCatalog(let table):
            return "table '\(table)' is not in the file's catalog"
        case .indexNotInCatalog(let table, let index):
            return "index '\(index)' of table '\(table)' is not in the file's catalog"
        case .duplicateKey(let table, let index, let key):
            return "duplicate key \(key) in \(Self.place(table, index))"
        case .recordNotFound(let table, let key):
            return "no record with key \(key) in table '\(table)'"
        case .versionConflict(let table, let key, let expected, let current):
            return "version conflict on \(key) in table '\(table)': expected version \(expected), current is \(current)"
        case .newerSchema(let path, let fileVersion, let engineVersion):
            return "'\(path)' has schema version \(fileVersion), newer than this engine's \(engineVersion); upgrade BoxOffice"
        case .newerFormat(let path, let fileFormat, let engineFormat):
            return "'\(path)' has storage format \(fileFormat), newer than this engine's \(engineFormat); upgrade BoxOffice"
        case .corruptRecord(let table, let key, let reason):
            return "corrupt record \(key) in table '\(table)': \(reason)"
        case .migrationFailed(let from, let to, let reason):
            return "migration from schema \(from) to \(to) failed, file unchanged: \(reason)"
        case .nestedTransaction:
            return "a transaction was opened inside another transaction on the same thread"
        case .usedAfterFork(let path):
            return "'\(path)' was opened before fork(); open it again in the child process"
        case .invalidCursor(let reason):
            return "invalid pagination cursor: \(reason)"
        case .invalidArgument(let reason):
            return "invalid argument: \(reason)"
        case .mapSizeLimit(let path, let limit):
            return "'\(path)' is full: the map cannot grow past maxMapSize (\(limit) bytes)"
        case .readersFull(let path, let maxReaders, let reading, let idle):
            return "all \(maxReaders) reader slots of '\(path)' are in use (\(reading) reading, \(idle) idle): raise max_readers "
                + "(maxReaders in Swift; the first process to open the file while no other has it open sets the number for all, "
                + "so give every process the same value), or see which processes hold them with `boxoffice readers \(path)`"
        }
    }

    private static func place(_ table: String, _ index: String?) -> String {
        index.map { "index '\($0)' of table '\(table)'" } ?? "primary key of table '\(table)'"
    }
}
