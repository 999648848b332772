/// One inconsistency found by ``Store/checkIntegrity()``.
public struct IntegrityProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        /// A stored record does not decode.
        case undecodableRecord
        /// A record is stored under a key other than its primary key.
        case misplacedRecord
        /// A record lacks the entry it should have in an index.
        case missingIndexEntry
        /// An index entry points at a record that does not exist.
        case danglingIndexEntry
        /// An index entry's value is not the value its record has now.
        case staleIndexEntry
        /// An index entry does not decode.
        case undecodableIndexEntry
        /// A table or index in the catalog has no definition in the schema, so it cannot be checked.
        case unchecked
        /// An LMDB page breaks a rule LMDB relies on when reading (``DataFile``): the file is
        /// damaged, and nothing else is checked, since reading it could crash.
        case damagedPage
    }

    public var kind: Kind
    public var table: String
    public var index: String?
    /// The record's primary key or the index entry's key, as text.
    public var key: String
    public var detail: String

    public init(kind: Kind, table: String, index: String? = nil, key: String, detail: String) {
        self.kind = kind
        self.table = table
        self.index = index
        self.key = key
        self.detail = detail
    }

    public var description: String {
        let place = index.map { "\(table).\($0)" } ?? table
        return "\(kind.rawValue) in \(place) at \(key): \(detail)"
    }
}
