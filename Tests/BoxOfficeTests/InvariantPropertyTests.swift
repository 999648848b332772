import BoxOffice
import BoxOfficeStore
import Foundation
import StoreTestSupport
import Testing

/// A seeded random walk over the whole ticketing API: holds (good, bad, expiring, with vouchers),
/// confirmations (late, twice, idempotent), checkouts and provider payments (replayed, failed,
/// late), refunds by ticket and by amount, chargebacks and their reversals, provider fees,
/// cancellations (allowed and denied), check-ins, transfers, the clock, and the waitlist (joins,
/// leaves, declines and accepted offers; one event requeues expired offers, the other sells what
/// the queue cannot take). After every step that succeeded the waitlist must be FIFO with no
/// stock lost: no waiting entry is first in line for stock that is free for it. Every call may fail,
/// but only with a `BoxOfficeError` other than a storage error; where the outcome is predictable
/// from the state before the call, it is predicted and checked. The file must verify clean after
/// every operation that succeeded; every 100 operations and at the end the availability must also agree with
/// the counters. A failure names its seed and step: rerun that seed to replay.
@Suite struct InvariantPropertyTests {
    static let operations = 1_500

    @Test(arguments: [UInt64(1), 0xB0C5_0FF1CE, 20_270_115])
    func randomOperationsKeepEveryInvariant(seed: UInt64) throws {
        let world = try PropertyWorld(seed: seed)
        let started = Date()
        while world.step < Self.operations {
            world.step += 1
            world.succeeded = false
            try world.randomOperation()
            if world.succeeded {  // a failed call wrote nothing
                try world.verify()
                try world.checkWaitlist()
            }
            if world.step % 100 == 0 { try world.checkpoint() }
            if world.failures >= 25 {
                Issue.record("seed \(seed): stopping at step \(world.step) after \(world.failures) failures")
                break
            }
        }
        try world.checkpoint()
        try world.checkAuditFeed()
        world.expectCoverage()
        print("InvariantPropertyTests seed \(seed): \(world.step) operations in "
              + "\(String(format: "%.1f", Date().timeIntervalSince(started))) s; outcomes \(world.summary)")
    }
}

// MARK: - Random source


/// What a call is expected to do.
private enum Expect: CustomStringConvertible {
    case ok
    case error(BoxOfficeError.Code)
    case okOr(BoxOfficeError.Code)
    /// Not predicted: any answer but a storage error (verify after the step checks the rest).
    case any

    var description: String {
        switch self {
        case .any: "anything"
        case .ok: "success"
        case .error(let code): "\(code)"
        case .okOr(let code): "success or \(code)"
        }
    }
}

// MARK: - The world

private final class PropertyWorld {
    let seed: UInt64
    let t: TestEngine
    var engine: Engine { t.engine }
    var now: Int64 { t.clock.now }
    var rng: SplitMix64
    var step = 0
    var failures = 0

    let org: Organization
    let manager: User
    let operatorUser: User
    let customer: Customer
    var events: [Event] = []
    var tiers: [UUID: [TicketType]] = [:]  // by event; details never change in this test

    var holds: [UUID] = []
    var orders: [UUID] = []
    /// Current codes of every ticket sold (a transfer replaces its entry).
    var codes: [String] = []
    /// Codes taken away by transfers.
    var retired: [String] = []
    /// Idempotency keys that were remembered: operation, result, and when.
    /// Keys used so far: the operation, its result, when, and the request (as the engine
    /// fingerprints it: the same key with another request is refused).
    var keys: [String: (operation: String, result: UUID, at: Int64, request: String)] = [:]
    /// What each hold key asked for, so a replay can ask for the same again.
    var holdRequests: [String: (event: Event, items: [Hold.Item], customerId: UUID?)] = [:]
    var keyCounter = 0
    var outcomes: [String: [String: Int]] = [:]
    var deniedCount = 0
    var acceptedCheckIns = 0
    var lateConfirms = 0

    init(seed: UInt64) throws {
        self.seed = seed
        rng = SplitMix64(seed: seed)
        t = try TestEngine(label: "invariants-\(seed)")
        org = try t.organization(bps: 750, fixed: 30)  // 7.5% + 0.30 per ticket
        manager = try t.user(org, .manager)
        operatorUser = try t.user(org, .operator)
        customer = try t.engine.createCustomer(organizationId: org.id, CustomerDetails(email: "fan@example.org", firstName: "Fan", lastName: "One"))
        let (a, aTiers) = try t.event(org, tiers: [
            .init(name: "Floor", price: 2_500, quantity: 50, max: 6),
            .init(name: "Balcony", price: 4_999, quantity: 24, min: 2, max: 4),
            .init(name: "Crew", price: 0, quantity: 10, hidden: true),
        ])
        // Capacity 36 below the tiers' 60: the event limit binds. Stock is small on purpose, so
        // the walk sells out, refunds free seats, and sells out again.
        let (b, bTiers) = try t.event(org, tiers: [
            .init(name: "Early", price: 1_999, quantity: 25, max: 4),
            .init(name: "Regular", price: 3_333, quantity: 20, max: 6),
            .init(name: "Late", price: 4_001, quantity: 15, max: 4),
        ], capacity: 36)
        // A's waitlist keeps freed stock and sends expired offers to the back; B's sells what the
        // queue cannot take, and expired offers leave.
        var aDetails = a.details
        aDetails.waitlistRequeueExpired = true
        aDetails.waitlistOfferTtlMs = 10 * minute
        var bDetails = b.details
        bDetails.waitlistReservesStock = false
        bDetails.waitlistOfferTtlMs = 15 * minute
        events = [try t.engine.updateEvent(a.id, aDetails), try t.engine.updateEvent(b.id, bDetails)]
        tiers = [a.id: aTiers, b.id: bTiers]
        // Vouchers: a discount on one event; a code that blocks quota on the capped one.
        _ = try t.engine.createVoucher(eventId: a.id, VoucherDetails(code: "HALF", priceMode: .percentOff, value: 5_000, maxUsages: 12))
        _ = try t.engine.createVoucher(eventId: b.id, VoucherDetails(code: "CREW", ticketTypeIds: [bTiers[0].id], priceMode: .fixed,
                                                                     value: 500, maxUsages: 6, blockQuota: true))
    }

    func verify() throws {
        let report = try engine.verify()
        if !report.isClean { fail("verify after \(describeLast): \(report)") }
    }

    var describeLast = ""
    /// Whether a call of this step succeeded (and so may have written).
    var succeeded = false

    // MARK: Randomness

