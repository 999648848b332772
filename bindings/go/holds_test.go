package boxoffice

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

func TestHolds(t *testing.T) {
	w := newWorld(t)
	e := w.e
	before := Now()
	items := []HoldItem{{w.general.ID, 2}, {w.vip.ID, 2}}
	opts := HoldOptions{CustomerID: &w.customer.ID, TTL: 10 * time.Minute, IdempotencyKey: "cart-1", Actor: &w.operator}
	h, err := e.CreateHold(w.event.ID, items, opts)
	must(t, err)
	// Fees: 2.5 % rounded half up plus 0.50: General 2500 + 113, VIP 9000 + 275.
	if h.TicketCount != 4 || h.Status != HoldActive || h.EventID != w.event.ID || h.TotalMinor != 2*(2500+113)+2*(9000+275) ||
		h.ExpiresAt < before+600000-1000 || h.ExpiresAt > Now()+600000+1000 {
		t.Fatalf("CreateHold: %+v", h)
	}
	w.expectStock(t, w.general.ID, 2, 0, 48)
	w.expectStock(t, w.vip.ID, 2, 0, 8)

	// The same key and request: the same hold. Another request with that key: refused.
	again, err := e.CreateHold(w.event.ID, items, opts)
	must(t, err)
	if again.HoldID != h.HoldID {
		t.Fatal("idempotent hold made another hold")
	}
	_, err = e.CreateHold(w.event.ID, items[:1], opts)
	expectErr(t, err, ErrInvalidArgument)
	w.expectStock(t, w.general.ID, 2, 0, 48)

	// Look up.
	stored, err := e.Hold(h.HoldID)
	must(t, err)
	if stored.ID != h.HoldID || stored.Status != HoldActive || stored.IdempotencyKey != "cart-1" || stored.CustomerID == nil ||
		*stored.CustomerID != w.customer.ID || len(stored.Items) != 2 || stored.Items[1].UnitPriceMinor != 9000 ||
		stored.Items[1].FeePerTicketMinor != 275 || stored.ExpiresAt != h.ExpiresAt || stored.OrderID != nil {
		t.Fatalf("Hold: %+v", stored)
	}
	_, err = e.Hold(unknownID)
	expectErr(t, err, ErrNotFound)

	// Extend.
	ext, err := e.ExtendHold(h.HoldID, 20*time.Minute, &w.operator)
	must(t, err)
	if ext.HoldID != h.HoldID || ext.ExpiresAt <= h.ExpiresAt || ext.Status != HoldActive {
		t.Fatalf("ExtendHold: %+v", ext)
	}
	for _, ttl := range []time.Duration{0, -time.Second, math.MaxInt64, 25 * time.Hour} {
		_, err = e.ExtendHold(h.HoldID, ttl, nil)
		expectErr(t, err, ErrInvalidArgument)
	}
	_, err = e.ExtendHold(unknownID, time.Minute, nil)
	expectErr(t, err, ErrNotFound)
	_, err = e.ExtendHold(h.HoldID, time.Minute, &w.analyst)
	expectErr(t, err, ErrPermissionDenied)

	// Release; release again changes nothing; the hold is then over.
	_, err = e.ReleaseHold(h.HoldID, &w.analyst)
	expectErr(t, err, ErrPermissionDenied)
	rel, err := e.ReleaseHold(h.HoldID, &w.operator)
	must(t, err)
	if rel.Status != HoldReleased || rel.TicketCount != 4 {
		t.Fatalf("ReleaseHold: %+v", rel)
	}
	rel, err = e.ReleaseHold(h.HoldID, nil)
	must(t, err)
	if rel.Status != HoldReleased {
		t.Fatalf("ReleaseHold again: %+v", rel)
	}
	_, err = e.ReleaseHold(unknownID, nil)
	expectErr(t, err, ErrNotFound)
	w.expectStock(t, w.general.ID, 0, 0, 50)
	w.expectStock(t, w.vip.ID, 0, 0, 10)
	_, err = e.ExtendHold(h.HoldID, time.Minute, nil)
	expectErr(t, err, ErrHoldExpired)
	// Paid after all (a late payment): its tickets are still free, so they are taken again.
	late, err := e.ConfirmHold(h.HoldID, ConfirmOptions{})
	must(t, err)
	if late.Order.Status != OrderConfirmed {
		t.Fatalf("late confirmation: %+v", late.Order)
	}
	_, err = e.RefundOrder(late.Order.ID, nil)
	must(t, err)
	w.expectStock(t, w.general.ID, 0, 0, 50)

	// Bad holds: nothing is held by any of them.
	many := make([]HoldItem, 51)
	for i := range many {
		many[i] = HoldItem{w.general.ID, 1}
	}
	basic := HoldOptions{TTL: time.Minute}
	cases := []struct {
		name  string
		items []HoldItem
		opts  HoldOptions
		want  error
	}{
		{"no items", nil, basic, ErrInvalidArgument},
		{"empty items", []HoldItem{}, basic, ErrInvalidArgument},
		{"51 items", many, basic, ErrInvalidArgument},
		{"a tier twice", many[:2], basic, ErrInvalidArgument},
		{"zero quantity", []HoldItem{{w.general.ID, 0}}, basic, ErrInvalidArgument},
		{"negative quantity", []HoldItem{{w.general.ID, -1}}, basic, ErrInvalidArgument},
		{"most negative quantity", []HoldItem{{w.general.ID, math.MinInt64}}, basic, ErrInvalidArgument},
		{"huge quantity", []HoldItem{{w.general.ID, 1 << 40}}, basic, ErrInvalidArgument},
		{"max quantity", []HoldItem{{w.general.ID, math.MaxInt64}}, basic, ErrInvalidArgument},
		{"over 10000 in all", []HoldItem{{w.general.ID, 6000}, {w.vip.ID, 6000}}, basic, ErrInvalidArgument},
		{"above maxPerOrder", []HoldItem{{w.vip.ID, 5}}, basic, ErrLimitExceeded},
		{"unknown tier", []HoldItem{{unknownID, 1}}, basic, ErrNotFound},
		{"negative TTL", []HoldItem{{w.general.ID, 1}}, HoldOptions{TTL: -time.Minute}, ErrInvalidArgument},
		{"TTL above MaxHold", []HoldItem{{w.general.ID, 1}}, HoldOptions{TTL: 25 * time.Hour}, ErrInvalidArgument},
		{"unknown customer", []HoldItem{{w.general.ID, 1}}, HoldOptions{TTL: time.Minute, CustomerID: &unknownID}, ErrNotFound},
		{"NUL in key", []HoldItem{{w.general.ID, 1}}, HoldOptions{TTL: time.Minute, IdempotencyKey: "k\x00"}, ErrInvalidArgument},
		{"long key", []HoldItem{{w.general.ID, 1}}, HoldOptions{TTL: time.Minute, IdempotencyKey: strings.Repeat("k", 201)}, ErrInvalidArgument},
		{"analyst", []HoldItem{{w.general.ID, 1}}, HoldOptions{TTL: time.Minute, Actor: &w.analyst}, ErrPermissionDenied},
		{"unknown actor", []HoldItem{{w.general.ID, 1}}, HoldOptions{TTL: time.Minute, Actor: &unknownID}, ErrPermissionDenied},
	}
	for _, c := range cases {
		_, err := e.CreateHold(w.event.ID, c.items, c.opts)
		if err == nil {
			t.Fatalf("%s: no error", c.name)
		}
		expectErr(t, err, c.want)
	}
	// The zero value of the options works: a zero TTL is the default (10 minutes).
	zero, err := e.CreateHold(w.event.ID, []HoldItem{{w.general.ID, 1}}, HoldOptions{})
	must(t, err)
	if life := time.Duration(zero.ExpiresAt-TimestampOf(time.Now())) * time.Millisecond; life < 9*time.Minute || life > 10*time.Minute {
		t.Fatalf("a zero TTL gave a hold of %v", life)
	}
	_, err = e.ReleaseHold(zero.HoldID, nil)
	must(t, err)
	_, err = e.CreateHold(unknownID, []HoldItem{{w.general.ID, 1}}, basic)
	expectErr(t, err, ErrNotFound)
	w.expectStock(t, w.general.ID, 0, 0, 50)
	w.expectStock(t, w.vip.ID, 0, 0, 10)

	// Sold out: the message names the tier.
	_, err = e.CreateHold(w.event.ID, []HoldItem{{w.vip.ID, 4}}, basic)
	must(t, err)
	_, err = e.CreateHold(w.event.ID, []HoldItem{{w.vip.ID, 4}}, basic)
	must(t, err)
	_, err = e.CreateHold(w.event.ID, []HoldItem{{w.vip.ID, 3}}, basic)
	expectErr(t, err, ErrSoldOut)
	if !strings.Contains(err.Error(), "VIP") {
		t.Fatalf("sold-out message does not name the tier: %v", err)
	}
	// What a program acts on is in Details, not in the message.
	var soldOut *Error
	if !errors.As(err, &soldOut) {
		t.Fatalf("not an *Error: %v", err)
	}
	if d := soldOut.Details; d.TicketTypeID == nil || *d.TicketTypeID != w.vip.ID || d.Name != "VIP" || d.Remaining == nil || *d.Remaining != 2 || d.Entity != "" {
		t.Fatalf("sold-out details: %+v", d)
	}
	w.expectStock(t, w.vip.ID, 8, 0, 2)

	// A sub-millisecond TTL rounds up to 1 ms instead of becoming the invalid 0.
	sub, err := e.CreateHold(w.event.ID, []HoldItem{{w.general.ID, 1}}, HoldOptions{TTL: time.Microsecond})
	must(t, err)
	if sub.ExpiresAt > Now()+1000 {
		t.Fatalf("sub-millisecond TTL: %+v", sub)
	}
	w.verifyClean(t)
}

