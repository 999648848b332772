package boxoffice

/*
#include <stdlib.h>
#include <boxoffice.h>
*/
import "C"

import (
	"time"
	"unsafe"
)

// HoldOptions are the optional parts of CreateHold.
type HoldOptions struct {
	CustomerID     *UUID         // the buyer, or nil
	TTL            time.Duration // required: 1 ms to the store's MaxHold (sub-millisecond rounds up)
	IdempotencyKey string        // "" for none; the same key and request return the first hold
	Actor          *UUID         // nil for the system, else an operator or above
}

// ConfirmOptions are the optional parts of ConfirmHold.
type ConfirmOptions struct {
	PaymentReference string // the host's payment id, or ""
	IdempotencyKey   string // "" for none; the same key returns the first order
	Actor            *UUID
}

func holdInfo(c *C.bo_hold_info) HoldInfo {
	h := HoldInfo{
		HoldID:      goUUID(&c.hold_id),
		EventID:     goUUID(&c.event_id),
		ExpiresAt:   Timestamp(c.expires_at),
		TicketCount: int64(c.ticket_count),
		TotalMinor:  int64(c.total_minor),
	}
	if s := int(c.status); s >= 0 && s < len(holdStatuses) {
		h.Status = holdStatuses[s]
	}
	return h
}

// CreateHold reserves tickets of one or more tiers of an event for opts.TTL: every tier or none
// (1 to 50 items, each tier once, 1 to 10000 tickets each and in all). Errors: ErrSoldOut (the
// message names the tier short), ErrNotOnSale, ErrLimitExceeded, ErrNotFound,
// ErrInvalidArgument, ErrPermissionDenied.
func (e *Engine) CreateHold(eventID UUID, items []HoldItem, opts HoldOptions) (HoldInfo, error) {
	const op = "CreateHold"
	key, err := optCString(op, "IdempotencyKey", opts.IdempotencyKey)
	if err != nil {
		return HoldInfo{}, err
	}
	defer C.free(unsafe.Pointer(key))
	var citems *C.bo_hold_item
	if len(items) > 0 {
		cs := make([]C.bo_hold_item, len(items))
		for i, it := range items {
			*(*UUID)(unsafe.Pointer(&cs[i].ticket_type_id)) = it.TicketTypeID
			cs[i].quantity = C.int64_t(it.Quantity)
		}
		citems = &cs[0]
	}
	var out C.bo_hold_info
	err = e.call(op, func(h *C.bo_engine, perr **C.bo_error) C.bo_status {
		return C.bo_hold_create(h, cuuid(eventID), citems, C.ptrdiff_t(len(items)), optUUID(opts.CustomerID),
			C.int64_t(millis(opts.TTL)), key, optUUID(opts.Actor), &out, perr)
	})
	if err != nil {
		return HoldInfo{}, err
	}
	return holdInfo(&out), nil
}

// ExtendHold moves an active hold's expiry to ttl from now (at most MaxHold from its creation).
// Errors: ErrHoldExpired, ErrInvalidState (converted), ErrNotOnSale (sales closed), ErrNotFound,
// ErrInvalidArgument, ErrPermissionDenied.
func (e *Engine) ExtendHold(holdID UUID, ttl time.Duration, actor *UUID) (HoldInfo, error) {
	var out C.bo_hold_info
	err := e.call("ExtendHold", func(h *C.bo_engine, perr **C.bo_error) C.bo_status {
		return C.bo_hold_extend(h, cuuid(holdID), C.int64_t(millis(ttl)), optUUID(actor), &out, perr)
	})
	if err != nil {
		return HoldInfo{}, err
	}
	return holdInfo(&out), nil
}

// ReleaseHold gives a hold's tickets back; releasing a hold that already ended changes nothing.
// A converted hold is ErrInvalidState (cancel or refund its order instead).
func (e *Engine) ReleaseHold(holdID UUID, actor *UUID) (HoldInfo, error) {
	var out C.bo_hold_info
	err := e.call("ReleaseHold", func(h *C.bo_engine, perr **C.bo_error) C.bo_status {
		return C.bo_hold_release(h, cuuid(holdID), optUUID(actor), &out, perr)
	})
	if err != nil {
		return HoldInfo{}, err
	}
	return holdInfo(&out), nil
}

// ExpireHolds ends the holds that have expired, in every event, at most limit of them (0: all),
// and returns how many ended (operator or above). Not needed for correctness; a timer calling
// it keeps counters and the file tidy.
func (e *Engine) ExpireHolds(limit int, actor *UUID) (int, error) {
	var n C.int64_t
	err := e.call("ExpireHolds", func(h *C.bo_engine, perr **C.bo_error) C.bo_status {
		return C.bo_holds_expire(h, C.int64_t(limit), optUUID(actor), &n, perr)
	})
	if err != nil {
		return 0, err
	}
	return int(n), nil
}

