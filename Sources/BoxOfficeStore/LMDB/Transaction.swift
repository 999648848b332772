import CLMDB

/// A read-only snapshot of the store, lent to the closure passed to ``Store/read(_:)``.
///
/// Use it only inside that closure and on that thread; it is not Sendable and is invalid once the
/// closure returns. A ``WriteTransaction`` is accepted wherever a read transaction is.
public class ReadTransaction {
    let handle: OpaquePointer
    unowned let environment: Environment
    /// The pooled LMDB reader behind a read transaction; nil in a write transaction.
    let reader: PooledReader?
    private(set) var isLive = true

    init(_ reader: PooledReader, environment: Environment) {
        self.handle = reader.handle
        self.reader = reader
        self.environment = environment
    }

    init(_ handle: OpaquePointer, environment: Environment) {
        self.handle = handle
        self.reader = nil
        self.environment = environment
    }

    func end() { isLive = false }

    /// The snapshot this read transaction sees, named by the last committed write's id (LMDB's
    /// txnid). Two read transactions with the same id see the same contents, in any process, so
    /// a result computed in one can be reused in the other. Nil in a write transaction, whose
    /// contents are not committed yet.
    public var snapshotId: Int? { reader == nil ? nil : mdb_txn_id(handle) }

    /// A cache that lives with this transaction's LMDB reader across renewals, for values derived
    /// from a snapshot: one object of type `Cache` per reader, made by `make` the first time. Key
    /// what you keep by ``snapshotId``; an entry from another snapshot is stale. Only the thread
    /// holding the transaction touches it, so it needs no lock, and a read of many threads finds
    /// no lock here. It is dropped when the idle reader is released. Nil in a write transaction.
    public func readerCache<Cache: AnyObject>(_ make: () -> Cache) -> Cache? {
        guard let reader else { return nil }
        let key = ObjectIdentifier(Cache.self)
        if let cache = reader.memo[key] { return unsafeDowncast(cache, to: Cache.self) }
        let cache = make()
        reader.memo[key] = cache
        return cache
    }

    /// The first LMDB failure inside this transaction. Once set, a write transaction cannot
    /// commit, even if the closure caught the error.
    private(set) var failure: LMDBError?

    /// Marks the transaction failed, so it cannot commit.
    func poison(_ error: LMDBError) {
        if failure == nil { failure = error }
    }

    /// Converts a return code (through ``check(_:_:)``) and remembers the first failure.
    func record(_ rc: Int32, _ operation: @autoclosure () -> String) throws {
        guard rc != MDB_SUCCESS else { return }
        do { try check(rc, operation()) } catch {
            if failure == nil, case .lmdb(let error) = error { failure = error }
            throw error
        }
    }

    /// Opens a named database that must already exist.
    func openDatabase(_ name: String) throws -> Database? {
        var dbi = MDB_dbi()
        let rc = mdb_dbi_open(handle, name, 0, &dbi)
        if rc == MDB_NOTFOUND { return nil }
        try record(rc, "mdb_dbi_open(\(name))")
        return Database(dbi: dbi, name: name)
    }

