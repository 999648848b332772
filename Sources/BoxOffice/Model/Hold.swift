import BoxOfficeStore
import Foundation

/// A cart: tickets of one or more tiers reserved until `expiresAt`, all or none.
public struct Hold: Record, Equatable, Codable {
    public enum Status: String, RecordField, Codable, Sendable { case active, converted, released, expired }

    public struct Item: RecordCodable, Equatable, Codable, Sendable {
        public var ticketTypeId: UUID
        public var quantity: Int64
        /// The price and fee per ticket when the hold was made: the order charges these, even if
        /// the tier or the organization's fees change before payment.
        public var unitPriceMinor: Int64 = 0
        public var feePerTicketMinor: Int64 = 0

        /// What to hold; the engine fills in the prices.
        public init(ticketTypeId: UUID, quantity: Int64) {
            self.ticketTypeId = ticketTypeId
            self.quantity = quantity
        }

        public func encode(to w: inout RecordWriter) {
            w.write(1, ticketTypeId); w.write(2, quantity); w.write(3, unitPriceMinor); w.write(4, feePerTicketMinor)
        }

        public init(from r: RecordReader) throws {
            ticketTypeId = try r.required(1, "ticketTypeId"); quantity = try r(2) ?? 0
            unitPriceMinor = try r(3) ?? 0; feePerTicketMinor = try r(4) ?? 0
        }
    }

    public var id: UUID
    public var createdAt: Int64
    public var updatedAt: Int64
    public var version: UInt64 = 0
    public var eventId: UUID
    public var customerId: UUID?
    public var items: [Item]
    public var expiresAt: Int64
    public var status: Status
    public var idempotencyKey: String?
    /// The order it became, once converted.
    public var orderId: UUID?
    public var primaryKey: UUID { id }

    public var ticketCount: Int64 { items.reduce(0) { $0 + $1.quantity } }

    /// The most tickets one hold may take; with prices ≤ 10¹² minor units no total can overflow.
    public static let maxTickets: Int64 = 10_000

    /// What the order will cost: prices plus fees, frozen when the hold was made.
    public var totalMinor: Int64 { items.reduce(0) { $0 + $1.quantity * ($1.unitPriceMinor + $1.feePerTicketMinor) } }

    public func encode(to w: inout RecordWriter) {
        w.write(1, id); w.write(2, createdAt); w.write(3, updatedAt); w.write(4, eventId); w.write(5, customerId)
        w.write(6, all: items); w.write(7, expiresAt); w.write(8, status); w.write(9, idempotencyKey); w.write(10, orderId)
    }

    public init(from r: RecordReader) throws {
        id = try r.required(1, "id"); createdAt = try r(2) ?? 0; updatedAt = try r(3) ?? 0
        eventId = try r.required(4, "eventId"); customerId = try r(5); items = try r.all(6)
        expiresAt = try r(7) ?? 0; status = try r(8) ?? .active; idempotencyKey = try r(9); orderId = try r(10)
    }

    init(id: UUID, now: Int64, eventId: UUID, customerId: UUID?, items: [Item], expiresAt: Int64, idempotencyKey: String?) {
        self.id = id
        createdAt = now
        updatedAt = now
        self.eventId = eventId
        self.customerId = customerId
        self.items = items
        self.expiresAt = expiresAt
        status = .active
        self.idempotencyKey = idempotencyKey
    }
}
