import BoxOfficeStore
import Foundation

/// One scan at a gate, accepted or rejected; every attempt is kept.
public struct CheckIn: Record, Equatable, Codable {
    public enum Result: String, RecordField, Codable, Sendable { case accepted, rejected }

    public enum Reason: String, RecordField, Codable, Sendable {
        case alreadyUsed = "already_used"
        case cancelled
        case refunded
        case unknownCode = "unknown_code"
        case transferred
        case wrongEvent = "wrong_event"
        case eventCancelled = "event_cancelled"
    }

    public var id: UUID
    public var createdAt: Int64
    public var updatedAt: Int64
    public var version: UInt64 = 0
    /// The code as scanned.
    public var code: String
    public var ticketId: UUID?
    public var eventId: UUID?
    public var gate: String
    public var operatorId: UUID?
    public var at: Int64
    public var result: Result
    public var reason: Reason?
    public var primaryKey: UUID { id }

    public func encode(to w: inout RecordWriter) {
        w.write(1, id); w.write(2, createdAt); w.write(3, updatedAt); w.write(4, code); w.write(5, ticketId)
        w.write(6, eventId); w.write(7, gate); w.write(8, operatorId); w.write(9, at); w.write(10, result); w.write(11, reason)
    }

    public init(from r: RecordReader) throws {
        id = try r.required(1, "id"); createdAt = try r(2) ?? 0; updatedAt = try r(3) ?? 0; code = try r(4) ?? ""
        ticketId = try r(5); eventId = try r(6); gate = try r(7) ?? ""; operatorId = try r(8); at = try r(9) ?? 0
        result = try r(10) ?? .rejected; reason = try r(11)
    }

    init(id: UUID, now: Int64, code: String, ticket: Ticket?, gate: String, operatorId: UUID?, reason: Reason?) {
        self.id = id
        createdAt = now
        updatedAt = now
        self.code = code
        ticketId = ticket?.id
        eventId = ticket?.eventId
        self.gate = gate
        self.operatorId = operatorId
        at = now
        result = reason == nil ? .accepted : .rejected
        self.reason = reason
    }
}
