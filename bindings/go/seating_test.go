package boxoffice

import (
	"encoding/json"
	"errors"
	"os"
	"sync"
	"testing"
)

// seatedEvent is a published event selling the example theatre: stalls and circle, one tier each.
func seatedEvent(t *testing.T, w *world) (Event, TicketType, TicketType) {
	t.Helper()
	raw, err := os.ReadFile("../../examples/seating/theatre.json")
	must(t, err)
	var plan SeatingPlanDefinition
	must(t, json.Unmarshal(raw, &plan))
	stored, err := w.e.CreateSeatingPlan(w.org.ID, plan, &w.manager)
	must(t, err)
	ev, err := w.e.CreateEvent(w.org.ID, EventDetails{Title: "Hamlet", StartsAt: w.start, EndsAt: w.start + 3600*1000}, nil)
	must(t, err)
	stalls, err := w.e.CreateTicketType(ev.ID, TicketTypeDetails{Name: "Stalls", PriceMinor: 4500, Currency: "EUR", Quantity: 1, MaxPerOrder: 8}, nil)
	must(t, err)
	circle, err := w.e.CreateTicketType(ev.ID, TicketTypeDetails{Name: "Circle", PriceMinor: 3000, Currency: "EUR", Quantity: 1, MaxPerOrder: 8, SortOrder: 1}, nil)
	must(t, err)
	_, err = w.e.AssignSeating(ev.ID, SeatAssignment{PlanID: stored.ID, Categories: []SeatCategory{
		{Category: "stalls", TicketTypeID: stalls.ID}, {Category: "circle", TicketTypeID: circle.ID},
	}}, nil)
	must(t, err)
	ev, err = w.e.PublishEvent(ev.ID, nil)
	must(t, err)
	tiers, err := w.e.TicketTypes(ev.ID)
	must(t, err)
	return ev, tiers[0], tiers[1]
}

// Best-available seats, tickets that carry them, a blocked seat, a seat change and bad input.
func TestSeatedSale(t *testing.T) {
	w := newWorld(t)
	e := w.e
	ev, stalls, circle := seatedEvent(t, w)
	if !stalls.Seated || stalls.Details.Quantity != 74 || circle.Details.Quantity != 39 {
		t.Fatalf("tiers %+v %+v", stalls, circle)
	}
	hold, err := e.CreateSeatedHold(ev.ID, SeatSelection{Quantity: 3, Categories: []string{"circle"}}, SeatedHoldOptions{})
	must(t, err)
	if len(hold.Seats) != 3 || hold.Items[0].TicketTypeID != circle.ID {
		t.Fatalf("hold %+v", hold)
	}
	order, err := e.ConfirmHold(hold.ID, ConfirmOptions{})
	must(t, err)
	for _, ticket := range order.Tickets {
		if ticket.Seat == "" {
			t.Fatalf("ticket without a seat: %+v", ticket)
		}
	}
	changed, err := e.SetSeats(ev.ID, SeatStateChange{Seats: []string{"Stalls/A/3"}, State: SeatBlocked}, nil)
	must(t, err)
	if changed != 1 {
		t.Fatalf("changed %d", changed)
	}
	_, err = e.CreateSeatedHold(ev.ID, SeatSelection{Seats: []string{"Stalls/A/3"}}, SeatedHoldOptions{})
	expectErr(t, err, ErrSeatUnavailable)
	var failure *Error
	if errors.As(err, &failure); failure.Details.Seat != "Stalls/A/3" || failure.Details.State != "blocked" {
		t.Fatalf("details %+v", failure.Details)
	}
	_, err = e.CreateSeatedHold(ev.ID, SeatSelection{Seats: []string{"Stalls/A/1", "Stalls/A/1"}}, SeatedHoldOptions{})
	expectErr(t, err, ErrInvalidArgument)
	_, err = e.CreateSeatedHold(ev.ID, SeatSelection{Quantity: 2, Categories: []string{"balcony"}}, SeatedHoldOptions{})
	expectErr(t, err, ErrInvalidArgument)
	_, err = e.CreateSeatedHold(w.event.ID, SeatSelection{Quantity: 1}, SeatedHoldOptions{})
	expectErr(t, err, ErrInvalidArgument)
	moved, err := e.ChangeSeat(order.Tickets[0].ID, "Circle/C/1", nil)
	must(t, err)
	if moved.Seat != "Circle/C/1" {
		t.Fatalf("moved %+v", moved)
	}
	seats, err := e.EventSeats(ev.ID)
	must(t, err)
	if seats.Sold != 3 || seats.Blocked != 1 || seats.Free != 109 || len(seats.Seats) != 113 {
		t.Fatalf("seats %d sold, %d blocked, %d free", seats.Sold, seats.Blocked, seats.Free)
	}
	report, err := e.Verify()
	must(t, err)
	if !report.Clean {
		t.Fatalf("verify: %+v", report)
	}
}