// Hold looks up a hold with its items and frozen prices (ErrNotFound if there is none).
func (e *Engine) Hold(id UUID) (Hold, error) {
	return fetch[Hold](e, "Hold", func(h *C.bo_engine, out **C.char, perr **C.bo_error) C.bo_status {
		return C.bo_hold_get(h, cuuid(id), out, perr)
	})
}

// ConfirmHold turns a hold into a confirmed order, one ticket per seat, at the hold's frozen
// prices; call it once the payment succeeded. An expired hold still confirms if its tickets are
// free. Errors: ErrHoldExpired (the tickets are gone: refund the payment), ErrInvalidState
// (confirmed already, not under this key), ErrNotFound, ErrInvalidArgument,
// ErrPermissionDenied. After a storage error, retry with the same key: it confirms once.
func (e *Engine) ConfirmHold(holdID UUID, opts ConfirmOptions) (OrderDetail, error) {
	const op = "ConfirmHold"
	ref, err := optCString(op, "PaymentReference", opts.PaymentReference)
	if err != nil {
		return OrderDetail{}, err
	}
	defer C.free(unsafe.Pointer(ref))
	key, err := optCString(op, "IdempotencyKey", opts.IdempotencyKey)
	if err != nil {
		return OrderDetail{}, err
	}
	defer C.free(unsafe.Pointer(key))
	var v OrderDetail
	err = e.callJSON(op, &v, func(h *C.bo_engine, out **C.char, perr **C.bo_error) C.bo_status {
		return C.bo_hold_confirm(h, cuuid(holdID), ref, key, optUUID(opts.Actor), nil, out, perr)
	})
	if err != nil {
		return OrderDetail{}, err
	}
	return v, nil
}

// Order looks up an order with its items and tickets (ErrNotFound if there is none).
func (e *Engine) Order(id UUID) (OrderDetail, error) {
	return fetch[OrderDetail](e, "Order", func(h *C.bo_engine, out **C.char, perr **C.bo_error) C.bo_status {
		return C.bo_order_get(h, cuuid(id), nil, out, perr)
	})
}

// OrderByNumber looks up an order by its number ("7KQ2-M9XA"), forgiving case, dashes, spaces
// and O/0, I/L/1 (ErrNotFound if there is none).
func (e *Engine) OrderByNumber(number string) (OrderDetail, error) {
	const op = "OrderByNumber"
	cn, err := cstring(op, "number", number)
	if err != nil {
		return OrderDetail{}, err
	}
	defer C.free(unsafe.Pointer(cn))
	var v OrderDetail
	err = e.callJSON(op, &v, func(h *C.bo_engine, out **C.char, perr **C.bo_error) C.bo_status {
		return C.bo_order_get(h, nil, cn, out, perr)
	})
	if err != nil {
		return OrderDetail{}, err
	}
	return v, nil
}

// CancelOrder cancels an order (manager or above): its tickets are cancelled and their seats
// return to stock; no money moves. reason ("" for none) is appended to the order's notes.
func (e *Engine) CancelOrder(orderID UUID, reason string, actor *UUID) (OrderDetail, error) {
	const op = "CancelOrder"
	cr, err := optCString(op, "reason", reason)
	if err != nil {
		return OrderDetail{}, err
	}
	defer C.free(unsafe.Pointer(cr))
	var v OrderDetail
	err = e.callJSON(op, &v, func(h *C.bo_engine, out **C.char, perr **C.bo_error) C.bo_status {
		return C.bo_order_cancel(h, cuuid(orderID), cr, optUUID(actor), out, perr)
	})
	if err != nil {
		return OrderDetail{}, err
	}
	return v, nil
}

// RefundOrder refunds every remaining ticket of an order (manager or above). Refunding a
// refunded order is ErrInvalidState.
func (e *Engine) RefundOrder(orderID UUID, actor *UUID) (OrderDetail, error) {
	return fetch[OrderDetail](e, "RefundOrder", func(h *C.bo_engine, out **C.char, perr **C.bo_error) C.bo_status {
		return C.bo_order_refund(h, cuuid(orderID), optUUID(actor), out, perr)
	})
}

// RefundTickets refunds some tickets of an order (manager or above; 1 to 10000 distinct tickets,
// each valid or used); the order becomes partially refunded, or refunded when none is left.
func (e *Engine) RefundTickets(orderID UUID, ticketIDs []UUID, actor *UUID) (OrderDetail, error) {
	var ids *C.bo_uuid
	if len(ticketIDs) > 0 {
		cs := make([]C.bo_uuid, len(ticketIDs))
		for i, id := range ticketIDs {
			*(*UUID)(unsafe.Pointer(&cs[i])) = id
		}
		ids = &cs[0]
	}
	return fetch[OrderDetail](e, "RefundTickets", func(h *C.bo_engine, out **C.char, perr **C.bo_error) C.bo_status {
		return C.bo_tickets_refund(h, cuuid(orderID), ids, C.ptrdiff_t(len(ticketIDs)), optUUID(actor), out, perr)
	})
}
