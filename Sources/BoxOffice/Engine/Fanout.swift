import BoxOfficeStore
import FoundationEssentials

extension OutboxPayload {
    /// An event's news for one ticket's holder.
    struct EventNews: Encodable {
        var eventId: UUID
        var eventTitle: String
        var startsAt: Int64
        var endsAt: Int64
        var venueName: String
        /// A rescheduled event's start before the change.
        var previousStartsAt: Int64?
        var ticketId: UUID
        var code: String
        var attendeeName: String
    }
}

extension Fanout {
    init(id: UUID, now: Int64, event: Event, kind: OutboxMessage.Kind, previousStartsAt: Int64?) {
        self.id = id
        createdAt = now
        updatedAt = now
        organizationId = event.organizationId
        eventId = event.id
        self.kind = kind
        self.previousStartsAt = previousStartsAt
    }
}

extension Mutation {
    /// How many messages one batch of a fan-out writes in the transaction that starts it.
    static let fanoutBatch = 500

    /// Starts telling every holder of a valid ticket of `event` about it (`kind`): the first
    /// batch now, the rest by ``expandFanouts(limit:)``.
    mutating func fanOut(_ kind: OutboxMessage.Kind, about event: Event, previousStartsAt: Int64? = nil) throws {
        let organization = try self.organization(event.organizationId)
        guard !organization.details.mutedNotifications.contains(kind.rawValue) else { return }
        try t.fanouts.insert(Fanout(id: ids.next(), now: now, event: event, kind: kind, previousStartsAt: previousStartsAt), in: txn)
        _ = try expandFanouts(limit: Self.fanoutBatch)
    }

    /// Writes up to `limit` messages of pending fan-outs, oldest first, and deletes those that
    /// are done; returns how many messages it wrote.
    mutating func expandFanouts(limit: Int) throws -> Int {
        var written = 0
        for var fanout in try t.fanouts.scan(limit: 100, in: txn).items where written < limit {
            let event = try load(t.events, fanout.eventId)
            let page = try t.tickets.scan(index: .event, .prefix(Key(fanout.eventId)), limit: limit - written,
                                          after: try fanout.cursor.map { try ScanCursor(token: $0) }, in: txn)
            for ticket in page.items where ticket.status == .valid && !ticket.attendeeEmail.isEmpty {
                try notify(fanout.kind, organizationId: fanout.organizationId, recipient: ticket.attendeeEmail, subjectId: ticket.id) {
                    OutboxPayload.EventNews(eventId: event.id, eventTitle: event.details.title, startsAt: event.details.startsAt,
                                            endsAt: event.details.endsAt, venueName: event.details.venueName,
                                            previousStartsAt: fanout.previousStartsAt, ticketId: ticket.id, code: ticket.code,
                                            attendeeName: ticket.attendeeName)
                }
            }
            written += page.items.count  // a batch is bounded by the tickets it reads
            if let next = page.next {
                fanout.cursor = next.token
                fanout.updatedAt = now
                try t.fanouts.update(fanout, in: txn)
            } else {
                _ = try t.fanouts.delete(fanout.id, in: txn)
            }
        }
        return written
    }
}
