package boxoffice

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestVersion(t *testing.T) {
	if LibraryVersion() < HeaderVersion || LibraryVersion()/1000000 != HeaderVersion/1000000 {
		t.Fatalf("library %d, header %d", LibraryVersion(), HeaderVersion)
	}
}

func TestDefaultOptions(t *testing.T) {
	o := DefaultOptions()
	want := Options{Durability: Durable, FileMode: 0o600, InitialMapSize: 16 << 20, MaxMapSize: 1 << 40, MaxReaders: 126,
		IdempotencyWindow: 24 * time.Hour, MaxHold: 24 * time.Hour}
	if o != want {
		t.Fatalf("DefaultOptions() = %+v", o)
	}
}

func TestOpenOptions(t *testing.T) {
	dir := t.TempDir()
	// Malformed options: refused before anything is created.
	bad := []Options{
		{Durability: 4},
		{Durability: math.MaxUint32},
		{MaxReaders: -1},
		{MaxReaders: 70000},
		{MaxReaders: math.MaxInt32 + 1},
		{InitialMapSize: -1},
		{MaxMapSize: -1},
		{InitialMapSize: 64 << 20, MaxMapSize: 32 << 20},
		{IdempotencyWindow: time.Second},
		{IdempotencyWindow: 400 * 24 * time.Hour},
		{IdempotencyWindow: -time.Hour},
		{MaxHold: time.Second},
		{MaxHold: 8 * 24 * time.Hour},
		{FileMode: 0o1777},
		{FileMode: os.ModeDir | 0o700},
	}
	for i, o := range bad {
		o := o
		e, err := Open(filepath.Join(dir, "bad"), &o)
		if err == nil {
			e.Close()
			t.Fatalf("options %d (%+v) accepted", i, o)
		}
		expectErr(t, err, ErrInvalidArgument)
	}
	// Every durability opens; durable-sales flushes a hold's commit once (docs/RELIABILITY.md).
	for _, d := range []Durability{Durable, DurableSales, MetaAsync, Async} {
		e, err := Open(filepath.Join(dir, "mode"+strconv.Itoa(int(d))), &Options{Durability: d})
		must(t, err)
		must(t, e.Sync())
		must(t, e.Close())
	}
	_, err := Open(dir+"/x\x00y", nil)
	expectErr(t, err, ErrInvalidArgument)
	_, err = Open("", nil)
	if err == nil {
		t.Fatal("empty path opened")
	}

	// Bad paths.
	file := filepath.Join(dir, "file")
	must(t, os.WriteFile(file, []byte("not a store"), 0o600))
	_, err = Open(file, &Options{Durability: Async})
	expectErr(t, err, ErrBadPath)
	if !errors.Is(err, ErrStorage) {
		t.Fatalf("%v is not ErrStorage", err)
	}
	_, err = Open(filepath.Join(dir, "missing"), &Options{ReadOnly: true})
	expectErr(t, err, ErrBadPath)
	// MustExist: a mistyped path is an error, not a new empty store.
	_, err = Open(filepath.Join(dir, "mistyped"), &Options{MustExist: true})
	expectErr(t, err, ErrBadPath)
	if _, statErr := os.Stat(filepath.Join(dir, "mistyped")); statErr == nil {
		t.Fatal("MustExist created the directory")
	}
	garbage := filepath.Join(dir, "garbage")
	must(t, os.Mkdir(garbage, 0o700))
	must(t, os.WriteFile(filepath.Join(garbage, "data.mdb"), make([]byte, 8192), 0o600))
	_, err = Open(garbage, nil)
	expectErr(t, err, ErrNotAStore)
	if !errors.Is(err, ErrStorage) {
		t.Fatalf("%v is not ErrStorage", err)
	}

	// A store with custom options: MaxHold bounds the TTL.
	path := filepath.Join(dir, "store")
	e, err := Open(path, &Options{Durability: Async, MaxHold: time.Minute, IdempotencyWindow: time.Minute, MaxReaders: 16,
		InitialMapSize: 1 << 20, MaxMapSize: 1 << 30, FileMode: 0o640})
	must(t, err)
	if e.Path() != path {
		t.Fatal(e.Path())
	}
	org, err := e.CreateOrganization(OrganizationDetails{Name: "A", Slug: "a", Email: "a@a.test", Currency: "EUR"}, nil)
	must(t, err)
	start := TimestampOf(time.Now().Add(time.Hour))
	ev, err := e.CreateEvent(org.ID, EventDetails{Title: "E", StartsAt: start, EndsAt: start + 1000}, nil)
	must(t, err)
	tier, err := e.CreateTicketType(ev.ID, TicketTypeDetails{Name: "T", Currency: "EUR", Quantity: 5}, nil)
	must(t, err)
	_, err = e.PublishEvent(ev.ID, nil)
	must(t, err)
	_, err = e.CreateHold(ev.ID, []HoldItem{{tier.ID, 1}}, HoldOptions{TTL: 2 * time.Minute})
	expectErr(t, err, ErrInvalidArgument)
	_, err = e.CreateHold(ev.ID, []HoldItem{{tier.ID, 1}}, HoldOptions{TTL: time.Minute})
	must(t, err)

	// The same file again in this process: shared with the same options, ErrBusy with others.
	_, err = Open(path, &Options{Durability: Durable})
	expectErr(t, err, ErrBusy)
	if reader, err := Open(path, &Options{Durability: Async, ReadOnly: true}); err != nil {
		t.Logf("read-only open beside a writer: %v", err)
	} else {
		must(t, reader.Close())
	}
	twin, err := Open(path, &Options{Durability: Async})
	must(t, err)
	if _, err := twin.Organization(org.ID); err != nil {
		t.Fatal(err)
	}
	must(t, twin.Close())
	if _, err := e.Organization(org.ID); err != nil {
		t.Fatalf("closing the twin closed the first handle: %v", err)
	}
	must(t, e.Sync())
	must(t, e.Close())

	// Read-only: reads work, writes are ErrReadOnly (a storage error).
	ro, err := Open(path, &Options{ReadOnly: true})
	must(t, err)
	defer ro.Close()
	if _, err := ro.Availability(ev.ID); err != nil {
		t.Fatal(err)
	}
	_, err = ro.CreateOrganization(OrganizationDetails{Name: "B", Slug: "b", Email: "b@b.test", Currency: "EUR"}, nil)
	expectErr(t, err, ErrReadOnly)
	if !errors.Is(err, ErrStorage) {
		t.Fatal("ErrReadOnly is not ErrStorage")
	}
	must(t, ro.Sync())
}

