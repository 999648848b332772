import BoxOfficeStore
import Foundation

/// A confirmed purchase: the tickets of a converted hold, with its money in minor units.
public struct Order: Record, Equatable, Codable {
    public enum Status: String, RecordField, Codable, Sendable {
        case pending, confirmed, cancelled, refunded, partiallyRefunded = "partially_refunded"
    }

    public enum PaymentStatus: String, RecordField, Codable, Sendable {
        case pending, completed, failed, refunded, partiallyRefunded = "partially_refunded"
    }

    public var id: UUID
    public var createdAt: Int64
    public var updatedAt: Int64
    public var version: UInt64 = 0
    /// Short and unambiguous, e.g. "7KQ2-M9XA" (see ``OrderNumber``).
    public var number: String
    public var organizationId: UUID
    public var eventId: UUID
    public var customerId: UUID?
    public var holdId: UUID
    public var subtotalMinor: Int64
    public var feesMinor: Int64
    public var totalMinor: Int64
    public var currency: String
    public var status: Status
    public var paymentStatus: PaymentStatus
    public var paymentReference: String?
    public var refundedMinor: Int64
    public var notes: String
    public var primaryKey: UUID { id }

    public func encode(to w: inout RecordWriter) {
        w.write(1, id); w.write(2, createdAt); w.write(3, updatedAt); w.write(4, number); w.write(5, organizationId)
        w.write(6, eventId); w.write(7, customerId); w.write(8, holdId); w.write(9, subtotalMinor); w.write(10, feesMinor)
        w.write(11, totalMinor); w.write(12, currency); w.write(13, status); w.write(14, paymentStatus)
        w.write(15, paymentReference); w.write(16, refundedMinor); w.write(17, notes)
    }

    public init(from r: RecordReader) throws {
        id = try r.required(1, "id"); createdAt = try r(2) ?? 0; updatedAt = try r(3) ?? 0
        number = try r.required(4, "number"); organizationId = try r.required(5, "organizationId")
        eventId = try r.required(6, "eventId"); customerId = try r(7); holdId = try r.required(8, "holdId")
        subtotalMinor = try r(9) ?? 0; feesMinor = try r(10) ?? 0; totalMinor = try r(11) ?? 0; currency = try r(12) ?? ""
        status = try r(13) ?? .pending; paymentStatus = try r(14) ?? .pending; paymentReference = try r(15)
        refundedMinor = try r(16) ?? 0; notes = try r(17) ?? ""
    }

    init(id: UUID, now: Int64, number: String, organizationId: UUID, eventId: UUID, customerId: UUID?, holdId: UUID,
         currency: String, paymentReference: String?) {
        self.id = id
        createdAt = now
        updatedAt = now
        self.number = number
        self.organizationId = organizationId
        self.eventId = eventId
        self.customerId = customerId
        self.holdId = holdId
        subtotalMinor = 0
        feesMinor = 0
        totalMinor = 0
        self.currency = currency
        status = .confirmed
        paymentStatus = .completed
        self.paymentReference = paymentReference
        refundedMinor = 0
        notes = ""
    }
}

/// One tier's line of an order. Its totals add up to the order's.
public struct OrderItem: Record, Equatable, Codable {
    public var id: UUID
    public var createdAt: Int64
    public var updatedAt: Int64
    public var version: UInt64 = 0
    public var orderId: UUID
    public var ticketTypeId: UUID
    public var quantity: Int64
    public var unitPriceMinor: Int64
    /// Service fee plus fixed fee, per ticket (see ``Fees``).
    public var feePerTicketMinor: Int64
    public var primaryKey: UUID { id }

    public var subtotalMinor: Int64 { quantity * unitPriceMinor }
    public var feesMinor: Int64 { quantity * feePerTicketMinor }

    public func encode(to w: inout RecordWriter) {
        w.write(1, id); w.write(2, createdAt); w.write(3, updatedAt); w.write(4, orderId); w.write(5, ticketTypeId)
        w.write(6, quantity); w.write(7, unitPriceMinor); w.write(8, feePerTicketMinor)
    }

    public init(from r: RecordReader) throws {
        id = try r.required(1, "id"); createdAt = try r(2) ?? 0; updatedAt = try r(3) ?? 0
        orderId = try r.required(4, "orderId"); ticketTypeId = try r.required(5, "ticketTypeId")
        quantity = try r(6) ?? 0; unitPriceMinor = try r(7) ?? 0; feePerTicketMinor = try r(8) ?? 0
    }

    init(id: UUID, now: Int64, orderId: UUID, ticketTypeId: UUID, quantity: Int64, unitPriceMinor: Int64, feePerTicketMinor: Int64) {
        self.id = id
        createdAt = now
        updatedAt = now
        self.orderId = orderId
        self.ticketTypeId = ticketTypeId
        self.quantity = quantity
        self.unitPriceMinor = unitPriceMinor
        self.feePerTicketMinor = feePerTicketMinor
    }
}
