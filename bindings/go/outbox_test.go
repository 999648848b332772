package boxoffice

import (
	"errors"
	"testing"
	"time"
)

// A delivery worker's loop: claim with a lease, acknowledge; a failure retried, then dead.
func TestOutboxWorkerLoop(t *testing.T) {
	w := newWorld(t)
	o := w.buy(t, w.general.ID, 2) // for the customer: an order_confirmed message
	msgs, err := w.e.ClaimOutbox(10, 30*time.Second, nil)
	must(t, err)
	if len(msgs) != 1 || msgs[0].Kind != OutboxOrderConfirmed || msgs[0].Status != OutboxClaimed || msgs[0].Attempts != 1 {
		t.Fatalf("claimed %+v", msgs)
	}
	again, err := w.e.ClaimOutbox(10, 30*time.Second, nil)
	must(t, err)
	if len(again) != 0 {
		t.Fatalf("a leased message was claimed again: %+v", again)
	}
	n, err := w.e.AcknowledgeOutbox([]UUID{msgs[0].ID}, nil)
	must(t, err)
	if n != 1 {
		t.Fatalf("acknowledged %d", n)
	}
	_, err = w.e.RefundAmount(o.Order.ID, 100, "", "", &w.manager)
	must(t, err)
	refund, err := w.e.ClaimOutbox(10, 30*time.Second, nil)
	must(t, err)
	dead, err := w.e.FailOutbox(refund[0].ID, "smtp 550", 1, nil)
	must(t, err)
	if dead.Status != OutboxDead || dead.LastError != "smtp 550" {
		t.Fatalf("failed %+v", dead)
	}
	page, err := w.e.Outbox("dead", "", 10)
	must(t, err)
	if len(page.Messages) != 1 || page.Messages[0].ID != refund[0].ID {
		t.Fatalf("dead %+v", page)
	}
	_, err = w.e.Outbox("sent", "", 10)
	expectErr(t, err, ErrInvalidArgument)
	if n, err := w.e.AcknowledgeOutbox([]UUID{refund[0].ID}, nil); err != nil || n != 0 {
		t.Fatalf("acknowledging a dead message: %d, %v", n, err)
	}
	_, err = w.e.RefundAmount(o.Order.ID, 50, "", "", &w.manager)
	must(t, err)
	fresh, err := w.e.Outbox("pending", "", 10)
	must(t, err)
	_, err = w.e.AcknowledgeOutbox([]UUID{fresh.Messages[0].ID}, nil) // never claimed: no worker holds it
	expectErr(t, err, ErrInvalidState)
	_, err = w.e.RetryOutbox(refund[0].ID, nil)
	must(t, err)
	if n, err := w.e.AcknowledgeOutbox([]UUID{refund[0].ID}, nil); err != nil || n != 1 {
		t.Fatalf("a late acknowledgement of a message claimed before its retry: %d, %v", n, err) // it was sent
	}
	_, err = w.e.AcknowledgeOutbox([]UUID{refund[0].ID, refund[0].ID}, nil)
	if !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("an id twice: %v", err)
	}
	_, err = w.e.ClaimOutbox(10, 0, nil)
	expectErr(t, err, ErrInvalidArgument)
}
