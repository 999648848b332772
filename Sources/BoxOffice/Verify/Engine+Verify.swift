import BoxOfficeStore
import FoundationEssentials

extension Engine {
    /// Checks the storage (every index against its table) and these invariants, in one snapshot:
    /// - for every tier, 0 ≤ held, sold, blocked, withheld, and held + sold + blocked + withheld ≤ quantity;
    /// - an event's held, sold and blocked are the sums over its tiers, and within its capacity;
    /// - a tier's held is the sum of its active holds (an expired hold counts until it is swept);
    /// - a tier's sold is its number of tickets that hold their place: valid and used ones, and
    ///   refunded or cancelled ones that were admitted (so admitted tickets never exceed capacity);
    /// - every valid or used ticket belongs to a confirmed or partially refunded order;
    /// - an order's subtotal, fees, tax and total are the sums of its items;
    /// - an order's paid, refunded, charged-back and provider-fee amounts are the sums of its
    ///   ledger entries; refunds and chargebacks never exceed what was paid; refunded tickets'
    ///   price plus fee is within what was refunded; every ledger entry is in its order's currency;
    /// - an order whose tickets were issued was paid at least its total; each succeeded payment
    ///   has its purchase in the ledger;
    /// - a converted hold has its order; a pending order's hold is active;
    /// - a voucher's usedCount is the uses of its active and converted holds, within maxUsages;
    ///   a tier's blocked is the unused uses of the vouchers that block quota in it;
    /// - a tier's and an event's waitlisted are the tickets of their waiting waitlist entries; the
    ///   queue lists exactly the waiting entries, in FIFO order (by queuedAt, then id), so
    ///   positions are dense; each offered entry's offer hold is active, holds its quantity, and
    ///   is its only live offer; no other entry has a live offer; offers are within their tier's
    ///   held stock; a tier's free stock is kept for the waitlist only while someone waits for it;
    /// - a quota's held, sold and blocked are its tiers' sums, within its size, and tiers and
    ///   quotas name each other;
    /// - seats: each held seat is one active hold's and each sold seat one ticket's (valid, used,
    ///   or admitted then refunded), no other hold or ticket has a seat; an event's rows match its
    ///   plan and its row summary; a seated tier's held, sold and withheld are its seats';
    /// - the audit sequence runs 1, 2, 3… without gaps;
    /// - holds and tickets name tiers of their own event, and each order item has as many tickets
    ///   as its quantity.
    ///
    /// A file of schema version 1, opened read-only (so not migrated), has no ledger: the rules
    /// about the ledger and payments are not checked on it.
    ///
    /// Every LMDB page of the snapshot is checked first: a damaged file is reported as
    /// `damagedPage` storage problems and nothing more, since reading it could crash.
    public func verify() throws -> VerificationReport {
        do {
            let checked = try store.readCheckingPages { txn in
                var check = InvariantCheck(tables: tables, txn: txn, ledgerKept: store.schemaVersion >= BoxOfficeMigrations.toLedger.version,
                                           seatMaps: seatMaps)
                return VerificationReport(storage: try store.checkIntegrity(in: txn), invariants: try check.run())
            }
            return checked.value ?? VerificationReport(storage: checked.damage, invariants: [])
        } catch {
            throw BoxOfficeError(error)
        }
    }
}

struct InvariantCheck {
    let tables: Tables
    let txn: ReadTransaction
    /// Whether the file keeps a ledger (schema version 2 on).
    let ledgerKept: Bool
    let seatMaps: SeatMapCache
    var violations: [InvariantViolation] = []

    init(tables: Tables, txn: ReadTransaction, ledgerKept: Bool, seatMaps: SeatMapCache) {
        self.tables = tables
        self.txn = txn
        self.ledgerKept = ledgerKept
        self.seatMaps = seatMaps
    }

    mutating func fail<E: Entity>(_ rule: String, _ type: E.Type, _ id: CustomStringConvertible, _ detail: String) {
        violations.append(InvariantViolation(rule: rule, entityType: E.auditType, entityId: "\(id)".lowercased(), detail: detail))
    }

    /// Visits every record in pages, so memory stays bounded on large files.
    func each<R>(_ table: Table<R>, _ body: (R) throws -> Void) throws {
        var cursor: ScanCursor?
        repeat {
            let page = try table.scan(limit: 10_000, after: cursor, in: txn)
            try page.items.forEach(body)
            cursor = page.next
        } while cursor != nil
    }

