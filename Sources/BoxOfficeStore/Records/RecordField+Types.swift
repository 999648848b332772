import FoundationEssentials

// Scalars a record field can hold. Signed integers are zigzag-encoded so that small negative
// numbers stay short; all integer widths share wire type 0 and widen or narrow when read.

extension RecordField where Self: FixedWidthInteger & SignedInteger {
    public func write(to writer: inout RecordWriter, number: Int) {
        writer.header(number, .varint)
        let v = Int64(self)
        writer.varint(UInt64(bitPattern: (v << 1) ^ (v >> 63)))
    }

    public static func read(from field: RecordReader.Field) throws -> Self {
        let raw = try field.varint("an integer")
        let value = Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
        guard let result = Self(exactly: value) else { throw field.mismatch("within \(Self.self)'s range") }
        return result
    }
}

extension RecordField where Self: FixedWidthInteger & UnsignedInteger {
    public func write(to writer: inout RecordWriter, number: Int) {
        writer.header(number, .varint)
        writer.varint(UInt64(self))
    }

    public static func read(from field: RecordReader.Field) throws -> Self {
        guard let result = Self(exactly: try field.varint("an unsigned integer")) else {
            throw field.mismatch("within \(Self.self)'s range")
        }
        return result
    }
}

// Int64, the type of every amount, time and count, has witnesses of its own: the generic ones
// above convert through `Int64(self)` and `Self(exactly:)` unspecialized, which looked up generic
// metadata on every field written (about 10,000 instructions a hold).
extension Int64 {
    public func write(to writer: inout RecordWriter, number: Int) {
        writer.header(number, .varint)
        writer.varint(UInt64(bitPattern: (self << 1) ^ (self >> 63)))
    }

    public static func read(from field: RecordReader.Field) throws -> Int64 {
        let raw = try field.varint("an integer")
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }
}

extension Int: RecordField {}
extension Int8: RecordField {}
extension Int16: RecordField {}
extension Int32: RecordField {}
extension Int64: RecordField {}
extension UInt: RecordField {}
extension UInt8: RecordField {}
extension UInt16: RecordField {}
extension UInt32: RecordField {}
extension UInt64: RecordField {}

extension Bool: RecordField {
    public func write(to writer: inout RecordWriter, number: Int) {
        writer.header(number, .varint)
        writer.varint(self ? 1 : 0)
    }

    public static func read(from field: RecordReader.Field) throws -> Bool {
        switch try field.varint("a boolean") {
        case 0: return false
        case 1: return true
        default: throw field.mismatch("a boolean")
        }
    }
}

extension String: RecordField {
    public func write(to writer: inout RecordWriter, number: Int) {
        var copy = self
        copy.withUTF8 { writer.lengthDelimited(number, UnsafeRawBufferPointer($0)) }
    }

    public static func read(from field: RecordReader.Field) throws -> String {
        // Decoding repairs bad bytes, so the text is valid UTF-8 exactly when nothing was
        // repaired. Faster than String(validating:), whose generic code is not specialized.
        let bytes = try field.payload("a string")
        var string = String(decoding: bytes, as: UTF8.self)
        guard string.withUTF8({ $0.elementsEqual(bytes) }) else { throw field.mismatch("valid UTF-8") }
        return string
    }
}

extension UUID: RecordField {
    public func write(to writer: inout RecordWriter, number: Int) {
        withUnsafeBytes(of: uuid) { writer.lengthDelimited(number, $0) }
    }

    public static func read(from field: RecordReader.Field) throws -> UUID {
        let payload = try field.payload("a UUID")
        guard payload.count == 16 else { throw field.mismatch("a 16-byte UUID") }
        var raw: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &raw) { $0.copyMemory(from: payload) }
        return UUID(uuid: raw)
    }
}

extension Array: RecordField where Element == UInt8 {
    public func write(to writer: inout RecordWriter, number: Int) {
        withUnsafeBytes { writer.lengthDelimited(number, $0) }
    }

    public static func read(from field: RecordReader.Field) throws -> [UInt8] {
        Array(try field.payload("bytes"))
    }
}

/// Enums stored by raw value: declare `enum Status: String, RecordField { ... }`. A raw value this
/// version does not know (written by a newer one) is an error, never a silent default.
extension RecordField where Self: RawRepresentable, RawValue: RecordField {
    public func write(to writer: inout RecordWriter, number: Int) {
        rawValue.write(to: &writer, number: number)
    }

    public static func read(from field: RecordReader.Field) throws -> Self {
        let raw = try RawValue.read(from: field)
        guard let value = Self(rawValue: raw) else {
            throw RecordDecodingError("field \(field.number) holds \(raw), which \(Self.self) does not know")
        }
        return value
    }
}

/// A double as its IEEE 754 bits (coordinates of a seating plan, never money).
extension Double: RecordField {
    public func write(to writer: inout RecordWriter, number: Int) {
        writer.header(number, .varint)
        writer.varint(bitPattern)
    }

    public static func read(from field: RecordReader.Field) throws -> Double {
        Double(bitPattern: try field.varint("a number"))
    }
}