    /// The value stored under `key`, valid until the transaction ends or writes again.
    func get(_ db: Database, _ key: UnsafeRawBufferPointer) throws -> UnsafeRawBufferPointer? {
        if db.isAbsent { return nil }
        var k = MDB_val(key)
        var v = MDB_val()
        let rc = mdb_get(handle, db.dbi, &k, &v)
        if rc == MDB_NOTFOUND { return nil }
        try record(rc, "mdb_get(\(db.name))")
        return UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size)
    }

    func get(_ db: Database, _ key: [UInt8]) throws -> UnsafeRawBufferPointer? {
        try key.withUnsafeBytes { (k) throws in try get(db, k) }
    }

    /// The number of entries in a database.
    func count(_ db: Database) throws -> Int { try size(db).entries }

    /// The entries of a database and the bytes of its B-tree (branch, leaf and overflow pages).
    func size(_ db: Database) throws -> (entries: Int, bytes: Int) {
        if db.isAbsent { return (0, 0) }
        var stat = MDB_stat()
        try record(mdb_stat(handle, db.dbi, &stat), "mdb_stat(\(db.name))")
        return (stat.ms_entries, (stat.ms_branch_pages + stat.ms_leaf_pages + stat.ms_overflow_pages) * Int(stat.ms_psize))
    }

    /// Names of the named databases in the file (the keys of LMDB's main database).
    func databaseNames() throws -> [String] {
        var names: [String] = []
        // MAIN_DBI is 1; 0 is the free list.
        try withCursor(Database(dbi: 1, name: "(main)")) { (cursor) throws in
            var entry = try cursor.first()
            while let current = entry {
                names.append(String(decoding: current.key, as: UTF8.self))
                entry = try cursor.next()
            }
        }
        return names
    }

    /// Runs `body` with a cursor over `db`, closed when `body` returns.
    func withCursor<T>(_ db: Database, _ body: (Cursor) throws -> T) throws -> T {
        if db.isAbsent { return try body(Cursor(handle: nil, db: db, txn: self)) }
        var cursor: OpaquePointer?
        try record(mdb_cursor_open(handle, db.dbi, &cursor), "mdb_cursor_open(\(db.name))")
        defer { mdb_cursor_close(cursor) }
        return try body(Cursor(handle: cursor, db: db, txn: self))
    }
}

@available(*, unavailable, message: "a transaction belongs to the thread and closure it was lent to")
extension ReadTransaction: Sendable {}

/// A write transaction, lent to the closure passed to ``Store/write(_:)``. It commits when the
/// closure returns and is aborted when the closure throws.
public final class WriteTransaction: ReadTransaction {
    /// Runs `body` in a child transaction (LMDB nested transaction): its writes join this
    /// transaction when `body` returns and vanish when it throws, leaving this one as it was.
    /// A full map fails this transaction too, so the whole write can grow the map and run again.
    public func nested<T>(_ body: (WriteTransaction) throws -> T) throws -> T {
        var handle: OpaquePointer?
        try record(mdb_txn_begin(environment.handle, self.handle, 0, &handle), "mdb_txn_begin(nested)")
        let child = WriteTransaction(handle!, environment: environment)
        do {
            let value = try body(child)
            if let failure = child.failure { throw StoreError.lmdb(failure) }
            let rc = mdb_txn_commit(handle)
            child.end()
            try record(rc, "mdb_txn_commit(nested)")
            return value
        } catch {
            if child.isLive {
                mdb_txn_abort(handle)
                child.end()
            }
            if let failure = child.failure, failure.code == .mapFull { poison(failure) }
            throw error
        }
    }

    /// Opens a named database, creating it if needed.
    func createDatabase(_ name: String) throws -> Database {
        var dbi = MDB_dbi()
        try record(mdb_dbi_open(handle, name, UInt32(MDB_CREATE), &dbi), "mdb_dbi_open(\(name))")
        return Database(dbi: dbi, name: name)
    }

    /// Empties a named database; with `deleteHandle`, deletes it from the file too.
    func dropDatabase(_ db: Database, deleteHandle: Bool) throws {
        try record(mdb_drop(handle, db.dbi, deleteHandle ? 1 : 0), "mdb_drop(\(db.name))")
    }

