import Glibc

/// Sizes and counts of a store.
public struct StoreStats: Sendable, Codable, Equatable {
    public struct TableStats: Sendable, Codable, Equatable {
        public var name: String
        public var entries: Int
        /// The pages of its B-tree, in bytes (its indexes' are apart).
        public var bytes: Int
        public var indexes: [IndexStats]
    }

    public struct IndexStats: Sendable, Codable, Equatable {
        public var name: String
        public var isUnique: Bool
        public var entries: Int
        /// The pages of its B-tree, in bytes.
        public var bytes: Int
    }

    public var pageSize: Int
    /// The size of the memory map: the most the file can grow to before the map is grown.
    public var mapSize: Int
    /// Bytes of the map in use (pages up to the last one written).
    public var mapUsed: Int
    /// The size of data.mdb on disk.
    public var fileSize: Int
    public var maxReaders: Int
    /// The most reader slots ever in use at once since the lock file was created (a high-water
    /// mark across processes, not the live count).
    public var readerSlotsUsed: Int
    public var schemaVersion: Int
    public var formatVersion: Int
    public var durability: Durability
    public var tables: [TableStats]
    /// Group commit in this process since it opened the file: the batches committed and the
    /// writes they carried (their quotient is the mean batch size).
    public var groupCommitBatches: Int
    public var groupCommitWrites: Int
}

extension Store {
    /// Page size, map size and use, readers, and the entries of every table and index.
    public func stats() throws -> StoreStats {
        let info = try environment.info()
        var file = stat()
        let fileSize = stat(path + "/data.mdb", &file) == 0 ? Int(file.st_size) : 0
        let tables = try read { txn in
            try catalog.tables.keys.sorted().map { name in
                let table = catalog.tables[name]!
                let size = try txn.size(table.db)
                return StoreStats.TableStats(
                    name: name, entries: size.entries, bytes: size.bytes,
                    indexes: try table.indexes.map {
                        let size = try txn.size($0.db)
                        return StoreStats.IndexStats(name: $0.name, isUnique: $0.isUnique, entries: size.entries, bytes: size.bytes)
                    })
            }
        }
        return StoreStats(
            pageSize: info.pageSize, mapSize: info.mapSize, mapUsed: (info.lastPage + 1) * info.pageSize,
            fileSize: fileSize, maxReaders: info.maxReaders, readerSlotsUsed: info.readerSlotsUsed,
            schemaVersion: catalog.schemaVersion, formatVersion: Catalog.format,
            durability: options.durability, tables: tables,
            groupCommitBatches: environment.committer.batches.load(ordering: .relaxed),
            groupCommitWrites: environment.committer.writes.load(ordering: .relaxed))
    }
}
