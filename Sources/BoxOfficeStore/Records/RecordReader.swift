import FoundationEssentials

/// Why stored bytes could not be read as a record.
public struct RecordDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Reads a record's fields. Lent to ``RecordCodable/init(from:)``; it points into the
/// transaction's memory, so it must not be kept after that initialiser returns.
public struct RecordReader {
    /// One field as found in the bytes.
    public struct Field {
        public let number: Int
        let wire: WireType
        let bytes: UnsafeRawBufferPointer
        let start: Int
        let end: Int
        /// The varint, for wire type 0.
        let scalar: UInt64

        func varint(_ type: String) throws -> UInt64 {
            guard wire == .varint else { throw mismatch(type) }
            return scalar
        }

        func payload(_ type: String = "a nested value") throws -> UnsafeRawBufferPointer {
            guard wire == .lengthDelimited else { throw mismatch(type) }
            return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
        }

        func mismatch(_ type: String) -> RecordDecodingError {
            RecordDecodingError("field \(number) is not \(type)")
        }
    }

    // Visible to the inlinable accessors below, so that they are specialized for each field type
    // where records are decoded instead of looking up generic metadata on every field.
    @usableFromInline let fields: [Field]

    init(fields bytes: UnsafeRawBufferPointer) throws {
        var fields: [Field] = []
        // Every field takes at least 2 bytes: one allocation instead of a regrowth per doubling
        // (measured: a hold's release read ~30-field events and tiers, 1.7k instructions of growth).
        fields.reserveCapacity(min(bytes.count / 2, 64))
        var offset = 0
        while offset < bytes.count {
            let header = try Self.varint(bytes, &offset)
            let number = header >> 3
            guard number >= 1, number <= UInt64(Int32.max) else {
                throw RecordDecodingError("field number \(number) at byte \(offset) is invalid")
            }
            switch header & 7 {
            case UInt64(WireType.varint.rawValue):
                let value = try Self.varint(bytes, &offset)
                fields.append(Field(number: Int(number), wire: .varint, bytes: bytes, start: offset, end: offset, scalar: value))
            case UInt64(WireType.lengthDelimited.rawValue):
                let length = try Self.varint(bytes, &offset)
                guard length <= UInt64(bytes.count - offset) else {
                    throw RecordDecodingError("field \(number) runs past the end of the record")
                }
                let end = offset + Int(length)
                fields.append(Field(number: Int(number), wire: .lengthDelimited, bytes: bytes, start: offset, end: end, scalar: 0))
                offset = end
            case let wire:
                throw RecordDecodingError("field \(number) has unknown wire type \(wire)")
            }
        }
        self.fields = fields
    }

    static func varint(_ bytes: UnsafeRawBufferPointer, _ offset: inout Int) throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            guard shift < 64, shift < 63 || byte <= 1 else { break }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        throw RecordDecodingError("malformed varint at byte \(offset)")
    }

    /// Field `number` as `T`, or nil when the record does not have it. If it appears more than
    /// once, the last one counts.
    @inlinable
    public func callAsFunction<T: RecordField>(_ number: Int, as type: T.Type = T.self) throws -> T? {
        guard let field = fields.last(where: { $0.number == number }) else { return nil }
        return try T.read(from: field)
    }

    /// Every repetition of field `number`, in order.
    @inlinable
    public func all<T: RecordField>(_ number: Int, as type: T.Type = T.self) throws -> [T] {
        try fields.filter { $0.number == number }.map { try T.read(from: $0) }
    }

    /// Field `number`, which the record must have.
    @inlinable
    public func required<T: RecordField>(_ number: Int, as type: T.Type = T.self, _ name: String) throws -> T {
        guard let value = try self(number, as: T.self) else {
            throw RecordDecodingError("required field \(number) (\(name)) is missing")
        }
        return value
    }
}
