extension Store {
    /// Checks every page of the file, then every table against its indexes, in one snapshot,
    /// and returns every problem found (empty when the file is consistent):
    /// - every LMDB page is sound (``IntegrityProblem/Kind/damagedPage``; when one is not, only
    ///   those problems are returned: reading on could crash);
    /// - every record decodes and is stored under its own primary key;
    /// - every record has each of its index entries;
    /// - every index entry points at an existing record whose value matches.
    public func checkIntegrity() throws -> [IntegrityProblem] {
        let checked = try readCheckingPages { txn in try checkIntegrity(in: txn) }
        return checked.damage + (checked.value ?? [])
    }

    /// Runs `body` in a read transaction after checking every page of its snapshot from the file
    /// (``DataFile``), so that `body` reads only sound pages. When some are damaged, returns them
    /// and does not run `body`.
    ///
    /// The snapshot's pages cannot change during the check: the transaction pins them. Its meta
    /// page can, after two newer commits; then the read starts again on a newer snapshot.
    public func readCheckingPages<T>(_ body: (ReadTransaction) throws -> T) throws -> (damage: [IntegrityProblem], value: T?) {
        let dataFile = path + "/data.mdb"
        var damage: [IntegrityProblem] = []
        var value: T?
        for _ in 0..<100 {
            let checked: Bool = try read { txn in
                do {
                    let file = try DataFile.open(dataFile, snapshot: txn.snapshotId)
                    defer { file.close() }
                    damage = try file.checkPages(.all)
                    if damage.isEmpty { value = try body(txn) }
                    return true
                } catch is DataFile.Busy {
                    return false
                } catch StoreError.damaged(_, let reason) {
                    damage = [IntegrityProblem(kind: .damagedPage, table: "(meta)", key: "-", detail: reason)]
                    return true
                }
            }
            if checked { return (damage, value) }
        }
        throw StoreError.invalidArgument("writers committed too fast to check a snapshot's pages; try again when it is quieter")
    }

    /// The same check inside a read transaction the caller already holds.
    public func checkIntegrity(in txn: ReadTransaction) throws -> [IntegrityProblem] {
        var problems: [IntegrityProblem] = []
        for name in catalog.tables.keys.sorted() {
            let table = catalog.tables[name]!
            guard let definition = catalog.definitions[name] else {
                problems.append(.init(kind: .unchecked, table: name, key: "-", detail: "the schema has no definition of this table"))
                continue
            }
            try check(definition, table, in: txn, into: &problems)
        }
        return problems
    }

    private func check(
        _ definition: any AnyTableDefinition, _ table: Catalog.ResolvedTable, in txn: ReadTransaction,
        into problems: inout [IntegrityProblem]
    ) throws {
        let name = definition.name
        let positions = table.indexes.map { open in definition.indexSpecs.firstIndex { $0.name == open.name } }
        // Per index, the records whose entry was found as it should be.
        var found = [Int](repeating: 0, count: table.indexes.count)
        try forEachRecord(definition, table, in: txn, into: &problems) { storedKey, keys, problems in
            for (i, index) in table.indexes.enumerated() {
                guard let position = positions[i], let indexKey = keys[position] else { continue }
                let entry = try txn.get(index.db, index.entryKey(indexKey, storedKey))
                if let entry, !index.isUnique || entry.elementsEqual(storedKey.bytes) {
                    found[i] += 1
                } else {
                    problems.append(.init(kind: .missingIndexEntry, table: name, index: index.name,
                                          key: storedKey.description, detail: "no entry for value \(indexKey)"))
                }
            }
        }

        // An index holding exactly the entries found has no other: they are distinct (a unique
        // index's value names its record; other keys end with the primary key). Only the others
        // are read entry by entry, against the index keys of every record, read again.
        var suspect: [Int] = []
        for (i, index) in table.indexes.enumerated() {
            guard positions[i] != nil else {
                problems.append(.init(kind: .unchecked, table: name, index: index.name, key: "-",
                                      detail: "the schema has no definition of this index"))
                continue
            }
            if try txn.count(index.db) != found[i] { suspect.append(i) }
        }
        guard !suspect.isEmpty else { return }
        // Index key per (index position, primary key bytes), for the entry pass.
        var expected: [Int: [[UInt8]: Key]] = [:]
        var ignored: [IntegrityProblem] = []  // reported by the first pass
        try forEachRecord(definition, table, in: txn, into: &ignored) { storedKey, keys, _ in
            for i in suspect { if let indexKey = keys[positions[i]!] { expected[i, default: [:]][storedKey.bytes] = indexKey } }
        }
        for i in suspect {
            let index = table.indexes[i]
            try txn.withCursor(index.db) { cursor in
                var entry = try cursor.first()
                while let current = entry {
                    let entryKey = Key(bytes: Array(current.key))
                    if let problem = entryProblem(index, expected[i] ?? [:], key: current.key, value: current.value) {
                        problems.append(.init(kind: problem.0, table: name, index: index.name,
                                              key: entryKey.description, detail: problem.1))
                    }
                    entry = try cursor.next()
                }
            }
        }
    }

    /// Calls `body` with each record's primary key and its index keys (by the definition's index
    /// positions); a record that does not decode, or is stored under another key, is a problem.
    private func forEachRecord(
        _ definition: any AnyTableDefinition, _ table: Catalog.ResolvedTable, in txn: ReadTransaction,
        into problems: inout [IntegrityProblem], _ body: (Key, [Key?], inout [IntegrityProblem]) throws -> Void
    ) throws {
        try txn.withCursor(table.db) { cursor in
            var entry = try cursor.first()
            while let current = entry {
                let storedKey = Key(bytes: Array(current.key))
                let keys: (primaryKey: Key, indexKeys: [Key?])
                do {
                    keys = try definition.indexKeys(ofStoredRecord: current.value)
                } catch {
                    problems.append(.init(kind: .undecodableRecord, table: definition.name, key: storedKey.description,
                                          detail: String(describing: error)))
                    entry = try cursor.next()
                    continue
                }
                if keys.primaryKey != storedKey {
                    problems.append(.init(kind: .misplacedRecord, table: definition.name, key: storedKey.description,
                                          detail: "record's primary key is \(keys.primaryKey)"))
                }
                try body(storedKey, keys.indexKeys, &problems)
                entry = try cursor.next()
            }
        }
    }

    /// What is wrong with one index entry, given the index key each record should have.
    private func entryProblem(
        _ index: OpenIndex, _ expected: [[UInt8]: Key], key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer
    ) -> (IntegrityProblem.Kind, String)? {
        let pk: [UInt8]
        let indexKey: [UInt8]
        if index.isUnique {
            pk = Array(value)
            indexKey = Array(key)
        } else {
            var decoder = KeyDecoder(key)
            var lastStart = 0
            do {
                while !decoder.isAtEnd {
                    lastStart = decoder.offset
                    try KeyValue.skip(in: &decoder)
                }
            } catch {
                return (.undecodableIndexEntry, "\(error)")
            }
            pk = Array(key[lastStart...])
            indexKey = Array(key[..<lastStart])
        }
        guard let wanted = expected[pk] else {
            return (.danglingIndexEntry, "points at \(Key(bytes: pk)), which has no such entry or does not exist")
        }
        guard wanted.bytes == indexKey else {
            return (.staleIndexEntry, "says \(Key(bytes: indexKey)) but the record has \(wanted)")
        }
        return nil
    }
}
