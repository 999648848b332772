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
        /// A rescheduled event's start and end before the change.
        var previousStartsAt: Int64?
        var previousEndsAt: Int64?
        /// The ticket it tells of; absent for a waitlist entry.
        var ticketId: UUID?
        var code: String?
        var attendeeName: String?
        /// The waitlist entry it tells of; absent for a ticket.
        var entryId: UUID?
    }
}

extension Fanout {
    /// The news of `event` as it is now, for every batch to tell alike.
    init(id: UUID, now: Int64, event: Event, kind: OutboxMessage.Kind, previous: EventDetails?) {
        self.id = id
        createdAt = now
        updatedAt = now
        organizationId = event.organizationId
        eventId = event.id
        self.kind = kind
        eventTitle = event.details.title
        startsAt = event.details.startsAt
        endsAt = event.details.endsAt
        venueName = event.details.venueName
        previousStartsAt = previous?.startsAt
        previousEndsAt = previous?.endsAt
    }
}

extension Mutation {
    /// How many messages one batch of a fan-out writes in the transaction that starts it.
    static let fanoutBatch = 500

    /// Starts telling the attendee of every valid ticket of `event` sold so far about it
    /// (`kind`): the tickets of the first batch now, the rest by ``expandFanouts(limit:)``. The
    /// organization's muting is read now, once, as the event's news is.
    mutating func fanOut(_ kind: OutboxMessage.Kind, about event: Event, previous: EventDetails? = nil) throws {
        guard try speaking(kind, for: event.organizationId) != nil else { return }
        try t.fanouts.insert(Fanout(id: ids.next(), now: now, event: event, kind: kind, previous: previous), in: txn)
        _ = try expandFanouts(limit: Self.fanoutBatch)
    }

    /// Reads up to `limit` tickets of pending fan-outs, oldest first, writing a message for each
    /// valid one with an attendee email that was sold before its fan-out began, and deletes the
    /// fan-outs that are done; returns how many tickets it read.
    mutating func expandFanouts(limit: Int) throws -> Int {
        var written = 0
        for var fanout in try t.fanouts.scan(limit: 100, in: txn).items where written < limit {
            let organization = try self.organization(fanout.organizationId)  // muting was read at the change
            let page = try t.tickets.scan(index: .event, .prefix(Key(fanout.eventId)), limit: limit - written,
                                          after: try fanout.cursor.map { try ScanCursor(token: $0) }, in: txn)
            for ticket in page.items where ticket.status == .valid && !ticket.attendeeEmail.isEmpty && ticket.id < fanout.id {
                try writeMessage(fanout.kind, organization: organization, recipient: ticket.attendeeEmail, subjectId: ticket.id,
                                 OutboxPayload.EventNews(eventId: fanout.eventId, eventTitle: fanout.eventTitle, startsAt: fanout.startsAt,
                                                         endsAt: fanout.endsAt, venueName: fanout.venueName,
                                                         previousStartsAt: fanout.previousStartsAt, previousEndsAt: fanout.previousEndsAt,
                                                         ticketId: ticket.id, code: ticket.code, attendeeName: ticket.attendeeName))
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