func TestOrders(t *testing.T) {
	w := newWorld(t)
	e := w.e
	h, err := e.CreateHold(w.event.ID, []HoldItem{{w.general.ID, 3}}, HoldOptions{CustomerID: &w.customer.ID, TTL: time.Minute, Actor: &w.operator})
	must(t, err)
	_, err = e.ConfirmHold(h.HoldID, ConfirmOptions{Actor: &w.analyst})
	expectErr(t, err, ErrPermissionDenied)
	_, err = e.ConfirmHold(h.HoldID, ConfirmOptions{PaymentReference: "pi\x00"})
	expectErr(t, err, ErrInvalidArgument)
	_, err = e.ConfirmHold(h.HoldID, ConfirmOptions{IdempotencyKey: "k\x00"})
	expectErr(t, err, ErrInvalidArgument)
	_, err = e.ConfirmHold(h.HoldID, ConfirmOptions{PaymentReference: " "})
	expectErr(t, err, ErrInvalidArgument)
	_, err = e.ConfirmHold(unknownID, ConfirmOptions{})
	expectErr(t, err, ErrNotFound)

	o, err := e.ConfirmHold(h.HoldID, ConfirmOptions{PaymentReference: "pi_1", IdempotencyKey: "checkout-1", Actor: &w.operator})
	must(t, err)
	ord := o.Order
	if ord.Status != OrderConfirmed || ord.PaymentStatus != PaymentCompleted || ord.PaymentReference != "pi_1" || ord.HoldID != h.HoldID ||
		ord.TotalMinor != 3*(2500+113) || ord.SubtotalMinor != 7500 || ord.FeesMinor != 339 || ord.Currency != "EUR" ||
		ord.CustomerID == nil || *ord.CustomerID != w.customer.ID || len(o.Items) != 1 || o.Items[0].Quantity != 3 || len(o.Tickets) != 3 {
		t.Fatalf("ConfirmHold: %+v", o)
	}
	for _, tk := range o.Tickets {
		if len(tk.Code) != 26 || tk.Status != TicketValid || tk.OrderID != ord.ID || tk.AttendeeEmail != "lou@example.com" ||
			tk.PriceMinor != 2500 || tk.FeeMinor != 113 || tk.Transfers == nil {
			t.Fatalf("ticket: %+v", tk)
		}
	}
	w.expectStock(t, w.general.ID, 0, 3, 47)

	// Confirm again: the same key returns the order; another key, or none, is ErrInvalidState.
	again, err := e.ConfirmHold(h.HoldID, ConfirmOptions{PaymentReference: "pi_1", IdempotencyKey: "checkout-1", Actor: &w.operator})
	must(t, err)
	if again.Order.ID != ord.ID {
		t.Fatal("idempotent confirm made another order")
	}
	_, err = e.ConfirmHold(h.HoldID, ConfirmOptions{PaymentReference: "pi_2", IdempotencyKey: "checkout-2"})
	expectErr(t, err, ErrInvalidState)
	_, err = e.ConfirmHold(h.HoldID, ConfirmOptions{})
	expectErr(t, err, ErrInvalidState)
	_, err = e.ReleaseHold(h.HoldID, nil)
	expectErr(t, err, ErrInvalidState)
	_, err = e.ExtendHold(h.HoldID, time.Minute, nil)
	expectErr(t, err, ErrInvalidState)
	stored, err := e.Hold(h.HoldID)
	must(t, err)
	if stored.Status != HoldConverted || stored.OrderID == nil || *stored.OrderID != ord.ID {
		t.Fatalf("converted hold: %+v", stored)
	}

	// Look up by id and by number, as a customer types it.
	got, err := e.Order(ord.ID)
	must(t, err)
	if got.Order.Number != ord.Number || len(got.Tickets) != 3 {
		t.Fatalf("Order: %+v", got)
	}
	typed := strings.ToLower(strings.ReplaceAll(ord.Number, "-", " "))
	got, err = e.OrderByNumber(typed)
	must(t, err)
	if got.Order.ID != ord.ID {
		t.Fatalf("OrderByNumber(%q): %+v", typed, got.Order)
	}
	_, err = e.Order(unknownID)
	expectErr(t, err, ErrNotFound)
	_, err = e.OrderByNumber("not a number!")
	expectErr(t, err, ErrNotFound)
	_, err = e.OrderByNumber(ord.Number + "\x00")
	expectErr(t, err, ErrInvalidArgument)

	// Refund one ticket, then the same one again, then the rest, then the order again.
	first := o.Tickets[0].ID
	_, err = e.RefundTickets(ord.ID, []UUID{first}, &w.operator)
	expectErr(t, err, ErrPermissionDenied)
	_, err = e.RefundTickets(ord.ID, nil, nil)
	expectErr(t, err, ErrInvalidArgument)
	_, err = e.RefundTickets(ord.ID, []UUID{first, first}, nil)
	expectErr(t, err, ErrInvalidArgument)
	_, err = e.RefundTickets(ord.ID, []UUID{unknownID}, nil)
	expectErr(t, err, ErrNotFound)
	_, err = e.RefundTickets(unknownID, []UUID{first}, nil)
	expectErr(t, err, ErrNotFound)
	part, err := e.RefundTickets(ord.ID, []UUID{first}, &w.manager)
	must(t, err)
	if part.Order.Status != OrderPartiallyRefunded || part.Order.RefundedMinor != 2500+113 || part.Tickets[0].Status != TicketRefunded {
		t.Fatalf("RefundTickets: %+v", part.Order)
	}
	_, err = e.RefundTickets(ord.ID, []UUID{first}, nil)
	expectErr(t, err, ErrInvalidState)
	w.expectStock(t, w.general.ID, 0, 2, 48)
	_, err = e.RefundOrder(ord.ID, &w.support)
	expectErr(t, err, ErrPermissionDenied)
	full, err := e.RefundOrder(ord.ID, &w.manager)
	must(t, err)
	if full.Order.Status != OrderRefunded || full.Order.RefundedMinor != ord.TotalMinor || full.Order.PaymentStatus != PaymentRefunded {
		t.Fatalf("RefundOrder: %+v", full.Order)
	}
	_, err = e.RefundOrder(ord.ID, &w.manager)
	expectErr(t, err, ErrInvalidState)
	_, err = e.RefundOrder(unknownID, nil)
	expectErr(t, err, ErrNotFound)
	_, err = e.CancelOrder(ord.ID, "", nil)
	expectErr(t, err, ErrInvalidState)
	w.expectStock(t, w.general.ID, 0, 0, 50)

	// Cancel another order, with a reason; cancel it again; refund it.
	o2 := w.buy(t, w.vip.ID, 2)
	_, err = e.CancelOrder(o2.Order.ID, "guest list", &w.support)
	expectErr(t, err, ErrPermissionDenied)
	_, err = e.CancelOrder(o2.Order.ID, "guest\x00list", nil)
	expectErr(t, err, ErrInvalidArgument)
	c, err := e.CancelOrder(o2.Order.ID, "guest list changed", &w.manager)
	must(t, err)
	if c.Order.Status != OrderCancelled || !strings.Contains(c.Order.Notes, "guest list changed") || c.Tickets[0].Status != TicketCancelled {
		t.Fatalf("CancelOrder: %+v", c.Order)
	}
	_, err = e.CancelOrder(o2.Order.ID, "", nil)
	expectErr(t, err, ErrInvalidState)
	_, err = e.RefundOrder(o2.Order.ID, nil)
	expectErr(t, err, ErrInvalidState)
	_, err = e.CancelOrder(unknownID, "", nil)
	expectErr(t, err, ErrNotFound)
	w.expectStock(t, w.vip.ID, 0, 0, 10)
	w.verifyClean(t)
}

