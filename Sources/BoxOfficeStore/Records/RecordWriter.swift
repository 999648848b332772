import FoundationEssentials

/// Writes a record's fields in BoxOffice's compact binary format.
///
/// Each field is a varint header `(number << 3) | wireType` followed by its payload, as in
/// Protocol Buffers: wire type 0 is a varint (integers zigzag-encoded, booleans, enums), 2 is
/// length-delimited (strings, UUIDs, bytes, nested values). A reader skips the fields it does not
/// know and gives its defaults for fields it does not find: that is what makes old and new
/// versions of a record readable by each other. Field numbers must stay stable forever.
public struct RecordWriter {
    public internal(set) var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(128) }

    // The writes are inlinable so that each record's encoder calls them specialized for its field
    // types, instead of looking up generic metadata per field (about 5k instructions a tier).

    /// Writes `value` as field `number` (1…1023).
    @inlinable
    public mutating func write<T: RecordField>(_ number: Int, _ value: T) {
        precondition((1...RecordWriter.maxFieldNumber).contains(number), "field number \(number) out of 1...1023")
        value.write(to: &self, number: number)
    }

    /// Writes `value` as field `number` when it is not nil.
    @inlinable
    public mutating func write<T: RecordField>(_ number: Int, _ value: T?) {
        if let value { write(number, value) }
    }

    /// Writes each element as a repetition of field `number`.
    @inlinable
    public mutating func write<S: Sequence>(_ number: Int, all values: S) where S.Element: RecordField {
        for value in values { write(number, value) }
    }

    @usableFromInline static let maxFieldNumber = 1023

    mutating func header(_ number: Int, _ wire: WireType) { varint(UInt64(number) << 3 | UInt64(wire.rawValue)) }

    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func lengthDelimited(_ number: Int, _ payload: UnsafeRawBufferPointer) {
        header(number, .lengthDelimited)
        varint(UInt64(payload.count))
        bytes.append(contentsOf: payload)
    }

    mutating func append(_ other: [UInt8]) { bytes.append(contentsOf: other) }
}

enum WireType: UInt8 {
    case varint = 0
    case lengthDelimited = 2
}

/// A value that can be a record field.
public protocol RecordField {
    func write(to writer: inout RecordWriter, number: Int)
    /// Reads the value from its field; throws ``RecordDecodingError`` on a mismatch.
    static func read(from field: RecordReader.Field) throws -> Self
}

/// A value made of fields: a record or a value nested inside one.
public protocol RecordCodable: RecordField {
    /// Writes every field. Optional fields that are nil are simply not written.
    func encode(to writer: inout RecordWriter)
    /// Reads the fields, taking defaults for missing ones and ignoring unknown ones.
    init(from reader: RecordReader) throws
}

extension RecordCodable {
    public func write(to writer: inout RecordWriter, number: Int) {
        var nested = RecordWriter()
        encode(to: &nested)
        nested.bytes.withUnsafeBytes { writer.lengthDelimited(number, $0) }
    }

    public static func read(from field: RecordReader.Field) throws -> Self {
        try Self(from: RecordReader(fields: field.payload()))
    }
}
