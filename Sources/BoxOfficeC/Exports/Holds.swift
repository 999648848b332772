import BoxOffice
import CBoxOfficeTypes

/// Reserves tickets of one or more tiers of an event for `ttl_ms`: every tier or none.
///
/// - Parameters:
///   - items: `count` tiers and quantities (1 to 50 items, 1 to 10000 tickets in all).
///   - customer_id: the buyer, or NULL.
///   - idempotency_key: NULL, or a key: the same key with the same request returns the first
///     hold; with another request it is BO_INVALID_ARGUMENT.
///   - actor_id: NULL for the system, else a user with the operator role or above.
///   - out: receives the hold (may be NULL).
/// - Returns: BO_OK; BO_SOLD_OUT (the message names the first tier short and how many are
///   left); BO_NOT_ON_SALE; BO_LIMIT_EXCEEDED; BO_NOT_FOUND; BO_INVALID_ARGUMENT;
///   BO_PERMISSION_DENIED; BO_MISUSE; a storage status.
@c(bo_hold_create)
public func boHoldCreate(_ engine: UnsafeMutablePointer<bo_engine>?, _ event_id: UnsafePointer<bo_uuid>?,
                         _ items: UnsafePointer<bo_hold_item>?, _ count: Int, _ customer_id: UnsafePointer<bo_uuid>?,
                         _ ttl_ms: Int64, _ idempotency_key: UnsafePointer<CChar>?, _ actor_id: UnsafePointer<bo_uuid>?,
                         _ out: UnsafeMutablePointer<bo_hold_info>?, _ out_error: OutError?) -> bo_status {
    withStatus(out_error) {
        let engine = try open(engine)
        guard let items, (1...50).contains(count) else { throw Failure.invalid("items must point to 1 to 50 bo_hold_item") }
        let list = UnsafeBufferPointer(start: items, count: count).map { Hold.Item(ticketTypeId: $0.ticket_type_id.uuid, quantity: $0.quantity) }
        let hold = try engine.createHold(eventId: try uuid(event_id, "event_id"), items: list, customerId: customer_id.map { $0.pointee.uuid },
                                         ttlMillis: ttl_ms, idempotencyKey: try optionalString(idempotency_key, "idempotency_key"),
                                         actor: actor(actor_id))
        out?.pointee = bo_hold_info(hold)
    }
}

/// Moves an active hold's expiry to `ttl_ms` from now (at most the maximum hold life from its
/// creation). Returns BO_OK, BO_HOLD_EXPIRED, BO_INVALID_STATE (converted), BO_NOT_ON_SALE
/// (sales closed), BO_NOT_FOUND, BO_INVALID_ARGUMENT, BO_PERMISSION_DENIED or BO_MISUSE.
@c(bo_hold_extend)
public func boHoldExtend(_ engine: UnsafeMutablePointer<bo_engine>?, _ hold_id: UnsafePointer<bo_uuid>?, _ ttl_ms: Int64,
                         _ actor_id: UnsafePointer<bo_uuid>?, _ out: UnsafeMutablePointer<bo_hold_info>?,
                         _ out_error: OutError?) -> bo_status {
    withStatus(out_error) {
        let hold = try open(engine).extendHold(try uuid(hold_id, "hold_id"), ttlMillis: ttl_ms, actor: actor(actor_id))
        out?.pointee = bo_hold_info(hold)
    }
}

/// Gives a hold's tickets back; releasing a hold that already ended changes nothing.
/// Returns BO_OK, BO_INVALID_STATE (converted), BO_NOT_FOUND, BO_INVALID_ARGUMENT,
/// BO_PERMISSION_DENIED or BO_MISUSE.
@c(bo_hold_release)
public func boHoldRelease(_ engine: UnsafeMutablePointer<bo_engine>?, _ hold_id: UnsafePointer<bo_uuid>?,
                          _ actor_id: UnsafePointer<bo_uuid>?, _ out: UnsafeMutablePointer<bo_hold_info>?,
                          _ out_error: OutError?) -> bo_status {
    withStatus(out_error) {
        // The work first: an optional out-parameter must never decide whether it happens.
        let hold = try open(engine).releaseHold(try uuid(hold_id, "hold_id"), actor: actor(actor_id))
        out?.pointee = bo_hold_info(hold)
    }
}

/// Ends every hold that has expired, at most `limit` (0: all), and sets `*out_count` (may be
/// NULL) to how many. Returns BO_OK, BO_INVALID_ARGUMENT, BO_PERMISSION_DENIED or BO_MISUSE.
@c(bo_holds_expire)
public func boHoldsExpire(_ engine: UnsafeMutablePointer<bo_engine>?, _ limit: Int64, _ actor_id: UnsafePointer<bo_uuid>?,
                          _ out_count: UnsafeMutablePointer<Int64>?, _ out_error: OutError?) -> bo_status {
    withStatus(out_error) {
        let engine = try open(engine)
        guard limit >= 0, let bounded = Int(exactly: limit) else { throw Failure.invalid("limit must be ≥ 0") }
        let count = try engine.expireHolds(limit: bounded == 0 ? nil : bounded, actor: actor(actor_id))
        out_count?.pointee = Int64(count)
    }
}

/// Looks up a hold; `*out_json` receives it with its items and frozen prices. Returns BO_OK,
/// BO_NOT_FOUND, BO_INVALID_ARGUMENT or BO_MISUSE.
@c(bo_hold_get)
public func boHoldGet(_ engine: UnsafeMutablePointer<bo_engine>?, _ hold_id: UnsafePointer<bo_uuid>?, _ out_json: OutString?,
                      _ out_error: OutError?) -> bo_status {
    withStatus(out_error) { try found(try open(engine).hold(try uuid(hold_id, "hold_id")), out_json, "hold") }
}

extension bo_hold_info {
    init(_ hold: Hold) {
        self.init()
        hold_id = bo_uuid(hold.id)
        event_id = bo_uuid(hold.eventId)
        expires_at = hold.expiresAt
        ticket_count = hold.ticketCount
        total_minor = hold.totalMinor
        status = switch hold.status {
        case .active: Int32(BO_HOLD_ACTIVE.rawValue)
        case .converted: Int32(BO_HOLD_CONVERTED.rawValue)
        case .released: Int32(BO_HOLD_RELEASED.rawValue)
        case .expired: Int32(BO_HOLD_EXPIRED_STATUS.rawValue)
        }
    }
}