func TestExpiredHold(t *testing.T) {
	w := newWorld(t)
	e := w.e
	small, err := e.CreateEvent(w.org.ID, EventDetails{Title: "Small", StartsAt: w.start, EndsAt: w.start + 3600*1000}, nil)
	must(t, err)
	lastTwo, err := e.CreateTicketType(small.ID, TicketTypeDetails{Name: "Last Two", PriceMinor: 1000, Currency: "EUR", Quantity: 2}, nil)
	must(t, err)
	_, err = e.PublishEvent(small.ID, nil)
	must(t, err)

	// Two holds for 1 ms; one on the small event, one on the main event.
	x, err := e.CreateHold(small.ID, []HoldItem{{lastTwo.ID, 2}}, HoldOptions{TTL: time.Millisecond})
	must(t, err)
	z, err := e.CreateHold(w.event.ID, []HoldItem{{w.general.ID, 1}}, HoldOptions{TTL: time.Millisecond})
	must(t, err)
	time.Sleep(10 * time.Millisecond)

	// Availability is exact before the sweep; the sweep needs an operator; limits.
	if ta := w.stock(t, small.ID, lastTwo.ID); ta.Held != 0 || ta.Available != 2 {
		t.Fatalf("expired hold still counted: %+v", ta)
	}
	_, err = e.ExpireHolds(0, &w.analyst)
	expectErr(t, err, ErrPermissionDenied)
	_, err = e.ExpireHolds(-1, nil)
	expectErr(t, err, ErrInvalidArgument)
	_, err = e.ExpireHolds(math.MinInt64, nil)
	expectErr(t, err, ErrInvalidArgument)
	n, err := e.ExpireHolds(1, &w.operator)
	must(t, err)
	if n != 1 {
		t.Fatalf("ExpireHolds(1) = %d", n)
	}
	n, err = e.ExpireHolds(0, nil)
	must(t, err)
	if n != 1 {
		t.Fatalf("ExpireHolds(0) = %d", n)
	}
	n, err = e.ExpireHolds(math.MaxInt64, nil)
	if err != nil || n != 0 {
		t.Fatalf("ExpireHolds(max) = %d, %v", n, err)
	}
	hx, err := e.Hold(x.HoldID)
	must(t, err)
	if hx.Status != HoldExpired {
		t.Fatalf("swept hold: %+v", hx)
	}
	_, err = e.ExtendHold(x.HoldID, time.Minute, nil)
	expectErr(t, err, ErrHoldExpired)
	rel, err := e.ReleaseHold(x.HoldID, nil)
	must(t, err)
	if rel.Status != HoldExpired {
		t.Fatalf("release of an expired hold: %+v", rel)
	}

	// A late payment for an expired hold whose tickets are still free confirms.
	late, err := e.ConfirmHold(z.HoldID, ConfirmOptions{PaymentReference: "pi_late_z"})
	must(t, err)
	if late.Order.Status != OrderConfirmed {
		t.Fatalf("late confirm: %+v", late.Order)
	}

	// Someone else buys the last two; the late payment for hold X finds them gone.
	y, err := e.CreateHold(small.ID, []HoldItem{{lastTwo.ID, 2}}, HoldOptions{TTL: time.Minute, Actor: &w.operator})
	must(t, err)
	_, err = e.ConfirmHold(y.HoldID, ConfirmOptions{IdempotencyKey: "late-y"})
	must(t, err)
	_, err = e.ConfirmHold(x.HoldID, ConfirmOptions{PaymentReference: "pi_late_x", IdempotencyKey: "late-x"})
	expectErr(t, err, ErrHoldExpired)
	_, err = e.CreateHold(small.ID, []HoldItem{{lastTwo.ID, 1}}, HoldOptions{TTL: time.Minute})
	expectErr(t, err, ErrSoldOut)
	if ta := w.stock(t, small.ID, lastTwo.ID); ta.Sold != 2 || ta.Available != 0 {
		t.Fatalf("after the sale: %+v", ta)
	}

	// The same again without the sweep: a hold on the event sweeps its expired holds lazily.
	w2, err := e.CreateHold(w.event.ID, []HoldItem{{w.vip.ID, 4}}, HoldOptions{TTL: time.Millisecond})
	must(t, err)
	time.Sleep(10 * time.Millisecond)
	for i := 0; i < 2; i++ {
		h, err := e.CreateHold(w.event.ID, []HoldItem{{w.vip.ID, 4}}, HoldOptions{TTL: time.Minute})
		must(t, err)
		_, err = e.ConfirmHold(h.HoldID, ConfirmOptions{})
		must(t, err)
	}
	_, err = e.ConfirmHold(w2.HoldID, ConfirmOptions{})
	expectErr(t, err, ErrHoldExpired)
	w.verifyClean(t)
}

