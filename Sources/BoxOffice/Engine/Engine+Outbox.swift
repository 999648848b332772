import BoxOfficeStore
import FoundationEssentials

/// The notification outbox: messages written in the transactions that make the changes they
/// tell of, and handed to a host's delivery worker with leases, so that a worker that dies
/// mid-batch loses nothing (docs/OUTBOX.md). Delivery is at least once; receivers deduplicate
/// by the message id.
extension Engine {
    /// Claims up to `limit` (1...1000) due messages, oldest first, for `leaseMillis` (1 s to 1 h):
    /// pending ones whose time came, and claimed ones whose lease ran out (their worker did not
    /// acknowledge in time). Each claim counts an attempt. Acknowledge them, or fail them, before
    /// the lease ends; after it they can be claimed again.
    public func claimOutbox(limit: Int = 100, leaseMillis: Int64 = 60_000, actor: Actor = .system) throws -> [OutboxMessage] {
        guard (1...1_000).contains(limit) else { throw BoxOfficeError.invalidArgument("limit must be 1...1000, not \(limit)") }
        guard (1_000...3_600_000).contains(leaseMillis) else {
            throw BoxOfficeError.invalidArgument("lease must be 1 s to 1 h (1000...3600000 ms), not \(leaseMillis) ms")
        }
        return try mutate(actor) { m in
            try m.authorizeHost("claim outbox messages")
            _ = try m.expandFanouts(limit: limit)  // the next batch of any fan-out, and due reminders, so a worker's claims drive them
            _ = try m.remindOffers(limit: limit)
            return try m.t.outbox.scan(index: .due, .between(nil, and: Key(m.now + 1)), limit: limit, in: m.txn).items.map { message in
                var claimed = message
                claimed.status = .claimed
                claimed.attempts += 1
                claimed.availableAt = m.now + leaseMillis
                claimed.claimedAt = m.now
                claimed.updatedAt = m.now
                return try m.t.outbox.update(claimed, in: m.txn)
            }
        }
    }

    /// Records that messages were sent; returns how many changed. A claimed one becomes
    /// delivered, and so does a pending one that was claimed before (its lease ran out while it
    /// was sent, and another worker's attempt failed meanwhile): it was sent. One delivered
    /// already, or dead-lettered by an operator meanwhile, is left as it is, so a worker's
    /// acknowledgement of its batch never fails on another's doing and can be repeated after a
    /// crash. A message never claimed (no `claimedAt`) was handed to no worker: acknowledging it
    /// is `invalidState`, and nothing of the batch is written.
    @discardableResult
    public func acknowledgeOutbox(_ ids: [UUID], actor: Actor = .system) throws -> Int {
        guard (1...1_000).contains(ids.count) else { throw BoxOfficeError.invalidArgument("messageIds: 1 to 1000 message ids, not \(ids.count)") }
        guard Set(ids).count == ids.count else { throw BoxOfficeError.invalidArgument("messageIds: a message is listed twice") }
        return try mutate(actor) { m in
            try m.authorizeHost("acknowledge outbox messages")
            var changed = 0
            for id in ids {
                var message = try m.load(m.t.outbox, id)
                switch message.status {
                case .delivered, .dead: continue
                case .pending where message.claimedAt == nil:
                    throw message.neverClaimed("acknowledge")
                case .claimed, .pending:
                    message.status = .delivered
                    message.deliveredAt = m.now
                    message.updatedAt = m.now
                    try m.t.outbox.update(message, in: m.txn)
                    changed += 1
                }
            }
            return changed
        }
    }

    /// Records a failed sending with `reason` (cut to 1000 bytes; empty reads "no reason
    /// given"): a claimed or pending message is retried after a backoff (30 s doubled per
    /// attempt, at most an hour), or, after `maxAttempts` (1...100) attempts, it is dead. One
    /// delivered or dead meanwhile (by another worker, or an operator) is returned unchanged; one
    /// never claimed is `invalidState`.
    public func failOutbox(_ id: UUID, reason: String, maxAttempts: Int64 = 8, actor: Actor = .system) throws -> OutboxMessage {
        // A worker's error text, whatever it is, must not make the failure itself fail.
        var bytes = 0  // cut at a character, in one pass: a worker's text may be megabytes
        let reason = reason.allSatisfy(\.isWhitespace) ? "no reason given" : String(reason.prefix { bytes += $0.utf8.count; return bytes <= 1_000 })
        try Validate.text(reason, "reason", max: 1_000)
        guard (1...100).contains(maxAttempts) else { throw BoxOfficeError.invalidArgument("maxAttempts must be 1...100, not \(maxAttempts)") }
        return try mutate(actor) { m in
            try m.authorizeHost("fail outbox messages")
            var message = try m.load(m.t.outbox, id)
            guard message.status == .claimed || message.status == .pending else { return message }
            guard message.claimedAt != nil else { throw message.neverClaimed("fail") }
            message.lastError = reason
            if message.attempts >= maxAttempts {
                message.status = .dead
            } else {
                message.status = .pending
                message.availableAt = m.now + min(3_600_000, 30_000 << min(message.attempts - 1, 20))
            }
            message.updatedAt = m.now
            return try m.t.outbox.update(message, in: m.txn)
        }
    }

