/// The tables of an open store, as the file's catalog records them, with their LMDB databases.
///
/// The catalog lives in the file, in the `__catalog` database: the storage format, the schema
/// version, and each table with its indexes.
struct Catalog: Sendable {
    struct ResolvedTable: Sendable {
        let db: Database
        let indexes: [OpenIndex]
    }

    private(set) var tables: [String: ResolvedTable] = [:]
    private(set) var definitions: [String: any AnyTableDefinition] = [:]
    private(set) var schemaVersion = 0
    let limits: TableLimits
    /// Every named database this catalog opened (the catalog's own included), for the
    /// environment to open again with the same handles after a reopen.
    var opened: [Database] {
        (tables.values.flatMap { [$0.db] + $0.indexes.map(\.db) } + [catalogDB].compactMap { $0 }).filter { !$0.isAbsent }
    }
    private var catalogDB: Database?

    /// The storage format this engine writes and reads.
    static let format = 1

    init(limits: TableLimits) { self.limits = limits }

    /// The table for `definition`, provided the file has it and every index it declares.
    func table<R>(_ definition: TableDefinition<R>) throws -> Table<R> {
        guard let resolved = tables[definition.name] else { throw StoreError.tableNotInCatalog(table: definition.name) }
        let indexes = try definition.indexes.map { index in
            guard let open = resolved.indexes.first(where: { $0.name == index.name }), open.isUnique == index.isUnique else {
                throw StoreError.indexNotInCatalog(table: definition.name, index: index.name)
            }
            return open
        }
        return Table(definition: definition, db: resolved.db, indexes: indexes, limits: limits)
    }

    // MARK: Opening

    /// Reads the catalog of a file opened read-only. Nothing is created or migrated.
    static func read(in txn: ReadTransaction, schema: Schema, path: String, limits: TableLimits) throws -> Catalog {
        guard let catalogDB = try txn.openDatabase(DatabaseName.catalog) else {
            throw StoreError.notAStore(path: path, reason: Self.foreign(try txn.databaseNames()))
        }
        var catalog = Catalog(limits: limits)
        catalog.catalogDB = catalogDB
        let (meta, entries) = try readEntries(catalogDB, in: txn, path: path)
        try checkOurs(meta, catalogDB, in: txn, path: path)
        try checkVersions(meta, schema: schema, path: path)
        try checkSameApplication(entries, schema: schema, path: path)
        catalog.schemaVersion = meta?.schemaVersion ?? 0
        for entry in entries {
            guard let db = try txn.openDatabase(DatabaseName.table(entry.name)) else { continue }
            var indexes: [OpenIndex] = []
            for spec in entry.indexes {
                guard let idb = try txn.openDatabase(DatabaseName.index(entry.name, spec.name)) else { continue }
                indexes.append(OpenIndex(name: spec.name, isUnique: spec.isUnique, db: idb))
            }
            catalog.tables[entry.name] = ResolvedTable(db: db, indexes: indexes)
        }
        for definition in schema.tables {
            catalog.definitions[definition.name] = definition
            // A table this schema added after the file was written (a newer program reading an
            // older file, which it may not migrate): it has no rows yet, so it reads as empty.
            if catalog.tables[definition.name] == nil, meta.map({ $0.schemaVersion < schema.version }) ?? false {
                let indexes = definition.indexSpecs.map { OpenIndex(name: $0.name, isUnique: $0.isUnique, db: .absent($0.name)) }
                catalog.tables[definition.name] = ResolvedTable(db: .absent(definition.name), indexes: indexes)
            }
        }
        return catalog
    }