// SetClock: a test walks past a hold's expiry without sleeping, then goes back to real time.
func TestSetClock(t *testing.T) {
	w := newWorld(t)
	e := w.e
	hold, err := e.CreateHold(w.event.ID, []HoldItem{{w.general.ID, 1}}, HoldOptions{})
	must(t, err)
	must(t, e.SetClock(hold.ExpiresAt.Time().Add(time.Second)))
	n, err := e.ExpireHolds(0, nil)
	must(t, err)
	if n != 1 {
		t.Fatalf("ExpireHolds after the clock passed the hold = %d", n)
	}
	fixed := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	must(t, e.SetClock(fixed))
	org, err := e.CreateOrganization(OrganizationDetails{Name: "Clocked", Slug: "clocked", Email: "c@acme.test", Currency: "EUR"}, nil)
	must(t, err)
	if org.CreatedAt != TimestampOf(fixed) {
		t.Fatalf("created at %v under a clock fixed at %v", org.CreatedAt, fixed)
	}
	must(t, e.SetClock(time.Time{})) // the system clock again
	expectErr(t, e.SetClock(time.UnixMilli(-5)), ErrInvalidArgument)
	// Far outside 1970 to 9999 is refused, not wrapped around into another date.
	expectErr(t, e.SetClock(time.Unix(18446744073709552+946080000, 0)), ErrInvalidArgument)
}

