/// Which keys a scan covers, in key order.
public struct KeyRange: Sendable, Equatable {
    /// The first key included, or nil to start at the beginning.
    public var lower: [UInt8]?
    /// The first key excluded, or nil to run to the end.
    public var upper: [UInt8]?

    /// Every key.
    public static let all = KeyRange(lower: nil, upper: nil)

    /// Keys whose components start with `prefix`'s: `Key(eventID)` on an index over
    /// `(eventID, startsAt)` covers that event's entries.
    public static func prefix(_ prefix: Key) -> KeyRange {
        KeyRange(lower: prefix.bytes, upper: successor(ofPrefix: prefix.bytes))
    }

    /// Keys from `lower` (included) up to `upper` (excluded).
    public static func between(_ lower: Key?, and upper: Key?) -> KeyRange {
        KeyRange(lower: lower?.bytes, upper: upper?.bytes)
    }

    /// Keys from `lower` (included) to the end.
    public static func from(_ lower: Key) -> KeyRange { KeyRange(lower: lower.bytes, upper: nil) }

    func contains(_ key: UnsafeRawBufferPointer) -> Bool {
        if let lower, key.lexicographicallyPrecedes(lower) { return false }
        if let upper, !key.lexicographicallyPrecedes(upper) { return false }
        return true
    }

    /// The smallest byte string greater than every string starting with `prefix`.
    static func successor(ofPrefix prefix: [UInt8]) -> [UInt8]? {
        var bytes = prefix
        while let last = bytes.last {
            if last < 0xFF {
                bytes[bytes.count - 1] = last + 1
                return bytes
            }
            bytes.removeLast()
        }
        return nil
    }
}

/// Where a paginated scan stopped. Pass it to the next call to resume after the last item; it
/// stays valid across transactions and writes. ``token`` is a string form for clients.
public struct ScanCursor: Sendable, Hashable {
    /// The table or index database the scan reads.
    let scope: String
    let reverse: Bool
    /// The last key returned.
    let lastKey: [UInt8]

    /// A printable form (hex), accepted back by ``init(token:)``.
    public var token: String {
        let raw = Array(scope.utf8) + [0, reverse ? 1 : 0] + lastKey
        return raw.map { String(format: "%02x", $0) }.joined()
    }

    init(scope: String, reverse: Bool, lastKey: [UInt8]) {
        self.scope = scope
        self.reverse = reverse
        self.lastKey = lastKey
    }

    /// Parses a ``token``; throws ``StoreError/invalidCursor(reason:)`` if it is malformed.
    public init(token: String) throws {
        let chars = Array(token.utf8)
        guard chars.count % 2 == 0 else { throw StoreError.invalidCursor(reason: "odd length") }
        var raw: [UInt8] = []
        for i in stride(from: 0, to: chars.count, by: 2) {
            guard let byte = UInt8(String(decoding: chars[i...i + 1], as: UTF8.self), radix: 16) else {
                throw StoreError.invalidCursor(reason: "not hexadecimal")
            }
            raw.append(byte)
        }
        guard let zero = raw.firstIndex(of: 0), zero + 1 < raw.count, raw[zero + 1] <= 1 else {
            throw StoreError.invalidCursor(reason: "malformed token")
        }
        scope = String(decoding: raw[..<zero], as: UTF8.self)
        reverse = raw[zero + 1] == 1
        lastKey = Array(raw[(zero + 2)...])
    }
}

/// One page of a scan: the items, and where to resume, or nil at the end of the range.
public struct Page<Item> {
    public var items: [Item]
    public var next: ScanCursor?
}

extension Page: Sendable where Item: Sendable {}
