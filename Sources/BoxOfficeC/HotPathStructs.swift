import BoxOffice
import CBoxOfficeTypes
import Glibc

// The hot paths answer in C structs rather than JSON (api/operations.toml): hold items in, the
// hold, the scan and availability out. These are their conversions.

/// `count` bo_hold_item as hold items: up to 50 of them (the engine says whether none will do: a
/// seated hold may name only seats). NULL is none, with a count of 0.
func holdItems(_ items: UnsafePointer<bo_hold_item>?, _ count: Int) throws -> [Hold.Item] {
    guard count != 0 else { return [] }
    guard let items else { throw Failure.invalid("items is NULL") }
    guard (1...50).contains(count) else { throw Failure.invalid("items: a hold has 1 to 50 items, not \(count)") }
    return UnsafeBufferPointer(start: items, count: count).map { Hold.Item(ticketTypeId: $0.ticket_type_id.uuid, quantity: $0.quantity) }
}

extension bo_hold_info {
    init(_ hold: Hold) {
        self.init()
        hold_id = bo_uuid(hold.id)
        event_id = bo_uuid(hold.eventId)
        expires_at = hold.expiresAt
        ticket_count = hold.ticketCount
        total_minor = hold.totalMinor
        status = hold.status.cValue
    }
}

extension bo_checkin_result {
    init(_ outcome: CheckInOutcome) {
        self.init()
        accepted = outcome.accepted ? 1 : 0
        reason = CheckIn.Reason.cValue(outcome.reason)
        if let ticketId = outcome.checkIn.ticketId {
            has_ticket = 1
            ticket_id = bo_uuid(ticketId)
        }
        first_checked_in_at = outcome.firstCheckedInAt ?? 0
        if let gate = outcome.firstGate {
            withUnsafeMutableBytes(of: &first_gate) { buffer in
                for (i, byte) in gate.utf8.prefix(buffer.count - 1).enumerated() { buffer[i] = byte }
            }
        }
    }
}

extension bo_availability {
    /// A copy in memory the caller frees with bo_availability_free().
    static func allocate(_ a: Availability) -> UnsafeMutablePointer<bo_availability> {
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
            t.reserved_for_waitlist = Int32(clamping: tier.reservedForWaitlist)  // ≤ a tier's quantity ≤ 10⁹
            (tiers + i).initialize(to: t)
        }
        let result = UnsafeMutablePointer<bo_availability>.allocate(capacity: 1)
        result.initialize(to: bo_availability(
            event_id: bo_uuid(a.eventId), event_status: a.status.cValue, has_capacity: a.capacity == nil ? 0 : 1,
            capacity: a.capacity ?? 0, capacity_remaining: a.capacityRemaining ?? 0, tier_count: a.tiers.count, tiers: tiers))
        return result
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
