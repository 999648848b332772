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

    /// Version 4 keeps seats and quotas: their tables start empty and tiers belong to no quota,
    /// so there is nothing to fill in. The version moves so that 0.5 libraries refuse these files:
    /// they would sell a seated tier without its seats, or past a quota.
    static let toSeating = Migration(to: 4, "add seating and quotas (nothing to fill in)") { _, _ in }
}
