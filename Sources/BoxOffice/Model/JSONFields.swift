import FoundationEssentials

/// A JSON object read by field name, for the generated `init(from:)` of the details structs:
/// required fields must be there, optional ones may be absent or null, the others take their
/// declared default (api/model.toml), so a caller sends only what it means.
struct JSONFields {
    struct Name: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    let c: KeyedDecodingContainer<Name>
    init(_ decoder: any Decoder) throws { c = try decoder.container(keyedBy: Name.self) }

    func required<T: Decodable>(_ name: String) throws -> T { try c.decode(T.self, forKey: Name(stringValue: name)) }
    func optional<T: Decodable>(_ name: String) throws -> T? { try c.decodeIfPresent(T.self, forKey: Name(stringValue: name)) }
    func value<T: Decodable>(_ name: String, _ fallback: T) throws -> T { try optional(name) ?? fallback }
}

extension CodingUserInfoKey {
    /// Set to true when encoding a record for an export file, which carries the fields its
    /// ordinary JSON leaves out (a user's PIN hash).
    static let exportForm = CodingUserInfoKey(rawValue: "boxoffice.exportForm")!
}
