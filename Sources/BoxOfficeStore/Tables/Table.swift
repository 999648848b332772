/// A table opened in a store: the handle for reading and writing its records.
///
/// Get one from ``Store/table(_:)``. It is a small value; keep it and use it from any thread,
/// always inside a transaction lent by the store:
///
///     let orgs = try store.table(Schema.organizations)
///     try store.write { txn in try orgs.insert(org, in: txn) }
///     let found = try store.read { txn in try orgs.lookup("slug", Key("acme"), in: txn) }
public struct Table<R: Record>: Sendable {
    public let definition: TableDefinition<R>
    let db: Database
    let indexes: [OpenIndex]
    let limits: TableLimits

    public var name: String { definition.name }

    func index(named name: String) throws -> Int {
        guard let i = indexes.firstIndex(where: { $0.name == name }) else {
            throw StoreError.indexNotInCatalog(table: self.name, index: name)
        }
        return i
    }

    /// The index keys of `record`, one per declared index (nil: no entry).
    func indexKeys(_ record: R) -> [Key?] { definition.indexes.map { $0.key(record) } }

    /// The LMDB key of a record's entry in index `i`.
    func entryKey(_ i: Int, _ indexKey: Key, _ primaryKey: Key) -> [UInt8] {
        indexes[i].entryKey(indexKey, primaryKey)
    }

    func checkKeySize(_ key: [UInt8], index: String?) throws {
        guard key.count <= limits.maxKeySize else {
            throw StoreError.keyTooLarge(table: name, index: index, size: key.count, limit: limits.maxKeySize)
        }
        guard !key.isEmpty else { throw StoreError.invalidArgument("empty key in table '\(name)'") }
    }

    func encode(_ record: R) throws -> [UInt8] {
        let bytes = RecordEnvelope.encode(record)
        guard bytes.count <= limits.maxRecordSize else {
            throw StoreError.recordTooLarge(table: name, size: bytes.count, limit: limits.maxRecordSize)
        }
        return bytes
    }

    func decode(_ bytes: UnsafeRawBufferPointer, key: @autoclosure () -> String) throws -> R {
        do {
            return try RecordEnvelope.decode(bytes, as: R.self)
        } catch {
            throw StoreError.corruptRecord(table: name, key: key(), reason: String(describing: error))
        }
    }

    /// The primary key stored in an index entry: the data of a unique entry, the last
    /// component of a non-unique one's key.
    func primaryKey(ofEntry key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, index i: Int) throws -> [UInt8] {
        if indexes[i].isUnique { return Array(value) }
        var decoder = KeyDecoder(key)
        var lastStart = 0
        do {
            while !decoder.isAtEnd {
                lastStart = decoder.offset
                try KeyValue.skip(in: &decoder)
            }
        } catch {
            throw StoreError.corruptRecord(
                table: name, key: Key(bytes: Array(key)).description,
                reason: "entry of index '\(indexes[i].name)' does not decode: \(error)")
        }
        return Array(UnsafeRawBufferPointer(rebasing: key[lastStart...]))
    }
}

/// An index's LMDB database.
struct OpenIndex: Sendable {
    let name: String
    let isUnique: Bool
    let db: Database

    /// A unique entry is keyed by the index key alone; a non-unique one by `indexKey ‖ primaryKey`.
    func entryKey(_ indexKey: Key, _ primaryKey: Key) -> [UInt8] {
        isUnique ? indexKey.bytes : indexKey.bytes + primaryKey.bytes
    }

    /// The data of the entry: the primary key for a unique index, nothing otherwise.
    func entryValue(_ primaryKey: Key) -> [UInt8] { isUnique ? primaryKey.bytes : [] }
}

struct TableLimits: Sendable {
    let maxKeySize: Int
    let maxRecordSize: Int
}
