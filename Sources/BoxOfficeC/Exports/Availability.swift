import BoxOffice
import CBoxOfficeTypes
import Glibc

/// What an event can still sell: each tier's quantity, held, sold, available and on-sale-now,
/// and what is left of the event capacity. One read of counters.
///
/// On BO_OK, `*out` receives a bo_availability the caller frees with bo_availability_free().
/// Returns BO_OK, BO_NOT_FOUND, BO_INVALID_ARGUMENT or BO_MISUSE.
@c(bo_availability_get)
public func boAvailabilityGet(_ engine: UnsafeMutablePointer<bo_engine>?, _ event_id: UnsafePointer<bo_uuid>?,
                              _ out: UnsafeMutablePointer<UnsafeMutablePointer<bo_availability>?>?, _ out_error: OutError?) -> bo_status {
    out?.pointee = nil
    return withStatus(out_error) {
        let engine = try open(engine)
        let id = try uuid(event_id, "event_id")
        guard let out else { throw Failure.invalid("out is NULL") }
        let a = try engine.availability(eventId: id)
        let tiers = UnsafeMutablePointer<bo_tier_availability>.allocate(capacity: max(1, a.tiers.count))
        for (i, tier) in a.tiers.enumerated() {
            var t = bo_tier_availability()
            t.ticket_type_id = bo_uuid(tier.ticketTypeId)
            t.name = UnsafePointer(copyOut(tier.name))
            t.price_minor = tier.priceMinor
            withUnsafeMutableBytes(of: &t.currency) { buffer in
                for (j, byte) in tier.currency.utf8.prefix(3).enumerated() { buffer[j] = byte }
            }
            t.on_sale_now = tier.onSaleNow ? 1 : 0
            t.quantity = tier.quantity
            t.held = tier.held
            t.sold = tier.sold
            t.available = tier.available
            t.hidden = tier.hidden ? 1 : 0
            (tiers + i).initialize(to: t)
        }
        let result = UnsafeMutablePointer<bo_availability>.allocate(capacity: 1)
        result.initialize(to: bo_availability(
            event_id: bo_uuid(a.eventId), event_status: eventStatus(a.status), has_capacity: a.capacity == nil ? 0 : 1,
            capacity: a.capacity ?? 0, capacity_remaining: a.capacityRemaining ?? 0, tier_count: a.tiers.count, tiers: tiers))
        out.pointee = result
    }
}

/// Frees what bo_availability_get() returned. Accepts NULL.
@c(bo_availability_free)
public func boAvailabilityFree(_ availability: UnsafeMutablePointer<bo_availability>?) {
    guard let availability else { return }
    for i in 0..<availability.pointee.tier_count { free(UnsafeMutableRawPointer(mutating: availability.pointee.tiers[i].name)) }
    availability.pointee.tiers.deallocate()
    availability.deallocate()
}

func eventStatus(_ status: Event.Status) -> Int32 {
    switch status {
    case .draft: 0
    case .published: 1
    case .cancelled: 2
    case .completed: 3
    }
}
