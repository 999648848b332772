#if DEBUG
// Debug-only damage for tests of the integrity check: what a bug or a bad disk could leave.
extension Store {
    /// Deletes a record's entry from one of its table's indexes, leaving the record.
    package func debugDeleteIndexEntry(table: String, index: String, primaryKey: Key, in txn: WriteTransaction) throws {
        guard let resolved = catalog.tables[table], let definition = catalog.definitions[table],
              let position = definition.indexSpecs.firstIndex(where: { $0.name == index }),
              let open = resolved.indexes.first(where: { $0.name == index }),
              let stored = try txn.get(resolved.db, primaryKey.bytes)
        else { throw StoreError.invalidArgument("no record \(primaryKey) with index \(table).\(index)") }
        guard let indexKey = try definition.indexKeys(ofStoredRecord: stored).indexKeys[position] else { return }
        try txn.delete(open.db, open.entryKey(indexKey, primaryKey))
    }
}
#endif
