package boxoffice

import (
	"testing"
	"time"
)

// The lookups and lists added with the declared API: a customer by email, staff, a ticket by id,
// an order's tickets, orders paged by event and by customer, and deleting an event.

func TestOrdersArePagedNewestFirst(t *testing.T) {
	w := newWorld(t)
	var bought []OrderDetail
	for i := 0; i < 5; i++ {
		bought = append(bought, w.buy(t, w.general.ID, 1))
	}
	var seen []Order
	cursor := ""
	for pages := 0; ; pages++ {
		page, err := w.e.OrdersByEvent(w.event.ID, cursor, 2)
		must(t, err)
		if len(page.Orders) > 2 || pages > 5 {
			t.Fatalf("page %d has %d orders", pages, len(page.Orders))
		}
		seen = append(seen, page.Orders...)
		if page.Next == "" {
			break
		}
		cursor = page.Next
	}
	if len(seen) != len(bought) {
		t.Fatalf("%d orders seen, %d bought", len(seen), len(bought))
	}
	for i, o := range seen {
		if o.ID != bought[len(bought)-1-i].Order.ID {
			t.Fatalf("order %d is %v, want the newest first", i, o.Number)
		}
	}
	mine, err := w.e.OrdersByCustomer(w.customer.ID, "", 100)
	must(t, err)
	if len(mine.Orders) != 5 || mine.Next != "" || mine.Orders[0].ID != bought[4].Order.ID {
		t.Fatalf("the customer's orders: %+v", mine)
	}
	none, err := w.e.OrdersByEvent(w.customer.ID, "", 10)
	must(t, err)
	if none.Orders == nil || len(none.Orders) != 0 {
		t.Fatalf("an unknown event has orders: %+v", none)
	}

	_, err = w.e.OrdersByEvent(w.event.ID, "zz", 10)
	expectErr(t, err, ErrInvalidArgument)
	page, err := w.e.OrdersByCustomer(w.customer.ID, "", 1)
	must(t, err)
	_, err = w.e.OrdersByEvent(w.event.ID, page.Next, 10) // the customer list's cursor
	expectErr(t, err, ErrInvalidArgument)
	for _, limit := range []int{0, 1001, -1, 1 << 40} {
		_, err = w.e.OrdersByEvent(w.event.ID, "", limit)
		expectErr(t, err, ErrInvalidArgument)
	}
	_, err = w.e.OrdersByEvent(w.event.ID, "a\x00b", 10)
	expectErr(t, err, ErrInvalidArgument)
}

func TestLookupsAndLists(t *testing.T) {
	w := newWorld(t)
	c, err := w.e.CustomerByEmail(w.org.ID, "LOU@example.com")
	must(t, err)
	if c.ID != w.customer.ID {
		t.Fatalf("CustomerByEmail: %+v", c)
	}
	_, err = w.e.CustomerByEmail(w.org.ID, "nobody@example.com")
	expectErr(t, err, ErrNotFound)
	staff, err := w.e.Users(w.org.ID)
	must(t, err)
	if len(staff) != 5 {
		t.Fatalf("%d users, want 5", len(staff))
	}
	o := w.buy(t, w.general.ID, 2)
	tickets, err := w.e.Tickets(o.Order.ID)
	must(t, err)
	if len(tickets) != 2 || tickets[0].ID != o.Tickets[0].ID {
		t.Fatalf("Tickets: %+v", tickets)
	}
	_, err = w.e.CheckIn(tickets[0].Code, "north", nil, nil)
	must(t, err)
	d, err := w.e.TicketByID(tickets[0].ID)
	must(t, err)
	if d.Ticket.Status != TicketUsed || len(d.CheckIns) != 1 || d.CheckIns[0].Gate != "north" {
		t.Fatalf("TicketByID: %+v", d)
	}
	_, err = w.e.TicketByID(w.org.ID)
	expectErr(t, err, ErrNotFound)
}

func TestDeleteEvent(t *testing.T) {
	w := newWorld(t)
	start := TimestampOf(time.Now().Add(48 * time.Hour))
	draft, err := w.e.CreateEvent(w.org.ID, EventDetails{Title: "Rehearsal", StartsAt: start, EndsAt: start + 3600000}, nil)
	must(t, err)
	expectErr(t, w.e.DeleteEvent(draft.ID, &w.operator), ErrPermissionDenied)
	expectErr(t, w.e.DeleteEvent(w.event.ID, nil), ErrInvalidState) // published
	must(t, w.e.DeleteEvent(draft.ID, &w.manager))
	_, err = w.e.Event(draft.ID)
	expectErr(t, err, ErrNotFound)
	expectErr(t, w.e.DeleteEvent(draft.ID, nil), ErrNotFound)
	events, err := w.e.Events(w.org.ID)
	must(t, err)
	if len(events) != 1 || events[0].ID != w.event.ID {
		t.Fatalf("Events after the delete: %+v", events)
	}
}
