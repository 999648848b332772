/// A record type with a name for people: in errors ("no such ticket type") and, with spaces as
/// underscores, as the audit log's `entityType` ("ticket_type"). Generated from api/model.toml.
public protocol Entity {
    static var entityName: String { get }
}

extension Entity {
    static var auditType: String { String(entityName.map { $0 == " " ? "_" : $0 }) }
}
