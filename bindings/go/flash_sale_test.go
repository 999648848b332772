package boxoffice

import (
	"errors"
	"math/rand"
	"sync"
	"testing"
	"time"
)

// A flash sale: 64 goroutines share one engine and race for the 1,000 tickets of an event (4
// tiers of 250 and an event capacity of 1,000), each making hold + confirm attempts of 1 to 4
// tickets of a random tier until every tier is gone. Exactly 1,000 tickets must be sold, no code
// twice, and Verify must stay clean.
func TestFlashSale(t *testing.T) {
	const goroutines, tiers, perTier = 64, 4, 250
	e := openTemp(t)
	org, err := e.CreateOrganization(OrganizationDetails{Name: "Flash", Slug: "flash", Email: "f@f.test", Currency: "EUR", FixedFeeMinor: 100}, nil)
	must(t, err)
	start := TimestampOf(time.Now().Add(24 * time.Hour))
	ev, err := e.CreateEvent(org.ID, EventDetails{Title: "Flash", StartsAt: start, EndsAt: start + 3600*1000, Capacity: Int64(tiers * perTier)}, nil)
	must(t, err)
	var tierIDs [tiers]UUID
	for i := range tierIDs {
		tt, err := e.CreateTicketType(ev.ID, TicketTypeDetails{Name: string(rune('A' + i)), PriceMinor: 1000, Currency: "EUR", Quantity: perTier, SortOrder: int64(i)}, nil)
		must(t, err)
		tierIDs[i] = tt.ID
	}
	_, err = e.PublishEvent(ev.ID, nil)
	must(t, err)

	type result struct {
		sold, orders, soldOut, attempts int
		codes                           []string
		err                             error
	}
	results := make([]result, goroutines)
	var ready, wg sync.WaitGroup
	gate := make(chan struct{})
	ready.Add(goroutines)
	wg.Add(goroutines)
	for g := 0; g < goroutines; g++ {
		go func(g int) {
			defer wg.Done()
			r := &results[g]
			rng := rand.New(rand.NewSource(int64(g) + 1))
			var exhausted [tiers]bool
			left := tiers
			ready.Done()
			<-gate
			for left > 0 {
				if r.attempts++; r.attempts > 2000 {
					r.err = errors.New("too many attempts")
					return
				}
				pick := rng.Intn(left)
				tier := 0
				for ; tier < tiers; tier++ {
					if !exhausted[tier] {
						if pick == 0 {
							break
						}
						pick--
					}
				}
				q := int64(1 + rng.Intn(4))
				h, err := e.CreateHold(ev.ID, []HoldItem{{tierIDs[tier], q}}, HoldOptions{TTL: 10 * time.Minute})
				if errors.Is(err, ErrSoldOut) {
					r.soldOut++
					// Gone for good once nothing is left and nothing is held (holds are
					// confirmed at once, so held tickets are sold a moment later).
					a, err := e.Availability(ev.ID)
					if err != nil {
						r.err = err
						return
					}
					if ta := a.Tiers[tier]; ta.Available == 0 && ta.Held == 0 {
						exhausted[tier] = true
						left--
					}
					continue
				}
				if err != nil {
					r.err = err
					return
				}
				o, err := e.ConfirmHold(h.HoldID, ConfirmOptions{})
				if err != nil {
					r.err = err
					return
				}
				if int64(len(o.Tickets)) != q || h.TicketCount != q {
					r.err = errors.New("an order with the wrong number of tickets")
					return
				}
				r.orders++
				r.sold += len(o.Tickets)
				for _, tk := range o.Tickets {
					r.codes = append(r.codes, tk.Code)
				}
			}
		}(g)
	}
	ready.Wait()
	began := time.Now()
	close(gate)
	wg.Wait()
	elapsed := time.Since(began)

	sold, orders, soldOut, attempts := 0, 0, 0, 0
	codes := map[string]bool{}
	for g, r := range results {
		if r.err != nil {
			t.Fatalf("goroutine %d: %v", g, r.err)
		}
		sold += r.sold
		orders += r.orders
		soldOut += r.soldOut
		attempts += r.attempts
		for _, c := range r.codes {
			if codes[c] {
				t.Fatalf("code %s sold twice", c)
			}
			codes[c] = true
		}
	}
	t.Logf("%d tickets in %d orders by %d goroutines in %v (%d attempts, %d sold out)", sold, orders, goroutines, elapsed, attempts, soldOut)
	if sold != tiers*perTier || len(codes) != sold {
		t.Fatalf("sold %d tickets (%d codes), want %d", sold, len(codes), tiers*perTier)
	}
	a, err := e.Availability(ev.ID)
	must(t, err)
	if !a.HasCapacity || a.CapacityRemaining != 0 {
		t.Fatalf("capacity left: %+v", a)
	}
	for _, ta := range a.Tiers {
		if ta.Sold != perTier || ta.Held != 0 || ta.Available != 0 {
			t.Fatalf("tier %s: %+v", ta.Name, ta)
		}
	}
	got, err := e.Event(ev.ID)
	must(t, err)
	if got.Sold != tiers*perTier || got.Held != 0 {
		t.Fatalf("event: sold %d held %d", got.Sold, got.Held)
	}
	r, err := e.Verify()
	must(t, err)
	if !r.Clean {
		t.Fatalf("verify: %+v", r)
	}
}
