extension Table {
    /// The greatest primary key, or nil in an empty table: read from the key alone, without
    /// decoding its record (the audit log's next sequence number, on every write).
    public func lastPrimaryKey(in txn: ReadTransaction) throws -> R.PrimaryKey? {
        try txn.withCursor(db) { cursor in
            guard let last = try cursor.last() else { return nil }
            let key = Key(bytes: Array(last.key))
            do { return try key.decode(as: R.PrimaryKey.self) } catch {
                throw StoreError.corruptRecord(table: name, key: key.description, reason: "its key does not decode: \(error)")
            }
        }
    }

    /// Records in primary-key order within `range`.
    ///
    /// - Parameters:
    ///   - limit: the most records to return; nil for all of them.
    ///   - reverse: descending order.
    ///   - cursor: resume after the last record of a previous page (``Page/next``).
    public func scan(
        _ range: KeyRange = .all, limit: Int? = nil, reverse: Bool = false, after cursor: ScanCursor? = nil,
        in txn: ReadTransaction
    ) throws -> Page<R> {
        var items: [R] = []
        let next = try walk(db, range, limit: limit, reverse: reverse, after: cursor, in: txn) { key, value in
            items.append(try decode(value, key: Key(bytes: Array(key)).description))
        }
        return Page(items: items, next: next)
    }

    /// Records in `index` order within `range` (a range of index keys).
    public func scan(
        index: String, _ range: KeyRange = .all, limit: Int? = nil, reverse: Bool = false,
        after cursor: ScanCursor? = nil, in txn: ReadTransaction
    ) throws -> Page<R> {
        let i = try self.index(named: index)
        var pks: [[UInt8]] = []
        let next = try walk(indexes[i].db, range, limit: limit, reverse: reverse, after: cursor, in: txn) { key, value in
            pks.append(try primaryKey(ofEntry: key, value: value, index: i))
        }
        return Page(items: try pks.map { try record(at: $0, viaIndex: i, in: txn) }, next: next)
    }

    /// Raw entries of `index`: each entry's index key and the primary key it points at.
    public func indexEntries(
        _ index: String, _ range: KeyRange = .all, limit: Int? = nil, reverse: Bool = false,
        after cursor: ScanCursor? = nil, in txn: ReadTransaction
    ) throws -> Page<(indexKey: Key, primaryKey: Key)> {
        let i = try self.index(named: index)
        var entries: [(indexKey: Key, primaryKey: Key)] = []
        let next = try walk(indexes[i].db, range, limit: limit, reverse: reverse, after: cursor, in: txn) { key, value in
            let pk = try primaryKey(ofEntry: key, value: value, index: i)
            let indexKey = indexes[i].isUnique ? Array(key) : Array(key.dropLast(pk.count))
            entries.append((Key(bytes: indexKey), Key(bytes: pk)))
        }
        return Page(items: entries, next: next)
    }

    /// Visits the entries of `db` in `range`, in order, up to `limit`; returns where to resume.
    private func walk(
        _ db: Database, _ range: KeyRange, limit: Int?, reverse: Bool, after cursor: ScanCursor?,
        in txn: ReadTransaction, _ visit: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void
    ) throws -> ScanCursor? {
        if let limit, limit < 1 { throw StoreError.invalidArgument("scan limit must be at least 1, not \(limit)") }
        var range = range
        if let cursor {
            guard cursor.scope == db.name, cursor.reverse == reverse else {
                throw StoreError.invalidCursor(reason: "it belongs to a scan of \(cursor.scope), not \(db.name) in this direction")
            }
            guard cursor.lastKey.withUnsafeBytes({ range.contains($0) }) else {
                throw StoreError.invalidCursor(reason: "it belongs to another range of \(db.name)")
            }
            // Resume strictly after the last key: its successor going forward, itself as the exclusive bound going back.
            if reverse {
                if range.upper.map({ cursor.lastKey.lexicographicallyPrecedes($0) }) ?? true { range.upper = cursor.lastKey }
            } else {
                let after = cursor.lastKey + [0]
                if range.lower.map({ $0.lexicographicallyPrecedes(after) }) ?? true { range.lower = after }
            }
        }
        return try txn.withCursor(db) { c in
            var entry: Cursor.Entry?
            if reverse {
                if let upper = range.upper {
                    entry = try c.seek(atLeast: upper) != nil ? try c.previous() : try c.last()
                } else {
                    entry = try c.last()
                }
            } else {
                entry = try range.lower.map { try c.seek(atLeast: $0) } ?? c.first()
            }
            var count = 0
            var lastKey: [UInt8]?
            while let current = entry, range.contains(current.key) {
                if let limit, count == limit {
                    return ScanCursor(scope: db.name, reverse: reverse, lastKey: lastKey!)
                }
                try visit(current.key, current.value)
                lastKey = Array(current.key)
                count += 1
                entry = reverse ? try c.previous() : try c.next()
            }
            return nil
        }
    }
}
