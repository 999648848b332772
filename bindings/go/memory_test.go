package boxoffice

import (
	"errors"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"
)

// rss returns the resident set size from /proc/self/statm, after a GC that returns freed heap
// memory to the OS.
func rss(t *testing.T) int64 {
	t.Helper()
	runtime.GC()
	debug.FreeOSMemory()
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		t.Skipf("no /proc/self/statm: %v", err)
	}
	f := strings.Fields(string(b))
	pages, err := strconv.ParseInt(f[1], 10, 64)
	must(t, err)
	return pages * int64(os.Getpagesize())
}

// Repeating a call many times must not grow the process: everything the library returns (JSON,
// availability structs, error objects) and every C string the binding makes is freed.
func TestMemoryStable(t *testing.T) {
	// 100,000 calls of each operation take about 25 s, 30 s under the race detector (the library's
	// own work dominates). -short runs 20,000, which still catches a leaked JSON document or
	// availability, but a leaked error object (about 100 bytes) only at the edge.
	iterations := 100000
	if testing.Short() {
		iterations = 20000
	}
	const warmup = 20000 // the first tens of thousands of calls grow the heap and (under -race) shadow memory to their plateau
	// Growth allowed per operation. A leak of the smallest thing the library returns, an error
	// object, is about 10 MiB over 100,000 calls (measured by disabling bo_error_free); after the
	// warm-up the noise is within about 1 MiB, a little more under the race detector, whose
	// shadow memory makes RSS noisier.
	limit := int64(2 << 20)
	if raceEnabled {
		limit = 3 << 20
	}

	w := newWorld(t)
	e := w.e
	w.buy(t, w.general.ID, 2)
	ops := []struct {
		name string
		call func() error
	}{
		{"Availability", func() error { _, err := e.Availability(w.event.ID); return err }},                   // bo_availability_free
		{"Event", func() error { _, err := e.Event(w.event.ID); return err }},                                 // JSON, bo_free
		{"Order (not found)", func() error { _, err := e.Order(unknownID); return ignore(err, ErrNotFound) }}, // bo_error_free
		{"CreateHold (limit)", func() error { // a C string in, an error object out
			_, err := e.CreateHold(w.event.ID, []HoldItem{{w.vip.ID, 11}}, HoldOptions{TTL: time.Minute, IdempotencyKey: "k"})
			return ignore(err, ErrLimitExceeded)
		}},
	}
	for _, op := range ops {
		for i := 0; i < warmup; i++ {
			must(t, op.call())
		}
		before := rss(t)
		began := time.Now()
		for i := 0; i < iterations; i++ {
			if err := op.call(); err != nil {
				t.Fatalf("%s: %v", op.name, err)
			}
		}
		elapsed := time.Since(began)
		after := rss(t)
		t.Logf("%-22s %6d calls in %8v (%5.1f µs/call): RSS %6.1f -> %6.1f MiB (%+d KiB)", op.name, iterations, elapsed.Round(time.Millisecond),
			float64(elapsed.Microseconds())/float64(iterations), float64(before)/(1<<20), float64(after)/(1<<20), (after-before)>>10)
		if after-before > limit {
			t.Errorf("%s: RSS grew by %d KiB over %d calls", op.name, (after-before)>>10, iterations)
		}
	}
}

func ignore(err, sentinel error) error {
	if err != nil && errors.Is(err, sentinel) {
		return nil
	}
	if err == nil {
		return errors.New("unexpected success")
	}
	return err
}