// Amounts past 2^53 arrive exact: 9,999 tickets at 10^12-1 with fees of 1,000% plus 10^12-2 each.
// encoding/json reads the integer into int64 without going through a float.
func TestAmountsPast2To53AreExact(t *testing.T) {
	e, err := Open(t.TempDir()+"/big.boxoffice", &Options{Durability: Async})
	must(t, err)
	defer e.Close()
	org, err := e.CreateOrganization(OrganizationDetails{Name: "Big", Slug: "big", Email: "b@b.test", Currency: "EUR",
		ServiceFeeBasisPoints: 100_000, FixedFeeMinor: 1_000_000_000_000 - 2}, nil)
	must(t, err)
	start := TimestampOf(time.Now().Add(24 * time.Hour))
	ev, err := e.CreateEvent(org.ID, EventDetails{Title: "Gala", StartsAt: start, EndsAt: start + 3_600_000}, nil)
	must(t, err)
	tier, err := e.CreateTicketType(ev.ID, TicketTypeDetails{Name: "Box", PriceMinor: 1_000_000_000_000 - 1, Currency: "EUR",
		Quantity: 9_999, MaxPerOrder: 9_999}, nil)
	must(t, err)
	_, err = e.PublishEvent(ev.ID, nil)
	must(t, err)
	hold, err := e.CreateHold(ev.ID, []HoldItem{{tier.ID, 9_999}}, HoldOptions{})
	must(t, err)
	order, err := e.ConfirmHold(hold.HoldID, ConfirmOptions{})
	must(t, err)
	if order.Order.TotalMinor != 119_987_999_999_870_013 {
		t.Fatalf("total %d", order.Order.TotalMinor)
	}
}
