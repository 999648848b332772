import BoxOffice
import CBoxOfficeTypes
import Foundation

/// An order with its items and tickets, as order functions return it in JSON.
struct OrderDetail: Encodable {
    var order: Order
    var items: [OrderItem]
    var tickets: [Ticket]

    init(_ order: Order, _ engine: Engine) throws {
        self.order = order
        items = try engine.orderItems(orderId: order.id)
        tickets = try engine.tickets(orderId: order.id)
    }
}

/// Turns a hold into a confirmed order with one ticket per seat, at the prices frozen in the
/// hold. An expired hold still confirms if its tickets are free.
///
/// - Parameters:
///   - payment_reference: the host's payment id, or NULL.
///   - idempotency_key: NULL or a key; the same key for the same hold returns the first order.
///   - out_order_id: receives the order's id (may be NULL).
///   - out_json: receives {"order", "items", "tickets"} (may be NULL; free with bo_free()).
/// - Returns: BO_OK; BO_HOLD_EXPIRED (the tickets are gone: refund the payment);
///   BO_INVALID_STATE (confirmed already under another key); BO_NOT_FOUND; BO_INVALID_ARGUMENT;
///   BO_PERMISSION_DENIED; BO_MISUSE; a storage status.
@c(bo_hold_confirm)
public func boHoldConfirm(_ engine: UnsafeMutablePointer<bo_engine>?, _ hold_id: UnsafePointer<bo_uuid>?,
                          _ payment_reference: UnsafePointer<CChar>?, _ idempotency_key: UnsafePointer<CChar>?,
                          _ actor_id: UnsafePointer<bo_uuid>?, _ out_order_id: UnsafeMutablePointer<bo_uuid>?,
                          _ out_json: OutString?, _ out_error: OutError?) -> bo_status {
    withStatus(out_error) {
        let engine = try open(engine)
        let order = try engine.confirmHold(try uuid(hold_id, "hold_id"), paymentReference: try optionalString(payment_reference, "payment_reference"),
                                           idempotencyKey: try optionalString(idempotency_key, "idempotency_key"), actor: actor(actor_id))
        out_order_id?.pointee = bo_uuid(order.id)
        if out_json != nil { try jsonOut(try OrderDetail(order, engine), out_json) }
    }
}

/// Cancels an order (manager or above): its tickets are cancelled and their stock returns; no
/// money moves. `reason` may be NULL. Returns BO_OK, BO_INVALID_STATE, BO_NOT_FOUND,
/// BO_INVALID_ARGUMENT, BO_PERMISSION_DENIED or BO_MISUSE; `*out_json` as bo_hold_confirm().
@c(bo_order_cancel)
public func boOrderCancel(_ engine: UnsafeMutablePointer<bo_engine>?, _ order_id: UnsafePointer<bo_uuid>?, _ reason: UnsafePointer<CChar>?,
                          _ actor_id: UnsafePointer<bo_uuid>?, _ out_json: OutString?, _ out_error: OutError?) -> bo_status {
    withStatus(out_error) {
        let engine = try open(engine)
        let order = try engine.cancelOrder(try uuid(order_id, "order_id"), reason: try optionalString(reason, "reason") ?? "", actor: actor(actor_id))
        if out_json != nil { try jsonOut(try OrderDetail(order, engine), out_json) }
    }
}

/// Refunds every remaining ticket of an order (manager or above). Refunding a refunded order is
/// BO_INVALID_STATE. Other statuses and `*out_json` as bo_order_cancel().
@c(bo_order_refund)
public func boOrderRefund(_ engine: UnsafeMutablePointer<bo_engine>?, _ order_id: UnsafePointer<bo_uuid>?,
                          _ actor_id: UnsafePointer<bo_uuid>?, _ out_json: OutString?, _ out_error: OutError?) -> bo_status {
    withStatus(out_error) {
        let engine = try open(engine)
        let order = try engine.refundOrder(try uuid(order_id, "order_id"), actor: actor(actor_id))
        if out_json != nil { try jsonOut(try OrderDetail(order, engine), out_json) }
    }
}

/// Refunds `count` tickets of an order (manager or above); the order becomes partially refunded,
/// or refunded when none is left. Statuses and `*out_json` as bo_order_refund().
@c(bo_tickets_refund)
public func boTicketsRefund(_ engine: UnsafeMutablePointer<bo_engine>?, _ order_id: UnsafePointer<bo_uuid>?,
                            _ ticket_ids: UnsafePointer<bo_uuid>?, _ count: Int, _ actor_id: UnsafePointer<bo_uuid>?,
                            _ out_json: OutString?, _ out_error: OutError?) -> bo_status {
    withStatus(out_error) {
        let engine = try open(engine)
        guard let ticket_ids, (1...10_000).contains(count) else { throw Failure.invalid("ticket_ids must point to 1 to 10000 ids") }
        let ids = UnsafeBufferPointer(start: ticket_ids, count: count).map(\.uuid)
        let order = try engine.refundTickets(orderId: try uuid(order_id, "order_id"), ticketIds: ids, actor: actor(actor_id))
        if out_json != nil { try jsonOut(try OrderDetail(order, engine), out_json) }
    }
}

/// Looks up an order by id, or by its number ("7KQ2-M9XA", forgiving case and O/0, I/1) when
/// `id` is NULL; `*out_json` receives {"order","items","tickets"}. Returns BO_OK, BO_NOT_FOUND,
/// BO_INVALID_ARGUMENT or BO_MISUSE.
@c(bo_order_get)
public func boOrderGet(_ engine: UnsafeMutablePointer<bo_engine>?, _ id: UnsafePointer<bo_uuid>?, _ number: UnsafePointer<CChar>?,
                       _ out_json: OutString?, _ out_error: OutError?) -> bo_status {
    withStatus(out_error) {
        let engine = try open(engine)
        let order = try id != nil ? engine.order(try uuid(id, "id")) : engine.order(number: try string(number, "number"))
        try found(try order.map { try OrderDetail($0, engine) }, out_json, "order")
    }
}