// Goroutines take best-available pairs until the house is full: no seat is sold twice.
func TestGoroutinesNeverSellASeatTwice(t *testing.T) {
	w := newWorld(t)
	ev, _, _ := seatedEvent(t, w)
	var mu sync.Mutex
	taken := map[string]int{}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				hold, err := w.e.CreateSeatedHold(ev.ID, SeatSelection{Quantity: 2, MaxRows: 2}, SeatedHoldOptions{})
				if errors.Is(err, ErrSoldOut) {
					return
				}
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				for _, seat := range hold.Seats {
					taken[seat]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	for seat, n := range taken {
		if n != 1 {
			t.Fatalf("seat %s taken %d times", seat, n)
		}
	}
	if len(taken) < 100 {
		t.Fatalf("only %d seats taken", len(taken))
	}
	report, err := w.e.Verify()
	must(t, err)
	if !report.Clean {
		t.Fatalf("verify: %+v", report)
	}
}

// pretix's quota: two tiers share a room; closeWhenSoldOut keeps it closed until updated.
func TestQuotaSharedByTwoTiers(t *testing.T) {
	w := newWorld(t)
	e := w.e
	ev, err := e.CreateEvent(w.org.ID, EventDetails{Title: "Workshop", StartsAt: w.start, EndsAt: w.start + 3600*1000}, nil)
	must(t, err)
	full, err := e.CreateTicketType(ev.ID, TicketTypeDetails{Name: "Full", PriceMinor: 4000, Currency: "EUR", Quantity: 3}, nil)
	must(t, err)
	reduced, err := e.CreateTicketType(ev.ID, TicketTypeDetails{Name: "Reduced", PriceMinor: 2500, Currency: "EUR", Quantity: 3}, nil)
	must(t, err)
	quota, err := e.CreateQuota(ev.ID, QuotaDetails{Name: "Room", Size: 3, TicketTypeIDs: []UUID{full.ID, reduced.ID}, CloseWhenSoldOut: true}, nil)
	must(t, err)
	_, err = e.PublishEvent(ev.ID, nil)
	must(t, err)
	hold, err := e.CreateHold(ev.ID, []HoldItem{{full.ID, 2}}, HoldOptions{})
	must(t, err)
	_, err = e.CreateHold(ev.ID, []HoldItem{{reduced.ID, 2}}, HoldOptions{})
	expectErr(t, err, ErrSoldOut)
	_, err = e.CreateHold(ev.ID, []HoldItem{{reduced.ID, 1}}, HoldOptions{})
	must(t, err)
	_, err = e.ReleaseHold(hold.HoldID, nil)
	must(t, err)
	_, err = e.CreateHold(ev.ID, []HoldItem{{full.ID, 1}}, HoldOptions{})
	expectErr(t, err, ErrSoldOut)
	quotas, err := e.Quotas(ev.ID)
	must(t, err)
	if len(quotas) != 1 || !quotas[0].Closed || quotas[0].Available != 0 {
		t.Fatalf("quotas %+v", quotas)
	}
	reopened, err := e.UpdateQuota(quota.ID, QuotaDetails{Name: "Room", Size: 3, TicketTypeIDs: []UUID{full.ID, reduced.ID}}, 0, nil)
	must(t, err)
	if reopened.Closed || reopened.Available != 2 {
		t.Fatalf("reopened %+v", reopened)
	}
	must(t, e.DeleteQuota(quota.ID, nil))
}
