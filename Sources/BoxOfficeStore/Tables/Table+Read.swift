extension Table {
    /// The record with this primary key, or nil.
    public func get(_ primaryKey: R.PrimaryKey, in txn: ReadTransaction) throws -> R? {
        let pk = Key(primaryKey)
        guard let stored = try txn.get(db, pk.bytes) else { return nil }
        return try decode(stored, key: pk.description)
    }

    /// The record whose `index` value is `key`, or nil. On a non-unique index, the first such
    /// record in primary-key order.
    public func lookup(_ index: String, _ key: Key, in txn: ReadTransaction) throws -> R? {
        let i = try self.index(named: index)
        if indexes[i].isUnique {
            guard let pk = try txn.get(indexes[i].db, key.bytes) else { return nil }
            return try record(at: Array(pk), viaIndex: i, in: txn)
        }
        return try scan(index: index, .prefix(key), limit: 1, in: txn).items.first
    }

    /// The number of records.
    public func count(in txn: ReadTransaction) throws -> Int { try txn.count(db) }

    /// The number of entries in an index (records with a nil index key have none).
    public func count(index: String, in txn: ReadTransaction) throws -> Int {
        try txn.count(indexes[self.index(named: index)].db)
    }

    /// The record an index entry points at; a dangling entry is reported as corruption.
    func record(at pk: [UInt8], viaIndex i: Int, in txn: ReadTransaction) throws -> R {
        guard let stored = try txn.get(db, pk) else {
            throw StoreError.corruptRecord(
                table: name, key: Key(bytes: pk).description,
                reason: "index '\(indexes[i].name)' points at a record that does not exist")
        }
        return try decode(stored, key: Key(bytes: pk).description)
    }
}

// The same reads by an index of the table's definition, so that callers name no index by a
// string: `orders.lookup(.number, Key(n), in: txn)` with handles declared beside the definition.
extension Table {
    public func lookup(_ index: IndexDefinition<R>, _ key: Key, in txn: ReadTransaction) throws -> R? {
        try lookup(index.name, key, in: txn)
    }

    public func count(index: IndexDefinition<R>, in txn: ReadTransaction) throws -> Int {
        try count(index: index.name, in: txn)
    }

    public func scan(
        index: IndexDefinition<R>, _ range: KeyRange = .all, limit: Int? = nil, reverse: Bool = false,
        after cursor: ScanCursor? = nil, in txn: ReadTransaction
    ) throws -> Page<R> {
        try scan(index: index.name, range, limit: limit, reverse: reverse, after: cursor, in: txn)
    }
}
