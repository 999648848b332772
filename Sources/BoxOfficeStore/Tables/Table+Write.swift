extension Table {
    /// Inserts a new record and returns it with its version set to 1.
    ///
    /// Throws ``StoreError/duplicateKey(table:index:key:)`` when the primary key or a unique
    /// index value is taken. Every check runs before the first write, so a failed insert leaves
    /// nothing behind even if the caller catches the error and goes on.
    @discardableResult
    public func insert(_ record: R, in txn: WriteTransaction) throws -> R {
        var record = record
        record.version = 1
        return try add(record, in: txn)
    }

    /// Inserts a record exactly as given, version included: for restoring an export. Same
    /// checks and errors as ``insert(_:in:)``.
    @discardableResult
    public func restore(_ record: R, in txn: WriteTransaction) throws -> R {
        try add(record, in: txn)
    }

    private func add(_ record: R, in txn: WriteTransaction) throws -> R {
        let pk = Key(record.primaryKey)
        try checkKeySize(pk.bytes, index: nil)
        let value = try encode(record)
        if try txn.get(db, pk.bytes) != nil {
            throw StoreError.duplicateKey(table: name, index: nil, key: pk)
        }
        let entries = try checkedEntries(for: indexKeys(record), changedFrom: nil, primaryKey: pk, in: txn)
        // New keys: ids are time-ordered, so a new record's key is mostly the greatest.
        try txn.put(db, pk.bytes, value, new: true)
        for (i, entry, value) in entries { try txn.put(indexes[i].db, entry, value, new: true) }
        return record
    }

    /// Replaces a stored record and returns it with its new version.
    ///
    /// With `expectedVersion`, throws ``StoreError/versionConflict(table:key:expected:current:)``
    /// unless the stored record has that version. Throws ``StoreError/recordNotFound(table:key:)``
    /// when there is no record to update.
    @discardableResult
    public func update(_ record: R, expectedVersion: UInt64? = nil, in txn: WriteTransaction) throws -> R {
        let pk = Key(record.primaryKey)
        guard let stored = try txn.get(db, pk.bytes) else {
            throw StoreError.recordNotFound(table: name, key: pk.description)
        }
        let old = try decode(stored, key: pk.description)
        if let expectedVersion, expectedVersion != old.version {
            throw StoreError.versionConflict(table: name, key: pk.description, expected: expectedVersion, current: old.version)
        }
        return try write(record, over: old, primaryKey: pk, in: txn)
    }

    /// Replaces `previous`, which the caller read in this transaction, with `record`: like
    /// ``update(_:expectedVersion:in:)`` with `previous.version` expected, without decoding the
    /// stored record again.
    @discardableResult
    public func update(_ record: R, replacing previous: R, in txn: WriteTransaction) throws -> R {
        let pk = Key(record.primaryKey)
        precondition(Key(previous.primaryKey) == pk, "update(_:replacing:) of another record")
        guard let stored = try txn.get(db, pk.bytes) else {
            throw StoreError.recordNotFound(table: name, key: pk.description)
        }
        let current: UInt64
        do { current = try RecordEnvelope.version(stored) } catch {
            throw StoreError.corruptRecord(table: name, key: pk.description, reason: String(describing: error))
        }
        guard current == previous.version else {
            throw StoreError.versionConflict(table: name, key: pk.description, expected: previous.version, current: current)
        }
        return try write(record, over: previous, primaryKey: pk, in: txn)
    }

    /// Stores `record` in place of `old` (the stored record), one version later, and moves its
    /// index entries.
    private func write(_ record: R, over old: R, primaryKey pk: Key, in txn: WriteTransaction) throws -> R {
        var record = record
        record.version = old.version + 1
        let value = try encode(record)
        let oldKeys = indexKeys(old)
        let newKeys = indexKeys(record)
        let entries = try checkedEntries(for: newKeys, changedFrom: oldKeys, primaryKey: pk, in: txn)
        try txn.put(db, pk.bytes, value)
        for (i, _, _) in entries {
            if let oldKey = oldKeys[i] { try txn.delete(indexes[i].db, entryKey(i, oldKey, pk)) }
        }
        for (i, entry, value) in entries { try txn.put(indexes[i].db, entry, value) }
        // Index values that went from something to nothing.
        for (i, oldKey) in oldKeys.enumerated() where oldKey != nil && newKeys[i] == nil {
            try txn.delete(indexes[i].db, entryKey(i, oldKey!, pk))
        }
        return record
    }

    /// Inserts the record, or replaces the stored one with the same primary key.
    @discardableResult
    public func upsert(_ record: R, in txn: WriteTransaction) throws -> R {
        try txn.get(db, Key(record.primaryKey).bytes) == nil ? insert(record, in: txn) : update(record, in: txn)
    }

    /// Deletes the record with this primary key and its index entries. Returns the deleted
    /// record, or nil when there was none.
    @discardableResult
    public func delete(_ primaryKey: R.PrimaryKey, expectedVersion: UInt64? = nil, in txn: WriteTransaction) throws -> R? {
        let pk = Key(primaryKey)
        guard let stored = try txn.get(db, pk.bytes) else { return nil }
        let old = try decode(stored, key: pk.description)
        if let expectedVersion, expectedVersion != old.version {
            throw StoreError.versionConflict(table: name, key: pk.description, expected: expectedVersion, current: old.version)
        }
        for (i, key) in indexKeys(old).enumerated() {
            if let key { try txn.delete(indexes[i].db, entryKey(i, key, pk)) }
        }
        try txn.delete(db, pk.bytes)
        return old
    }

    /// The index entries to write for `keys`: only those that differ from `old` (all, for an
    /// insert), each checked for size and, in unique indexes, for a different owner.
    private func checkedEntries(for keys: [Key?], changedFrom old: [Key?]?, primaryKey pk: Key, in txn: WriteTransaction)
        throws -> [(Int, [UInt8], [UInt8])]
    {
        var entries: [(Int, [UInt8], [UInt8])] = []
        for (i, key) in keys.enumerated() {
            guard let key, old?[i] != key else { continue }
            let entry = entryKey(i, key, pk)
            try checkKeySize(entry, index: indexes[i].name)
            if indexes[i].isUnique {
                if let owner = try txn.get(indexes[i].db, entry), !owner.elementsEqual(pk.bytes) {
                    throw StoreError.duplicateKey(table: name, index: indexes[i].name, key: key)
                }
            }
            entries.append((i, entry, indexes[i].entryValue(pk)))
        }
        return entries
    }
}
