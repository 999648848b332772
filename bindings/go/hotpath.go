package boxoffice

/*
#include <stdlib.h>
#include <boxoffice.h>
*/
import "C"

import (
	"fmt"
	"math"
	"unsafe"
)

// The hot paths answer in C structs rather than JSON (api/operations.toml): hold items in, the
// hold, the scan and availability out. These are their conversions, used by api_gen.go.

// cHoldItems copies items into C's layout; the pointer is nil for none.
func cHoldItems(items []HoldItem) (*C.bo_hold_item, C.ptrdiff_t) {
	if len(items) == 0 {
		return nil, 0
	}
	cs := make([]C.bo_hold_item, len(items))
	for i, it := range items {
		*(*UUID)(unsafe.Pointer(&cs[i].ticket_type_id)) = it.TicketTypeID
		cs[i].quantity = C.int64_t(it.Quantity)
	}
	return &cs[0], C.ptrdiff_t(len(items))
}

// cUUIDs copies ids into C's layout; the pointer is nil for none.
func cUUIDs(ids []UUID) (*C.bo_uuid, C.ptrdiff_t) {
	if len(ids) == 0 {
		return nil, 0
	}
	cs := make([]C.bo_uuid, len(ids))
	for i, id := range ids {
		*(*UUID)(unsafe.Pointer(&cs[i])) = id
	}
	return &cs[0], C.ptrdiff_t(len(ids))
}

// cInt32 refuses an int that int32_t cannot hold, rather than letting it wrap.
func cInt32(op, param string, n int) (C.int32_t, error) {
	if n < math.MinInt32 || n > math.MaxInt32 {
		return 0, errorf(op, StatusInvalidArgument, fmt.Sprintf("%s %d is out of range", param, n))
	}
	return C.int32_t(n), nil
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

func checkInResult(c *C.bo_checkin_result) CheckInResult {
	r := CheckInResult{
		Accepted:         c.accepted != 0,
		Reason:           CheckInReason(c.reason),
		FirstCheckedInAt: Timestamp(c.first_checked_in_at),
		FirstGate:        C.GoString(&c.first_gate[0]),
	}
	if c.has_ticket != 0 {
		id := goUUID(&c.ticket_id)
		r.TicketID = &id
	}
	return r
}

func availability(av *C.bo_availability) Availability {
	a := Availability{
		EventID:           goUUID(&av.event_id),
		HasCapacity:       av.has_capacity != 0,
		Capacity:          int64(av.capacity),
		CapacityRemaining: int64(av.capacity_remaining),
		Tiers:             make([]TierAvailability, 0, int(av.tier_count)),
	}
	if s := int(av.event_status); s >= 0 && s < len(eventStatuses) {
		a.EventStatus = eventStatuses[s]
	}
	if av.tier_count > 0 && av.tiers != nil {
		for _, t := range unsafe.Slice(av.tiers, int(av.tier_count)) {
			a.Tiers = append(a.Tiers, TierAvailability{
				TicketTypeID: goUUID(&t.ticket_type_id),
				Name:         C.GoString(t.name),
				PriceMinor:   int64(t.price_minor),
				Currency:     C.GoString(&t.currency[0]),
				OnSaleNow:    t.on_sale_now != 0,
				Quantity:     int64(t.quantity),
				Held:         int64(t.held),
				Sold:         int64(t.sold),
				Available:    int64(t.available),
				Hidden:       t.hidden != 0,

				ReservedForWaitlist: int64(t.reserved_for_waitlist),
			})
		}
	}
	return a
}