func TestAuditFeedVerifyBackupSync(t *testing.T) {
	w := newWorld(t)
	e := w.e
	o := w.buy(t, w.general.ID, 2)
	_, err := e.CreateEvent(w.org.ID, EventDetails{Title: "X", StartsAt: w.start, EndsAt: w.start + 1}, &w.analyst)
	expectErr(t, err, ErrPermissionDenied)

	var all []AuditEntry
	var after uint64
	for {
		page, err := e.AuditFeed(after, 5)
		must(t, err)
		if len(page) == 0 {
			if page == nil {
				t.Fatal("an empty page is nil")
			}
			break
		}
		if len(page) > 5 {
			t.Fatalf("page of %d", len(page))
		}
		all = append(all, page...)
		after = page[len(page)-1].Sequence
	}
	actions := map[string]bool{}
	for i, a := range all {
		if a.Sequence != uint64(i+1) || a.At <= 0 || a.Action == "" || a.EntityType == "" || a.Actor == "" {
			t.Fatalf("entry %d: %+v", i, a)
		}
		actions[a.Action] = true
		if a.Action == "order.confirm" && (a.EntityID == nil || *a.EntityID != o.Order.ID) {
			t.Fatalf("order.confirm entry: %+v", a)
		}
		if a.Action == "permission.denied" && a.Actor != "user:"+w.analyst.String() {
			t.Fatalf("permission.denied entry: %+v", a)
		}
	}
	for _, want := range []string{"organization.create", "user.create", "customer.create", "event.create", "ticket_type.create",
		"event.publish", "hold.create", "order.confirm", "permission.denied"} {
		if !actions[want] {
			t.Errorf("no %s in the feed", want)
		}
	}
	for _, limit := range []int{0, -1, 10001, math.MaxInt32 + 1, math.MinInt64} {
		_, err := e.AuditFeed(0, limit)
		expectErr(t, err, ErrInvalidArgument)
	}
	if page, err := e.AuditFeed(math.MaxUint64, 10); err != nil || len(page) != 0 {
		t.Fatalf("feed after the end: %v %v", page, err)
	}

	w.verifyClean(t)
	must(t, e.Sync())

	// Backup: a store that opens with the same data; not twice into the same place.
	dir := t.TempDir()
	dst := filepath.Join(dir, "backup")
	must(t, e.Backup(dst))
	expectErr(t, e.Backup(dst), ErrBadPath)
	must(t, e.Backup(filepath.Join(dir, "missing", "backup"))) // missing parents are created
	expectErr(t, e.Backup(filepath.Join(dst, "data.mdb", "backup")), ErrBadPath)
	expectErr(t, e.Backup(dst+"\x00"), ErrInvalidArgument)
	b, err := Open(dst, &Options{Durability: Async})
	must(t, err)
	defer b.Close()
	got, err := b.Order(o.Order.ID)
	must(t, err)
	if got.Order.Number != o.Order.Number {
		t.Fatal("the backup has another order")
	}
	if r, err := b.Verify(); err != nil || !r.Clean {
		t.Fatalf("verify the backup: %+v %v", r, err)
	}
}

