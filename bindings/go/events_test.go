package boxoffice

import (
	"testing"
	"time"
)

func TestEventsAndTiers(t *testing.T) {
	w := newWorld(t)
	e := w.e
	ev, err := e.Event(w.event.ID)
	must(t, err)
	if ev.Status != EventPublished || ev.OrganizationID != w.org.ID || ev.Details.Title != "Jazz Night" ||
		ev.Details.StartsAt != w.start || ev.Details.VenueName != "Blue Room" || ev.Details.Capacity != nil || ev.DeletedAt != nil {
		t.Fatalf("Event: %+v", ev)
	}
	_, err = e.Event(unknownID)
	expectErr(t, err, ErrNotFound)

	tiers, err := e.TicketTypes(w.event.ID)
	must(t, err)
	if len(tiers) != 2 || tiers[0].ID != w.general.ID || tiers[1].ID != w.vip.ID || tiers[1].Details.MaxPerOrder != 4 ||
		tiers[0].Details.MinPerOrder != 1 || tiers[0].Details.MaxPerOrder != 10 || tiers[0].EventID != w.event.ID {
		t.Fatalf("TicketTypes: %+v", tiers)
	}
	if tiers, err = e.TicketTypes(unknownID); err != nil || tiers == nil || len(tiers) != 0 {
		t.Fatalf("TicketTypes(unknown): %v %v", tiers, err)
	}

	// A draft with capacity: publish needs a tier; another currency is refused.
	sales := w.start - 3600*1000
	draft, err := e.CreateEvent(w.org.ID, EventDetails{
		Title: "Matinee", StartsAt: w.start, EndsAt: w.start + 7200*1000, Tags: []string{"jazz", "kids"},
		Capacity: Int64(3), SalesEndAt: At(sales), Visibility: VisibilityUnlisted,
	}, &w.manager)
	must(t, err)
	if draft.Status != EventDraft || draft.Details.Capacity == nil || *draft.Details.Capacity != 3 ||
		len(draft.Details.Tags) != 2 || draft.Details.SalesEndAt == nil || *draft.Details.SalesEndAt != sales {
		t.Fatalf("draft: %+v", draft)
	}
	_, err = e.PublishEvent(draft.ID, &w.manager)
	expectErr(t, err, ErrInvalidArgument)
	_, err = e.CreateTicketType(draft.ID, TicketTypeDetails{Name: "Kids", PriceMinor: 500, Currency: "USD", Quantity: 5}, &w.manager)
	expectErr(t, err, ErrInvalidArgument)
	_, err = e.CreateTicketType(draft.ID, TicketTypeDetails{Name: "Kids", PriceMinor: 500, Currency: "EUR", Quantity: 5}, &w.support)
	expectErr(t, err, ErrPermissionDenied)
	_, err = e.CreateTicketType(draft.ID, TicketTypeDetails{Name: "Kids", PriceMinor: -1, Currency: "EUR", Quantity: 5}, nil)
	expectErr(t, err, ErrInvalidArgument)
	_, err = e.CreateTicketType(draft.ID, TicketTypeDetails{Name: "Kids", PriceMinor: 1, Currency: "EUR", Quantity: 5, MinPerOrder: 3, MaxPerOrder: 2}, nil)
	expectErr(t, err, ErrInvalidArgument)
	_, err = e.CreateTicketType(unknownID, TicketTypeDetails{Name: "Kids", PriceMinor: 500, Currency: "EUR", Quantity: 5}, nil)
	expectErr(t, err, ErrNotFound)
	kids, err := e.CreateTicketType(draft.ID, TicketTypeDetails{Name: "Kids", PriceMinor: 500, Currency: "EUR", Quantity: 5}, &w.manager)
	must(t, err)

	// Availability of a draft: stock, not on sale, the capacity caps the tier.
	a, err := e.Availability(draft.ID)
	must(t, err)
	if a.EventID != draft.ID || a.EventStatus != EventDraft || !a.HasCapacity || a.Capacity != 3 || a.CapacityRemaining != 3 ||
		len(a.Tiers) != 1 || a.Tiers[0].Name != "Kids" || a.Tiers[0].Currency != "EUR" || a.Tiers[0].OnSaleNow ||
		a.Tiers[0].Available != 3 || a.Tiers[0].Quantity != 5 || a.Tiers[0].PriceMinor != 500 {
		t.Fatalf("Availability(draft): %+v", a)
	}
	_, err = e.CreateHold(draft.ID, []HoldItem{{kids.ID, 1}}, HoldOptions{TTL: time.Minute})
	expectErr(t, err, ErrNotOnSale)

	// Update: versions, rules, actors.
	d := draft.Details
	d.City = "Lyon"
	up, err := e.UpdateEvent(draft.ID, d, draft.Version, &w.manager)
	must(t, err)
	if up.Details.City != "Lyon" || up.Version <= draft.Version {
		t.Fatalf("UpdateEvent: %+v", up)
	}
	_, err = e.UpdateEvent(draft.ID, d, draft.Version, &w.manager)
	expectErr(t, err, ErrVersionConflict)
	bad := d
	bad.EndsAt = bad.StartsAt - 1
	_, err = e.UpdateEvent(draft.ID, bad, 0, nil)
	expectErr(t, err, ErrInvalidArgument)
	bad = d
	bad.Capacity = Int64(-1)
	_, err = e.UpdateEvent(draft.ID, bad, 0, nil)
	expectErr(t, err, ErrInvalidArgument)
	_, err = e.UpdateEvent(draft.ID, d, 0, &w.analyst)
	expectErr(t, err, ErrPermissionDenied)
	_, err = e.UpdateEvent(unknownID, d, 0, nil)
	expectErr(t, err, ErrNotFound)
	_, err = e.CreateEvent(w.org.ID, EventDetails{Title: " ", StartsAt: w.start, EndsAt: w.start + 1}, nil)
	expectErr(t, err, ErrInvalidArgument)
	_, err = e.CreateEvent(w.org.ID, EventDetails{Title: "X", StartsAt: w.start, EndsAt: w.start + 1}, &w.operator)
	expectErr(t, err, ErrPermissionDenied)
	_, err = e.CreateEvent(unknownID, EventDetails{Title: "X", StartsAt: w.start, EndsAt: w.start + 1}, nil)
	expectErr(t, err, ErrNotFound)

	// Tiers: update with versions; the quantity cannot drop below what is sold.
	w.buy(t, w.general.ID, 3)
	g, err := e.TicketTypes(w.event.ID)
	must(t, err)
	td := g[0].Details
	td.Quantity = 60
	gt, err := e.UpdateTicketType(w.general.ID, td, g[0].Version, &w.manager)
	must(t, err)
	if gt.Details.Quantity != 60 || gt.Sold != 3 {
		t.Fatalf("UpdateTicketType: %+v", gt)
	}
	_, err = e.UpdateTicketType(w.general.ID, td, g[0].Version, &w.manager)
	expectErr(t, err, ErrVersionConflict)
	td.Quantity = 2
	_, err = e.UpdateTicketType(w.general.ID, td, 0, nil)
	expectErr(t, err, ErrInvalidArgument)
	td.Quantity = 60
	_, err = e.UpdateTicketType(w.general.ID, td, 0, &w.support)
	expectErr(t, err, ErrPermissionDenied)
	_, err = e.UpdateTicketType(unknownID, td, 0, nil)
	expectErr(t, err, ErrNotFound)
	w.expectStock(t, w.general.ID, 0, 3, 57)

	// Publish, publish again, list, cancel, cancel again.
	pub, err := e.PublishEvent(draft.ID, &w.manager)
	must(t, err)
	if pub.Status != EventPublished {
		t.Fatalf("PublishEvent: %+v", pub)
	}
	_, err = e.PublishEvent(draft.ID, &w.manager)
	expectErr(t, err, ErrInvalidState)
	_, err = e.PublishEvent(unknownID, nil)
	expectErr(t, err, ErrNotFound)
	events, err := e.Events(w.org.ID)
	must(t, err)
	if len(events) != 2 {
		t.Fatalf("Events: %d", len(events))
	}
	if events, err = e.Events(unknownID); err != nil || events == nil || len(events) != 0 {
		t.Fatalf("Events(unknown): %v %v", events, err)
	}
	_, err = e.CancelEvent(draft.ID, &w.support)
	expectErr(t, err, ErrPermissionDenied)
	c, err := e.CancelEvent(draft.ID, &w.manager)
	must(t, err)
	if c.Status != EventCancelled {
		t.Fatalf("CancelEvent: %+v", c)
	}
	_, err = e.CancelEvent(draft.ID, nil)
	expectErr(t, err, ErrInvalidState)
	_, err = e.CancelEvent(unknownID, nil)
	expectErr(t, err, ErrNotFound)
	_, err = e.CreateTicketType(draft.ID, TicketTypeDetails{Name: "Late", PriceMinor: 1, Currency: "EUR", Quantity: 1}, nil)
	expectErr(t, err, ErrInvalidState)
	_, err = e.CreateHold(draft.ID, []HoldItem{{kids.ID, 1}}, HoldOptions{TTL: time.Minute})
	expectErr(t, err, ErrNotOnSale)
	_, err = e.Availability(unknownID)
	expectErr(t, err, ErrNotFound)
	w.verifyClean(t)
}
