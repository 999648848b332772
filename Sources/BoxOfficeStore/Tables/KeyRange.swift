import FoundationEssentials

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

    /// A printable form, accepted back by ``init(token:)``: base64url without padding (RFC 4648
    /// §5), so that it goes into a URL or a JSON string as it is.
    public var token: String {
        let base64 = Data(Array(scope.utf8) + [0, reverse ? 1 : 0] + lastKey).base64EncodedString()
        return String(base64.compactMap { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 == "=" ? nil : $0 })
    }

    init(scope: String, reverse: Bool, lastKey: [UInt8]) {
        self.scope = scope
        self.reverse = reverse
        self.lastKey = lastKey
    }

    /// Parses a ``token``; throws ``StoreError/invalidCursor(reason:)`` if it is malformed.
    public init(token: String) throws {
        var base64 = String(token.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        guard !token.contains(where: { $0 == "+" || $0 == "/" || $0 == "=" }), let data = Data(base64Encoded: base64) else {
            throw StoreError.invalidCursor(reason: "not base64url")
        }
        let raw = Array(data)
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