    func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    func chance(_ percent: Int) -> Bool { int(0...99) < percent }
    func pick<T>(_ items: [T]) -> T? { items.randomElement(using: &rng) }

    /// Mostly recent entries, where the action is; sometimes any.
    func pickRecent<T>(_ items: [T]) -> T? {
        guard !items.isEmpty else { return nil }
        return chance(70) ? items[max(0, items.count - 8)...].randomElement(using: &rng) : pick(items)
    }

    func freshKey() -> String {
        keyCounter += 1
        return "key-\(seed)-\(keyCounter)"
    }

    /// The earlier result of a key still answering the same operation and request (the window
    /// is the engine's default, 24 hours).
    func liveKey(_ key: String?, _ operation: String, _ request: String) -> UUID? {
        guard let key, let record = keys[key], record.operation == operation, record.request == request,
              record.at + engine.options.idempotencyWindowMillis > now else { return nil }
        return record.result
    }

    /// A key still answering, but for another operation or request: the engine refuses it.
    func conflictingKey(_ key: String?, _ operation: String, _ request: String) -> Bool {
        guard let key, let record = keys[key], record.at + engine.options.idempotencyWindowMillis > now else { return false }
        return record.operation != operation || record.request != request
    }

    static func holdRequest(_ eventId: UUID, _ customerId: UUID?, _ items: [Hold.Item]) -> String {
        "event=\(eventId) customer=\(customerId?.uuidString ?? "-") items=" + items.map { "\($0.ticketTypeId):\($0.quantity)" }.joined(separator: ",")
    }

    func pickKey(_ operation: String) -> String? { pick(keys.filter { $0.value.operation == operation }.keys.sorted()) }

    // MARK: Running and checking

    func fail(_ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        failures += 1
        Issue.record(Comment(rawValue: "seed \(seed), step \(step): \(message)"), sourceLocation: sourceLocation)
    }

    /// Runs one call. Any `BoxOfficeError` is an acceptable answer, except a storage one; any
    /// other error type fails the test.
    func run<T>(_ name: String, _ body: () throws -> T) -> Result<T, BoxOfficeError>? {
        do {
            let value = try body()
            succeeded = true
            outcomes[name, default: [:]]["ok", default: 0] += 1
            return .success(value)
        } catch let error as BoxOfficeError {
            outcomes[name, default: [:]]["\(error.code)", default: 0] += 1
            if case .permissionDenied = error { deniedCount += 1 }
            if case .storage = error { fail("\(name) failed in storage: \(error)") }
            return .failure(error)
        } catch {
            fail("\(name) threw \(type(of: error)), not a BoxOfficeError: \(error)")
            return nil
        }
    }

