package boxoffice

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

// soldOutEvent is a published event whose one tier of 2 is in one hold.
func soldOutEvent(t *testing.T, w *world, details EventDetails) (Event, TicketType, HoldInfo) {
	t.Helper()
	details.Title, details.StartsAt, details.EndsAt = "Sold Out", w.start, w.start+3600*1000
	ev, err := w.e.CreateEvent(w.org.ID, details, &w.manager)
	must(t, err)
	tier, err := w.e.CreateTicketType(ev.ID, TicketTypeDetails{Name: "Floor", PriceMinor: 1000, Currency: "EUR", Quantity: 2}, &w.manager)
	must(t, err)
	_, err = w.e.PublishEvent(ev.ID, &w.manager)
	must(t, err)
	hold, err := w.e.CreateHold(ev.ID, []HoldItem{{tier.ID, 2}}, HoldOptions{})
	must(t, err)
	return ev, tier, hold
}

// The head of the queue is offered freed stock as a real hold; the rest is kept for the queue;
// accepting is confirming; bad input is refused with the right error.
func TestWaitlistOffersFreedStockInOrder(t *testing.T) {
	w := newWorld(t)
	e := w.e
	ev, tier, hold := soldOutEvent(t, w, EventDetails{})
	ada, err := e.JoinWaitlist(ev.ID, &tier.ID, 1, nil, "Ada@Example.org", nil)
	must(t, err)
	bob, err := e.JoinWaitlist(ev.ID, &tier.ID, 2, &w.customer.ID, "", &w.operator)
	must(t, err)
	if ada.Entry.Status != WaitlistWaiting || *ada.Position != 1 || *bob.Position != 2 || bob.Entry.Email != "lou@example.com" {
		t.Fatalf("joined %+v and %+v", ada, bob)
	}
	_, err = e.JoinWaitlist(ev.ID, &tier.ID, 1, nil, "ADA@example.org", nil)
	expectErr(t, err, ErrDuplicate)
	_, err = e.JoinWaitlist(ev.ID, &tier.ID, 0, nil, "cy@example.org", nil)
	expectErr(t, err, ErrInvalidArgument)
	_, err = e.JoinWaitlist(ev.ID, &tier.ID, 1, nil, "", nil)
	expectErr(t, err, ErrInvalidArgument)
	_, err = e.JoinWaitlist(ev.ID, &w.general.ID, 1, nil, "cy@example.org", nil)
	expectErr(t, err, ErrInvalidArgument)
	_, err = e.JoinWaitlist(ev.ID, &tier.ID, 1, nil, "cy@example.org", &w.analyst)
	expectErr(t, err, ErrPermissionDenied)
	_, err = e.DeclineWaitlistOffer(bob.Entry.ID, nil)
	expectErr(t, err, ErrInvalidState)
	_, err = e.WaitlistEntry(ev.ID)
	expectErr(t, err, ErrNotFound)

	_, err = e.ReleaseHold(hold.HoldID, nil)
	must(t, err)
	offered, err := e.WaitlistEntry(ada.Entry.ID)
	must(t, err)
	if offered.Entry.Status != WaitlistOffered || offered.Offer == nil || offered.Offer.Items[0].Quantity != 1 {
		t.Fatalf("offered %+v", offered)
	}
	av, err := e.Availability(ev.ID)
	must(t, err)
	if av.Tiers[0].ReservedForWaitlist != 1 || av.Tiers[0].Available != 0 {
		t.Fatalf("availability %+v", av.Tiers[0])
	}
	_, err = e.CreateHold(ev.ID, []HoldItem{{tier.ID, 1}}, HoldOptions{})
	expectErr(t, err, ErrSoldOut)
	_, err = e.ConfirmHold(offered.Offer.ID, ConfirmOptions{})
	must(t, err)
	accepted, err := e.WaitlistEntry(ada.Entry.ID)
	must(t, err)
	if accepted.Entry.Status != WaitlistAccepted {
		t.Fatalf("accepted %+v", accepted.Entry)
	}
	left, err := e.LeaveWaitlist(bob.Entry.ID, nil)
	must(t, err)
	places, err := e.Waitlist(ev.ID)
	must(t, err)
	if left.Status != WaitlistLeft || len(places) != 2 || places[0].Entry.ID != ada.Entry.ID {
		t.Fatalf("left %+v, list %+v", left, places)
	}
	report, err := e.Verify()
	must(t, err)
	if !report.Clean {
		t.Fatalf("verify: %+v", report)
	}
}

// An offer that runs out passes to the next entry; the expired one goes to the back.
func TestWaitlistExpiredOfferPassesOn(t *testing.T) {
	w := newWorld(t)
	e := w.e
	ev, tier, hold := soldOutEvent(t, w, EventDetails{WaitlistOfferTTLMs: 60_000, WaitlistRequeueExpired: true})
	now := time.Now()
	must(t, e.SetClock(now))
	var ids []UUID
	for _, name := range []string{"ada", "bob"} {
		p, err := e.JoinWaitlist(ev.ID, &tier.ID, 2, nil, name+"@example.org", nil)
		must(t, err)
		ids = append(ids, p.Entry.ID)
	}
	_, err := e.ReleaseHold(hold.HoldID, nil)
	must(t, err)
	must(t, e.SetClock(now.Add(time.Minute)))
	n, err := e.ExpireHolds(0, nil)
	must(t, err)
	ada, err := e.WaitlistEntry(ids[0])
	must(t, err)
	bob, err := e.WaitlistEntry(ids[1])
	must(t, err)
	if n != 1 || ada.Entry.Status != WaitlistWaiting || *ada.Position != 1 || bob.Entry.Status != WaitlistOffered {
		t.Fatalf("after expiry: %d, %+v, %+v", n, ada, bob)
	}
}

// Goroutines join while others release holds: every one joins once, the file verifies clean.
func TestWaitlistConcurrentJoins(t *testing.T) {
	w := newWorld(t)
	e := w.e
	var holds []HoldInfo
	for i := 0; i < 5; i++ {
		h, err := e.CreateHold(w.event.ID, []HoldItem{{w.general.ID, 10}}, HoldOptions{})
		must(t, err)
		holds = append(holds, h)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				if _, err := e.JoinWaitlist(w.event.ID, &w.general.ID, 3, nil, fmt.Sprintf("g%d-%d@example.org", g, i), nil); err != nil {
					errs <- err
				}
			}
		}(g)
	}
	for _, h := range holds[:3] {
		if _, err := e.ReleaseHold(h.HoldID, nil); err != nil && !errors.Is(err, ErrInvalidState) {
			t.Fatal(err)
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	places, err := e.Waitlist(w.event.ID)
	must(t, err)
	offered := 0
	for _, p := range places {
		if p.Entry.Status == WaitlistOffered {
			offered++
		}
	}
	if len(places) != 80 || offered != 10 { // 30 freed, 3 each
		t.Fatalf("%d entries, %d offered", len(places), offered)
	}
	report, err := e.Verify()
	must(t, err)
	if !report.Clean {
		t.Fatalf("verify: %+v", report)
	}
}