    /// Stores `value` under `key`. With `overwrite: false`, returns false and writes nothing
    /// when the key exists.
    ///
    /// `new`: the key is known not to be stored yet, and is likely the database's greatest (a
    /// time-ordered id): it is first put with `MDB_APPEND`, which fills pages instead of splitting
    /// them in half as an insert in the middle does. A key that is not the greatest makes LMDB
    /// refuse the append (`MDB_KEYEXIST`), and it is then put as usual.
    @discardableResult
    func put(_ db: Database, _ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer, overwrite: Bool = true,
             new: Bool = false) throws -> Bool
    {
        var k = MDB_val(key)
        var v = MDB_val(value)
        var rc = new ? mdb_put(handle, db.dbi, &k, &v, UInt32(MDB_APPEND)) : MDB_KEYEXIST
        if rc == MDB_KEYEXIST { rc = mdb_put(handle, db.dbi, &k, &v, overwrite ? 0 : UInt32(MDB_NOOVERWRITE)) }
        #if DEBUG
        if rc == MDB_SUCCESS, let injected = environment.faults.fire(.put) { rc = injected }
        #endif
        if rc == MDB_KEYEXIST && !overwrite { return false }
        try record(rc, "mdb_put(\(db.name))")
        return true
    }

    @discardableResult
    func put(_ db: Database, _ key: [UInt8], _ value: [UInt8], overwrite: Bool = true, new: Bool = false) throws -> Bool {
        try key.withUnsafeBytes { (k) throws in
            try value.withUnsafeBytes { (v) throws in try put(db, k, v, overwrite: overwrite, new: new) }
        }
    }

    /// Deletes `key`; returns false when it was not there.
    @discardableResult
    func delete(_ db: Database, _ key: [UInt8]) throws -> Bool {
        try key.withUnsafeBytes { (key) throws in
            var k = MDB_val(key)
            var rc = mdb_del(handle, db.dbi, &k, nil)
            #if DEBUG
            if rc == MDB_SUCCESS, let injected = environment.faults.fire(.delete) { rc = injected }
            #endif
            if rc == MDB_NOTFOUND { return false }
            try record(rc, "mdb_del(\(db.name))")
            return true
        }
    }
}

/// A named LMDB database: one per table, one per index, one for the catalog.
struct Database: Sendable, Hashable {
    let dbi: MDB_dbi
    let name: String
    /// A database the file does not have (a table a newer schema added, seen read-only in an
    /// older file): it reads as empty. Never written: read-only stores do not write.
    var isAbsent = false

    static func absent(_ name: String) -> Database { Database(dbi: 0, name: name, isAbsent: true) }
}

/// A cursor lent by ``ReadTransaction/withCursor(_:_:)``. Returned buffers are valid until the
/// cursor moves or the transaction ends.
struct Cursor {
    typealias Entry = (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)
    /// nil over an absent database, where every move finds nothing.
    let handle: OpaquePointer?
    let db: Database
    let txn: ReadTransaction

    func first() throws -> Entry? { try move(MDB_FIRST) }
    func last() throws -> Entry? { try move(MDB_LAST) }
    func next() throws -> Entry? { try move(MDB_NEXT) }
    func previous() throws -> Entry? { try move(MDB_PREV) }

    /// The first entry whose key is ≥ `key`.
    func seek(atLeast key: [UInt8]) throws -> Entry? {
        guard let handle else { return nil }
        return try key.withUnsafeBytes { (key) throws in
            var k = MDB_val(key)
            var v = MDB_val()
            let rc = mdb_cursor_get(handle, &k, &v, MDB_SET_RANGE)
            if rc == MDB_NOTFOUND { return nil }
            try txn.record(rc, "mdb_cursor_get(\(db.name))")
            return (UnsafeRawBufferPointer(start: k.mv_data, count: k.mv_size),
                    UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size))
        }
    }

    private func move(_ op: MDB_cursor_op) throws -> Entry? {
        guard let handle else { return nil }
        var k = MDB_val()
        var v = MDB_val()
        let rc = mdb_cursor_get(handle, &k, &v, op)
        if rc == MDB_NOTFOUND { return nil }
        try txn.record(rc, "mdb_cursor_get(\(db.name))")
        return (UnsafeRawBufferPointer(start: k.mv_data, count: k.mv_size),
                UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size))
    }
}

extension MDB_val {
    init(_ buffer: UnsafeRawBufferPointer) {
        self.init(mv_size: buffer.count, mv_data: UnsafeMutableRawPointer(mutating: buffer.baseAddress))
    }
}
