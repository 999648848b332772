/// A row of a table: a value with a primary key, stored in the compact record format.
///
///     struct Organization: Record {
///         var id: UUID
///         var slug: String
///         var name = ""
///         var version: UInt64 = 0
///         var primaryKey: UUID { id }
///
///         func encode(to w: inout RecordWriter) { w.write(1, id); w.write(2, slug); w.write(3, name) }
///         init(from r: RecordReader) throws {
///             id = try r.required(1, "id"); slug = try r.required(2, "slug"); name = try r(3) ?? ""
///         }
///     }
///
/// Field numbers are forever: add new fields under new numbers (with a default for old records)
/// and never reuse a removed one.
public protocol Record: RecordCodable, Sendable {
    associatedtype PrimaryKey: KeyComponent
    /// The primary key, a single key component (UUIDv7 for BoxOffice's tables).
    var primaryKey: PrimaryKey { get }
    /// The row version for optimistic concurrency. The store sets it: 1 on insert, +1 on update.
    /// It is kept in the record's envelope, not among its fields.
    var version: UInt64 { get set }
}

/// The stored form of a record: a format byte, the row version, then the fields.
enum RecordEnvelope {
    static let format: UInt8 = 1

    static func encode<R: Record>(_ record: R) -> [UInt8] {
        var writer = RecordWriter()
        writer.append([format])
        writer.varint(record.version)
        record.encode(to: &writer)
        return writer.bytes
    }

    static func decode<R: Record>(_ bytes: UnsafeRawBufferPointer, as type: R.Type) throws -> R {
        var offset = 0
        let version = try header(bytes, &offset)
        var record = try R(from: RecordReader(fields: UnsafeRawBufferPointer(rebasing: bytes[offset...])))
        record.version = version
        return record
    }

    /// The row version, read without decoding the fields.
    static func version(_ bytes: UnsafeRawBufferPointer) throws -> UInt64 {
        var offset = 0
        return try header(bytes, &offset)
    }

    private static func header(_ bytes: UnsafeRawBufferPointer, _ offset: inout Int) throws -> UInt64 {
        guard let first = bytes.first else { throw RecordDecodingError("record is empty") }
        guard first == format else {
            throw RecordDecodingError("record format \(first) is not \(format); it was written by another engine version")
        }
        offset = 1
        return try RecordReader.varint(bytes, &offset)
    }
}
