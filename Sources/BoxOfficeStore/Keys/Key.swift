import FoundationEssentials

/// Encoded key bytes: one component or a tuple of them. Keys compare as their bytes do, which is
/// the order of their values.
///
///     Key(eventID)                      // one component
///     Key(eventID, Descending(startsAt)) // a composite (tuple) key
public struct Key: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// A key made of the given components, in order.
    public init<each C: KeyComponent>(_ components: repeat each C) {
        var encoder = KeyEncoder()
        repeat (each components).encode(to: &encoder)
        bytes = encoder.bytes
    }

    /// This key followed by another: a tuple prefix plus more components.
    public func appending(_ other: Key) -> Key { Key(bytes: bytes + other.bytes) }

    /// True when this key's components start with `prefix`'s components.
    public func hasPrefix(_ prefix: Key) -> Bool { bytes.starts(with: prefix.bytes) }

    public static func < (a: Key, b: Key) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }

    /// Decodes the components without knowing their types.
    public func components() throws -> [KeyValue] {
        try bytes.withUnsafeBytes { buffer in
            var decoder = KeyDecoder(buffer)
            var values: [KeyValue] = []
            while !decoder.isAtEnd { values.append(try KeyValue.decode(from: &decoder)) }
            return values
        }
    }

    /// Decodes the key as one component of type `T`.
    public func decode<T: KeyComponent>(as type: T.Type) throws -> T {
        try bytes.withUnsafeBytes { buffer in
            var decoder = KeyDecoder(buffer)
            let value = try T.decode(from: &decoder)
            guard decoder.isAtEnd else { throw decoder.failure("key has more than one component") }
            return value
        }
    }

    /// The components as text, e.g. `("acme", 42)`, or the bytes in hex if they do not decode.
    public var description: String {
        guard let values = try? components() else {
            return "0x" + bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        }
        let parts = values.map(\.description)
        return parts.count == 1 ? parts[0] : "(" + parts.joined(separator: ", ") + ")"
    }
}

/// A key component decoded without knowing its type.
public indirect enum KeyValue: Hashable, Sendable, CustomStringConvertible {
    case string(String)
    case integer(Int64)
    case unsigned(UInt64)
    case bool(Bool)
    case uuid(UUID)
    case descending(KeyValue)

    static func decode(from decoder: inout KeyDecoder) throws -> KeyValue {
        let tag = try decoder.peekTag()
        if tag >= 0x80 {
            decoder.inverted.toggle()
            defer { decoder.inverted.toggle() }
            return .descending(try decode(from: &decoder))
        }
        switch tag {
        case KeyTag.string: return .string(try String.decode(from: &decoder))
        case KeyTag.false, KeyTag.true: return .bool(try Bool.decode(from: &decoder))
        case KeyTag.uuid: return .uuid(try UUID.decode(from: &decoder))
        case KeyTag.zero - 8...KeyTag.zero + 8:
            let (negative, magnitude) = try decoder.decodeInteger()
            if negative { return .integer(Int64(truncatingIfNeeded: 0 &- magnitude)) }
            return magnitude <= UInt64(Int64.max) ? .integer(Int64(magnitude)) : .unsigned(magnitude)
        default:
            throw decoder.failure("unknown key tag 0x\(String(tag, radix: 16))")
        }
    }

    /// Skips one component.
    static func skip(in decoder: inout KeyDecoder) throws { _ = try decode(from: &decoder) }

    /// The value as plain text, a string unquoted: what a message names as "the value".
    public var text: String {
        switch self {
        case .string(let s): s
        case .descending(let v): v.text
        default: description
        }
    }

    public var description: String {
        switch self {
        case .string(let s): return "\"\(s)\""
        case .integer(let i): return String(i)
        case .unsigned(let u): return String(u)
        case .bool(let b): return String(b)
        case .uuid(let u): return u.lowercasedString
        case .descending(let v): return "desc(\(v))"
        }
    }
}
