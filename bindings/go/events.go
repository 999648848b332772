package boxoffice

/*
#include <stdlib.h>
#include <boxoffice.h>
*/
import "C"

import "unsafe"

// CreateEvent creates a draft event (manager or above).
func (e *Engine) CreateEvent(organizationID UUID, d EventDetails, actor *UUID) (Event, error) {
	return withDetails[Event](e, "CreateEvent", d, func(h *C.bo_engine, cd *C.char, out **C.char, perr **C.bo_error) C.bo_status {
		return C.bo_event_create(h, cuuid(organizationID), cd, optUUID(actor), out, perr)
	})
}

// UpdateEvent replaces an event's details (manager or above); the capacity cannot drop below the
// tickets held and sold. Every sale changes the event's version, so a non-zero expectedVersion
// fails with ErrVersionConflict if anything was sold since it was read.
func (e *Engine) UpdateEvent(id UUID, d EventDetails, expectedVersion uint64, actor *UUID) (Event, error) {
	return withDetails[Event](e, "UpdateEvent", d, func(h *C.bo_engine, cd *C.char, out **C.char, perr **C.bo_error) C.bo_status {
		return C.bo_event_update(h, cuuid(id), cd, C.uint64_t(expectedVersion), optUUID(actor), out, perr)
	})
}

// PublishEvent opens a draft event for sale (manager or above); it needs a tier.
func (e *Engine) PublishEvent(id UUID, actor *UUID) (Event, error) {
	return fetch[Event](e, "PublishEvent", func(h *C.bo_engine, out **C.char, perr **C.bo_error) C.bo_status {
		return C.bo_event_publish(h, cuuid(id), optUUID(actor), out, perr)
	})
}

// CancelEvent cancels a draft or published event (manager or above): sales stop and its active
// holds end; sold tickets are rejected at the door.
func (e *Engine) CancelEvent(id UUID, actor *UUID) (Event, error) {
	return fetch[Event](e, "CancelEvent", func(h *C.bo_engine, out **C.char, perr **C.bo_error) C.bo_status {
		return C.bo_event_cancel(h, cuuid(id), optUUID(actor), out, perr)
	})
}

// Event looks up an event (ErrNotFound if there is none, or it was deleted).
func (e *Engine) Event(id UUID) (Event, error) {
	return fetch[Event](e, "Event", func(h *C.bo_engine, out **C.char, perr **C.bo_error) C.bo_status {
		return C.bo_event_get(h, cuuid(id), out, perr)
	})
}

// Events lists an organization's events by start time (empty for an unknown organization).
func (e *Engine) Events(organizationID UUID) ([]Event, error) {
	v := []Event{}
	err := e.callJSON("Events", &v, func(h *C.bo_engine, out **C.char, perr **C.bo_error) C.bo_status {
		return C.bo_events_list(h, cuuid(organizationID), out, perr)
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// CreateTicketType adds a tier to a draft or published event (manager or above), priced in the
// organization's currency.
func (e *Engine) CreateTicketType(eventID UUID, d TicketTypeDetails, actor *UUID) (TicketType, error) {
	return withDetails[TicketType](e, "CreateTicketType", d, func(h *C.bo_engine, cd *C.char, out **C.char, perr **C.bo_error) C.bo_status {
		return C.bo_ticket_type_create(h, cuuid(eventID), cd, optUUID(actor), out, perr)
	})
}

// UpdateTicketType replaces a tier's details (manager or above); its quantity cannot drop below
// the tickets held and sold. A new price applies to holds made from then on.
func (e *Engine) UpdateTicketType(id UUID, d TicketTypeDetails, expectedVersion uint64, actor *UUID) (TicketType, error) {
	return withDetails[TicketType](e, "UpdateTicketType", d, func(h *C.bo_engine, cd *C.char, out **C.char, perr **C.bo_error) C.bo_status {
		return C.bo_ticket_type_update(h, cuuid(id), cd, C.uint64_t(expectedVersion), optUUID(actor), out, perr)
	})
}

// TicketTypes lists an event's tiers in sort order (empty for an unknown event).
func (e *Engine) TicketTypes(eventID UUID) ([]TicketType, error) {
	v := []TicketType{}
	err := e.callJSON("TicketTypes", &v, func(h *C.bo_engine, out **C.char, perr **C.bo_error) C.bo_status {
		return C.bo_ticket_types_list(h, cuuid(eventID), out, perr)
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// Availability returns what an event can still sell, from one read of its counters.
func (e *Engine) Availability(eventID UUID) (Availability, error) {
	var av *C.bo_availability
	err := e.call("Availability", func(h *C.bo_engine, perr **C.bo_error) C.bo_status {
		return C.bo_availability_get(h, cuuid(eventID), &av, perr)
	})
	if av == nil {
		return Availability{}, err
	}
	defer C.bo_availability_free(av)
	if err != nil {
		return Availability{}, err
	}
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
			})
		}
	}
	return a, nil
}
