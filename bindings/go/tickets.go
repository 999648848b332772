package boxoffice

/*
#include <stdlib.h>
#include <boxoffice.h>
*/
import "C"

import "unsafe"

// CheckIn scans a ticket code at a gate (operator or above). A valid ticket is admitted and
// becomes used; everything else is rejected with a reason. A rejection is not an error: the
// error is for bad input (ErrInvalidArgument), ErrPermissionDenied and storage. eventID, if not
// nil, rejects tickets of other events.
func (e *Engine) CheckIn(code, gate string, eventID *UUID, actor *UUID) (CheckInResult, error) {
	const op = "CheckIn"
	cc, err := cstring(op, "code", code)
	if err != nil {
		return CheckInResult{}, err
	}
	defer C.free(unsafe.Pointer(cc))
	cg, err := cstring(op, "gate", gate)
	if err != nil {
		return CheckInResult{}, err
	}
	defer C.free(unsafe.Pointer(cg))
	var out C.bo_checkin_result
	err = e.call(op, func(h *C.bo_engine, perr **C.bo_error) C.bo_status {
		return C.bo_checkin(h, cc, cg, optUUID(eventID), optUUID(actor), &out, perr)
	})
	if err != nil {
		return CheckInResult{}, err
	}
	r := CheckInResult{
		Accepted:         out.accepted != 0,
		Reason:           CheckInReason(out.reason),
		FirstCheckedInAt: Timestamp(out.first_checked_in_at),
		FirstGate:        C.GoString(&out.first_gate[0]),
	}
	if out.has_ticket != 0 {
		id := goUUID(&out.ticket_id)
		r.TicketID = &id
	}
	return r, nil
}

// Ticket looks up a ticket by its current code, with its scans (ErrNotFound if there is none; a
// code retired by a transfer is not found).
func (e *Engine) Ticket(code string) (TicketDetail, error) {
	const op = "Ticket"
	cc, err := cstring(op, "code", code)
	if err != nil {
		return TicketDetail{}, err
	}
	defer C.free(unsafe.Pointer(cc))
	var v TicketDetail
	err = e.callJSON(op, &v, func(h *C.bo_engine, out **C.char, perr **C.bo_error) C.bo_status {
		return C.bo_ticket_get(h, cc, out, perr)
	})
	if err != nil {
		return TicketDetail{}, err
	}
	return v, nil
}

// TransferTicket gives a valid ticket to a new attendee (support or above, if the organization
// allows transfers) and returns it with its new code; the old code stops admitting. Errors:
// ErrTransferNotAllowed, ErrInvalidState (used, cancelled, refunded), ErrNotFound,
// ErrInvalidArgument, ErrPermissionDenied.
func (e *Engine) TransferTicket(code, toName, toEmail string, actor *UUID) (Ticket, error) {
	const op = "TransferTicket"
	cc, err := cstring(op, "code", code)
	if err != nil {
		return Ticket{}, err
	}
	defer C.free(unsafe.Pointer(cc))
	cn, err := cstring(op, "toName", toName)
	if err != nil {
		return Ticket{}, err
	}
	defer C.free(unsafe.Pointer(cn))
	cm, err := cstring(op, "toEmail", toEmail)
	if err != nil {
		return Ticket{}, err
	}
	defer C.free(unsafe.Pointer(cm))
	var v Ticket
	err = e.callJSON(op, &v, func(h *C.bo_engine, out **C.char, perr **C.bo_error) C.bo_status {
		return C.bo_ticket_transfer(h, cc, cn, cm, optUUID(actor), out, perr)
	})
	if err != nil {
		return Ticket{}, err
	}
	return v, nil
}
