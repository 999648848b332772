import BoxOfficeStore
import Foundation

/// One admission: a code to scan at the door.
public struct Ticket: Record, Equatable, Codable {
    public enum Status: String, RecordField, Codable, Sendable { case valid, used, cancelled, refunded }

    /// One change of attendee; the old code stops working.
    public struct Transfer: RecordCodable, Equatable, Codable, Sendable {
        public var at: Int64
        public var by: String
        public var previousCode: String
        public var fromName: String
        public var fromEmail: String
        public var toName: String
        public var toEmail: String

        public func encode(to w: inout RecordWriter) {
            w.write(1, at); w.write(2, by); w.write(3, previousCode); w.write(4, fromName); w.write(5, fromEmail)
            w.write(6, toName); w.write(7, toEmail)
        }

        public init(from r: RecordReader) throws {
            at = try r(1) ?? 0; by = try r(2) ?? ""; previousCode = try r(3) ?? ""; fromName = try r(4) ?? ""
            fromEmail = try r(5) ?? ""; toName = try r(6) ?? ""; toEmail = try r(7) ?? ""
        }

        init(at: Int64, by: String, previousCode: String, fromName: String, fromEmail: String, toName: String, toEmail: String) {
            self.at = at
            self.by = by
            self.previousCode = previousCode
            self.fromName = fromName
            self.fromEmail = fromEmail
            self.toName = toName
            self.toEmail = toEmail
        }
    }

    public var id: UUID
    public var createdAt: Int64
    public var updatedAt: Int64
    public var version: UInt64 = 0
    /// 26 characters of Crockford base32: 130 bits, 128 of them random (see ``TicketCode``).
    public var code: String
    public var orderId: UUID
    public var orderItemId: UUID
    public var eventId: UUID
    public var ticketTypeId: UUID
    public var status: Status
    public var attendeeName: String
    public var attendeeEmail: String
    public var priceMinor: Int64
    public var feeMinor: Int64
    public var checkedInAt: Int64?
    public var checkedInBy: UUID?
    public var checkedInGate: String?
    public var transfers: [Transfer]
    public var primaryKey: UUID { id }

    public func encode(to w: inout RecordWriter) {
        w.write(1, id); w.write(2, createdAt); w.write(3, updatedAt); w.write(4, code); w.write(5, orderId)
        w.write(6, orderItemId); w.write(7, eventId); w.write(8, ticketTypeId); w.write(9, status)
        w.write(10, attendeeName); w.write(11, attendeeEmail); w.write(12, priceMinor); w.write(13, feeMinor)
        w.write(14, checkedInAt); w.write(15, checkedInBy); w.write(16, checkedInGate); w.write(17, all: transfers)
    }

    public init(from r: RecordReader) throws {
        id = try r.required(1, "id"); createdAt = try r(2) ?? 0; updatedAt = try r(3) ?? 0
        code = try r.required(4, "code"); orderId = try r.required(5, "orderId"); orderItemId = try r.required(6, "orderItemId")
        eventId = try r.required(7, "eventId"); ticketTypeId = try r.required(8, "ticketTypeId"); status = try r(9) ?? .valid
        attendeeName = try r(10) ?? ""; attendeeEmail = try r(11) ?? ""; priceMinor = try r(12) ?? 0; feeMinor = try r(13) ?? 0
        checkedInAt = try r(14); checkedInBy = try r(15); checkedInGate = try r(16); transfers = try r.all(17)
    }

    init(id: UUID, now: Int64, code: String, order: Order, item: OrderItem, attendeeName: String, attendeeEmail: String) {
        self.id = id
        createdAt = now
        updatedAt = now
        self.code = code
        orderId = order.id
        orderItemId = item.id
        eventId = order.eventId
        ticketTypeId = item.ticketTypeId
        status = .valid
        self.attendeeName = attendeeName
        self.attendeeEmail = attendeeEmail
        priceMinor = item.unitPriceMinor
        feeMinor = item.feePerTicketMinor
        transfers = []
    }
}

/// A code that no longer admits, kept so a scan can say why (the ticket was transferred).
public struct RetiredCode: Record, Equatable, Codable {
    public var code: String
    public var ticketId: UUID
    public var retiredAt: Int64
    public var version: UInt64 = 0
    public var primaryKey: String { code }

    public func encode(to w: inout RecordWriter) { w.write(1, code); w.write(2, ticketId); w.write(3, retiredAt) }

    public init(from r: RecordReader) throws {
        code = try r.required(1, "code"); ticketId = try r.required(2, "ticketId"); retiredAt = try r(3) ?? 0
    }

    init(code: String, ticketId: UUID, retiredAt: Int64) {
        self.code = code
        self.ticketId = ticketId
        self.retiredAt = retiredAt
    }
}
