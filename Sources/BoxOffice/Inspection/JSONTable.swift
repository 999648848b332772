import BoxOfficeStore
import FoundationEssentials

/// A table read and written as JSON by name: what the CLI's dump, get, export and import need,
/// without knowing the record types. Package-internal: it bypasses the engine's rules.
package protocol JSONTable: Sendable {
    var name: String { get }
    var indexNames: [String] { get }
    /// Up to `limit` records in primary-key order, or in `index` order, from `from` on.
    func records(in txn: ReadTransaction, index: String?, from: Key?, limit: Int?) throws -> [Data]
    /// The record with this primary key, or nil.
    func record(in txn: ReadTransaction, key: Key) throws -> Data?
    /// Every record, in pages, for an export.
    func each(in txn: ReadTransaction, _ body: (Data) throws -> Void) throws
    /// Writes a record from an export exactly as it was, version included.
    func restore(_ json: Data, in txn: WriteTransaction) throws
    func count(in txn: ReadTransaction) throws -> Int
}

/// A table as JSON in its export form: the records' JSON, plus the fields only exports carry
/// (`json = "export"` in api/model.toml: a user's PIN hash).
struct TypedJSONTable<R: Record & Codable>: JSONTable where R.PrimaryKey: Sendable {
    let table: Table<R>

    private func encode(_ record: R) throws -> Data { try JSONCoding.exportEncoder.encode(record) }
    private func decode(_ json: Data) throws -> R { try JSONDecoder().decode(R.self, from: json) }

    var name: String { table.name }
    var indexNames: [String] { table.definition.indexes.map(\.name) }

    func records(in txn: ReadTransaction, index: String?, from: Key?, limit: Int?) throws -> [Data] {
        let range = from.map { KeyRange.from($0) } ?? .all
        let page = try index.map { try table.scan(index: $0, range, limit: limit, in: txn) } ?? table.scan(range, limit: limit, in: txn)
        return try page.items.map(encode)
    }

    func record(in txn: ReadTransaction, key: Key) throws -> Data? {
        guard let pk = try? key.decode(as: R.PrimaryKey.self) else { return nil }
        return try table.get(pk, in: txn).map(encode)
    }

    func each(in txn: ReadTransaction, _ body: (Data) throws -> Void) throws {
        var cursor: ScanCursor?
        repeat {
            let page = try table.scan(limit: 5_000, after: cursor, in: txn)
            for record in page.items { try body(try encode(record)) }
            cursor = page.next
        } while cursor != nil
    }

    func restore(_ json: Data, in txn: WriteTransaction) throws { try table.restore(try decode(json), in: txn) }

    func count(in txn: ReadTransaction) throws -> Int { try table.count(in: txn) }
}

/// How BoxOffice writes JSON everywhere (C answers, CLI output, export files): compact, keys
/// sorted so output is stable, slashes unescaped.
public enum JSONCoding {
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static var exportEncoder: JSONEncoder {
        let encoder = encoder
        encoder.userInfo[.exportForm] = true
        return encoder
    }
}

extension Engine {
    /// Every table by name, for inspection and export.
    package var jsonTables: [any JSONTable] { tables.json }

    /// Reads in one snapshot of the store, for inspection commands.
    package func inspect<T>(_ body: (ReadTransaction) throws -> T) throws -> T { try query(body) }

    /// Like ``inspect(_:)``, for reading the whole file (export): every page of the snapshot is
    /// checked first, and a damaged file is ``BoxOfficeError/storage(_:_:)`` `.corrupt`, never a crash.
    package func inspectCheckingPages<T>(_ body: (ReadTransaction) throws -> T) throws -> T {
        do {
            let checked = try store.readCheckingPages(body)
            if let value = checked.value { return value }
            throw StoreError.damaged(path: store.path, reason: checked.damage.first.map { "\($0)" } ?? "a page is damaged")
        } catch {
            throw BoxOfficeError(error)
        }
    }

    /// Writes in one transaction of the store, for import and repair. No rules, no audit.
    package func restore<T>(_ body: (WriteTransaction) throws -> T) throws -> T {
        do { return try store.write(body) } catch { throw BoxOfficeError(error) }
    }
}
