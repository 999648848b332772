package boxoffice

import (
	"errors"
	"testing"
	"time"
)

// openTemp opens a fresh store in a temporary directory with Async durability and closes it
// when the test ends.
func openTemp(t testing.TB) *Engine {
	t.Helper()
	e, err := Open(t.TempDir()+"/store", &Options{Durability: Async})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = e.Close() })
	return e
}

// must fails the test on an error.
func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// expectErr checks that err matches the sentinel, is an *Error with that code, and has a message.
func expectErr(t testing.TB, err, sentinel error) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %v", sentinel)
	}
	if !errors.Is(err, sentinel) {
		t.Fatalf("got %v, want %v", err, sentinel)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%v is not an *Error", err)
	}
	if e.Message == "" {
		t.Fatalf("%v has no message", err)
	}
}

// world is an organization with staff, a customer and a published event with two tiers.
type world struct {
	e                                          *Engine
	org                                        Organization
	admin, manager, support, operator, analyst UUID
	customer                                   Customer
	event                                      Event
	general, vip                               TicketType // 50 at 25.00 (max 10 per order), 10 at 90.00
	start                                      Timestamp
}

func newWorld(t testing.TB) *world {
	t.Helper()
	w := &world{e: openTemp(t)}
	var err error
	w.org, err = w.e.CreateOrganization(OrganizationDetails{
		Name: "Acme Live", Slug: "acme", Email: "box@acme.test", Currency: "EUR",
		TimeZone: "Europe/Paris", ServiceFeeBasisPoints: 250, FixedFeeMinor: 50,
	}, nil)
	must(t, err)
	user := func(name string, role Role, actor *UUID) UUID {
		u, err := w.e.CreateUser(w.org.ID, UserDetails{Name: name, Email: name + "@acme.test", Role: role}, "", actor)
		must(t, err)
		return u.ID
	}
	w.admin = user("ada", RoleAdmin, nil)
	w.manager = user("max", RoleManager, &w.admin)
	w.support = user("sue", RoleSupport, &w.admin)
	w.operator = user("otto", RoleOperator, &w.admin)
	w.analyst = user("ana", RoleAnalyst, &w.admin)
	w.customer, err = w.e.CreateCustomer(w.org.ID, CustomerDetails{Email: "lou@example.com", FirstName: "Lou", LastName: "Reed"}, &w.support)
	must(t, err)

	w.start = TimestampOf(time.Now().Add(7 * 24 * time.Hour))
	w.event, err = w.e.CreateEvent(w.org.ID, EventDetails{
		Title: "Jazz Night", StartsAt: w.start, EndsAt: w.start + 3*3600*1000, VenueName: "Blue Room",
	}, &w.manager)
	must(t, err)
	w.general, err = w.e.CreateTicketType(w.event.ID, TicketTypeDetails{Name: "General", PriceMinor: 2500, Currency: "EUR", Quantity: 50}, &w.manager)
	must(t, err)
	w.vip, err = w.e.CreateTicketType(w.event.ID, TicketTypeDetails{Name: "VIP", PriceMinor: 9000, Currency: "EUR", Quantity: 10, MaxPerOrder: 4, SortOrder: 1}, &w.manager)
	must(t, err)
	w.event, err = w.e.PublishEvent(w.event.ID, &w.manager)
	must(t, err)
	return w
}

// buy holds and confirms n tickets of a tier for the customer.
func (w *world) buy(t testing.TB, tier UUID, n int64) OrderDetail {
	t.Helper()
	h, err := w.e.CreateHold(w.event.ID, []HoldItem{{tier, n}}, HoldOptions{CustomerID: &w.customer.ID, TTL: 10 * time.Minute, Actor: &w.operator})
	must(t, err)
	o, err := w.e.ConfirmHold(h.HoldID, ConfirmOptions{PaymentReference: "pay-" + h.HoldID.String(), Actor: &w.operator})
	must(t, err)
	if int64(len(o.Tickets)) != n {
		t.Fatalf("order has %d tickets, want %d", len(o.Tickets), n)
	}
	return o
}

// stock returns a tier's availability.
func (w *world) stock(t testing.TB, event, tier UUID) TierAvailability {
	t.Helper()
	a, err := w.e.Availability(event)
	must(t, err)
	for _, ta := range a.Tiers {
		if ta.TicketTypeID == tier {
			return ta
		}
	}
	t.Fatalf("tier %v not in the availability of %v", tier, event)
	return TierAvailability{}
}

func (w *world) expectStock(t testing.TB, tier UUID, held, sold, available int64) {
	t.Helper()
	ta := w.stock(t, w.event.ID, tier)
	if ta.Held != held || ta.Sold != sold || ta.Available != available {
		t.Fatalf("tier %s: held %d sold %d available %d, want %d %d %d", ta.Name, ta.Held, ta.Sold, ta.Available, held, sold, available)
	}
}

func (w *world) verifyClean(t testing.TB) {
	t.Helper()
	r, err := w.e.Verify()
	must(t, err)
	if !r.Clean || len(r.Storage) != 0 || len(r.Invariants) != 0 {
		t.Fatalf("verify: %+v", r)
	}
}

// unknownID is well formed but nobody's.
var unknownID = MustParseUUID("0190f3c2-7b1e-7c3a-9d4e-5f6a7b8c9d0e")
