/// How commits reach the disk, and what a power cut does to each (measured by `make torture`,
/// which replays power cuts that lose, reorder and tear the writes not yet synced; see
/// docs/RELIABILITY.md). A process crash loses nothing in any mode: the operating system still
/// writes what was committed.
public enum Durability: String, Sendable, CaseIterable, Codable {
    /// Every commit is synced before it returns (the default; two flushes per commit). A power cut
    /// loses nothing acknowledged and never corrupts the file.
    case durable
    /// Like ``durable`` for every commit but those that only make holds: a hold's commit syncs
    /// its data pages and leaves its meta page to the next commit's flush (`MDB_NOMETASYNC` for
    /// that transaction; one flush). A power cut may undo the holds made since the last other
    /// commit, which took no money and sold nothing; it never undoes a sale, a payment or a
    /// check-in acknowledged, and never corrupts the file.
    case durableSales
    /// Data pages are synced at commit, the meta page is not (MDB_NOMETASYNC; one flush): a power
    /// cut may undo the last commits, never corrupts the file.
    case metaAsync
    /// Nothing is synced at commit (MDB_NOSYNC); ``Store/sync()`` flushes. A power cut can leave
    /// the file corrupt, commits synced earlier included, because the disk may write the newest
    /// meta page before the pages it points to. After one, run `verify`, and restore a backup if
    /// it finds problems. For bulk loads, caches and tests, not for sales.
    case async

    /// What a power cut does to a file written in this mode, in one sentence.
    public var powerCut: String {
        switch self {
        case .durable: "loses nothing acknowledged, never corrupts the file"
        case .durableSales: "may undo the last holds, nothing else acknowledged; never corrupts the file"
        case .metaAsync: "may undo the last commits, never corrupts the file"
        case .async: "can corrupt the file, earlier commits included: run verify, restore a backup"
        }
    }
}

/// Options for opening a store. The defaults suit a kiosk.
public struct StoreOptions: Sendable, Equatable {
    /// Initial size of the memory map in bytes. The map grows by doubling when a write needs more.
    public var initialMapSize: Int = 16 << 20
    /// The map never grows past this size; a write that needs more throws ``StoreError/mapSizeLimit(path:limit:)``.
    public var maxMapSize: Int = 1 << 40
    /// Concurrent read transactions across all processes (LMDB reader slots).
    public var maxReaders: Int = 126
    /// Named LMDB databases: one per table and one per index, plus the catalog.
    public var maxTables: Int = 256
    /// When commits are flushed to disk.
    public var durability: Durability = .durable
    /// Open without write access: no writes, no migrations; the data file is not modified.
    public var readOnly: Bool = false
    /// Refuse to create a store: a missing directory is ``StoreError/doesNotExist(path:)`` and a
    /// directory without a data file ``StoreError/notAStore(path:reason:)``, so that a mistyped
    /// path is an error rather than a new, empty store (as SQLite's open without SQLITE_OPEN_CREATE).
    public var mustExist: Bool = false
    /// Permissions of data.mdb and lock.mdb (the directory gets the same plus search bits).
    public var fileMode: UInt32 = 0o600
    /// The largest stored record, in bytes; a larger one throws ``StoreError/recordTooLarge(table:size:limit:)``.
    public var maxRecordSize: Int = 1 << 20

    public init(
        initialMapSize: Int = 16 << 20,
        maxMapSize: Int = 1 << 40,
        maxReaders: Int = 126,
        maxTables: Int = 256,
        durability: Durability = .durable,
        readOnly: Bool = false,
        mustExist: Bool = false,
        fileMode: UInt32 = 0o600,
        maxRecordSize: Int = 1 << 20
    ) {
        self.initialMapSize = initialMapSize
        self.maxMapSize = maxMapSize
        self.maxReaders = maxReaders
        self.maxTables = maxTables
        self.durability = durability
        self.readOnly = readOnly
        self.mustExist = mustExist
        self.fileMode = fileMode
        self.maxRecordSize = maxRecordSize
    }
}

extension StoreOptions {
    /// Throws ``StoreError/invalidArgument(_:)`` for sizes and counts LMDB cannot use.
    func validate() throws {
        func require(_ condition: Bool, _ reason: String) throws {
            if !condition { throw StoreError.invalidArgument(reason) }
        }
        try require(initialMapSize > 0, "initialMapSize must be positive, not \(initialMapSize)")
        try require(maxMapSize >= initialMapSize, "maxMapSize (\(maxMapSize)) is below initialMapSize (\(initialMapSize))")
        try require((1...65_536).contains(maxReaders), "maxReaders must be in 1...65536, not \(maxReaders)")
        try require((1...32_000).contains(maxTables), "maxTables must be in 1...32000, not \(maxTables)")
        try require(maxRecordSize > 0, "maxRecordSize must be positive, not \(maxRecordSize)")
        try require(fileMode & ~0o777 == 0, "fileMode must be permission bits (0...0o777), not \(String(fileMode, radix: 8))")
        try require(fileMode & 0o600 == 0o600, "fileMode must let the owner read and write (0o600 at least), not 0o\(String(fileMode, radix: 8))")
    }
}