    /// One pass per table, keeping only ids and sums. Sums wrap instead of trapping: a corrupt
    /// counter is reported, never a crash.
    mutating func run() throws -> [InvariantViolation] {
        var tiers: [UUID: TierState] = [:]
        try each(tables.ticketTypes) { tier in
            tiers[tier.id] = TierState(eventId: tier.eventId, quantity: tier.details.quantity, held: tier.held, sold: tier.sold,
                                       blocked: tier.blocked, withheld: tier.withheld, seated: tier.seated, quotaIds: tier.quotaIds)
        }

        var heldByTier: [UUID: Int64] = [:]
        var convertedHolds: [(hold: UUID, order: UUID?)] = []
        var activeHolds: Set<UUID> = []
        var usesByVoucher: [UUID: Int64] = [:]
        var strayHolds: [UUID] = []
        var offerHolds: [UUID: [Hold]] = [:]
        var seatOwners = SeatOwners()
        try each(tables.holds) { hold in
            if hold.status == .active { seatOwners.add(hold.seats, of: hold.eventId, .held, "hold \(hold.id.lowercasedString)") }
            if let entry = hold.waitlistEntryId, hold.status == .active { offerHolds[entry, default: []].append(hold) }
            if hold.status == .active {
                for item in hold.items { heldByTier[item.ticketTypeId, default: 0] &+= item.quantity }
                activeHolds.insert(hold.id)
            }
            if hold.status == .converted { convertedHolds.append((hold.id, hold.orderId)) }
            if let voucher = hold.voucherId, hold.status == .active || hold.status == .converted {
                usesByVoucher[voucher, default: 0] &+= hold.voucherUses
            }
            if hold.items.contains(where: { tiers[$0.ticketTypeId]?.eventId != hold.eventId }) { strayHolds.append(hold.id) }
        }
        for id in strayHolds { fail("hold.tiers_of_its_event", Hold.self, id, "an item's ticket type is missing or of another event") }

        var soldByTier: [UUID: Int64] = [:]
        var refundedByOrder: [UUID: Int64] = [:]
        var ticketsByItem: [UUID: Int64] = [:]
        var liveTickets: [(ticket: UUID, order: UUID)] = []
        var strayTickets: [UUID] = []
        try each(tables.tickets) { ticket in
            ticketsByItem[ticket.orderItemId, default: 0] &+= 1
            if tiers[ticket.ticketTypeId]?.eventId != ticket.eventId { strayTickets.append(ticket.id) }
            if ticket.holdsItsPlace { soldByTier[ticket.ticketTypeId, default: 0] &+= 1 }
            if ticket.holdsItsPlace, let seat = ticket.seat {
                seatOwners.add([seat], of: ticket.eventId, .sold, "ticket \(ticket.id.lowercasedString)")
            }
            switch ticket.status {
            case .valid, .used:
                liveTickets.append((ticket.id, ticket.orderId))
            case .refunded:
                refundedByOrder[ticket.orderId, default: 0] &+= ticket.priceMinor &+ ticket.feeMinor
            case .cancelled: break
            }
        }
        for id in strayTickets { fail("ticket.tier_of_its_event", Ticket.self, id, "its ticket type is missing or of another event") }

        // Tickets are issued when the hold converts; a pending, expired or failed order has none.
        let issued = Set(convertedHolds.compactMap(\.order))
        var itemsByOrder: [UUID: (subtotal: Int64, fees: Int64, tax: Int64)] = [:]
        var itemMismatches: [(UUID, Int64, Int64)] = []
        try each(tables.orderItems) { item in
            let sums = itemsByOrder[item.orderId] ?? (0, 0, 0)
            itemsByOrder[item.orderId] = (sums.subtotal &+ item.quantity &* item.unitPriceMinor, sums.fees &+ item.quantity &* item.feePerTicketMinor,
                                          sums.tax &+ item.quantity &* item.taxPerTicketMinor)
            let tickets = ticketsByItem[item.id, default: 0]
            let expected = issued.contains(item.orderId) ? item.quantity : 0
            if tickets != expected { itemMismatches.append((item.id, expected, tickets)) }
        }
        for (id, quantity, tickets) in itemMismatches {
            fail("order_item.tickets_match_quantity", OrderItem.self, id, "\(quantity) tickets issued expected, \(tickets) found")
        }

        struct Money { var paid: Int64 = 0, refunded: Int64 = 0, chargedBack: Int64 = 0, fees: Int64 = 0, currencies: Set<String> = [] }
        var ledgerByOrder: [UUID: Money] = [:]
        var purchaseByPayment: [UUID: Int64] = [:]
        try each(tables.ledger) { entry in
            var money = ledgerByOrder[entry.orderId] ?? Money()
            switch entry.kind {
            case .purchase: money.paid &+= entry.amountMinor
            case .refund: money.refunded &+= entry.amountMinor
            case .chargeback: money.chargedBack &+= entry.amountMinor
            case .chargebackReversal: money.chargedBack &-= entry.amountMinor
            case .fee: money.fees &+= entry.amountMinor
            }
            money.currencies.insert(entry.currency)
            ledgerByOrder[entry.orderId] = money
            if entry.kind == .purchase, let payment = entry.paymentId { purchaseByPayment[payment, default: 0] &+= entry.amountMinor }
        }

        var orderLive: [UUID: Bool] = [:]
        var orderProblems: [(String, String, String)] = []
        try each(tables.orders) { order in
            orderLive[order.id] = order.status == .confirmed || order.status == .partiallyRefunded
            let sums = itemsByOrder[order.id] ?? (0, 0, 0)
            if order.subtotalMinor != sums.subtotal || order.feesMinor != sums.fees || order.taxMinor != sums.tax
                || order.totalMinor != order.subtotalMinor &+ order.feesMinor {
                orderProblems.append(("order.totals_match_items", order.number,
                    "subtotal \(order.subtotalMinor)/fees \(order.feesMinor)/tax \(order.taxMinor)/total \(order.totalMinor) "
                    + "but items sum to \(sums.subtotal)/\(sums.fees)/\(sums.tax)"))
            }
            let money = ledgerByOrder[order.id] ?? Money()
            if ledgerKept, order.paidMinor != money.paid || order.refundedMinor != money.refunded || order.chargedBackMinor != money.chargedBack
                || order.providerFeesMinor != money.fees {
                orderProblems.append(("order.money_matches_ledger", order.number,
                    "paid/refunded/charged back/provider fees \(order.paidMinor)/\(order.refundedMinor)/\(order.chargedBackMinor)/"
                    + "\(order.providerFeesMinor) but the ledger sums to \(money.paid)/\(money.refunded)/\(money.chargedBack)/\(money.fees)"))
            }
            if money.currencies.contains(where: { $0 != order.currency }) {
                orderProblems.append(("ledger.currency_of_order", order.number, "entries in \(money.currencies.sorted()) for an order in \(order.currency)"))
            }
            if ledgerKept && (order.refundedMinor < 0 || order.chargedBackMinor < 0 || order.refundedMinor &+ order.chargedBackMinor > order.paidMinor) {
                orderProblems.append(("order.refunds_within_paid", order.number,
                    "refunded \(order.refundedMinor) + charged back \(order.chargedBackMinor) > paid \(order.paidMinor) or negative"))
            }
            let refundedTickets = refundedByOrder[order.id, default: 0]
            if refundedTickets > order.refundedMinor {
                orderProblems.append(("order.refunded_covers_tickets", order.number,
                                      "refunded \(order.refundedMinor) but refunded tickets cost \(refundedTickets)"))
            }
            if ledgerKept && issued.contains(order.id) && order.paidMinor < order.totalMinor {
                orderProblems.append(("order.paid_when_issued", order.number, "tickets issued but paid \(order.paidMinor) < total \(order.totalMinor)"))
            }
            if order.status == .pending && !activeHolds.contains(order.holdId) {
                orderProblems.append(("order.pending_holds_stock", order.number, "pending, but its hold is not active"))
            }
        }
        for (rule, number, detail) in orderProblems { fail(rule, Order.self, number, detail) }

        var paymentProblems: [(UUID, String)] = []
        try each(tables.payments) { payment in
            let booked = purchaseByPayment[payment.id, default: 0]
            if booked != (payment.status == .succeeded ? payment.amountMinor : 0) {
                paymentProblems.append((payment.id, "status \(payment.status.rawValue), amount \(payment.amountMinor), but purchases of it sum to \(booked)"))
            }
        }
        for (id, detail) in paymentProblems { fail("payment.succeeded_in_ledger", Payment.self, id, detail) }

        var blockedByTier: [UUID: Int64] = [:]
        var voucherProblems: [(String, UUID, String)] = []
        try each(tables.vouchers) { voucher in
            let uses = usesByVoucher[voucher.id, default: 0]
            if voucher.usedCount != uses {
                voucherProblems.append(("voucher.uses_match_holds", voucher.id, "usedCount \(voucher.usedCount) but its holds use it \(uses) times"))
            }
            if voucher.usedCount < 0 || voucher.usedCount > voucher.details.maxUsages {
                voucherProblems.append(("voucher.within_max_usages", voucher.id, "usedCount \(voucher.usedCount) of \(voucher.details.maxUsages)"))
            }
            if let tier = voucher.details.ticketTypeIds.first, voucher.blocks {
                blockedByTier[tier, default: 0] &+= voucher.details.maxUsages &- voucher.usedCount
            }
        }
        for (rule, id, detail) in voucherProblems { fail(rule, Voucher.self, id, detail) }
        for (ticket, order) in liveTickets where orderLive[order] != true {
            fail("ticket.order_is_live", Ticket.self, ticket, "valid or used ticket of an order that is not confirmed")
        }
        for (hold, order) in convertedHolds where order.map({ orderLive[$0] == nil }) ?? true {
            fail("hold.converted_has_order", Hold.self, hold, "converted hold without its order")
        }

        var eventSums: [UUID: (held: Int64, sold: Int64, blocked: Int64)] = [:]
        for (id, tier) in tiers.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            if tier.held < 0 || tier.sold < 0 || tier.blocked < 0 || tier.withheld < 0
                || tier.held &+ tier.sold &+ tier.blocked &+ tier.withheld > tier.quantity {
                fail("tier.within_quantity", TicketType.self, id,
                     "held \(tier.held) + sold \(tier.sold) + blocked \(tier.blocked) + withheld \(tier.withheld) > quantity \(tier.quantity) or negative")
            }
            if tier.blocked != blockedByTier[id, default: 0] {
                fail("tier.blocked_matches_vouchers", TicketType.self, id,
                     "blocked \(tier.blocked) but its blocking vouchers have \(blockedByTier[id, default: 0]) unused uses")
            }
            if tier.held != heldByTier[id, default: 0] {
                fail("tier.held_matches_holds", TicketType.self, id, "held \(tier.held) but active holds sum to \(heldByTier[id, default: 0])")
            }
            if tier.sold != soldByTier[id, default: 0] {
                fail("tier.sold_matches_tickets", TicketType.self, id, "sold \(tier.sold) but \(soldByTier[id, default: 0]) tickets hold their place")
            }
            let sums = eventSums[tier.eventId] ?? (0, 0, 0)
            eventSums[tier.eventId] = (sums.held &+ tier.held, sums.sold &+ tier.sold, sums.blocked &+ tier.blocked)
        }
        var eventProblems: [(String, UUID, String)] = []
        try each(tables.events) { event in
            let sums = eventSums[event.id] ?? (0, 0, 0)
            if event.held != sums.held || event.sold != sums.sold || event.blocked != sums.blocked {
                eventProblems.append(("event.counters_match_tiers", event.id, "held/sold/blocked \(event.held)/\(event.sold)/\(event.blocked) "
                                      + "but tiers sum to \(sums.held)/\(sums.sold)/\(sums.blocked)"))
            }
            if let capacity = event.details.capacity, sums.held &+ sums.sold &+ sums.blocked > capacity {
                eventProblems.append(("event.within_capacity", event.id,
                                      "tiers hold, sell and block \(sums.held &+ sums.sold &+ sums.blocked) > capacity \(capacity)"))
            }
        }
        for (rule, id, detail) in eventProblems { fail(rule, Event.self, id, detail) }
        try checkWaitlist(offerHolds: offerHolds)
        try checkQuotas(tiers)
        try checkSeats(seatOwners, tiers)