    /// Checks `result` against `expected`; returns the value when the call succeeded.
    @discardableResult
    func check<T>(_ result: Result<T, BoxOfficeError>?, _ expected: Expect, _ what: @autoclosure () -> String,
                  sourceLocation: SourceLocation = #_sourceLocation) -> T? {
        guard let result else { return nil }
        switch (expected, result) {
        case (.ok, .success(let value)), (.okOr, .success(let value)):
            return value
        case (.error(let code), .failure(let error)) where error.code == code:
            return nil
        case (.okOr(let code), .failure(let error)) where error.code == code:
            return nil
        case (.any, .success(let value)):
            return value
        case (.any, .failure):
            return nil
        case (_, .success(let value)):
            fail("\(what()): expected \(expected), got success \(value)", sourceLocation: sourceLocation)
            return value
        case (_, .failure(let error)):
            fail("\(what()): expected \(expected), got \(error.code): \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    func randomOperation() throws {
        switch int(0...99) {
        case 0..<20: describeLast = "createHold"; try createHold()
        case 20..<24: describeLast = "voucherHold"; try voucherHold()
        case 24..<28: describeLast = "extendHold"; try extendHold()
        case 28..<32: describeLast = "releaseHold"; try releaseHold()
        case 32..<42: describeLast = "confirmHold"; try confirmHold()
        case 42..<48: describeLast = "checkout"; try checkout()
        case 48..<58: describeLast = "recordPayment"; try recordPayment()
        case 58..<61: describeLast = "expireHolds"; try expireHolds()
        case 61..<64: describeLast = "refundTickets"; try refundTickets()
        case 64..<66: describeLast = "refundOrder"; try refundOrder()
        case 66..<70: describeLast = "moveMoney"; try moveMoney()
        case 70..<73: describeLast = "cancelOrder"; try cancelOrder()
        case 73..<83: describeLast = "checkIn"; try checkIn()
        case 83..<87: describeLast = "transferTicket"; try transferTicket()
        case 87..<91: describeLast = "joinWaitlist"; try joinWaitlist()
        case 91..<94: describeLast = "leaveOrDecline"; try leaveOrDecline()
        case 94..<96: describeLast = "acceptOffer"; try acceptOffer()
        default: describeLast = "advanceClock"; advanceClock()
        }
        describeLast += " at step \(step)"
    }

    // MARK: Waitlist

    /// Waitlist entries joined so far.
    var entries: [UUID] = []

    func joinWaitlist() throws {
        let event = pick(events)!
        let tier: TicketType? = chance(20) ? nil : pick(tiers[event.id]!)
        let quantity = Int64(chance(3) ? int(-1...0) : int(1...4))
        let email = "w\(int(0...3))@example.org"  // a small pool: some join a tier twice
        let customerId = chance(10) ? customer.id : nil
        let address = chance(10) ? nil : email
        let result = run("joinWaitlist") {
            try engine.joinWaitlist(eventId: event.id, ticketTypeId: tier?.id, quantity: quantity, customerId: customerId, email: address)
        }
        if quantity <= 0 || (customerId == nil) == (address == nil) {
            _ = check(result, .error(.invalidArgument), "joinWaitlist of \(quantity), customer \(customerId != nil), email \(address != nil)")
        } else if tier?.details.hidden == true {
            _ = check(result, .error(.notOnSale), "joinWaitlist of a hidden tier")
        }
        guard let place = check(result, .any, "joinWaitlist") else { return }
        entries.append(place.entry.id)
        switch place.entry.status {
        case .waiting:
            let waiting = try engine.waitlist(eventId: event.id).filter { $0.entry.status == .waiting }.count
            if place.position != Int64(waiting) { fail("a new entry is at \(String(describing: place.position)) of \(waiting) waiting") }
        case .offered:
            if place.offer?.status != .active || place.offer?.ticketCount != quantity { fail("joined with the offer \(String(describing: place.offer))") }
        default: fail("joined as \(place.entry.status)")
        }
    }

    func leaveOrDecline() throws {
        let offered = try entries.suffix(40).filter { try engine.waitlistEntry($0)?.entry.status == .offered }
        guard let id = chance(60) ? pick(offered) ?? pickRecent(entries) : pickRecent(entries), let before = try engine.waitlistEntry(id) else { return }
        let offerLive = before.offer.map { $0.status == .active && $0.expiresAt > now } ?? false
        if chance(50) {
            let expected: Expect = before.entry.status == .accepted ? .error(.invalidState) : .ok
            guard let left = check(run("leaveWaitlist") { try engine.leaveWaitlist(id) }, expected, "leaveWaitlist of \(before.entry.status)") else { return }
            if (before.entry.status == .waiting || before.entry.status == .offered) && left.status != .left {
                fail("leaving a \(before.entry.status) entry left it \(left.status)")
            }
        } else {
            let expected: Expect = before.entry.status == .offered && offerLive ? .ok : .error(.invalidState)
            guard let declined = check(run("declineOffer") { try engine.declineWaitlistOffer(id) }, expected, "declineOffer of \(before.entry.status)")
            else { return }
            if declined.status != .declined { fail("a declined offer's entry is \(declined.status)") }
        }
    }

    func acceptOffer() throws {
        let offered = try entries.suffix(40).compactMap { try engine.waitlistEntry($0) }.filter { $0.entry.status == .offered }
        guard let place = pick(offered), let offer = place.offer else { return }
        let expected: Expect = offer.expiresAt > now ? .ok : .error(.holdExpired)
        guard let order = check(run("acceptOffer") { try engine.confirmHold(offer.id) }, expected, "acceptOffer") else { return }
        orders.append(order.id)
        codes += try engine.tickets(orderId: order.id).map(\.code)
        if try engine.waitlistEntry(place.entry.id)?.entry.status != .accepted { fail("an accepted offer's entry is not accepted") }
    }

    /// FIFO with no stock lost: on an event that sells, the first waiting entry for each tier does
    /// not fit the tier's free stock (else it would have been offered it), and positions run 1...n.
    func checkWaitlist() throws {
        for event in events {
            let stored = try #require(try engine.event(event.id))
            let places = try engine.waitlist(eventId: event.id)
            let waiting = places.filter { $0.entry.status == .waiting }.sorted { ($0.position ?? 0) < ($1.position ?? 0) }
            if waiting.compactMap(\.position) != Array(stride(from: Int64(1), through: Int64(waiting.count), by: 1)) {
                fail("positions \(waiting.map(\.position)) are not 1...\(waiting.count)")
            }
            guard now < (stored.details.salesEndAt ?? stored.details.startsAt) else { continue }
            let capacityLeft = stored.details.capacity.map { $0 - stored.held - stored.sold - stored.blocked } ?? .max
            for tier in try engine.ticketTypes(eventId: event.id) where !tier.details.hidden {
                guard let head = waiting.first(where: { $0.entry.ticketTypeId == nil || $0.entry.ticketTypeId == tier.id }) else { continue }
                let q = head.entry.quantity
                if q <= min(tier.remaining, capacityLeft) && q >= tier.details.minPerOrder && q <= tier.details.maxPerOrder {
                    fail("\(head.entry.email) waits first for \(q) of \(tier.details.name), which has \(min(tier.remaining, capacityLeft)) free")
                }
            }
        }
    }

    /// After a buyer's hold on an event that keeps stock for its queue: no entry still waits that
    /// could have taken a tier of it (it would have been offered first, or the tier kept).
    func checkQueueNotJumped(_ eventId: UUID, _ items: [Hold.Item]) throws {
        guard try #require(try engine.event(eventId)).details.waitlistReservesStock else { return }
        let waiting = try engine.waitlist(eventId: eventId).filter { $0.entry.status == .waiting }
        for item in items {
            let d = tiers[eventId]!.first { $0.id == item.ticketTypeId }!.details
            if let entry = waiting.first(where: { ($0.entry.ticketTypeId ?? item.ticketTypeId) == item.ticketTypeId
                                                  && (d.minPerOrder...d.maxPerOrder).contains($0.entry.quantity) }) {
                fail("a buyer took \(item.quantity) of \(d.name) while \(entry.entry.email) waits for \(entry.entry.quantity)")
            }
        }
    }

    /// Offer holds of the entries, which the walk did not make itself.
    func offerHolds() throws -> [Hold] {
        try events.flatMap { try engine.waitlist(eventId: $0.id).compactMap(\.offer) }
    }

    // MARK: Money

    func voucherHold() throws {
        let event = pick(events)!
        let items = tiers[event.id]!.shuffled(using: &rng).prefix(int(1...2)).map { Hold.Item(ticketTypeId: $0.id, quantity: Int64(int(1...4))) }
        let code = pick(["half", " Half ", "CREW", "crew", "nope"])!
        guard let hold = check(run("voucherHold") {
            try engine.createHold(eventId: event.id, items: items, ttlMillis: Int64(int(1...20)) * minute, voucherCode: code)
        }, .any, "voucherHold \(code)") else { return }
        if hold.voucherUses <= 0 || hold.voucherId == nil { fail("a hold with voucher \(code) counts \(hold.voucherUses) uses") }
        holds.append(hold.id)
    }

    func checkout() throws {
        guard let id = try pickHold(preferActive: true) else { return }
        let before = try engine.hold(id)
        var expected: Expect
        switch before?.status {
        case nil: expected = .error(.notFound)
        case .active? where before!.expiresAt > now: expected = .ok
        case .active?, .expired?, .released?: expected = .error(.holdExpired)
        case .converted?: expected = .error(.invalidState)
        }
        guard let order = check(run("checkout") { try engine.checkout(id) }, expected, "checkout of \(before?.status.rawValue ?? "unknown") hold"),
              let before else { return }
        if order.status != .pending || order.paymentDueAt != before.expiresAt || order.totalMinor != before.totalMinor {
            fail("checkout gave \(order) for \(before)")
        }
        if !orders.contains(order.id) { orders.append(order.id) }
    }

    /// The last payment event applied with an event id: a webhook the provider may send again.
    var lastPaymentEvent: PaymentEvent?

    func recordPayment() throws {
        if chance(15), let replay = lastPaymentEvent {
            guard let result = check(run("recordPayment") { try engine.recordPayment(replay) }, .ok, "a replayed payment event") else { return }
            outcomes["paymentOutcome", default: [:]][result.outcome.rawValue, default: 0] += 1
            if result.outcome != .replayed { fail("a replayed event gave \(result.outcome)") }
            return
        }
        let pending = try orders.suffix(30).filter { try engine.order($0)?.status == .pending }
        guard let orderId = chance(85) ? pick(pending) ?? pickRecent(orders) : pickRecent(orders),
              let order = try engine.order(orderId) else { return }
        let status = pick([Payment.Status.succeeded, .succeeded, .failed, .failed, .pending])!
        var amount = order.totalMinor
        if chance(5) { amount += 1 }
        let reference = "pi_\(int(0...2))_\(orderId.uuidString)"
        // Mostly this payment's own events (replays among them), sometimes one of another order's.
        let eventId = chance(80) ? "evt_\(int(0...2))_\(chance(95) ? reference : "x")_\(status.rawValue)" : nil
        let report = PaymentEvent(organizationId: order.organizationId, orderId: orderId, provider: "stripe", providerReference: reference,
                                  providerEventId: eventId, status: status, amountMinor: amount, currency: order.currency)
        guard let result = check(run("recordPayment") { try engine.recordPayment(report) }, .any, "recordPayment") else { return }
        outcomes["paymentOutcome", default: [:]][result.outcome.rawValue, default: 0] += 1
        if report.providerEventId != nil { lastPaymentEvent = report }
        switch result.outcome {
        case .confirmed, .lateConfirmed:
            if result.order.status != .confirmed || result.order.paidMinor < order.totalMinor { fail("payment \(result.outcome) gave \(result.order)") }
        case .refundDue:
            if result.order.paymentStatus != .refundDue { fail("refund due, but the order says \(result.order.paymentStatus)") }
        case .released:
            if result.order.status != .cancelled { fail("released, but the order is \(result.order.status)") }
        case .recorded, .replayed: break
        }
    }

    /// A refund by amount, a chargeback, its reversal or a provider fee: refunds and chargebacks
    /// up to what is left, reversals up to what was charged back.
    func moveMoney() throws {
        guard let orderId = pickRecent(orders), let order = try engine.order(orderId) else { return }
        let amount = chance(10) ? Int64(int(-2...0)) : Int64(int(1...Int(max(1, order.totalMinor))))
        let kind = int(0...3)
        // A fee needs a payment; it is not bounded by it.
        let limit = kind == 2 ? order.chargedBackMinor : kind == 3 ? (order.paidMinor > 0 ? Int64.max : 0) : order.refundableMinor
        let expected: Expect = amount <= 0 || amount > limit ? .error(.invalidArgument) : .ok
        let result = run("moveMoney") { () throws -> Order in
            switch kind {
            case 0: return try engine.refundAmount(orderId: orderId, amountMinor: amount, reason: "goodwill", actor: .user(manager.id))
            case 1: return try engine.recordChargeback(orderId: orderId, amountMinor: amount, actor: .system)
            case 2: return try engine.reverseChargeback(orderId: orderId, amountMinor: amount, actor: .system)
            default: return try engine.recordProviderFee(orderId: orderId, amountMinor: amount, actor: .system)
            }
        }
        guard let after = check(result, expected, "moveMoney kind \(kind) of \(amount), limit \(limit)") else { return }
        if after.refundedMinor + after.chargedBackMinor > after.paidMinor { fail("refunds above what was paid: \(after)") }
    }

    // MARK: Holds

    /// What createHold must answer for well-formed items, in the engine's order of checks:
    /// per tier its limits then hidden, then each tier's stock, then the event capacity. The
    /// availability is exact before any sweep, so it predicts the stock after the sweep.
    func predictHold(_ eventId: UUID, _ items: [Hold.Item], sale: Bool) throws -> Expect {
        let specs = Dictionary(uniqueKeysWithValues: tiers[eventId]!.map { ($0.id, $0.details) })
        if sale {
            for item in items {
                let d = specs[item.ticketTypeId]!
                if item.quantity < d.minPerOrder || item.quantity > d.maxPerOrder { return .error(.limitExceeded) }
                if d.hidden { return .error(.notOnSale) }
            }
        }
        let availability = try engine.availability(eventId: eventId)
        let byTier = Dictionary(uniqueKeysWithValues: availability.tiers.map { ($0.ticketTypeId, $0) })
        for item in items {
            let tier = byTier[item.ticketTypeId]!
            if item.quantity > tier.quantity - tier.held - tier.sold - tier.blocked { return .error(.soldOut) }
        }
        if let left = availability.capacityRemaining, items.reduce(0, { $0 + $1.quantity }) > left { return .error(.soldOut) }
        // Waiting entries are served first, in the same write: their offers may take what looked
        // free, and what is kept for them is refused (checkQueueNotJumped checks a success).
        return availability.tiers.contains { $0.waitlisted > 0 } ? .okOr(.soldOut) : .ok
    }

    func createHold() throws {
        var event = pick(events)!
        let own = tiers[event.id]!
        let other = tiers[events.first { $0.id != event.id }!.id]!
        var items: [Hold.Item]
        var failsBeforeWriting = false  // caught before the transaction, whatever the key
        var expected: Expect?
        switch int(0...19) {
        case 0:  // a tier twice
            let tier = pick(own)!
            items = [.init(ticketTypeId: tier.id, quantity: 1), .init(ticketTypeId: tier.id, quantity: 2)]
            failsBeforeWriting = true
        case 1:  // no tickets, or fewer than none
            items = [.init(ticketTypeId: pick(own)!.id, quantity: Int64(int(-2...0)))]
            failsBeforeWriting = true
        case 2:  // a tier of the other event
            items = [.init(ticketTypeId: pick(other)!.id, quantity: 1)]
            expected = .error(.invalidArgument)
        case 3:  // no such tier
            items = [.init(ticketTypeId: UUID(), quantity: 1)]
            expected = .error(.notFound)
        case 4:  // far too many: above every tier's maximum
            items = [.init(ticketTypeId: pick(own)!.id, quantity: Int64(int(7...500)))]
        default:  // 1 to 3 tiers, 1 to 6 each: sometimes hidden, below a minimum or above a maximum
            items = own.shuffled(using: &rng).prefix(int(1...3)).map { .init(ticketTypeId: $0.id, quantity: Int64(int(1...6))) }
        }
        var ttl = Int64(int(1...30)) * minute + Int64(int(0...59)) * 1_000
        var badTTL = false
        if chance(3) {
            ttl = pick([0, -minute, engine.options.maxHoldMillis + 1])!
            badTTL = true
        }
        var key: String?
        switch int(0...99) {
        case 0..<8: key = pickKey("hold.create")  // a replay
        case 8..<10: key = pickKey("order.confirm")  // a key of another operation
        case 10..<25: key = freshKey()
        default: break
        }
        var customerId = chance(30) ? customer.id : nil
        if let key, let original = holdRequests[key], chance(50) {  // the same request again: a true replay
            (event, items, customerId) = original
            failsBeforeWriting = false
            expected = nil
        }
        failsBeforeWriting = failsBeforeWriting || badTTL
        let request = Self.holdRequest(event.id, customerId, items)

        let replay = liveKey(key, "hold.create", request)
        if failsBeforeWriting {
            expected = .error(.invalidArgument)
        } else if replay != nil {
            expected = .ok
        } else if conflictingKey(key, "hold.create", request) {
            expected = .error(.invalidArgument)
        } else if expected == nil {
            expected = try predictHold(event.id, items, sale: true)
        }
        let at = now
        let result = run("createHold") {
            try engine.createHold(eventId: event.id, items: items, customerId: customerId, ttlMillis: ttl, idempotencyKey: key)
        }
        guard let hold = check(result, expected!, "createHold \(items) key \(key ?? "-")") else { return }
        if let replay {
            if hold.id != replay { fail("createHold with key \(key!) returned hold \(hold.id), not the earlier \(replay)") }
            return
        }
        if hold.status != .active || hold.expiresAt != at + ttl || hold.items.map(\.ticketTypeId) != items.map(\.ticketTypeId)
            || hold.items.map(\.quantity) != items.map(\.quantity) || hold.eventId != event.id || hold.customerId != customerId {
            fail("createHold returned \(hold) for items \(items), ttl \(ttl) at \(at)")
        }
        holds.append(hold.id)
        try checkQueueNotJumped(event.id, items)
        if let key {
            keys[key] = ("hold.create", hold.id, at, request)
            holdRequests[key] = (event, items, customerId)
        }
    }

    /// A known hold, mostly a recent one; sometimes one that does not exist. With
    /// `preferActive`, mostly one of the recent holds still active (an extension needs one).
    func pickHold(preferActive: Bool = false) throws -> UUID? {
        if chance(3) { return UUID() }
        if preferActive, chance(60) {
            let active = try holds.suffix(20).filter { try engine.hold($0)?.status == .active }
            if let id = pick(active) { return id }
        }
        return pickRecent(holds)
    }

    func extendHold() throws {
        guard let id = try pickHold(preferActive: true) else { return }
        let before = try engine.hold(id)
        let ttl = chance(5) ? 0 : Int64(int(1...30)) * minute
        let expected: Expect
        if ttl <= 0 {
            expected = .error(.invalidArgument)
        } else if let before {
            switch before.status {
            case .active: expected = before.expiresAt > now ? .ok : .error(.holdExpired)
            case .expired, .released: expected = .error(.holdExpired)
            case .converted: expected = .error(.invalidState)
            }
        } else {
            expected = .error(.notFound)
        }
        let at = now
        if let hold = check(run("extendHold") { try engine.extendHold(id, ttlMillis: ttl) }, expected, "extendHold \(before?.status.rawValue ?? "unknown")"),
           hold.expiresAt != at + ttl || hold.status != .active {
            fail("extendHold by \(ttl) at \(at) gave \(hold)")
        }
    }

    func releaseHold() throws {
        guard let id = try pickHold() else { return }
        let before = try engine.hold(id)
        let expected: Expect = before == nil ? .error(.notFound) : before!.status == .converted ? .error(.invalidState) : .ok
        guard let hold = check(run("releaseHold") { try engine.releaseHold(id) }, expected, "releaseHold \(before?.status.rawValue ?? "unknown")"),
              let before else { return }
        let status: Hold.Status = before.status != .active ? before.status : before.expiresAt <= now ? .expired : .released
        if hold.status != status { fail("releaseHold of \(before.status.rawValue) hold (expires \(before.expiresAt), now \(now)) left it \(hold.status.rawValue)") }
    }

    func expireHolds() throws {
        let limit: Int? = chance(30) ? int(0...3) : nil
        var due = 0
        for id in holds + (try offerHolds().map(\.id)) {
            if let hold = try engine.hold(id), hold.status == .active, hold.expiresAt <= now { due += 1 }
        }
        let expected: Expect = limit == 0 ? .error(.invalidArgument) : .ok
        if let count = check(run("expireHolds") { try engine.expireHolds(limit: limit) }, expected, "expireHolds limit \(String(describing: limit))"),
           count != min(due, limit ?? .max) {
            fail("expireHolds(limit: \(String(describing: limit))) ended \(count) holds, but \(due) were due")
        }
    }

    // MARK: Confirmation

    func confirmHold() throws {
        guard let id = try pickHold() else { return }
        var key: String?
        switch int(0...99) {
        case 0..<12: key = pickKey("order.confirm")
        case 12..<16: key = pickKey("hold.create")
        case 16..<40: key = freshKey()
        default: break
        }
        let reference: String? = chance(2) ? "" : chance(80) ? "pay-\(step)" : nil
        let before = try engine.hold(id)
        let request = "hold=\(id)"
        let replay = liveKey(key, "order.confirm", request)
        let expected: Expect
        var late = false
        if reference == "" {
            expected = .error(.invalidArgument)
        } else if before == nil {
            expected = .error(.notFound)  // the hold is loaded and its actor checked before the key
        } else if replay != nil {
            expected = .ok
        } else if conflictingKey(key, "order.confirm", request) {
            expected = .error(.invalidArgument)
        } else if let before {
            switch before.status {
            case .converted: expected = .error(.invalidState)
            case .active where before.expiresAt > now: expected = .ok
            case .active, .expired, .released:
                // Late: it confirms only if its tickets are still free (and its voucher's uses:
                // a blocking voucher's reserve is not predicted here; verify checks the outcome).
                late = true
                let predicted = try predictHold(before.eventId, before.items, sale: false)
                switch predicted {
                case _ where before.voucherId != nil: expected = .any
                case .ok: expected = .ok
                case .okOr: expected = .okOr(.holdExpired)  // the queue is served first
                default: expected = .error(.holdExpired)
                }
            }
        } else {
            expected = .error(.notFound)
        }
        let at = now
        let result = run("confirmHold") { try engine.confirmHold(id, paymentReference: reference, idempotencyKey: key) }
        guard let order = check(result, expected, "confirmHold of \(before?.status.rawValue ?? "unknown") hold, key \(key ?? "-")") else { return }
        if let replay {
            if order.id != replay { fail("confirmHold with key \(key!) returned order \(order.id), not the earlier \(replay)") }
            return
        }
        guard let before else { return }
        if late { lateConfirms += 1 }
        let tickets = try engine.tickets(orderId: order.id)
        let items = try engine.orderItems(orderId: order.id)
        let after = try engine.hold(id)
        if order.holdId != id || order.status != .confirmed || order.paymentReference != reference || order.eventId != before.eventId
            || order.customerId != before.customerId || order.refundedMinor != 0 {
            fail("confirmHold returned \(order)")
        }
        if tickets.count != Int(before.ticketCount) || !tickets.allSatisfy({ $0.status == .valid && $0.orderId == order.id }) {
            fail("confirmHold of \(before.ticketCount) tickets wrote \(tickets.count): \(tickets.map(\.status))")
        }
        if order.subtotalMinor != items.reduce(0, { $0 + $1.subtotalMinor }) || order.feesMinor != items.reduce(0, { $0 + $1.feesMinor })
            || order.totalMinor != order.subtotalMinor + order.feesMinor
            || order.totalMinor != tickets.reduce(0, { $0 + $1.priceMinor + $1.feeMinor }) {
            fail("order totals \(order.subtotalMinor)/\(order.feesMinor)/\(order.totalMinor) disagree with items and tickets")
        }
        if after?.status != .converted || after?.orderId != order.id { fail("confirmed hold is \(String(describing: after))") }
        if !orders.contains(order.id) { orders.append(order.id) }
        codes += tickets.map(\.code)
        if let key { keys[key] = ("order.confirm", order.id, at, request) }
    }

    // MARK: Refunds and cancellations

    func isLive(_ ticket: Ticket) -> Bool { ticket.status == .valid || ticket.status == .used }
    func isOpen(_ order: Order) -> Bool { order.status == .confirmed || order.status == .partiallyRefunded }

    /// A manager, or sometimes an operator, who may not refund or cancel.
    func pickStaff(operatorPercent: Int) -> (Actor, isOperator: Bool) {
        chance(operatorPercent) ? (.user(operatorUser.id), true) : (.user(manager.id), false)
    }

    func refundTickets() throws {
        guard let orderId = pickRecent(orders), let order = try engine.order(orderId) else { return }
        let tickets = try engine.tickets(orderId: orderId)
        guard !tickets.isEmpty else { return }  // a pending, expired or failed order: none issued
        let live = tickets.filter(isLive)
        let (actor, isOperator) = pickStaff(operatorPercent: 15)
        var ids: [UUID]
        var expected: Expect
        switch int(0...9) {
        case 0:
            let ticket = pick(tickets)!
            ids = [ticket.id, ticket.id]
            expected = .error(.invalidArgument)
        case 1:
            guard let otherId = pick(orders.filter { $0 != orderId }), let foreign = try pick(engine.tickets(orderId: otherId)) else { return }
            ids = [foreign.id]
            expected = .error(.invalidArgument)
        case 2:
            ids = [UUID()]
            expected = .error(.notFound)
        case 3 where live.count < tickets.count:
            ids = [pick(tickets.filter { !isLive($0) })!.id]
            expected = .error(.invalidState)
        default:
            if live.isEmpty {
                ids = [pick(tickets)!.id]
                expected = .error(.invalidState)
            } else {
                ids = Array(live.shuffled(using: &rng).prefix(int(1...live.count)).map(\.id))
                expected = .ok
            }
        }
        // The engine checks in this order: a duplicate id (before the transaction), the actor's
        // role, the order's state, then each ticket.
        if case .error(.invalidArgument) = expected, ids.count == 2 {
        } else if isOperator {
            expected = .error(.permissionDenied)
        } else if order.status != .confirmed && order.status != .partiallyRefunded {
            expected = .error(.invalidState)
        } else if case .ok = expected, tickets.filter({ ids.contains($0.id) }).reduce(0, { $0 + $1.priceMinor + $1.feeMinor }) > order.refundableMinor {
            expected = .error(.invalidArgument)  // refunds by amount left less than these tickets cost
        }
        let result = run("refundTickets") { try engine.refundTickets(orderId: orderId, ticketIds: ids, actor: actor) }
        guard let refunded = check(result, expected, "refundTickets \(ids.count) of order \(order.status.rawValue) by \(isOperator ? "operator" : "manager")") else { return }
        let amount = tickets.filter { ids.contains($0.id) }.reduce(0) { $0 + $1.priceMinor + $1.feeMinor }
        let remaining = live.count - ids.count
        let status: Order.Status = remaining > 0 ? .partiallyRefunded : .refunded
        if refunded.refundedMinor != order.refundedMinor + amount || refunded.status != status {
            fail("refunding \(ids.count) of \(live.count) live tickets (\(amount)) gave \(refunded.status.rawValue), refunded \(refunded.refundedMinor) (was \(order.refundedMinor))")
        }
        let after = try engine.tickets(orderId: orderId)
        if !after.filter({ ids.contains($0.id) }).allSatisfy({ $0.status == .refunded }) { fail("refunded tickets are \(after.map(\.status))") }
    }

    func refundOrder() throws {
        let orderId = chance(3) ? UUID() : pickRecent(orders)
        guard let orderId else { return }
        let order = try engine.order(orderId)
        let live = try engine.tickets(orderId: orderId).filter(isLive)
        let (actor, isOperator) = pickStaff(operatorPercent: 20)
        var expected: Expect = order == nil ? .error(.notFound) : isOperator ? .error(.permissionDenied) : isOpen(order!) ? .ok : .error(.invalidState)
        if case .ok = expected, live.reduce(0, { $0 + $1.priceMinor + $1.feeMinor }) > order!.refundableMinor { expected = .error(.invalidArgument) }
        guard let refunded = check(run("refundOrder") { try engine.refundOrder(orderId, actor: actor) }, expected,
                                   "refundOrder of \(order?.status.rawValue ?? "unknown") order by \(isOperator ? "operator" : "manager")"),
              let order else { return }
        let amount = live.reduce(0) { $0 + $1.priceMinor + $1.feeMinor }
        if refunded.status != .refunded || refunded.refundedMinor != order.refundedMinor + amount {
            fail("refundOrder gave \(refunded.status.rawValue), refunded \(refunded.refundedMinor), expected \(order.refundedMinor + amount)")
        }
        if try engine.tickets(orderId: orderId).contains(where: isLive) { fail("a refunded order still has live tickets") }
    }

    func cancelOrder() throws {
        let orderId = chance(3) ? UUID() : pickRecent(orders)
        guard let orderId else { return }
        let order = try engine.order(orderId)
        let tickets = try engine.tickets(orderId: orderId)
        let (actor, isOperator) = pickStaff(operatorPercent: 25)
        let reason = chance(3) ? String(repeating: "x", count: 1_001) : chance(50) ? "customer asked (step \(step))" : ""
        let expected: Expect = reason.count > 1_000 ? .error(.invalidArgument) : order == nil ? .error(.notFound)
            : isOperator ? .error(.permissionDenied) : isOpen(order!) ? .ok : .error(.invalidState)
        guard let cancelled = check(run("cancelOrder") { try engine.cancelOrder(orderId, reason: reason, actor: actor) }, expected,
                                    "cancelOrder of \(order?.status.rawValue ?? "unknown") order by \(isOperator ? "operator" : "manager")"),
              let order else { return }
        if cancelled.status != .cancelled || cancelled.refundedMinor != order.refundedMinor { fail("cancelOrder gave \(cancelled)") }
        let after = Dictionary(uniqueKeysWithValues: try engine.tickets(orderId: orderId).map { ($0.id, $0.status) })
        for ticket in tickets where after[ticket.id] != (isLive(ticket) ? .cancelled : ticket.status) {
            fail("cancelOrder moved a \(ticket.status.rawValue) ticket to \(String(describing: after[ticket.id]))")
        }
    }

    // MARK: The door

    /// A code as a scanner or a person might type it: lowercase, or in groups with dashes.
    func garble(_ code: String) -> String {
        switch int(0...3) {
        case 0: return code.lowercased()
        case 1: return stride(from: 0, to: code.count, by: 4).map { i in
                let start = code.index(code.startIndex, offsetBy: i)
                return String(code[start..<code.index(start, offsetBy: min(4, code.count - i))])
            }.joined(separator: "-")
        default: return code
        }
    }

    func randomCode() -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        return String((0..<26).map { _ in alphabet[int(0...31)] })
    }

    func checkIn() throws {
        var code: String
        switch int(0...99) {
        case 0..<65: code = pick(codes).map(garble) ?? "NOT A CODE"
        case 65..<75: code = pick(retired) ?? randomCode()
        case 75..<85: code = randomCode()  // well-formed, unknown
        default: code = pick(["NOT A CODE", "", "????", "https://example.org/t/123", String(repeating: "Z", count: 27)])!
        }
        let eventFilter: UUID? = chance(20) ? pick(events)!.id : nil
        let actor: Actor = chance(85) ? .user(operatorUser.id) : .user(manager.id)
        let gate = "Gate \(int(1...4))"
        let before = try engine.ticket(code: code)
        let normalized = TicketCode.normalize(code)
        var reason: CheckIn.Reason?
        switch before?.status {
        case nil: reason = normalized.map { retired.contains($0) } == true ? .transferred : .unknownCode
        case .valid?: reason = eventFilter != nil && eventFilter != before!.eventId ? .wrongEvent : nil
        case .used?: reason = .alreadyUsed
        case .refunded?: reason = .refunded
        case .cancelled?: reason = .cancelled
        }
        let at = now
        guard let outcome = check(run("checkIn") { try engine.checkIn(code: code, gate: gate, eventId: eventFilter, actor: actor) }, .ok,
                                  "checkIn of \(before?.status.rawValue ?? "unknown") code '\(code)'") else { return }
        if outcome.accepted != (reason == nil) || outcome.reason != reason {
            fail("checkIn of \(before?.status.rawValue ?? "unknown") code '\(code)' answered \(outcome.accepted) \(String(describing: outcome.reason)), expected \(String(describing: reason))")
        }
        if outcome.accepted {
            acceptedCheckIns += 1
            if outcome.ticket?.status != .used || outcome.ticket?.checkedInGate != gate || outcome.ticket?.checkedInAt != at {
                fail("an accepted check-in left \(String(describing: outcome.ticket))")
            }
        }
        if before?.status == .used, outcome.firstGate != before?.checkedInGate || outcome.firstCheckedInAt != before?.checkedInAt {
            fail("a second scan reported first scan \(String(describing: outcome.firstGate)) at \(String(describing: outcome.firstCheckedInAt)), not \(String(describing: before?.checkedInGate))")
        }
    }

    func transferTicket() throws {
        var index: Int?
        var code: String
        switch int(0...99) {
        case 0..<70:
            guard !codes.isEmpty else { return }
            index = int(0...codes.count - 1)
            code = garble(codes[index!])
        case 70..<85: code = pick(retired) ?? randomCode()
        default: code = randomCode()
        }
        let badEmail = chance(5)
        let email = badEmail ? "not-an-email" : "guest\(step)@example.org"
        let before = try engine.ticket(code: code)
        let expected: Expect = badEmail ? .error(.invalidArgument) : before == nil ? .error(.notFound)
            : before!.status == .valid ? .ok : .error(.invalidState)
        guard let ticket = check(run("transferTicket") { try engine.transferTicket(code: code, toName: "Guest \(step)", toEmail: email) }, expected,
                                 "transfer of \(before?.status.rawValue ?? "unknown") ticket"),
              let before, let index else { return }
        if ticket.id != before.id || ticket.code == before.code || ticket.attendeeEmail != email || ticket.status != .valid
            || ticket.transfers.count != before.transfers.count + 1 {
            fail("transfer gave \(ticket)")
        }
        if try engine.ticket(code: before.code) != nil { fail("the old code \(before.code) still finds a ticket") }
        codes[index] = ticket.code
        retired.append(before.code)
    }

    // MARK: Time

    func advanceClock() {
        // Sometimes exactly to the moment the newest active hold expires: the boundary.
        if chance(10), let id = holds.last, let hold = try? engine.hold(id), hold.status == .active,
           hold.expiresAt > now, hold.expiresAt - now <= 20 * minute {
            t.clock.advance(hold.expiresAt - now)
        } else {
            t.clock.advance(Int64(int(0...20 * 60)) * 1_000)
        }
    }

    // MARK: Invariants

    func checkpoint(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let report = try engine.verify()
        if !report.isClean { fail("verify after \(step) operations: \(report)", sourceLocation: sourceLocation) }

        // Availability is exact before the sweep: sweeping changes nothing in it, unless the
        // stock it frees is offered to a waitlist (offers are made by writes, not foreseen by reads).
        let before = try events.map { try engine.availability(eventId: $0.id) }
        let offersBefore = try offerHolds().map(\.id)
        try engine.expireHolds()
        let after = try events.map { try engine.availability(eventId: $0.id) }
        if try before != after && Set(offersBefore) == Set(offerHolds().map(\.id)) {
            fail("availability changed when expired holds were swept:\n\(before)\n\(after)", sourceLocation: sourceLocation)
        }
        try checkWaitlist()

        // The model: held from the active holds, sold from the live tickets of every order.
        var heldByTier: [UUID: Int64] = [:]
        for id in Set(holds + (try offerHolds().map(\.id))) {
            guard let hold = try engine.hold(id) else { fail("hold \(id) vanished"); continue }
            if hold.status == .active {
                if hold.expiresAt <= now { fail("hold \(id) is active after the sweep but expired at \(hold.expiresAt)") }
                for item in hold.items { heldByTier[item.ticketTypeId, default: 0] += item.quantity }
            }
        }
        var soldByTier: [UUID: Int64] = [:]
        for id in orders {
            for ticket in try engine.tickets(orderId: id) where ticket.holdsItsPlace { soldByTier[ticket.ticketTypeId, default: 0] += 1 }
        }

        for (event, availability) in zip(events, after) {
            guard let stored = try engine.event(event.id) else { fail("event vanished"); continue }
            let types = try engine.ticketTypes(eventId: event.id)
            let capacityRemaining = stored.details.capacity.map { max(0, $0 - stored.held - stored.sold - stored.blocked) }
            if availability.capacityRemaining != capacityRemaining {
                fail("capacityRemaining \(String(describing: availability.capacityRemaining)), counters say \(String(describing: capacityRemaining))",
                     sourceLocation: sourceLocation)
            }
            if availability.tiers.map(\.ticketTypeId) != types.map(\.id) { fail("availability lists other tiers", sourceLocation: sourceLocation) }
            for (tier, a) in zip(types, availability.tiers) {
                let kept = stored.details.waitlistReservesStock && tier.keptForWaitlist
                let free = kept ? 0 : max(0, min(tier.remaining, capacityRemaining ?? .max))
                if a.held != tier.held || a.sold != tier.sold || a.available != free || a.quantity != tier.details.quantity {
                    fail("availability of \(tier.details.name): held \(a.held) sold \(a.sold) available \(a.available); "
                         + "counters: held \(tier.held) sold \(tier.sold) free \(free)", sourceLocation: sourceLocation)
                }
                if tier.held != heldByTier[tier.id, default: 0] || tier.sold != soldByTier[tier.id, default: 0] {
                    fail("\(tier.details.name): held \(tier.held) sold \(tier.sold), but the holds and orders give "
                         + "\(heldByTier[tier.id, default: 0]) and \(soldByTier[tier.id, default: 0])", sourceLocation: sourceLocation)
                }
                if a.onSaleNow == tier.details.hidden { fail("\(tier.details.name) onSaleNow \(a.onSaleNow)", sourceLocation: sourceLocation) }
            }
            if stored.held != types.reduce(0, { $0 + $1.held }) || stored.sold != types.reduce(0, { $0 + $1.sold }) {
                fail("event counters \(stored.held)/\(stored.sold) are not the tiers' sums", sourceLocation: sourceLocation)
            }
        }
        let swept = try engine.verify()
        if !swept.isClean { fail("verify after the sweep at \(step) operations: \(swept)", sourceLocation: sourceLocation) }
    }

    /// The change feed, paged from 0, is 1...N without gaps or repeats, and agrees with what the
    /// run did.
    func checkAuditFeed() throws {
        #expect(throws: BoxOfficeError.self) { try self.engine.auditFeed(after: 0, limit: 0) }
        var entries: [AuditEntry] = []
        var after: UInt64 = 0
        let limit = 97
        while true {
            let page = try engine.auditFeed(after: after, limit: limit)
            if page.count > limit { fail("a page of \(page.count) entries for limit \(limit)") }
            guard let last = page.last else { break }
            entries += page
            after = last.sequence
        }
        let sequences = entries.map(\.sequence)
        #expect(!sequences.isEmpty)
        #expect(sequences == Array(1...UInt64(max(1, sequences.count))), "seed \(seed): the audit feed has gaps or repeats")
        #expect(try engine.auditFeed(after: after, limit: 10).isEmpty)
        func count(_ action: String) -> Int { entries.filter { $0.action == action }.count }
        #expect(count("permission.denied") == deniedCount, "seed \(seed)")
        #expect(count("hold.create") == holds.count, "seed \(seed)")
        let issued = try orders.filter { try engine.hold(try #require(try engine.order($0)).holdId)?.status == .converted }
        #expect(count("order.confirm") == issued.count, "seed \(seed)")
        #expect(count("ticket.transfer") == retired.count, "seed \(seed)")
    }

    /// The walk reached the interesting paths (the seeds are fixed, so this is deterministic
    /// enough to assert loosely).
    func expectCoverage() {
        func seen(_ op: String, _ outcome: String) -> Int { outcomes[op]?[outcome] ?? 0 }
        #expect(seen("createHold", "ok") > 30 && seen("createHold", "soldOut") > 0 && seen("createHold", "limitExceeded") > 0
                && seen("createHold", "notOnSale") > 0, "seed \(seed): \(summary)")
        #expect(seen("confirmHold", "ok") > 20 && seen("confirmHold", "holdExpired") > 0 && seen("confirmHold", "invalidState") > 0,
                "seed \(seed): \(summary)")
        #expect(seen("cancelOrder", "permissionDenied") > 0 && seen("refundTickets", "ok") > 0 && seen("refundOrder", "ok") > 0,
                "seed \(seed): \(summary)")
        #expect(acceptedCheckIns > 0 && seen("transferTicket", "ok") > 0, "seed \(seed): \(summary)")
        #expect(seen("paymentOutcome", "confirmed") + seen("paymentOutcome", "late_confirmed") > 0 && seen("paymentOutcome", "released") > 0
                && seen("paymentOutcome", "refund_due") > 0 && seen("paymentOutcome", "replayed") > 0
                && seen("checkout", "ok") > 0 && seen("moveMoney", "ok") > 0 && seen("voucherHold", "ok") > 0, "seed \(seed): \(summary)")
        #expect(seen("joinWaitlist", "ok") > 10 && seen("joinWaitlist", "duplicate") > 0 && seen("acceptOffer", "ok") > 0
                && seen("declineOffer", "ok") > 0 && seen("leaveWaitlist", "ok") > 0, "seed \(seed): \(summary)")
    }

    var summary: String {
        outcomes.keys.sorted().map { op in
            "\(op)[" + outcomes[op]!.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") + "]"
        }.joined(separator: " ") + " lateConfirms=\(lateConfirms)"
    }
}
