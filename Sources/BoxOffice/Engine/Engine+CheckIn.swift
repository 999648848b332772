import BoxOfficeStore
import FoundationEssentials

/// The answer to a scan at the door.
public struct CheckInOutcome: Sendable, Equatable, Codable {
    public var accepted: Bool
    /// Why it was rejected (nil when accepted).
    public var reason: CheckIn.Reason?
    /// The ticket, when the code is known.
    public var ticket: Ticket?
    /// For a second scan: when and where the ticket was first admitted.
    public var firstCheckedInAt: Int64?
    public var firstGate: String?
    /// The logged attempt.
    public var checkIn: CheckIn
}

extension Engine {
    /// Scans a ticket code at a gate (operator or above). A valid ticket becomes used and is
    /// admitted; a second scan is rejected with the time and gate of the first; cancelled,
    /// refunded, transferred-away and unknown codes are rejected. Every attempt is logged.
    /// With `eventId`, tickets of other events are rejected too.
    public func checkIn(code: String, gate: String, eventId: UUID? = nil, actor: Actor) throws -> CheckInOutcome {
        try Validate.text(gate, "gate", max: 100)
        guard code.utf8.count <= 200 else { throw BoxOfficeError.invalidArgument("a ticket code is at most 200 bytes") }
        return try mutate(actor) { m in
            let normalized = TicketCode.normalize(code)
            var ticket = try normalized.flatMap { try m.t.tickets.lookup(.code, Key($0), in: m.txn) }
            let retired = ticket == nil ? try normalized.flatMap { try m.t.retiredCodes.get($0, in: m.txn) } : nil
            // The scan is judged in the organization of the ticket the code belongs (or belonged) to;
            // an unknown code in the operator's own.
            let owner = try ticket ?? retired.flatMap { try m.t.tickets.get($0.ticketId, in: m.txn) }
            try m.authorize("check in", minimum: .operator, in: try owner.map { try m.load(m.t.events, $0.eventId).organizationId })
            var reason: CheckIn.Reason?
            var first: (at: Int64?, gate: String?) = (nil, nil)
            switch ticket?.status {
            case nil:
                reason = retired == nil ? .unknownCode : .transferred
            case .used?:
                reason = .alreadyUsed
                first = (ticket?.checkedInAt, ticket?.checkedInGate)
            case .cancelled?: reason = .cancelled
            case .refunded?: reason = .refunded
            case .valid?:
                if let eventId, ticket!.eventId != eventId {
                    reason = .wrongEvent
                } else if try m.load(m.t.events, ticket!.eventId).status == .cancelled {
                    reason = .eventCancelled
                } else {
                    ticket!.status = .used
                    ticket!.checkedInAt = m.now
                    ticket!.checkedInBy = actor.userId
                    ticket!.checkedInGate = gate
                    ticket!.updatedAt = m.now
                    ticket = try m.t.tickets.update(ticket!, in: m.txn)
                }
            }
            let scanned = normalized ?? String(code.prefix(64))
            let log = try m.t.checkIns.insert(CheckIn(id: m.ids.next(), now: m.now, code: scanned, ticket: ticket ?? owner, gate: gate,
                                                      operatorId: actor.userId, reason: reason), in: m.txn)
            try m.audit(reason == nil ? "ticket.check_in" : "ticket.check_in_rejected", Ticket.self, ticket?.id,
                        "gate=\(gate)" + (reason.map { " reason=\($0.rawValue)" } ?? ""))
            return CheckInOutcome(accepted: reason == nil, reason: reason, ticket: ticket, firstCheckedInAt: first.at,
                                  firstGate: first.gate, checkIn: log)
        }
    }
}
