import FoundationEssentials

extension String: KeyComponent {
    /// UTF-8 with `00` escaped as `00 FF` and terminated by `00 01`, so "ab" sorts before
    /// "abc". The encoding is prefix-free (no string's encoding starts another's), which keeps
    /// the order right when the bytes are inverted for ``Descending``.
    public func encode(to encoder: inout KeyEncoder) {
        encoder.append(KeyTag.string)
        for byte in utf8 {
            encoder.append(byte)
            if byte == 0 { encoder.append(0xFF) }
        }
        encoder.append(0)
        encoder.append(1)
    }

    public static func decode(from decoder: inout KeyDecoder) throws -> String {
        try decoder.expectTag(KeyTag.string, "a string")
        var utf8: [UInt8] = []
        while true {
            let byte = try decoder.byte()
            if byte == 0 {
                switch try decoder.byte() {
                case 0xFF: break
                case 0x01: return try Self.validated(utf8, decoder)
                default: throw decoder.failure("bad escape in string")
                }
            }
            utf8.append(byte)
        }
    }

    private static func validated(_ utf8: [UInt8], _ decoder: KeyDecoder) throws -> String {
        guard let string = String(validating: utf8, as: UTF8.self) else {
            throw decoder.failure("string is not valid UTF-8")
        }
        return string
    }
}

extension Bool: KeyComponent {
    public func encode(to encoder: inout KeyEncoder) { encoder.append(self ? KeyTag.true : KeyTag.false) }

    public static func decode(from decoder: inout KeyDecoder) throws -> Bool {
        switch try decoder.byte() {
        case KeyTag.false: return false
        case KeyTag.true: return true
        case let tag:
            decoder.offset -= 1
            throw decoder.failure("expected a boolean, found tag 0x\(String(tag, radix: 16))")
        }
    }
}

extension UUID: KeyComponent {
    /// The 16 bytes as they are: UUIDv7s sort by creation time.
    public func encode(to encoder: inout KeyEncoder) {
        encoder.append(KeyTag.uuid)
        withUnsafeBytes(of: uuid) { encoder.append(contentsOf: $0) }
    }

    public static func decode(from decoder: inout KeyDecoder) throws -> UUID {
        try decoder.expectTag(KeyTag.uuid, "a UUID")
        var raw: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        try withUnsafeMutableBytes(of: &raw) { buffer in
            for i in 0..<16 { buffer[i] = try decoder.byte() }
        }
        return UUID(uuid: raw)
    }
}

/// A component that sorts in descending order: its encoding with every byte inverted.
public struct Descending<Value: KeyComponent>: KeyComponent {
    public var value: Value
    public init(_ value: Value) { self.value = value }

    public func encode(to encoder: inout KeyEncoder) {
        encoder.inverted.toggle()
        value.encode(to: &encoder)
        encoder.inverted.toggle()
    }

    public static func decode(from decoder: inout KeyDecoder) throws -> Descending<Value> {
        decoder.inverted.toggle()
        defer { decoder.inverted.toggle() }
        return Descending(try Value.decode(from: &decoder))
    }
}

extension Descending: Equatable where Value: Equatable {}
extension Descending: Hashable where Value: Hashable {}
