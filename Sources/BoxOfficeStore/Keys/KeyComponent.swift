/// A value that can be part of a key, encoded so that byte order equals value order.
///
/// Each component is self-delimiting and prefix-free and starts with a type tag (after FoundationDB's tuple
/// layer), so a tuple is just its components' encodings concatenated, a tuple's prefix sorts
/// before the tuple, and a key can be decoded without knowing its types.
///
/// | tag            | type                                     |
/// |----------------|------------------------------------------|
/// | `0x02`         | string: UTF-8, `00` escaped as `00 FF`, terminated by `00 01` |
/// | `0x0C`…`0x13`  | negative integer, 8…1 bytes, one's complement |
/// | `0x14`         | zero                                     |
/// | `0x15`…`0x1C`  | positive integer, 1…8 bytes, big-endian  |
/// | `0x26`, `0x27` | false, true                              |
/// | `0x30`         | UUID, 16 bytes                           |
/// | `≥ 0x80`       | a ``Descending`` component: every byte inverted |
public protocol KeyComponent: Sendable {
    /// Appends this value's encoding.
    func encode(to encoder: inout KeyEncoder)
    /// Reads one value of this type; throws ``KeyDecodingError`` if the bytes hold something else.
    static func decode(from decoder: inout KeyDecoder) throws -> Self
}

enum KeyTag {
    static let string: UInt8 = 0x02
    static let zero: UInt8 = 0x14
    static let `false`: UInt8 = 0x26
    static let `true`: UInt8 = 0x27
    static let uuid: UInt8 = 0x30
}

/// Builds key bytes from components.
public struct KeyEncoder: Sendable {
    public private(set) var bytes: [UInt8] = []
    /// Inverts every byte written while set: the encoding of ``Descending`` components.
    var inverted = false

    public init() { bytes.reserveCapacity(32) }

    mutating func append(_ byte: UInt8) { bytes.append(inverted ? ~byte : byte) }

    /// Appends `raw` at once (a UUID's 16 bytes: one append, not sixteen).
    mutating func append(contentsOf raw: UnsafeRawBufferPointer) {
        if inverted { bytes.append(contentsOf: raw.map { ~$0 }) } else { bytes.append(contentsOf: raw) }
    }
}

/// Why key bytes could not be decoded.
public struct KeyDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public var offset: Int
    public var description: String { "\(reason) at byte \(offset)" }
}

/// Reads components back from key bytes.
public struct KeyDecoder {
    let bytes: UnsafeRawBufferPointer
    public internal(set) var offset = 0
    var inverted = false

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    public var isAtEnd: Bool { offset >= bytes.count }

    mutating func byte() throws -> UInt8 {
        guard offset < bytes.count else { throw failure("key ends inside a component") }
        defer { offset += 1 }
        return inverted ? ~bytes[offset] : bytes[offset]
    }

    /// The next tag, without consuming it, as it reads in the current direction.
    func peekTag() throws -> UInt8 {
        guard offset < bytes.count else { throw failure("key has no more components") }
        return inverted ? ~bytes[offset] : bytes[offset]
    }

    mutating func expectTag(_ tag: UInt8, _ type: String) throws {
        let found = try byte()
        guard found == tag else {
            offset -= 1
            throw failure("expected \(type), found tag 0x\(String(found, radix: 16))")
        }
    }

    func failure(_ reason: String) -> KeyDecodingError { KeyDecodingError(reason: reason, offset: offset) }
}
