import BoxOfficeStore
import FoundationEssentials

extension Engine {
    /// Gives a valid ticket to a new attendee, if the organization allows transfers. The ticket
    /// gets a new code; the old one stops admitting (a scan of it says "transferred").
    public func transferTicket(code: String, toName: String, toEmail: String, actor: Actor = .system) throws -> Ticket {
        try Validate.text(toName, "toName")
        try Validate.email(toEmail, "toEmail")
        return try mutate(actor) { m in
            guard let normalized = TicketCode.normalize(code),
                  var ticket = try m.t.tickets.lookup(.code, Key(normalized), in: m.txn)
            else { throw BoxOfficeError.notFound(Ticket.self, id: code) }
            let event = try m.load(m.t.events, ticket.eventId)
            try m.authorize("transfer ticket", minimum: .support, in: event.organizationId)
            guard try m.organization(event.organizationId).details.transfersAllowed else {
                throw BoxOfficeError.transferNotAllowed(organizationId: event.organizationId)
            }
            guard ticket.status == .valid else {
                throw BoxOfficeError.invalidState(Ticket.self, id: ticket.id.lowercasedString, state: ticket.status.rawValue, action: "transfer")
            }
            ticket.transfers.append(Ticket.Transfer(at: m.now, by: actor.description, previousCode: ticket.code,
                                                    fromName: ticket.attendeeName, fromEmail: ticket.attendeeEmail,
                                                    toName: toName, toEmail: toEmail))
            try m.t.retiredCodes.insert(RetiredCode(code: ticket.code, ticketId: ticket.id, retiredAt: m.now), in: m.txn)
            ticket.code = TicketCode.generate()
            ticket.attendeeName = toName
            ticket.attendeeEmail = toEmail
            ticket.updatedAt = m.now
            ticket = try m.t.tickets.update(ticket, in: m.txn)
            try m.audit("ticket.transfer", Ticket.self, ticket.id, "transfers=\(ticket.transfers.count)")
            let transfer = ticket.transfers[ticket.transfers.count - 1]
            for (side, recipient) in [("from", transfer.fromEmail), ("to", transfer.toEmail)] {
                try m.notify(.ticketTransferred, organizationId: event.organizationId, recipient: recipient, subjectId: ticket.id) {
                    OutboxPayload.Transfer(ticketId: ticket.id, code: side == "to" ? ticket.code : nil, eventId: event.id,
                                           eventTitle: event.details.title, startsAt: event.details.startsAt,
                                           fromName: transfer.fromName, toName: transfer.toName, side: side)
                }
            }
            return ticket
        }
    }
}