// Every method of a closed engine (and of a nil one) returns ErrClosed.
func TestClosedEngine(t *testing.T) {
	w := newWorld(t)
	e := w.e
	must(t, e.Close())
	must(t, e.Close()) // twice is harmless
	id := w.event.ID
	calls := closedCalls(id)
	// Every exported method but Close and Path is in the list: a new operation must be too.
	engineType := reflect.TypeOf(e)
	for i := 0; i < engineType.NumMethod(); i++ {
		name := engineType.Method(i).Name
		if _, listed := calls[name]; !listed && name != "Close" && name != "Path" {
			t.Errorf("closedCalls lacks %s", name)
		}
	}
	for name, call := range calls {
		expectErr(t, call(e), ErrClosed)
		expectErr(t, call(nil), ErrClosed)
		// A second Engine value with the same (now closed) C handle and no Go-side flag: the C
		// library's BO_MISUSE maps to ErrClosed too.
		stale := &Engine{h: e.h}
		err := call(stale)
		expectErr(t, err, ErrClosed)
		if strings.Contains(err.Error(), "the engine is closed") {
			t.Fatalf("%s: the stale handle did not reach C: %v", name, err)
		}
	}
	var nilEngine *Engine
	must(t, nilEngine.Close())
}

func closedCalls(id UUID) map[string]func(*Engine) error {
	return map[string]func(*Engine) error{
		"CreateOrganization": func(e *Engine) error {
			_, err := e.CreateOrganization(OrganizationDetails{Name: "x", Slug: "x", Email: "x@x.test", Currency: "EUR"}, nil)
			return err
		},
		"UpdateOrganization": func(e *Engine) error { _, err := e.UpdateOrganization(id, OrganizationDetails{}, 0, nil); return err },
		"Organization":       func(e *Engine) error { _, err := e.Organization(id); return err },
		"OrganizationBySlug": func(e *Engine) error { _, err := e.OrganizationBySlug("acme"); return err },
		"CreateUser":         func(e *Engine) error { _, err := e.CreateUser(id, UserDetails{}, "", nil); return err },
		"UpdateUser":         func(e *Engine) error { _, err := e.UpdateUser(id, UserDetails{}, 0, nil); return err },
		"User":               func(e *Engine) error { _, err := e.User(id); return err },
		"SetPin":             func(e *Engine) error { return e.SetPin(id, "1234", nil) },
		"ClearPin":           func(e *Engine) error { return e.ClearPin(id, nil) },
		"VerifyPin":          func(e *Engine) error { _, err := e.VerifyPin(id, "1234"); return err },
		"CreateCustomer":     func(e *Engine) error { _, err := e.CreateCustomer(id, CustomerDetails{}, nil); return err },
		"UpdateCustomer":     func(e *Engine) error { _, err := e.UpdateCustomer(id, CustomerDetails{}, 0, nil); return err },
		"Customer":           func(e *Engine) error { _, err := e.Customer(id); return err },
		"CustomerByEmail":    func(e *Engine) error { _, err := e.CustomerByEmail(id, "a@b.test"); return err },
		"Users":              func(e *Engine) error { _, err := e.Users(id); return err },
		"CreateEvent":        func(e *Engine) error { _, err := e.CreateEvent(id, EventDetails{}, nil); return err },
		"UpdateEvent":        func(e *Engine) error { _, err := e.UpdateEvent(id, EventDetails{}, 0, nil); return err },
		"PublishEvent":       func(e *Engine) error { _, err := e.PublishEvent(id, nil); return err },
		"CancelEvent":        func(e *Engine) error { _, err := e.CancelEvent(id, nil); return err },
		"Event":              func(e *Engine) error { _, err := e.Event(id); return err },
		"DeleteEvent":        func(e *Engine) error { return e.DeleteEvent(id, nil) },
		"Events":             func(e *Engine) error { _, err := e.Events(id); return err },
		"CreateTicketType":   func(e *Engine) error { _, err := e.CreateTicketType(id, TicketTypeDetails{}, nil); return err },
		"UpdateTicketType":   func(e *Engine) error { _, err := e.UpdateTicketType(id, TicketTypeDetails{}, 0, nil); return err },
		"TicketTypes":        func(e *Engine) error { _, err := e.TicketTypes(id); return err },
		"Availability":       func(e *Engine) error { _, err := e.Availability(id); return err },
		"CreateHold": func(e *Engine) error {
			_, err := e.CreateHold(id, []HoldItem{{id, 1}}, HoldOptions{TTL: time.Minute})
			return err
		},
		"ExtendHold":           func(e *Engine) error { _, err := e.ExtendHold(id, time.Minute, nil); return err },
		"ReleaseHold":          func(e *Engine) error { _, err := e.ReleaseHold(id, nil); return err },
		"ExpireHolds":          func(e *Engine) error { _, err := e.ExpireHolds(0, nil); return err },
		"Hold":                 func(e *Engine) error { _, err := e.Hold(id); return err },
		"ConfirmHold":          func(e *Engine) error { _, err := e.ConfirmHold(id, ConfirmOptions{}); return err },
		"Order":                func(e *Engine) error { _, err := e.Order(id); return err },
		"OrderByNumber":        func(e *Engine) error { _, err := e.OrderByNumber("7KQ2-M9XA"); return err },
		"OrdersByEvent":        func(e *Engine) error { _, err := e.OrdersByEvent(id, "", 10); return err },
		"OrdersByCustomer":     func(e *Engine) error { _, err := e.OrdersByCustomer(id, "", 10); return err },
		"CancelOrder":          func(e *Engine) error { _, err := e.CancelOrder(id, "r", nil); return err },
		"RefundOrder":          func(e *Engine) error { _, err := e.RefundOrder(id, nil); return err },
		"RefundTickets":        func(e *Engine) error { _, err := e.RefundTickets(id, []UUID{id}, nil); return err },
		"Checkout":             func(e *Engine) error { _, err := e.Checkout(id, nil); return err },
		"RecordPayment":        func(e *Engine) error { _, err := e.RecordPayment(PaymentEvent{}, nil); return err },
		"Payments":             func(e *Engine) error { _, err := e.Payments(id); return err },
		"RefundAmount":         func(e *Engine) error { _, err := e.RefundAmount(id, 1, "", "", nil); return err },
		"RecordChargeback":     func(e *Engine) error { _, err := e.RecordChargeback(id, 1, "", nil); return err },
		"ReverseChargeback":    func(e *Engine) error { _, err := e.ReverseChargeback(id, 1, "", nil); return err },
		"RecordProviderFee":    func(e *Engine) error { _, err := e.RecordProviderFee(id, 1, "", nil); return err },
		"Ledger":               func(e *Engine) error { _, err := e.Ledger(id, nil, "", 10); return err },
		"CreateTaxRule":        func(e *Engine) error { _, err := e.CreateTaxRule(id, TaxRuleDetails{}, nil); return err },
		"UpdateTaxRule":        func(e *Engine) error { _, err := e.UpdateTaxRule(id, TaxRuleDetails{}, 0, nil); return err },
		"TaxRules":             func(e *Engine) error { _, err := e.TaxRules(id); return err },
		"CreateVoucher":        func(e *Engine) error { _, err := e.CreateVoucher(id, VoucherDetails{}, nil); return err },
		"UpdateVoucher":        func(e *Engine) error { _, err := e.UpdateVoucher(id, VoucherDetails{}, 0, nil); return err },
		"Voucher":              func(e *Engine) error { _, err := e.Voucher(id, "CODE"); return err },
		"Vouchers":             func(e *Engine) error { _, err := e.Vouchers(id); return err },
		"ClaimOutbox":          func(e *Engine) error { _, err := e.ClaimOutbox(10, time.Minute, nil); return err },
		"AcknowledgeOutbox":    func(e *Engine) error { _, err := e.AcknowledgeOutbox([]UUID{id}, nil); return err },
		"FailOutbox":           func(e *Engine) error { _, err := e.FailOutbox(id, "x", 8, nil); return err },
		"RetryOutbox":          func(e *Engine) error { _, err := e.RetryOutbox(id, nil); return err },
		"DeadLetterOutbox":     func(e *Engine) error { _, err := e.DeadLetterOutbox(id, "x", nil); return err },
		"PurgeOutbox":          func(e *Engine) error { _, err := e.PurgeOutbox(time.Hour, 0, nil); return err },
		"Outbox":               func(e *Engine) error { _, err := e.Outbox("pending", "", 10); return err },
		"OutboxMessage":        func(e *Engine) error { _, err := e.OutboxMessage(id); return err },
		"JoinWaitlist":         func(e *Engine) error { _, err := e.JoinWaitlist(id, nil, 1, nil, "a@x.test", nil); return err },
		"LeaveWaitlist":        func(e *Engine) error { _, err := e.LeaveWaitlist(id, nil); return err },
		"DeclineWaitlistOffer": func(e *Engine) error { _, err := e.DeclineWaitlistOffer(id, nil); return err },
		"WaitlistEntry":        func(e *Engine) error { _, err := e.WaitlistEntry(id); return err },
		"Waitlist":             func(e *Engine) error { _, err := e.Waitlist(id); return err },
		"CreateSeatingPlan": func(e *Engine) error {
			_, err := e.CreateSeatingPlan(id, SeatingPlanDefinition{Name: "x"}, nil)
			return err
		},
		"SeatingPlan":       func(e *Engine) error { _, err := e.SeatingPlan(id); return err },
		"SeatingPlans":      func(e *Engine) error { _, err := e.SeatingPlans(id); return err },
		"DeleteSeatingPlan": func(e *Engine) error { return e.DeleteSeatingPlan(id, nil) },
		"AssignSeating":     func(e *Engine) error { _, err := e.AssignSeating(id, SeatAssignment{PlanID: id}, nil); return err },
		"EventSeats":        func(e *Engine) error { _, err := e.EventSeats(id); return err },
		"SetSeats": func(e *Engine) error {
			_, err := e.SetSeats(id, SeatStateChange{Seats: []string{"S/A/1"}, State: SeatBlocked}, nil)
			return err
		},
		"CreateSeatedHold": func(e *Engine) error {
			_, err := e.CreateSeatedHold(id, SeatSelection{Quantity: 1}, SeatedHoldOptions{})
			return err
		},
		"ChangeSeat": func(e *Engine) error { _, err := e.ChangeSeat(id, "S/A/1", nil); return err },
		"CreateQuota": func(e *Engine) error {
			_, err := e.CreateQuota(id, QuotaDetails{Name: "q", Size: 1, TicketTypeIDs: []UUID{id}}, nil)
			return err
		},
		"UpdateQuota": func(e *Engine) error {
			_, err := e.UpdateQuota(id, QuotaDetails{Name: "q", Size: 1, TicketTypeIDs: []UUID{id}}, 0, nil)
			return err
		},
		"DeleteQuota":       func(e *Engine) error { return e.DeleteQuota(id, nil) },
		"Quotas":            func(e *Engine) error { _, err := e.Quotas(id); return err },
		"CheckIn":           func(e *Engine) error { _, err := e.CheckIn("CODE", "gate", nil, nil); return err },
		"Ticket":            func(e *Engine) error { _, err := e.Ticket("CODE"); return err },
		"TicketByID":        func(e *Engine) error { _, err := e.TicketByID(id); return err },
		"Tickets":           func(e *Engine) error { _, err := e.Tickets(id); return err },
		"TransferTicket":    func(e *Engine) error { _, err := e.TransferTicket("CODE", "n", "n@x.test", nil); return err },
		"AuditFeed":         func(e *Engine) error { _, err := e.AuditFeed(0, 10); return err },
		"Verify":            func(e *Engine) error { _, err := e.Verify(); return err },
		"Backup":            func(e *Engine) error { return e.Backup(os.TempDir() + "/never-written") },
		"Sync":              func(e *Engine) error { return e.Sync() },
		"SetClock":          func(e *Engine) error { return e.SetClock(time.Time{}) },
		"Readers":           func(e *Engine) error { _, err := e.Readers(); return err },
		"ClearStaleReaders": func(e *Engine) error { _, err := e.ClearStaleReaders(); return err },
	}
}

