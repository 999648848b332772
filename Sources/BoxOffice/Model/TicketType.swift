import BoxOfficeStore
import Foundation

/// A tier of an event: a price and a quantity, with the counters `held` and `sold` that change
/// in the same transactions as the holds and tickets that justify them.
public struct TicketType: Record, Equatable, Codable {
    public var id: UUID
    public var createdAt: Int64
    public var updatedAt: Int64
    public var version: UInt64 = 0
    public var eventId: UUID
    public var details: TicketTypeDetails
    /// Tickets in active holds not yet swept.
    public var held: Int64
    /// Valid and used tickets.
    public var sold: Int64
    public var primaryKey: UUID { id }

    /// What is left to hold or sell of this tier alone.
    public var remaining: Int64 { details.quantity - held - sold }

    public func encode(to w: inout RecordWriter) {
        w.write(1, id); w.write(2, createdAt); w.write(3, updatedAt); w.write(4, eventId)
        details.encode(to: &w); w.write(40, held); w.write(41, sold)
    }

    public init(from r: RecordReader) throws {
        id = try r.required(1, "id"); createdAt = try r(2) ?? 0; updatedAt = try r(3) ?? 0
        eventId = try r.required(4, "eventId"); details = try TicketTypeDetails(from: r)
        held = try r(40) ?? 0; sold = try r(41) ?? 0
    }

    init(id: UUID, now: Int64, eventId: UUID, details: TicketTypeDetails) {
        self.id = id
        createdAt = now
        updatedAt = now
        self.eventId = eventId
        self.details = details
        held = 0
        sold = 0
    }
}

/// The editable fields of a ``TicketType``.
public struct TicketTypeDetails: Equatable, Codable, Sendable {
    public var name: String
    public var description: String
    /// Price per ticket in minor units (cents), ≥ 0.
    public var priceMinor: Int64
    /// ISO 4217; must be the organization's currency.
    public var currency: String
    public var quantity: Int64
    public var minPerOrder: Int64
    public var maxPerOrder: Int64
    public var salesStartAt: Int64?
    public var salesEndAt: Int64?
    /// Hidden tiers are not listed as on sale and cannot be held.
    public var hidden: Bool
    public var sortOrder: Int64

    public init(name: String, description: String = "", priceMinor: Int64, currency: String, quantity: Int64,
                minPerOrder: Int64 = 1, maxPerOrder: Int64 = 10, salesStartAt: Int64? = nil, salesEndAt: Int64? = nil,
                hidden: Bool = false, sortOrder: Int64 = 0) {
        self.name = name
        self.description = description
        self.priceMinor = priceMinor
        self.currency = currency
        self.quantity = quantity
        self.minPerOrder = minPerOrder
        self.maxPerOrder = maxPerOrder
        self.salesStartAt = salesStartAt
        self.salesEndAt = salesEndAt
        self.hidden = hidden
        self.sortOrder = sortOrder
    }

    func encode(to w: inout RecordWriter) {
        w.write(10, name); w.write(11, description); w.write(12, priceMinor); w.write(13, currency)
        w.write(14, quantity); w.write(15, minPerOrder); w.write(16, maxPerOrder); w.write(17, salesStartAt)
        w.write(18, salesEndAt); w.write(19, hidden); w.write(20, sortOrder)
    }

    init(from r: RecordReader) throws {
        name = try r(10) ?? ""; description = try r(11) ?? ""; priceMinor = try r(12) ?? 0; currency = try r(13) ?? ""
        quantity = try r(14) ?? 0; minPerOrder = try r(15) ?? 1; maxPerOrder = try r(16) ?? 10
        salesStartAt = try r(17); salesEndAt = try r(18); hidden = try r(19) ?? false; sortOrder = try r(20) ?? 0
    }
}
