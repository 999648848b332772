import BoxOffice
import CBoxOfficeTypes
import Foundation

/// Scans a ticket code at a gate (operator or above). A valid ticket is admitted and becomes
/// used; a second scan is rejected with the time and gate of the first; cancelled, refunded,
/// transferred-away and unknown codes are rejected. Every attempt is logged.
///
/// - Parameters:
///   - code: the scanned text (case, dashes and O/0, I/1 confusions are forgiven).
///   - gate: the gate or device id, 1 to 100 bytes.
///   - event_id: if not NULL, tickets of other events are rejected.
///   - out: receives the answer; a rejection is BO_OK with `accepted` 0 and a reason.
/// - Returns: BO_OK, BO_INVALID_ARGUMENT, BO_PERMISSION_DENIED, BO_MISUSE or a storage status.
@c(bo_checkin)
public func boCheckin(_ engine: UnsafeMutablePointer<bo_engine>?, _ code: UnsafePointer<CChar>?, _ gate: UnsafePointer<CChar>?,
                      _ event_id: UnsafePointer<bo_uuid>?, _ actor_id: UnsafePointer<bo_uuid>?,
                      _ out: UnsafeMutablePointer<bo_checkin_result>?, _ out_error: OutError?) -> bo_status {
    withStatus(out_error) {
        let engine = try open(engine)
        guard let out else { throw Failure.invalid("out is NULL") }
        let outcome = try engine.checkIn(code: try string(code, "code"), gate: try string(gate, "gate"),
                                         eventId: event_id.map { $0.pointee.uuid }, actor: actor(actor_id))
        var result = bo_checkin_result()
        result.accepted = outcome.accepted ? 1 : 0
        result.reason = Int32(reason(outcome.reason).rawValue)
        if let ticketId = outcome.checkIn.ticketId {
            result.has_ticket = 1
            result.ticket_id = bo_uuid(ticketId)
        }
        result.first_checked_in_at = outcome.firstCheckedInAt ?? 0
        if let gate = outcome.firstGate {
            withUnsafeMutableBytes(of: &result.first_gate) { buffer in
                for (i, byte) in gate.utf8.prefix(buffer.count - 1).enumerated() { buffer[i] = byte }
            }
        }
        out.pointee = result
    }
}

/// Gives a valid ticket to a new attendee (support or above, if the organization allows
/// transfers); the ticket gets a new code and the old one stops admitting. `*out_json` receives
/// the ticket. Returns BO_OK, BO_TRANSFER_NOT_ALLOWED, BO_INVALID_STATE, BO_NOT_FOUND,
/// BO_INVALID_ARGUMENT, BO_PERMISSION_DENIED or BO_MISUSE.
@c(bo_ticket_transfer)
public func boTicketTransfer(_ engine: UnsafeMutablePointer<bo_engine>?, _ code: UnsafePointer<CChar>?, _ to_name: UnsafePointer<CChar>?,
                             _ to_email: UnsafePointer<CChar>?, _ actor_id: UnsafePointer<bo_uuid>?, _ out_json: OutString?,
                             _ out_error: OutError?) -> bo_status {
    withStatus(out_error) {
        let ticket = try open(engine).transferTicket(code: try string(code, "code"), toName: try string(to_name, "to_name"),
                                                     toEmail: try string(to_email, "to_email"), actor: actor(actor_id))
        try jsonOut(ticket, out_json)
    }
}

/// Looks up a ticket by its code; `*out_json` receives {"ticket","checkIns"}. Returns BO_OK,
/// BO_NOT_FOUND, BO_INVALID_ARGUMENT or BO_MISUSE.
@c(bo_ticket_get)
public func boTicketGet(_ engine: UnsafeMutablePointer<bo_engine>?, _ code: UnsafePointer<CChar>?, _ out_json: OutString?,
                        _ out_error: OutError?) -> bo_status {
    struct Detail: Encodable {
        var ticket: Ticket
        var checkIns: [CheckIn]
    }
    return withStatus(out_error) {
        let engine = try open(engine)
        let ticket = try engine.ticket(code: try string(code, "code"))
        try found(try ticket.map { Detail(ticket: $0, checkIns: try engine.checkIns(ticketId: $0.id)) }, out_json, "ticket")
    }
}

func reason(_ reason: CheckIn.Reason?) -> bo_checkin_reason {
    switch reason {
    case nil: BO_CHECKIN_ACCEPTED
    case .alreadyUsed: BO_CHECKIN_ALREADY_USED
    case .cancelled: BO_CHECKIN_CANCELLED
    case .refunded: BO_CHECKIN_REFUNDED
    case .unknownCode: BO_CHECKIN_UNKNOWN_CODE
    case .transferred: BO_CHECKIN_TRANSFERRED
    case .wrongEvent: BO_CHECKIN_WRONG_EVENT
    case .eventCancelled: BO_CHECKIN_EVENT_CANCELLED
    }
}
