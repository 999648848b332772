import Glibc

/// A BoxOffice data file: an LMDB environment holding typed tables with secondary indexes.
///
/// Open it with a ``Schema``; then get ``Table`` handles and read or write in transactions lent
/// to closures:
///
///     let store = try Store(path: "kiosk.boxoffice", schema: schema)
///     let orgs = try store.table(Tables.organizations)
///     try store.write { txn in try orgs.insert(org, in: txn) }
///     let all = try store.read { txn in try orgs.scan(limit: 50, in: txn) }
///
/// A store is safe to share between threads, and between processes that open the same file.
/// Opening one file twice in a process shares one LMDB environment. The file closes when the
/// last store on it is released.
public final class Store: Sendable {
    public let path: String
    public let options: StoreOptions
    let environment: Environment
    let catalog: Catalog

    /// Opens (creating if needed, unless ``StoreOptions/readOnly``) the store at `path`, a
    /// directory, and brings it to `schema` (see ``Schema``).
    public init(path: String, schema: Schema, options: StoreOptions = StoreOptions()) throws {
        let environment = try EnvironmentRegistry.shared.open(path: path, options: options)
        do {
            let limits = TableLimits(maxKeySize: environment.maxKeySize, maxRecordSize: options.maxRecordSize)
            if options.readOnly {
                catalog = try environment.withDatabaseOpeningTransaction { txn in
                    try Catalog.read(in: txn, schema: schema, path: path, limits: limits)
                }
            } else {
                catalog = try environment.withWriteTransaction { txn in
                    try Catalog.open(in: txn, schema: schema, path: path, limits: limits)
                }
            }
        } catch {
            EnvironmentRegistry.shared.release(environment)
            throw error
        }
        environment.remember(catalog.opened)
        self.path = path
        self.options = options
        self.environment = environment
    }

    deinit { EnvironmentRegistry.shared.release(environment) }

    /// The file's schema version after opening.
    public var schemaVersion: Int { catalog.schemaVersion }

    /// The names of the tables in the file's catalog.
    public var tableNames: [String] { catalog.tables.keys.sorted() }

    /// The handle of a table. Throws ``StoreError/tableNotInCatalog(table:)`` when the file has no
    /// such table (or ``StoreError/indexNotInCatalog(table:index:)`` for a missing index), which
    /// can happen only for a file opened read-only.
    public func table<R>(_ definition: TableDefinition<R>) throws -> Table<R> { try catalog.table(definition) }

    /// Runs `body` in a read transaction: one consistent snapshot, concurrent with other readers
    /// and with the writer. Keep it short; it pins the pages it sees.
    ///
    /// Transactions do not nest: opening another inside `body` throws ``StoreError/nestedTransaction``.
    @discardableResult
    public func read<T>(_ body: (ReadTransaction) throws -> T) throws -> T {
        try environment.withReadTransaction(body)
    }

    /// Runs `body` in a write transaction, committed when `body` returns, aborted (nothing
    /// written) when it throws. Writers run one at a time, across threads and processes.
    ///
    /// `body` may run more than once (when the file must grow, it is re-run on a bigger map), so
    /// it must not have effects outside the transaction.
    ///
    /// `undoable`: the write only makes something a power cut may undo (a hold); under
    /// ``Durability/durableSales`` its commit does not sync the meta page.
    @discardableResult
    public func write<T>(undoable: Bool = false, _ body: (WriteTransaction) throws -> T) throws -> T {
        guard !options.readOnly else { throw StoreError.readOnly(path: path) }
        return try environment.withWriteTransaction(undoable: undoable, body)
    }

    /// Like ``write(_:)``, but applied together with other threads' writes in one LMDB transaction
    /// and one commit (group commit): one fsync serves them all when durable. `body` runs in a
    /// child transaction of its own, so it is still all or nothing, and this call returns its own
    /// result or error. `body` may run on another thread (the batch's leader) while this one
    /// waits, and may run more than once; it must not depend on thread-local state.
    /// A batch commits without syncing its meta page only when every write in it is `undoable`.
    @discardableResult
    public func groupWrite<T>(undoable: Bool = false, _ body: (WriteTransaction) throws -> T) throws -> T {
        guard !options.readOnly else { throw StoreError.readOnly(path: path) }
        return try environment.committer.submit(environment, undoable: undoable, body)
    }

    /// Flushes commits to disk: needed with ``Durability/async``; with ``Durability/durableSales``
    /// it makes the last holds durable; in a read-only store it flushes what writers left.
    public func sync() throws { try environment.sync() }

    /// Writes a compacted copy of the store into the new directory `destination`, from one
    /// consistent snapshot, while writers go on. Every page is checked first (``DataFile``): a
    /// damaged store is ``StoreError/damaged(path:reason:)``, and nothing is copied.
    public func backup(to destination: String) throws {
        if let damage = try readCheckingPages({ _ in }).damage.first {
            throw StoreError.damaged(path: path, reason: "\(damage)")
        }
        try environment.copyCompacting(to: destination)
    }

    /// Clears reader slots left by crashed processes (also done when the file is opened).
    /// Returns how many were cleared.
    @discardableResult
    public func clearStaleReaders() throws -> Int { try environment.clearStaleReaders() }

    /// Stale reader slots cleared when this process opened the file.
    public var staleReadersClearedAtOpen: Int { environment.staleReadersCleared }
}
