import CLMDB

/// A failure reported by LMDB: its return code, its message, and the call that returned it.
///
/// Every LMDB return code passes through ``check(_:_:)``, the one place where codes become
/// Swift errors. Compare with the named codes: `error.code == .mapFull`.
public struct LMDBError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An LMDB or POSIX return code.
    public struct Code: RawRepresentable, Hashable, Sendable {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// MDB_KEYEXIST: the key is already present (with MDB_NOOVERWRITE).
        public static let keyExists = Code(rawValue: MDB_KEYEXIST)
        /// MDB_NOTFOUND: no matching key.
        public static let notFound = Code(rawValue: MDB_NOTFOUND)
        /// MDB_CORRUPTED: a page has the wrong type.
        public static let corrupted = Code(rawValue: MDB_CORRUPTED)
        /// MDB_PAGE_NOTFOUND: a page number past the file's last page.
        public static let pageNotFound = Code(rawValue: MDB_PAGE_NOTFOUND)
        /// MDB_PANIC: a fatal error; the environment must be closed.
        public static let panic = Code(rawValue: MDB_PANIC)
        /// MDB_VERSION_MISMATCH: the file was written by an incompatible LMDB version.
        public static let versionMismatch = Code(rawValue: MDB_VERSION_MISMATCH)
        /// MDB_INVALID: the file is not an LMDB data file.
        public static let invalid = Code(rawValue: MDB_INVALID)
        /// MDB_MAP_FULL: the memory map is full; the engine grows it and retries.
        public static let mapFull = Code(rawValue: MDB_MAP_FULL)
        /// MDB_DBS_FULL: more named databases than `maxTables` allows.
        public static let dbsFull = Code(rawValue: MDB_DBS_FULL)
        /// MDB_READERS_FULL: every reader slot is taken.
        public static let readersFull = Code(rawValue: MDB_READERS_FULL)
        /// MDB_TXN_FULL: the transaction has too many dirty pages.
        public static let txnFull = Code(rawValue: MDB_TXN_FULL)
        /// MDB_MAP_RESIZED: another process grew the map; the engine adopts the new size.
        public static let mapResized = Code(rawValue: MDB_MAP_RESIZED)
        /// MDB_BAD_TXN: the transaction failed earlier and can only be aborted.
        public static let badTransaction = Code(rawValue: MDB_BAD_TXN)
        /// MDB_BAD_VALSIZE: a key or value has an unsupported size.
        public static let badValueSize = Code(rawValue: MDB_BAD_VALSIZE)
    }

    public var code: Code
    /// LMDB's own text for the code (`mdb_strerror`).
    public var message: String
    /// The LMDB function that returned the code.
    public var operation: String

    public var description: String { "\(operation): \(message) (LMDB code \(code.rawValue))" }
}

/// The one conversion point from an LMDB return code to a Swift error.
@inline(__always)
func check(_ rc: Int32, _ operation: @autoclosure () -> String) throws(StoreError) {
    if rc != MDB_SUCCESS { throw StoreError.lmdb(lmdbError(rc, operation())) }
}

func lmdbError(_ rc: Int32, _ operation: String) -> LMDBError {
    LMDBError(code: .init(rawValue: rc), message: String(cString: mdb_strerror(rc)), operation: operation)
}
