import FoundationEssentials

/// An enum declared in api/model.toml. Decoding a value it does not have fails naming the value
/// and the allowed ones ("'superuser' is not one of owner, admin, …"), where Swift's default says
/// only "Cannot initialize Role from invalid String value superuser".
public protocol DeclaredEnum: RawRepresentable<String>, CaseIterable, Decodable {}

extension DeclaredEnum {
    /// The value named `text`, for a caller's argument `field`: `invalidArgument` naming the
    /// allowed values otherwise.
    public init(_ text: String, field: String) throws {
        guard let value = Self(rawValue: text) else {
            throw BoxOfficeError.invalidArgument("\(field) \(Validate.quoted(text)) is not one of "
                                                 + Self.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = value
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(rawValue: text) else {
            let allowed = Self.allCases.map(\.rawValue).joined(separator: ", ")
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(Validate.quoted(text)) is not one of \(allowed)")
        }
        self = value
    }
}
