package boxoffice

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Go programs cannot fork, but they run as many processes: these tests start copies of the test
// binary as workers on one file (TestWorkerProcess, below, is their body).

const workerEnv = "BOXOFFICE_TEST_WORKER"

// TestWorkerProcess is a worker when the test binary is started with BOXOFFICE_TEST_WORKER set:
// it opens the file, reads from 8 goroutines, sells SALES single tickets, says how many, and idles
// until its stdin closes. Otherwise it does nothing.
func TestWorkerProcess(t *testing.T) {
	path := os.Getenv(workerEnv)
	if path == "" {
		return
	}
	event, _ := ParseUUID(os.Getenv("EVENT"))
	tier, _ := ParseUUID(os.Getenv("TIER"))
	sales, _ := strconv.Atoi(os.Getenv("SALES"))
	e, err := Open(path, &Options{Durability: Async})
	if err != nil {
		fmt.Println("open failed:", err)
		os.Exit(1)
	}
	var wg sync.WaitGroup
	failures := make(chan error, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				if _, err := e.Availability(event); err != nil {
					failures <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(failures)
	for err := range failures {
		fmt.Println("read failed:", err)
		os.Exit(1)
	}
	sold := 0
	for i := 0; i < sales; i++ {
		hold, err := e.CreateHold(event, []HoldItem{{tier, 1}}, HoldOptions{TTL: time.Minute})
		if err == nil {
			_, err = e.ConfirmHold(hold.HoldID, ConfirmOptions{})
		}
		if err != nil {
			fmt.Println("sale failed:", err)
			os.Exit(1)
		}
		sold++
	}
	fmt.Println("sold", sold)
	_, _ = io.Copy(io.Discard, os.Stdin)
	_ = e.Close()
	os.Exit(0)
}

func TestProcessesShareTheFileAndIdleOnesHoldNoReaderSlot(t *testing.T) {
	path := t.TempDir() + "/workers"
	e, err := Open(path, &Options{Durability: Async})
	must(t, err)
	defer e.Close()
	org, err := e.CreateOrganization(OrganizationDetails{Name: "Workers", Slug: "workers", Email: "w@acme.test", Currency: "EUR"}, nil)
	must(t, err)
	start := Timestamp(time.Now().Add(24 * time.Hour).UnixMilli())
	event, err := e.CreateEvent(org.ID, EventDetails{Title: "Gig", StartsAt: start, EndsAt: start + 3_600_000}, nil)
	must(t, err)
	tier, err := e.CreateTicketType(event.ID, TicketTypeDetails{Name: "GA", PriceMinor: 1000, Currency: "EUR", Quantity: 1000}, nil)
	must(t, err)
	_, err = e.PublishEvent(event.ID, nil)
	must(t, err)

	const workers, sales = 8, 10
	var stdins []io.WriteCloser
	var commands []*exec.Cmd
	for w := 0; w < workers; w++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestWorkerProcess$")
		cmd.Env = append(os.Environ(), workerEnv+"="+path, "EVENT="+event.ID.String(), "TIER="+tier.ID.String(),
			"SALES="+strconv.Itoa(sales))
		stdin, err := cmd.StdinPipe()
		must(t, err)
		stdout, err := cmd.StdoutPipe()
		must(t, err)
		must(t, cmd.Start())
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		if line != fmt.Sprintf("sold %d\n", sales) {
			t.Fatalf("worker %d: %q", w, line)
		}
		stdins = append(stdins, stdin)
		commands = append(commands, cmd)
	}
	defer func() {
		for i, cmd := range commands {
			_ = stdins[i].Close()
			if err := cmd.Wait(); err != nil {
				t.Errorf("worker: %v", err)
			}
		}
	}()

	a, err := e.Availability(event.ID)
	must(t, err)
	if a.Tiers[0].Sold != workers*sales {
		t.Fatalf("sold %d, want %d", a.Tiers[0].Sold, workers*sales)
	}
	// The workers now idle: within a few hundred milliseconds they hold no reader slot.
	deadline := time.Now().Add(5 * time.Second)
	for {
		slots, err := e.Readers()
		must(t, err)
		others := 0
		for _, s := range slots {
			if s.PID != int32(os.Getpid()) {
				others++
			}
		}
		if others == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("idle workers still hold %d reader slots: %+v", others, slots)
		}
		time.Sleep(20 * time.Millisecond)
	}
	cleared, err := e.ClearStaleReaders()
	must(t, err)
	if cleared != 0 {
		t.Fatalf("cleared %d stale slots of live workers", cleared)
	}
}
