import BoxOfficeStore
import FoundationEssentials

/// The hand-written migrations of ``BoxOfficeSchema`` (its version is api/model.toml's `[schema]`).
enum BoxOfficeMigrations {
    static let all = [toLedger, toWaitlist, toSeating]

    /// Version 2 keeps an order's money in the ledger. Every order of a version 1 file was born
    /// confirmed and paid: it gets a purchase of its total and, if refunded, one refund of
    /// `refundedMinor`, so that its paid and refunded amounts equal its ledger's sums.
    static let toLedger = Migration(to: 2, "backfill the ledger from orders") { txn, context in
        let orders = try context.table(BoxOfficeSchema.orders)
        let ledger = try context.table(BoxOfficeSchema.ledger)
        let ids = UUIDv7Generator()
        var cursor: ScanCursor?
        repeat {
            let page = try orders.scan(limit: 1_000, after: cursor, in: txn)
            for var order in page.items where order.status != .pending && order.paidMinor == 0 {
                order.paidMinor = order.totalMinor
                if order.totalMinor > 0 {
                    try ledger.insert(LedgerEntry(id: ids.next(), at: order.createdAt, order: order, kind: .purchase,
                                                  amountMinor: order.totalMinor, providerReference: order.paymentReference,
                                                  note: "from schema version 1"), in: txn)
                }
                if order.refundedMinor > 0 {
                    try ledger.insert(LedgerEntry(id: ids.next(), at: order.updatedAt, order: order, kind: .refund,
                                                  amountMinor: order.refundedMinor, note: "from schema version 1"), in: txn)
                }
                _ = try orders.update(order, in: txn)
            }
            cursor = page.next
        } while cursor != nil
    }

    /// Version 3 keeps waitlists: its table and counters start empty, so there is nothing to
    /// fill in. The version moves so that 0.4 libraries refuse these files: they would end a
    /// waitlist offer's hold without its entry, or sell stock kept for the queue.
    static let toWaitlist = Migration(to: 3, "add the waitlist (nothing to fill in)") { _, _ in }

    /// Version 4 keeps seats and quotas. Seating tables start empty; an event's capacity becomes a
    /// quota over its tiers (``Quota/eventCapacity``), its counters their sums, as
    /// `Mutation.syncCapacityQuota` keeps it from then on. The version moves so that 0.5
    /// libraries refuse these files: they would sell a seated tier without its seats, or past a quota.
    static let toSeating = Migration(to: 4, "add seating and quotas; each event capacity becomes a quota") { txn, context in
        let events = try context.table(BoxOfficeSchema.events)
        let tiers = try context.table(BoxOfficeSchema.ticketTypes)
        let quotas = try context.table(BoxOfficeSchema.quotas)
        let ids = UUIDv7Generator()
        var cursor: ScanCursor?
        repeat {
            let page = try events.scan(limit: 1_000, after: cursor, in: txn)
            for event in page.items {
                guard let capacity = event.details.capacity else { continue }
                var quota = Quota(id: ids.next(), now: event.updatedAt, organizationId: event.organizationId, eventId: event.id,
                                  details: QuotaDetails(name: "Event capacity", size: capacity, ticketTypeIds: []))
                quota.eventCapacity = true
                for var tier in try tiers.scan(index: .event, .prefix(Key(event.id)), in: txn).items {
                    quota.details.ticketTypeIds.append(tier.id)
                    (quota.held, quota.sold, quota.blocked) = (quota.held + tier.held, quota.sold + tier.sold, quota.blocked + tier.blocked)
                    tier.quotaIds.append(quota.id)
                    _ = try tiers.update(tier, in: txn)
                }
                _ = try quotas.insert(quota, in: txn)
            }
            cursor = page.next
        } while cursor != nil
    }
}
