package boxoffice

import (
	"errors"
	"sync"
	"testing"
	"time"
)

func webhook(w *world, o Order, status PaymentAttemptStatus, eventID string, amount int64) PaymentEvent {
	return PaymentEvent{OrganizationID: w.org.ID, OrderID: o.ID, Provider: "stripe", ProviderReference: "pi_1",
		ProviderEventID: eventID, Status: status, AmountMinor: amount, Currency: "EUR"}
}

// A card payment: checkout, a webhook, its replay, then refunds by amount and the ledger.
func TestCardPaymentAndLedger(t *testing.T) {
	w := newWorld(t)
	h, err := w.e.CreateHold(w.event.ID, []HoldItem{{w.general.ID, 2}}, HoldOptions{TTL: 10 * time.Minute})
	must(t, err)
	pending, err := w.e.Checkout(h.HoldID, nil)
	must(t, err)
	if pending.Status != OrderPending || pending.PaymentDueAt == nil || *pending.PaymentDueAt != h.ExpiresAt {
		t.Fatalf("checkout gave %+v", pending)
	}
	paid, err := w.e.RecordPayment(webhook(w, pending, PaymentAttemptSucceeded, "evt_1", pending.TotalMinor), nil)
	must(t, err)
	if paid.Outcome != OutcomeConfirmed || paid.Order.Status != OrderConfirmed || paid.Order.PaidMinor != pending.TotalMinor {
		t.Fatalf("payment gave %+v", paid)
	}
	replay, err := w.e.RecordPayment(webhook(w, pending, PaymentAttemptSucceeded, "evt_1", pending.TotalMinor), nil)
	must(t, err)
	if replay.Outcome != OutcomeReplayed {
		t.Fatalf("replay gave %s", replay.Outcome)
	}
	_, err = w.e.RecordPayment(webhook(w, pending, PaymentAttemptSucceeded, "evt_1", 1), nil)
	expectErr(t, err, ErrInvalidArgument)

	refunded, err := w.e.RefundAmount(pending.ID, pending.FeesMinor, "fees waived", "re_1", &w.manager)
	must(t, err)
	if refunded.RefundedMinor != pending.FeesMinor || refunded.PaymentStatus != PaymentPartiallyRefunded {
		t.Fatalf("refund gave %+v", refunded)
	}
	_, err = w.e.RefundAmount(pending.ID, pending.TotalMinor, "", "", &w.manager)
	expectErr(t, err, ErrInvalidArgument)
	_, err = w.e.RefundAmount(pending.ID, 1, "", "", &w.operator)
	expectErr(t, err, ErrPermissionDenied)
	for _, bad := range []int64{0, -1, 1_000_000_000_001} {
		_, err = w.e.RecordChargeback(pending.ID, bad, "", nil)
		expectErr(t, err, ErrInvalidArgument)
	}
	_, err = w.e.RecordProviderFee(pending.ID, 150, "txn_1", nil)
	must(t, err)
	page, err := w.e.Ledger(w.org.ID, nil, "", 2)
	must(t, err)
	if len(page.Entries) != 2 || page.Entries[0].Kind != LedgerPurchase || page.Entries[1].Kind != LedgerRefund || page.Next == "" {
		t.Fatalf("ledger page %+v", page)
	}
	rest, err := w.e.Ledger(w.org.ID, nil, page.Next, 2)
	must(t, err)
	if len(rest.Entries) != 1 || rest.Entries[0].Kind != LedgerFee || rest.Next != "" {
		t.Fatalf("ledger rest %+v", rest)
	}
	payments, err := w.e.Payments(pending.ID)
	must(t, err)
	if len(payments) != 1 || payments[0].Status != PaymentAttemptSucceeded {
		t.Fatalf("payments %+v", payments)
	}
	report, err := w.e.Verify()
	must(t, err)
	if !report.Clean {
		t.Fatalf("verify: %+v", report)
	}
}

