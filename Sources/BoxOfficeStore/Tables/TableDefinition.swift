/// Declares a table: its name, its record type, and its secondary indexes.
///
///     static let organizations = TableDefinition<Organization>("organizations", indexes: [
///         .unique("slug") { Key($0.slug) },
///         .nonUnique("by_country_city") { Key($0.country, $0.city) },
///     ])
///
/// The primary key is the record's ``Record/primaryKey``.
public struct TableDefinition<R: Record>: Sendable {
    public let name: String
    public let indexes: [IndexDefinition<R>]

    public init(_ name: String, indexes: [IndexDefinition<R>] = []) {
        precondition(!name.isEmpty && !name.contains("."), "table name '\(name)' must be non-empty without '.'")
        precondition(Set(indexes.map(\.name)).count == indexes.count, "table '\(name)' declares an index twice")
        self.name = name
        self.indexes = indexes
    }
}

/// A secondary index: a name, whether it is unique, and how to compute a record's index key.
///
/// A unique index stores `indexKey → primaryKey`. A non-unique one stores the composite key
/// `indexKey ‖ primaryKey` with empty data (never LMDB's DUPSORT, which Debian's 0.9.24 gets
/// wrong). A record whose key closure returns nil has no entry in that index.
public struct IndexDefinition<R: Record>: Sendable {
    public let name: String
    public let isUnique: Bool
    let key: @Sendable (R) -> Key?

    public static func unique(_ name: String, _ key: @escaping @Sendable (R) -> Key?) -> IndexDefinition {
        IndexDefinition(name: name, isUnique: true, key: key)
    }

    public static func nonUnique(_ name: String, _ key: @escaping @Sendable (R) -> Key?) -> IndexDefinition {
        IndexDefinition(name: name, isUnique: false, key: key)
    }
}

/// What the store needs of any table definition, whatever its record type.
public protocol AnyTableDefinition: Sendable {
    var name: String { get }
    /// Index names and uniqueness, in declaration order.
    var indexSpecs: [IndexSpec] { get }
    /// Decodes stored record bytes and returns its primary key and one key (or nil) per index.
    func indexKeys(ofStoredRecord bytes: UnsafeRawBufferPointer) throws -> (primaryKey: Key, indexKeys: [Key?])
}

/// An index as the catalog knows it.
public struct IndexSpec: Sendable, Hashable, Codable {
    public var name: String
    public var isUnique: Bool
}

extension TableDefinition: AnyTableDefinition {
    public var indexSpecs: [IndexSpec] { indexes.map { IndexSpec(name: $0.name, isUnique: $0.isUnique) } }

    public func indexKeys(ofStoredRecord bytes: UnsafeRawBufferPointer) throws -> (primaryKey: Key, indexKeys: [Key?]) {
        let record = try RecordEnvelope.decode(bytes, as: R.self)
        return (Key(record.primaryKey), indexes.map { $0.key(record) })
    }
}

/// LMDB database names: tables `t.NAME`, indexes `i.TABLE.INDEX`, the catalog `__catalog`.
enum DatabaseName {
    static let catalog = "__catalog"
    static func table(_ table: String) -> String { "t." + table }
    static func index(_ table: String, _ index: String) -> String { "i." + table + "." + index }
}