    /// Brings the file's catalog to `schema`: creates tables and indexes, builds new indexes,
    /// drops undeclared indexes, runs migrations, and records the new version.
    static func open(in txn: WriteTransaction, schema: Schema, path: String, limits: TableLimits) throws -> Catalog {
        // A new store is made only in an empty environment: never write a catalog into an LMDB
        // file that holds someone else's data.
        if try txn.openDatabase(DatabaseName.catalog) == nil {
            let names = try txn.databaseNames()
            guard names.isEmpty else { throw StoreError.notAStore(path: path, reason: foreign(names)) }
        }
        let catalogDB = try txn.createDatabase(DatabaseName.catalog)
        var catalog = Catalog(limits: limits)
        catalog.catalogDB = catalogDB
        let (meta, entries) = try readEntries(catalogDB, in: txn, path: path)
        try checkOurs(meta, catalogDB, in: txn, path: path)
        try checkVersions(meta, schema: schema, path: path)
        try checkSameApplication(entries, schema: schema, path: path)
        var existing = Dictionary(entries.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

        for definition in schema.tables {
            let db = try txn.createDatabase(DatabaseName.table(definition.name))
            let entry = existing.removeValue(forKey: definition.name)
            let known = entry?.indexes ?? []
            var indexes: [OpenIndex] = []
            for spec in definition.indexSpecs {
                let idb = try txn.createDatabase(DatabaseName.index(definition.name, spec.name))
                let index = OpenIndex(name: spec.name, isUnique: spec.isUnique, db: idb)
                if !known.contains(spec) {
                    try txn.dropDatabase(idb, deleteHandle: false)
                    try build(index, at: indexes.count, of: definition, tableDB: db, in: txn)
                }
                indexes.append(index)
            }
            for stale in known where !definition.indexSpecs.contains(where: { $0.name == stale.name }) {
                let idb = try txn.createDatabase(DatabaseName.index(definition.name, stale.name))
                try txn.dropDatabase(idb, deleteHandle: true)
            }
            let current = CatalogTable(name: definition.name, indexes: definition.indexSpecs)
            if entry != current { try put(current, at: CatalogKey.table(definition.name), catalogDB, txn) }
            catalog.tables[definition.name] = ResolvedTable(db: db, indexes: indexes)
            catalog.definitions[definition.name] = definition
        }
        // Tables the schema no longer declares keep their data and stay readable by name.
        for entry in existing.values {
            let db = try txn.createDatabase(DatabaseName.table(entry.name))
            let indexes = try entry.indexes.map {
                OpenIndex(name: $0.name, isUnique: $0.isUnique, db: try txn.createDatabase(DatabaseName.index(entry.name, $0.name)))
            }
            catalog.tables[entry.name] = ResolvedTable(db: db, indexes: indexes)
        }

        let fileVersion = meta?.schemaVersion ?? schema.version
        for migration in schema.migrations where migration.version > fileVersion {
            do {
                try migration.body(txn, MigrationContext(catalog: catalog))
            } catch {
                throw StoreError.migrationFailed(fromVersion: migration.version - 1, toVersion: migration.version,
                                                 reason: "\(migration.name): \(error)")
            }
        }
        catalog.schemaVersion = schema.version
        let newMeta = CatalogMeta(format: format, schemaVersion: schema.version)
        if newMeta != meta { try put(newMeta, at: CatalogKey.meta, catalogDB, txn) }
        return catalog
    }

    /// A catalog without its meta record is someone else's database of that name, unless it is
    /// empty (a store whose creation did not finish writing it).
    private static func checkOurs(_ meta: CatalogMeta?, _ db: Database, in txn: ReadTransaction, path: String) throws {
        guard meta == nil, try txn.count(db) > 0 else { return }
        throw StoreError.notAStore(path: path, reason: "its \(DatabaseName.catalog) database is not a BoxOffice catalog")
    }

    /// A file whose tables are all unknown to `schema` holds another program's store (the tickets
    /// of a kiosk opened by an inventory app): it is refused, never given this schema's tables.
    /// A schema shares at least one table with every earlier version of itself.
    private static func checkSameApplication(_ entries: [CatalogTable], schema: Schema, path: String) throws {
        let mine = Set(schema.tables.map(\.name))
        guard !entries.isEmpty, !entries.contains(where: { mine.contains($0.name) }) else { return }
        let names = entries.map(\.name).sorted()
        let shown = names.prefix(5).map { "'\($0)'" }.joined(separator: ", ") + (names.count > 5 ? ", …" : "")
        throw StoreError.notAStore(path: path, reason: "it is another program's BoxOffice store: its tables (\(shown)) are none of this program's")
    }

    /// Why an environment without a catalog is not ours.
    static func foreign(_ names: [String]) -> String {
        guard !names.isEmpty else { return "it has no BoxOffice catalog" }
        let shown = names.prefix(5).map { "'\($0)'" }.joined(separator: ", ") + (names.count > 5 ? ", …" : "")
        return "it is an LMDB environment with other data (\(names.count) named database\(names.count == 1 ? "" : "s"): \(shown)) and no BoxOffice catalog"
    }

    private static func readEntries(_ db: Database, in txn: ReadTransaction, path: String) throws
        -> (CatalogMeta?, [CatalogTable])
    {
        func decode<T: RecordCodable>(_ bytes: UnsafeRawBufferPointer, _ what: String) throws -> T {
            do { return try T(from: RecordReader(fields: bytes)) } catch {
                throw StoreError.corruptRecord(table: DatabaseName.catalog, key: what, reason: String(describing: error))
            }
        }
        let meta: CatalogMeta? = try txn.get(db, CatalogKey.meta.bytes).map { try decode($0, "meta") }
        var tables: [CatalogTable] = []
        try txn.withCursor(db) { cursor in
            var entry = try cursor.seek(atLeast: CatalogKey.tables.bytes)
            while let current = entry, current.key.starts(with: CatalogKey.tables.bytes) {
                tables.append(try decode(current.value, Key(bytes: Array(current.key)).description))
                entry = try cursor.next()
            }
        }
        return (meta, tables)
    }

    private static func checkVersions(_ meta: CatalogMeta?, schema: Schema, path: String) throws {
        guard let meta else { return }
        if meta.format > format { throw StoreError.newerFormat(path: path, fileFormat: meta.format, engineFormat: format) }
        if meta.schemaVersion > schema.version {
            throw StoreError.newerSchema(path: path, fileVersion: meta.schemaVersion, engineVersion: schema.version)
        }
    }

    private static func put<T: RecordCodable>(_ value: T, at key: Key, _ db: Database, _ txn: WriteTransaction) throws {
        var writer = RecordWriter()
        value.encode(to: &writer)
        try txn.put(db, key.bytes, writer.bytes)
    }

    /// Fills a new index from the rows already in the table.
    private static func build(
        _ index: OpenIndex, at position: Int, of definition: any AnyTableDefinition, tableDB: Database,
        in txn: WriteTransaction
    ) throws {
        // Collect first: writing while a cursor walks the table could move its pages.
        var entries: [([UInt8], [UInt8], Key)] = []
        try txn.withCursor(tableDB) { cursor in
            var entry = try cursor.first()
            while let current = entry {
                let keys: (primaryKey: Key, indexKeys: [Key?])
                do { keys = try definition.indexKeys(ofStoredRecord: current.value) } catch {
                    throw StoreError.corruptRecord(table: definition.name, key: Key(bytes: Array(current.key)).description,
                                                   reason: String(describing: error))
                }
                if let indexKey = keys.indexKeys[position] {
                    entries.append((index.entryKey(indexKey, keys.primaryKey), index.entryValue(keys.primaryKey), indexKey))
                }
                entry = try cursor.next()
            }
        }
        for (key, value, indexKey) in entries {
            guard try txn.put(index.db, key, value, overwrite: false) else {
                throw StoreError.duplicateKey(table: definition.name, index: index.name, key: indexKey)
            }
        }
    }
}