// Vouchers: a code that blocks quota, rejected codes with their reason, and 8 goroutines racing
// for its last 3 uses.
func TestVouchersRace(t *testing.T) {
	w := newWorld(t)
	v, err := w.e.CreateVoucher(w.event.ID, VoucherDetails{Code: " press ", TicketTypeIDs: []UUID{w.general.ID},
		PriceMode: VoucherFixed, Value: 0, MaxUsages: 4, BlockQuota: true}, &w.manager)
	must(t, err)
	if v.Details.Code != "PRESS" || v.RemainingUses != 4 {
		t.Fatalf("voucher %+v", v)
	}
	if a := w.stock(t, w.event.ID, w.general.ID); a.Available != 46 { // 50 less the 4 reserved for the code
		t.Fatalf("available %d", a.Available)
	}
	h, err := w.e.CreateHold(w.event.ID, []HoldItem{{w.general.ID, 1}}, HoldOptions{VoucherCode: "Press"})
	must(t, err)
	if h.TotalMinor != 50 { // a free ticket: the fixed fee only
		t.Fatalf("total %d", h.TotalMinor)
	}
	_, err = w.e.CreateHold(w.event.ID, []HoldItem{{w.general.ID, 1}}, HoldOptions{VoucherCode: "nope"})
	var e *Error
	if !errors.As(err, &e) || e.Code != StatusVoucherRejected || e.Details.Reason != "unknown" || e.Details.Code != "NOPE" {
		t.Fatalf("unknown code gave %v (%+v)", err, e)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := w.e.CreateHold(w.event.ID, []HoldItem{{w.general.ID, 1}}, HoldOptions{VoucherCode: "PRESS"})
			var rejected *Error
			if err == nil {
				mu.Lock()
				wins++
				mu.Unlock()
			} else if !errors.As(err, &rejected) || rejected.Code != StatusVoucherRejected || rejected.Details.Reason != "used_up" {
				t.Errorf("race: %v", err)
			}
		}()
	}
	wg.Wait()
	got, err := w.e.Voucher(w.event.ID, "press")
	must(t, err)
	if wins != 3 || got.UsedCount != 4 {
		t.Fatalf("%d won, used %d", wins, got.UsedCount)
	}
	_, err = w.e.CreateVoucher(w.event.ID, VoucherDetails{Code: "PRESS"}, nil)
	expectErr(t, err, ErrDuplicate)
	_, err = w.e.CreateVoucher(w.event.ID, VoucherDetails{Code: "X", PriceMode: VoucherPercentOff, Value: 10001}, nil)
	expectErr(t, err, ErrInvalidArgument)
}

func TestTaxRules(t *testing.T) {
	w := newWorld(t)
	exclusive := false // Inclusive is a pointer: nil takes the default, true
	rule, err := w.e.CreateTaxRule(w.org.ID, TaxRuleDetails{Name: "Sales tax", RateBasisPoints: 888, Inclusive: &exclusive}, &w.manager)
	must(t, err)
	_, err = w.e.CreateTaxRule(w.org.ID, TaxRuleDetails{Name: "too much", RateBasisPoints: 10001}, nil)
	expectErr(t, err, ErrInvalidArgument)
	d := w.general.Details
	d.TaxRuleID = &rule.ID
	_, err = w.e.UpdateTicketType(w.general.ID, d, 0, &w.manager)
	must(t, err)
	o := w.buy(t, w.general.ID, 2)
	if o.Order.TaxMinor != 2*222 || o.Order.NetMinor != o.Order.TotalMinor-o.Order.TaxMinor { // 8.88 % of 25.00 = 2.22
		t.Fatalf("order tax %d net %d total %d", o.Order.TaxMinor, o.Order.NetMinor, o.Order.TotalMinor)
	}
	rules, err := w.e.TaxRules(w.org.ID)
	must(t, err)
	if len(rules) != 1 || rules[0].ID != rule.ID {
		t.Fatalf("rules %+v", rules)
	}
}