// Every string parameter with a NUL byte is ErrInvalidArgument from the binding, before C (which
// would read a truncated string).
func TestNULInStrings(t *testing.T) {
	w := newWorld(t)
	e := w.e
	id := w.event.ID
	calls := map[string]func() error{
		"Open":               func() error { _, err := Open("a\x00b", nil); return err },
		"OrganizationBySlug": func() error { _, err := e.OrganizationBySlug("acme\x00x"); return err },
		"CreateUser.pin":     func() error { _, err := e.CreateUser(w.org.ID, UserDetails{}, "1234\x00", nil); return err },
		"SetPin":             func() error { return e.SetPin(w.admin, "1234\x005678", nil) },
		"VerifyPin":          func() error { _, err := e.VerifyPin(w.admin, "\x00"); return err },
		"CreateHold.key": func() error {
			_, err := e.CreateHold(id, []HoldItem{{w.general.ID, 1}}, HoldOptions{TTL: time.Minute, IdempotencyKey: "a\x00"})
			return err
		},
		"ConfirmHold.ref": func() error { _, err := e.ConfirmHold(id, ConfirmOptions{PaymentReference: "\x00"}); return err },
		"ConfirmHold.key": func() error { _, err := e.ConfirmHold(id, ConfirmOptions{IdempotencyKey: "k\x00"}); return err },
		"OrderByNumber":   func() error { _, err := e.OrderByNumber("\x00"); return err },
		"CancelOrder":     func() error { _, err := e.CancelOrder(id, "why\x00", nil); return err },
		"CheckIn.code":    func() error { _, err := e.CheckIn("\x00", "g", nil, nil); return err },
		"CheckIn.gate":    func() error { _, err := e.CheckIn("C", "g\x00", nil, nil); return err },
		"Ticket":          func() error { _, err := e.Ticket("C\x00"); return err },
		"Transfer.code":   func() error { _, err := e.TransferTicket("C\x00", "n", "n@x.test", nil); return err },
		"Transfer.name":   func() error { _, err := e.TransferTicket("C", "n\x00", "n@x.test", nil); return err },
		"Transfer.email":  func() error { _, err := e.TransferTicket("C", "n", "n@x.test\x00", nil); return err },
		"Backup":          func() error { return e.Backup(t.TempDir() + "/b\x00") },
	}
	for name, call := range calls {
		err := call()
		expectErr(t, err, ErrInvalidArgument)
		if !strings.Contains(err.Error(), "NUL") {
			t.Errorf("%s: %v", name, err)
		}
	}
	// In details JSON a NUL is escaped as \u0000, which the library refuses.
	_, err := e.CreateCustomer(w.org.ID, CustomerDetails{Email: "nul@example.com", FirstName: "a\x00b"}, nil)
	expectErr(t, err, ErrInvalidArgument)
}