        var expected: UInt64 = 1
        var gaps: [(UInt64, UInt64)] = []
        try each(tables.audit) { entry in
            if entry.sequence != expected { gaps.append((entry.sequence, expected)) }
            expected = entry.sequence &+ 1
        }
        for (sequence, wanted) in gaps { fail("audit.gapless", AuditEntry.self, sequence, "expected sequence \(wanted)") }
        return violations
    }

    /// The waitlist's rules: counters, FIFO queue, and one live offer per entry holding its stock.
    mutating func checkWaitlist(offerHolds: [UUID: [Hold]]) throws {
        var waitingByTier: [UUID: Int64] = [:]
        var waitingByEvent: [UUID: (all: Int64, anyTier: Int64)] = [:]
        var offeredByTier: [UUID: Int64] = [:]
        var queues: [UUID: [(queuedAt: Int64, id: UUID)]] = [:]
        var problems: [(String, UUID, String)] = []
        var entries: Set<UUID> = []
        try each(tables.waitlist) { entry in
            entries.insert(entry.id)
            let live = offerHolds[entry.id] ?? []
            if entry.status == .waiting {
                if let tier = entry.ticketTypeId { waitingByTier[tier, default: 0] &+= entry.quantity }
                let sums = waitingByEvent[entry.eventId] ?? (0, 0)
                waitingByEvent[entry.eventId] = (sums.all &+ entry.quantity, sums.anyTier &+ (entry.ticketTypeId == nil ? entry.quantity : 0))
                queues[entry.eventId, default: []].append((entry.queuedAt, entry.id))
            }
            if entry.status == .offered {
                if live.count != 1 || live[0].id != entry.offerHoldId || live[0].ticketCount != entry.quantity || live[0].eventId != entry.eventId {
                    problems.append(("waitlist.offer_holds_stock", entry.id, "offered, but its live offer holds are "
                                     + "\(live.map { "\($0.id.lowercasedString):\($0.ticketCount)" }) for \(entry.quantity) tickets"))
                }
                for hold in live { for item in hold.items { offeredByTier[item.ticketTypeId, default: 0] &+= item.quantity } }
            } else if !live.isEmpty {
                problems.append(("waitlist.one_live_offer", entry.id, "\(entry.status.rawValue), but \(live.count) of its offer holds are active"))
            }
        }
        for (entry, holds) in offerHolds where !entries.contains(entry) {
            for hold in holds { problems.append(("waitlist.one_live_offer", hold.id, "an active offer hold of a missing waitlist entry")) }
        }
        // The queue index, read in its order, must be the waiting entries sorted by (queuedAt, id).
        var eventOf: [UUID: UUID] = [:]
        for (event, queue) in queues { for entry in queue { eventOf[entry.id] = event } }
        var indexed: [UUID: [UUID]] = [:]
        var cursor: ScanCursor?
        repeat {
            let page = try tables.waitlist.indexEntries(BoxOfficeSchema.Indexes.waitlistQueue.name, limit: 10_000, after: cursor, in: txn)
            for entry in page.items {
                let id = try entry.primaryKey.decode(as: UUID.self)
                indexed[eventOf[id] ?? id, default: []].append(id)  // an entry not waiting lands in a queue of its own
            }
            cursor = page.next
        } while cursor != nil
        for (event, ids) in indexed where queues[event] == nil {
            problems.append(("waitlist.queue_fifo", event, "the queue lists \(ids.count) entries that are not waiting"))
        }
        for (event, queue) in queues.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            let fifo = queue.sorted { ($0.queuedAt, $0.id) < ($1.queuedAt, $1.id) }.map(\.id)
            if indexed[event] ?? [] != fifo { problems.append(("waitlist.queue_fifo", event, "the queue is not its waiting entries in FIFO order")) }
        }
        for (rule, id, detail) in problems { fail(rule, WaitlistEntry.self, id, detail) }

        var tierProblems: [(String, UUID, String)] = []
        try each(tables.ticketTypes) { tier in
            if tier.waitlisted != waitingByTier[tier.id, default: 0] {
                tierProblems.append(("tier.waitlisted_matches_entries", tier.id,
                                     "waitlisted \(tier.waitlisted) but its waiting entries want \(waitingByTier[tier.id, default: 0])"))
            }
            if tier.keptForWaitlist && waitingByTier[tier.id, default: 0] == 0 && (waitingByEvent[tier.eventId]?.anyTier ?? 0) == 0 {
                tierProblems.append(("waitlist.kept_for_waiting", tier.id, "its free stock is kept for the waitlist, but nobody waits for it"))
            }
            if offeredByTier[tier.id, default: 0] > tier.held {
                tierProblems.append(("waitlist.offers_within_stock", tier.id, "offers hold \(offeredByTier[tier.id, default: 0]) > held \(tier.held)"))
            }
        }
        for (rule, id, detail) in tierProblems { fail(rule, TicketType.self, id, detail) }
        var eventProblems: [(UUID, String)] = []
        try each(tables.events) { event in
            let sums = waitingByEvent[event.id] ?? (0, 0)
            if event.waitlisted != sums.all || event.waitlistedAnyTier != sums.anyTier {
                eventProblems.append((event.id, "waitlisted \(event.waitlisted) (any tier \(event.waitlistedAnyTier)) "
                                      + "but its waiting entries want \(sums.all) (any tier \(sums.anyTier))"))
            }
        }
        for (id, detail) in eventProblems { fail("event.waitlisted_matches_entries", Event.self, id, detail) }
    }
}
