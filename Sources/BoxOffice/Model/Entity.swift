/// A record type with a name for people: in errors ("no such ticket type") and, with spaces as
/// underscores, as the audit log's `entityType` ("ticket_type"). Generated from api/model.toml.
public protocol Entity {
    static var entityName: String { get }
}

extension Entity {
    /// The entity name with underscores for spaces ("ticket_type"), as audit entries name it.
    static var auditType: String { String(decoding: entityName.utf8.map { $0 == UInt8(ascii: " ") ? UInt8(ascii: "_") : $0 }, as: UTF8.self) }
}