// Many goroutines fail in different ways at once: each error carries its own call's status and
// message, whichever OS thread the goroutine ran on.
func TestErrorsPerCall(t *testing.T) {
	w := newWorld(t)
	e := w.e
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				var err error
				// Every failing call has its own message: a quantity or a limit unique to it.
				n := g*500 + i + 5 // 5 to 7704: above VIP's maximum, within the 10000 a hold allows
				switch (g + i) % 4 {
				case 0:
					_, err = e.Event(unknownID)
					if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "no event "+unknownID.String()) {
						errs <- err
						return
					}
				case 1:
					_, err = e.CreateHold(w.event.ID, []HoldItem{{w.vip.ID, int64(n)}}, HoldOptions{TTL: time.Minute})
					if !errors.Is(err, ErrLimitExceeded) || !strings.HasSuffix(err.Error(), fmt.Sprintf("tickets per order, not %d", n)) {
						errs <- fmt.Errorf("quantity %d: %v", n, err)
						return
					}
				case 2:
					_, err = e.Availability(w.event.ID)
					if err != nil {
						errs <- err
						return
					}
				case 3:
					_, err = e.AuditFeed(0, -n)
					if !errors.Is(err, ErrInvalidArgument) || !strings.HasSuffix(err.Error(), fmt.Sprintf("not %d", -n)) {
						errs <- fmt.Errorf("limit %d: %v", -n, err)
						return
					}
				}
				if i%16 == 0 {
					runtime.Gosched()
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("unexpected: %v", err)
	}
}

