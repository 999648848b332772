/// The tables a program expects, the schema version they make up, and the migrations that bring
/// older files up to that version.
///
/// Opening a store with a schema:
/// - creates the tables and indexes the file does not have, building new indexes from the rows
///   already there, and drops indexes the schema no longer declares (tables are never dropped
///   implicitly);
/// - runs the migrations after the file's version, in order, in the same write transaction;
/// - refuses a file whose version is newer than the schema's.
///
/// A new file starts at the schema's version; migrations run only on files that have data.
public struct Schema: Sendable {
    public var version: Int
    public var tables: [any AnyTableDefinition]
    public var migrations: [Migration]

    public init(version: Int, tables: [any AnyTableDefinition], migrations: [Migration] = []) {
        precondition(version >= 1, "schema versions start at 1")
        precondition(Set(tables.map(\.name)).count == tables.count, "a table is declared twice")
        precondition(migrations.allSatisfy { $0.version >= 2 && $0.version <= version },
                     "migrations must target versions 2...\(version)")
        precondition(Set(migrations.map(\.version)).count == migrations.count, "two migrations target one version")
        self.version = version
        self.tables = tables
        self.migrations = migrations.sorted { $0.version < $1.version }
    }
}

/// A change of data from schema `version - 1` to `version`, run inside the opening write
/// transaction. If it throws, the whole open fails and the file is unchanged.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    let body: @Sendable (WriteTransaction, MigrationContext) throws -> Void

    public init(to version: Int, _ name: String, _ body: @escaping @Sendable (WriteTransaction, MigrationContext) throws -> Void) {
        self.version = version
        self.name = name
        self.body = body
    }
}

/// What a migration can reach: the tables of the schema being opened.
public struct MigrationContext {
    let catalog: Catalog

    /// The table, as for ``Store/table(_:)``.
    public func table<R>(_ definition: TableDefinition<R>) throws -> Table<R> { try catalog.table(definition) }
}
