package boxoffice

import (
	"strings"
	"testing"
)

func TestCheckInAndTransfer(t *testing.T) {
	w := newWorld(t)
	e := w.e
	o := w.buy(t, w.general.ID, 4)
	tk := o.Tickets

	// Admit, then reject the second scan with the first's gate.
	r, err := e.CheckIn(tk[0].Code, "north-1", &w.event.ID, &w.operator)
	must(t, err)
	if !r.Accepted || r.Reason != CheckInAccepted || r.TicketID == nil || *r.TicketID != tk[0].ID || r.FirstGate != "" {
		t.Fatalf("first scan: %+v", r)
	}
	r, err = e.CheckIn(tk[0].Code, "south-2", nil, nil)
	must(t, err)
	if r.Accepted || r.Reason != CheckInAlreadyUsed || r.FirstGate != "north-1" || r.FirstCheckedInAt <= 0 || r.Reason.String() != "already_used" {
		t.Fatalf("second scan: %+v", r)
	}
	// Codes are read forgivingly.
	sloppy := strings.ToLower(tk[1].Code[:13]) + "-" + tk[1].Code[13:]
	r, err = e.CheckIn(sloppy, "north-1", nil, &w.operator)
	must(t, err)
	if !r.Accepted || *r.TicketID != tk[1].ID {
		t.Fatalf("sloppy scan: %+v", r)
	}
	r, err = e.CheckIn("0000000000000000000000000Z", "north-1", nil, nil)
	must(t, err)
	if r.Accepted || r.Reason != CheckInUnknownCode || r.TicketID != nil {
		t.Fatalf("unknown code: %+v", r)
	}
	r, err = e.CheckIn(tk[2].Code, "north-1", &unknownID, nil)
	must(t, err)
	if r.Accepted || r.Reason != CheckInWrongEvent {
		t.Fatalf("wrong event: %+v", r)
	}
	for _, c := range []struct{ code, gate string }{
		{tk[2].Code, ""}, {tk[2].Code, "   "}, {tk[2].Code, strings.Repeat("g", 101)},
		{tk[2].Code + "\x00", "north-1"}, {tk[2].Code, "north\x00"}, {strings.Repeat("A", 201), "north-1"},
		{"\xff\xfe", "north-1"}, {tk[2].Code, "\xff"},
	} {
		_, err = e.CheckIn(c.code, c.gate, nil, nil)
		expectErr(t, err, ErrInvalidArgument)
	}
	_, err = e.CheckIn(tk[2].Code, "north-1", nil, &w.analyst)
	expectErr(t, err, ErrPermissionDenied)

	// The ticket detail has the scans.
	d, err := e.Ticket(tk[0].Code)
	must(t, err)
	if d.Ticket.Status != TicketUsed || d.Ticket.CheckedInGate != "north-1" || d.Ticket.CheckedInBy == nil ||
		*d.Ticket.CheckedInBy != w.operator || d.Ticket.CheckedInAt == nil || len(d.CheckIns) != 2 ||
		d.CheckIns[0].Result != "accepted" || d.CheckIns[1].Reason != "already_used" || d.CheckIns[1].Gate != "south-2" {
		t.Fatalf("Ticket: %+v", d)
	}
	_, err = e.Ticket("0000000000000000000000000Z")
	expectErr(t, err, ErrNotFound)
	_, err = e.Ticket(tk[0].Code + "\x00")
	expectErr(t, err, ErrInvalidArgument)

	// Transfer: a new code; the old one says TRANSFERRED and is not found.
	_, err = e.TransferTicket(tk[2].Code, "Nico", "nico@example.com", &w.operator)
	expectErr(t, err, ErrPermissionDenied)
	for _, c := range []struct{ name, email string }{{"", "nico@example.com"}, {"Nico", "nope"}, {"Ni\x00co", "nico@example.com"}, {"Nico", "nico@example.com\x00"}} {
		_, err = e.TransferTicket(tk[2].Code, c.name, c.email, nil)
		expectErr(t, err, ErrInvalidArgument)
	}
	_, err = e.TransferTicket("0000000000000000000000000Z", "Nico", "nico@example.com", nil)
	expectErr(t, err, ErrNotFound)
	_, err = e.TransferTicket(tk[0].Code, "Nico", "nico@example.com", nil)
	expectErr(t, err, ErrInvalidState) // used
	moved, err := e.TransferTicket(tk[2].Code, "Nico", "nico@example.com", &w.support)
	must(t, err)
	if moved.ID != tk[2].ID || moved.Code == tk[2].Code || moved.AttendeeName != "Nico" || len(moved.Transfers) != 1 ||
		moved.Transfers[0].PreviousCode != tk[2].Code || moved.Transfers[0].ToEmail != "nico@example.com" {
		t.Fatalf("TransferTicket: %+v", moved)
	}
	r, err = e.CheckIn(tk[2].Code, "north-1", nil, nil)
	must(t, err)
	if r.Accepted || r.Reason != CheckInTransferred || r.TicketID == nil || *r.TicketID != tk[2].ID {
		t.Fatalf("old code: %+v", r)
	}
	_, err = e.Ticket(tk[2].Code)
	expectErr(t, err, ErrNotFound)
	if _, err = e.Ticket(moved.Code); err != nil {
		t.Fatal(err)
	}

	// The organization forbids transfers.
	od := w.org.Details
	od.TransfersAllowed = Bool(false)
	_, err = e.UpdateOrganization(w.org.ID, od, 0, nil)
	must(t, err)
	_, err = e.TransferTicket(tk[3].Code, "Kim", "kim@example.com", nil)
	expectErr(t, err, ErrTransferNotAllowed)

	// A refunded ticket, then a cancelled event.
	_, err = e.RefundTickets(o.Order.ID, []UUID{tk[3].ID}, nil)
	must(t, err)
	r, err = e.CheckIn(tk[3].Code, "north-1", nil, nil)
	must(t, err)
	if r.Accepted || r.Reason != CheckInRefunded {
		t.Fatalf("refunded: %+v", r)
	}
	_, err = e.CancelEvent(w.event.ID, nil)
	must(t, err)
	r, err = e.CheckIn(moved.Code, "north-1", nil, nil)
	must(t, err)
	if r.Accepted || r.Reason != CheckInEventCancelled {
		t.Fatalf("cancelled event: %+v", r)
	}
	w.verifyClean(t)
}