// Closing while other goroutines are in calls: each call succeeds or returns ErrClosed.
func TestCloseWhileBusy(t *testing.T) {
	w := newWorld(t)
	e := w.e
	var wg sync.WaitGroup
	stop := make(chan struct{})
	var mu sync.Mutex
	counts := map[string]int{}
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for {
				var err error
				if g%2 == 0 {
					_, err = e.Availability(w.event.ID)
				} else {
					var h HoldInfo
					h, err = e.CreateHold(w.event.ID, []HoldItem{{w.general.ID, 1}}, HoldOptions{TTL: time.Minute})
					if err == nil {
						_, err = e.ReleaseHold(h.HoldID, nil)
					}
				}
				mu.Lock()
				switch {
				case err == nil:
					counts["ok"]++
				case errors.Is(err, ErrClosed):
					counts["closed"]++
				default:
					counts[err.Error()]++
				}
				mu.Unlock()
				if err != nil {
					return
				}
				select {
				case <-stop:
					return
				default:
				}
			}
		}(g)
	}
	time.Sleep(50 * time.Millisecond)
	must(t, e.Close())
	time.Sleep(10 * time.Millisecond)
	close(stop)
	wg.Wait()
	if len(counts) > 2 || counts["ok"] == 0 {
		t.Fatalf("outcomes: %v", counts)
	}
	t.Logf("outcomes: %v", counts)
}

