// Integers of every width share one encoding: a tag that grows with the magnitude, then the
// fewest big-endian bytes that hold it. Negatives are stored one's-complemented so that larger
// magnitudes sort first.

extension KeyEncoder {
    mutating func encodeInteger(negative: Bool, magnitude: UInt64) {
        guard magnitude != 0 else { return append(KeyTag.zero) }
        let length = (64 - magnitude.leadingZeroBitCount + 7) / 8
        let body = negative ? ~magnitude : magnitude
        append(negative ? KeyTag.zero - UInt8(length) : KeyTag.zero + UInt8(length))
        for shift in stride(from: (length - 1) * 8, through: 0, by: -8) {
            append(UInt8(truncatingIfNeeded: body >> UInt64(shift)))
        }
    }
}

extension KeyDecoder {
    mutating func decodeInteger() throws -> (negative: Bool, magnitude: UInt64) {
        let tag = try byte()
        guard tag >= KeyTag.zero - 8, tag <= KeyTag.zero + 8 else {
            offset -= 1
            throw failure("expected an integer, found tag 0x\(String(tag, radix: 16))")
        }
        let negative = tag < KeyTag.zero
        let length = negative ? Int(KeyTag.zero - tag) : Int(tag - KeyTag.zero)
        var body: UInt64 = 0
        for _ in 0..<length { body = body << 8 | UInt64(try byte()) }
        if negative { body = ~body & (length == 8 ? .max : (1 << UInt64(length * 8)) - 1) }
        return (negative, body)
    }

    mutating func decodeSigned<T: FixedWidthInteger & SignedInteger>(_: T.Type) throws -> T {
        let start = offset
        let (negative, magnitude) = try decodeInteger()
        let value: T? = negative
            ? (magnitude <= UInt64(T.max) + 1 ? T(truncatingIfNeeded: 0 &- magnitude) : nil)
            : T(exactly: magnitude)
        guard let value else {
            offset = start
            throw failure("integer does not fit \(T.self)")
        }
        return value
    }

    mutating func decodeUnsigned<T: FixedWidthInteger & UnsignedInteger>(_: T.Type) throws -> T {
        let start = offset
        let (negative, magnitude) = try decodeInteger()
        guard !negative || magnitude == 0, let value = T(exactly: magnitude) else {
            offset = start
            throw failure("integer does not fit \(T.self)")
        }
        return value
    }
}

extension KeyComponent where Self: FixedWidthInteger & SignedInteger {
    public func encode(to encoder: inout KeyEncoder) {
        encoder.encodeInteger(negative: self < 0, magnitude: UInt64(self.magnitude))
    }
    public static func decode(from decoder: inout KeyDecoder) throws -> Self { try decoder.decodeSigned(Self.self) }
}

extension KeyComponent where Self: FixedWidthInteger & UnsignedInteger {
    public func encode(to encoder: inout KeyEncoder) {
        encoder.encodeInteger(negative: false, magnitude: UInt64(self))
    }
    public static func decode(from decoder: inout KeyDecoder) throws -> Self { try decoder.decodeUnsigned(Self.self) }
}

extension Int: KeyComponent {}
extension Int8: KeyComponent {}
extension Int16: KeyComponent {}
extension Int32: KeyComponent {}
extension Int64: KeyComponent {}
extension UInt: KeyComponent {}
extension UInt8: KeyComponent {}
extension UInt16: KeyComponent {}
extension UInt32: KeyComponent {}
extension UInt64: KeyComponent {}