    /// An operator's retry of a dead or pending message: due at once, its attempts counted anew.
    public func retryOutbox(_ id: UUID, actor: Actor = .system) throws -> OutboxMessage {
        try mutate(actor) { m in
            var message = try m.load(m.t.outbox, id)
            try m.authorize("retry outbox messages", minimum: .admin, in: message.organizationId)
            guard message.status == .dead || message.status == .pending else {
                throw BoxOfficeError.invalidState(OutboxMessage.self, id: id.lowercasedString, state: message.status.rawValue, action: "retry")
            }
            message.status = .pending
            message.attempts = 0
            message.availableAt = m.now
            message.updatedAt = m.now
            return try m.t.outbox.update(message, in: m.txn)
        }
    }

    /// An operator's dead-lettering of a message not delivered yet: it is never claimed again.
    public func deadLetterOutbox(_ id: UUID, reason: String, actor: Actor = .system) throws -> OutboxMessage {
        try Validate.text(reason, "reason", max: 1_000)
        return try mutate(actor) { m in
            var message = try m.load(m.t.outbox, id)
            try m.authorize("dead-letter outbox messages", minimum: .admin, in: message.organizationId)
            guard message.status == .pending || message.status == .claimed else {
                throw BoxOfficeError.invalidState(OutboxMessage.self, id: id.lowercasedString, state: message.status.rawValue,
                                                  action: "dead-letter")
            }
            message.status = .dead
            message.lastError = reason
            message.updatedAt = m.now
            return try m.t.outbox.update(message, in: m.txn)
        }
    }

    /// Deletes messages delivered more than `retentionMillis` (an hour to a year) ago, at most
    /// `limit` per call (nil: all); returns how many.
    @discardableResult
    public func purgeOutbox(retentionMillis: Int64 = 7 * 86_400_000, limit: Int? = nil, actor: Actor = .system) throws -> Int {
        guard (3_600_000...366 * 86_400_000).contains(retentionMillis) else {
            throw BoxOfficeError.invalidArgument("retention must be an hour to a year (3600000...31622400000 ms), not \(retentionMillis) ms")
        }
        if let limit, limit < 1 { throw BoxOfficeError.invalidArgument("limit must be ≥ 1, not \(limit)") }
        return try mutate(actor) { m in
            try m.authorizeHost("purge outbox messages")
            let old = try m.t.outbox.scan(index: .delivered, .between(nil, and: Key(m.now - retentionMillis)), limit: limit, in: m.txn).items
            for message in old { _ = try m.t.outbox.delete(message.id, in: m.txn) }
            return old.count
        }
    }

    /// Messages in `status`, oldest first: up to `limit` (1...1000) after the page whose
    /// ``OutboxPage/next`` is `cursor` (nil: the first page).
    public func outbox(status: OutboxMessage.Status, after cursor: String? = nil, limit: Int = 100) throws -> OutboxPage {
        let page = try page(tables.outbox, .status, Key(status.rawValue), after: cursor, limit: limit, reverse: false)
        return OutboxPage(messages: page.items, next: page.next)
    }

    public func outboxMessage(_ id: UUID) throws -> OutboxMessage? { try query { try tables.outbox.get(id, in: $0) } }
}

extension Mutation {
    /// Writes a notification of `kind` for `recipient` (skipped without one, or when the
    /// organization muted the kind), with `payload` as its JSON, built only when it is written.
    func notify<P: Encodable>(_ kind: OutboxMessage.Kind, organizationId: UUID, recipient: String, subjectId: UUID?,
                              _ payload: () throws -> P) throws {
        guard !recipient.isEmpty, let organization = try speaking(kind, for: organizationId) else { return }
        try writeMessage(kind, organization: organization, recipient: recipient, subjectId: subjectId, try payload())
    }

    /// The organization, unless it muted notifications of `kind` (then nil: nothing is written).
    func speaking(_ kind: OutboxMessage.Kind, for organizationId: UUID) throws -> Organization? {
        let organization = try self.organization(organizationId)
        return organization.details.mutedNotifications.contains(kind.rawValue) ? nil : organization
    }

    /// Writes a notification, in the organization's locale.
    func writeMessage<P: Encodable>(_ kind: OutboxMessage.Kind, organization: Organization, recipient: String, subjectId: UUID?,
                                    _ payload: P) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(payload), as: UTF8.self)
        try t.outbox.insert(OutboxMessage(id: ids.next(), now: now, organization: organization, kind: kind, recipient: recipient,
                                          subjectId: subjectId, payload: json), in: txn)
    }

    /// The order's payload: its event, total and, once issued, its tickets.
    func orderPayload(_ order: Order, tickets: Bool, amountMinor: Int64? = nil, reason: String? = nil) throws -> OutboxPayload.Order {
        let event = try load(t.events, order.eventId)
        var lines: [OutboxPayload.Ticket]?
        if tickets {
            let tierNames = Dictionary(try t.ticketTypes.scan(index: .event, .prefix(Key(order.eventId)), in: txn).items.map { ($0.id, $0.details.name) },
                                       uniquingKeysWith: { a, _ in a })
            lines = try t.tickets.scan(index: .order, .prefix(Key(order.id)), in: txn).items.filter { $0.status == .valid }.map {
                OutboxPayload.Ticket(code: $0.code, tier: tierNames[$0.ticketTypeId] ?? "", attendeeName: $0.attendeeName)
            }
        }
        return OutboxPayload.Order(orderId: order.id, orderNumber: order.number, eventId: event.id, eventTitle: event.details.title,
                                   startsAt: event.details.startsAt, venueName: event.details.venueName, totalMinor: order.totalMinor,
                                   currency: order.currency, tickets: lines, amountMinor: amountMinor, reason: reason)
    }

    /// The email of an order's customer, or "" when it has none.
    func customerEmail(_ order: Order) throws -> String {
        try order.customerId.flatMap { try t.customers.get($0, in: txn) }?.details.email ?? ""
    }
}