// A forgotten engine is closed by its finalizer: the file can then be opened with other options
// (while it is open, that is ErrBusy).
func TestFinalizerClosesForgottenEngine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "store")
	func() {
		e, err := Open(path, &Options{Durability: Async})
		must(t, err)
		_, err = e.AuditFeed(0, 1)
		must(t, err)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		runtime.GC()
		e, err := Open(path, &Options{Durability: MetaAsync})
		if err == nil {
			must(t, e.Close())
			return
		}
		if !errors.Is(err, ErrBusy) {
			t.Fatal(err)
		}
		if time.Now().After(deadline) {
			t.Fatal("the forgotten engine was never closed")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestCurrencies(t *testing.T) {
	for code, want := range map[string]int{"EUR": 2, "JPY": 0, "BHD": 3} {
		if got, ok := CurrencyMinorUnits(code); !ok || got != want {
			t.Fatalf("CurrencyMinorUnits(%q) = %d, %v", code, got, ok)
		}
	}
	if _, ok := CurrencyMinorUnits("XAU"); ok {
		t.Fatal("XAU has no minor unit")
	}
	for _, c := range []struct {
		minor int64
		code  string
		want  string
	}{{2500, "EUR", "25.00 EUR"}, {1500, "JPY", "1500 JPY"}, {-1250, "BHD", "-1.250 BHD"}} {
		if got, err := FormatMoney(c.minor, c.code); err != nil || got != c.want {
			t.Fatalf("FormatMoney(%d, %q) = %q, %v", c.minor, c.code, got, err)
		}
	}
	for _, code := range []string{"jpy", "", "EUR\x00XYZ", "XAU"} {
		if _, err := FormatMoney(100, code); !errors.Is(err, ErrInvalidArgument) {
			t.Fatalf("FormatMoney(100, %q): %v", code, err)
		}
	}
}

// Invalid UTF-8 is refused by the binding, naming the field, where encoding/json would replace
// it with U+FFFD and store something else than was given.
func TestInvalidUTF8IsRefused(t *testing.T) {
	w := newWorld(t)
	e := w.e
	_, err := e.CreateEvent(w.org.ID, EventDetails{Title: "bad \xff", StartsAt: w.start, EndsAt: w.start + 1}, nil)
	expectErr(t, err, ErrInvalidArgument)
	if !strings.Contains(err.Error(), "details.Title is not valid UTF-8") {
		t.Fatalf("message: %v", err)
	}
	_, err = e.CreateEvent(w.org.ID, EventDetails{Title: "T", Tags: []string{"ok", "\xfe"}, StartsAt: w.start, EndsAt: w.start + 1}, nil)
	expectErr(t, err, ErrInvalidArgument)
	_, err = e.OrderByNumber("\xff\xfe")
	expectErr(t, err, ErrInvalidArgument)
}

// Messages name fields as Go does: the library's "priceMinor" is PriceMinor here.
func TestMessagesUseGoFieldNames(t *testing.T) {
	w := newWorld(t)
	_, err := w.e.CreateTicketType(w.event.ID, TicketTypeDetails{Name: "X", PriceMinor: -5, Currency: "EUR", Quantity: 1}, nil)
	expectErr(t, err, ErrInvalidArgument)
	if !strings.Contains(err.Error(), "PriceMinor") || strings.Contains(err.Error(), "priceMinor") {
		t.Fatalf("message: %v", err)
	}
}
