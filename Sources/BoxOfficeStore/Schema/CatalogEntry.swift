/// The catalog's record of the file: storage format and schema version.
struct CatalogMeta: RecordCodable, Equatable {
    var format: Int
    var schemaVersion: Int

    func encode(to w: inout RecordWriter) {
        w.write(1, format)
        w.write(2, schemaVersion)
    }

    init(format: Int, schemaVersion: Int) {
        self.format = format
        self.schemaVersion = schemaVersion
    }

    init(from r: RecordReader) throws {
        format = try r.required(1, "format")
        schemaVersion = try r.required(2, "schemaVersion")
    }
}

/// The catalog's record of one table and its indexes.
struct CatalogTable: RecordCodable, Equatable {
    var name: String
    var indexes: [IndexSpec]

    func encode(to w: inout RecordWriter) {
        w.write(1, name)
        w.write(2, all: indexes)
    }

    init(name: String, indexes: [IndexSpec]) {
        self.name = name
        self.indexes = indexes
    }

    init(from r: RecordReader) throws {
        name = try r.required(1, "name")
        indexes = try r.all(2)
    }
}

extension IndexSpec: RecordCodable {
    public func encode(to w: inout RecordWriter) {
        w.write(1, name)
        w.write(2, isUnique)
    }

    public init(from r: RecordReader) throws {
        name = try r.required(1, "name")
        isUnique = try r(2) ?? false
    }
}

/// Catalog keys: `("meta")` and `("table", NAME)`.
enum CatalogKey {
    static let meta = Key("meta")
    static func table(_ name: String) -> Key { Key("table", name) }
    static let tables = Key("table")
}
