package boxoffice

import "time"

// Timestamp is a time as the library keeps it: UTC milliseconds since the Unix epoch.
type Timestamp int64

// TimestampOf converts a time.Time (truncated to the millisecond).
func TimestampOf(t time.Time) Timestamp { return Timestamp(t.UnixMilli()) }

// Now returns the current time as a Timestamp.
func Now() Timestamp { return TimestampOf(time.Now()) }

// Time converts to a time.Time in UTC.
func (t Timestamp) Time() time.Time { return time.UnixMilli(int64(t)).UTC() }

// Bool returns a pointer to b, for optional fields such as OrganizationDetails.TransfersAllowed.
func Bool(b bool) *bool { return &b }

// Int64 returns a pointer to n, for optional fields such as EventDetails.Capacity.
func Int64(n int64) *int64 { return &n }

// At returns a pointer to t, for optional time fields such as EventDetails.SalesStartAt.
func At(t Timestamp) *Timestamp { return &t }

// The records, details and answers of api/model.toml are in types_gen.go; these are the types
// written by hand: times, the fields every record has, and the hot paths' answers (C structs).

// Record holds the fields every stored record has.
type Record struct {
	ID        UUID      `json:"id"`
	CreatedAt Timestamp `json:"createdAt"`
	UpdatedAt Timestamp `json:"updatedAt"`
	Version   uint64    `json:"version"` // 1 when created, plus 1 at each change
}

// TierAvailability is one tier in an Availability.
type TierAvailability struct {
	TicketTypeID UUID
	Name         string
	PriceMinor   int64
	Currency     string
	OnSaleNow    bool // published, visible, within its sales windows
	Quantity     int64
	Held         int64
	Sold         int64
	Available    int64 // stock left to hold (OnSaleNow says whether it can be held now)
	Hidden       bool
	// ReservedForWaitlist is free stock kept for the waitlist entries waiting for the tier (not
	// in Available; docs/WAITLIST.md).
	ReservedForWaitlist int64
}

// Availability is what an event can still sell.
type Availability struct {
	EventID           UUID
	EventStatus       EventStatus
	HasCapacity       bool // false: no shared capacity (the next two are 0)
	Capacity          int64
	CapacityRemaining int64
	Tiers             []TierAvailability // in sort order
}

// HoldItem is one tier and quantity of a hold request.
type HoldItem struct {
	TicketTypeID UUID
	Quantity     int64
}

// HoldInfo is a hold as CreateHold, ExtendHold and ReleaseHold return it.
type HoldInfo struct {
	HoldID      UUID
	EventID     UUID
	ExpiresAt   Timestamp
	TicketCount int64
	TotalMinor  int64 // prices plus fees, frozen when the hold was made
	Status      HoldStatus
}

// CheckInResult is the answer to a scan. A reason this binding does not know is a rejection.
type CheckInResult struct {
	Accepted         bool
	Reason           CheckInReason
	TicketID         *UUID     // the code is (or was) this ticket's; nil for an unknown code
	FirstCheckedInAt Timestamp // for CheckInAlreadyUsed: the first admission, else 0
	FirstGate        string    // its gate
}

// IsIdle reports an idle read transaction kept for reuse: it pins no snapshot.
func (s ReaderSlot) IsIdle() bool { return s.Transaction == "-" }
