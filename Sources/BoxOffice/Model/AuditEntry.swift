import BoxOfficeStore
import Foundation

/// One mutation, written in the same transaction as the change it records. Sequence numbers
/// start at 1 and have no gaps, so the log can be tailed as a change feed ("entries after N").
public struct AuditEntry: Record, Equatable, Codable {
    public var sequence: UInt64
    public var at: Int64
    /// "system" or "user:<uuid>".
    public var actor: String
    /// A dotted verb, e.g. "hold.create", "order.refund", "permission.denied".
    public var action: String
    public var entityType: String
    public var entityId: UUID?
    /// What changed, compactly: "tickets=3 total=12500 EUR".
    public var summary: String
    public var version: UInt64 = 0
    public var primaryKey: UInt64 { sequence }

    public func encode(to w: inout RecordWriter) {
        w.write(1, sequence); w.write(2, at); w.write(3, actor); w.write(4, action); w.write(5, entityType)
        w.write(6, entityId); w.write(7, summary)
    }

    public init(from r: RecordReader) throws {
        sequence = try r.required(1, "sequence"); at = try r(2) ?? 0; actor = try r(3) ?? ""; action = try r(4) ?? ""
        entityType = try r(5) ?? ""; entityId = try r(6); summary = try r(7) ?? ""
    }

    init(sequence: UInt64, at: Int64, actor: String, action: String, entityType: String, entityId: UUID?, summary: String) {
        self.sequence = sequence
        self.at = at
        self.actor = actor
        self.action = action
        self.entityType = entityType
        self.entityId = entityId
        self.summary = summary
    }
}

/// The result of the operation that first used an idempotency key.
public struct IdempotencyRecord: Record, Equatable, Codable {
    public var key: String
    /// The operation that used it: "hold.create" or "order.confirm".
    public var operation: String
    /// What was asked (the event and items of a hold, the hold of a confirmation): the same
    /// key with another request is refused, so one caller never receives another's result.
    public var request: String
    public var resultId: UUID
    public var createdAt: Int64
    public var expiresAt: Int64
    public var version: UInt64 = 0
    public var primaryKey: String { key }

    public func encode(to w: inout RecordWriter) {
        w.write(1, key); w.write(2, operation); w.write(3, resultId); w.write(4, createdAt); w.write(5, expiresAt)
        w.write(6, request)
    }

    public init(from r: RecordReader) throws {
        key = try r.required(1, "key"); operation = try r(2) ?? ""; resultId = try r.required(3, "resultId")
        createdAt = try r(4) ?? 0; expiresAt = try r(5) ?? 0; request = try r(6) ?? ""
    }

    init(key: String, operation: String, request: String, resultId: UUID, createdAt: Int64, expiresAt: Int64) {
        self.key = key
        self.operation = operation
        self.request = request
        self.resultId = resultId
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
