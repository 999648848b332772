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

// Record holds the fields every stored record has.
type Record struct {
	ID        UUID      `json:"id"`
	CreatedAt Timestamp `json:"createdAt"`
	UpdatedAt Timestamp `json:"updatedAt"`
	Version   uint64    `json:"version"` // 1 when created, plus 1 at each change
}

// ---------------------------------------------------------------------------------------------
// Details: the editable part of records, sent to the create and update methods and found in
// the records' Details. An update replaces the whole details: fields left at their zero value
// take the library's defaults, so to change one field, edit the Details of the record you read.
// ---------------------------------------------------------------------------------------------

// OrganizationDetails are an organization's editable fields.
type OrganizationDetails struct {
	Name                  string `json:"name"`
	Slug                  string `json:"slug"` // 1-64 of a-z, 0-9, -; unique
	Email                 string `json:"email"`
	Currency              string `json:"currency"`                   // ISO 4217 ("EUR"); cannot change
	TimeZone              string `json:"timeZone,omitempty"`         // "" = "UTC"
	ServiceFeeBasisPoints int64  `json:"serviceFeeBasisPoints"`      // per ticket, of its price (250 = 2.5 %)
	FixedFeeMinor         int64  `json:"fixedFeeMinor"`              // per ticket
	TransfersAllowed      *bool  `json:"transfersAllowed,omitempty"` // nil = true
}

// Role is a staff member's role: owner > admin > manager > support > operator > analyst.
type Role string

// The roles.
const (
	RoleOwner    Role = "owner"
	RoleAdmin    Role = "admin"
	RoleManager  Role = "manager"
	RoleSupport  Role = "support"
	RoleOperator Role = "operator"
	RoleAnalyst  Role = "analyst"
)

// UserStatus says whether a user may act and sign in.
type UserStatus string

// The user statuses.
const (
	UserActive   UserStatus = "active"
	UserInactive UserStatus = "inactive"
)

// UserDetails are a staff member's editable fields.
type UserDetails struct {
	Name   string     `json:"name"`
	Email  string     `json:"email"`
	Role   Role       `json:"role"`
	Status UserStatus `json:"status,omitempty"` // "" = active
}

// CustomerDetails are a buyer's editable fields.
type CustomerDetails struct {
	Email            string `json:"email"`
	FirstName        string `json:"firstName"`
	LastName         string `json:"lastName"`
	Phone            string `json:"phone,omitempty"` // "" = none
	MarketingConsent bool   `json:"marketingConsent"`
}

// Visibility is stored for the host; the engine does not act on it.
type Visibility string

// The visibilities.
const (
	VisibilityPublic   Visibility = "public"
	VisibilityPrivate  Visibility = "private"
	VisibilityUnlisted Visibility = "unlisted"
)

// EventDetails are an event's editable fields.
type EventDetails struct {
	Title        string     `json:"title"`
	StartsAt     Timestamp  `json:"startsAt"`
	EndsAt       Timestamp  `json:"endsAt"`
	Description  string     `json:"description,omitempty"`
	Category     string     `json:"category,omitempty"`
	Tags         []string   `json:"tags,omitempty"`
	TimeZone     string     `json:"timeZone,omitempty"` // "" = "UTC"
	VenueName    string     `json:"venueName,omitempty"`
	Address      string     `json:"address,omitempty"`
	City         string     `json:"city,omitempty"`
	Country      string     `json:"country,omitempty"`
	Visibility   Visibility `json:"visibility,omitempty"`   // "" = public
	SalesStartAt *Timestamp `json:"salesStartAt,omitempty"` // nil: when published
	SalesEndAt   *Timestamp `json:"salesEndAt,omitempty"`   // nil: at StartsAt
	Capacity     *int64     `json:"capacity,omitempty"`     // nil: only the tiers' quantities count
}

// TicketTypeDetails are a tier's editable fields.
type TicketTypeDetails struct {
	Name         string     `json:"name"`
	PriceMinor   int64      `json:"priceMinor"`
	Currency     string     `json:"currency"` // the organization's
	Quantity     int64      `json:"quantity"`
	Description  string     `json:"description,omitempty"`
	MinPerOrder  int64      `json:"minPerOrder,omitempty"` // 0 = 1
	MaxPerOrder  int64      `json:"maxPerOrder,omitempty"` // 0 = 10
	SalesStartAt *Timestamp `json:"salesStartAt,omitempty"`
	SalesEndAt   *Timestamp `json:"salesEndAt,omitempty"`
	Hidden       bool       `json:"hidden,omitempty"`
	SortOrder    int64      `json:"sortOrder,omitempty"`
}

// ---------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------

// Organization is a tenant that sells tickets.
type Organization struct {
	Record
	Details OrganizationDetails `json:"details"`
}

// User is a member of an organization's staff.
type User struct {
	Record
	OrganizationID UUID        `json:"organizationId"`
	Details        UserDetails `json:"details"`
	HasPin         bool        `json:"hasPin"`
}

// Customer is someone who buys tickets.
type Customer struct {
	Record
	OrganizationID UUID            `json:"organizationId"`
	Details        CustomerDetails `json:"details"`
}

// EventStatus is an event's state.
type EventStatus string

// The event statuses.
const (
	EventDraft     EventStatus = "draft"
	EventPublished EventStatus = "published"
	EventCancelled EventStatus = "cancelled"
	EventCompleted EventStatus = "completed"
)

var eventStatuses = [...]EventStatus{EventDraft, EventPublished, EventCancelled, EventCompleted}

// Event is something tickets are sold for.
type Event struct {
	Record
	OrganizationID UUID         `json:"organizationId"`
	Details        EventDetails `json:"details"`
	Status         EventStatus  `json:"status"`
	Held           int64        `json:"held"` // across all tiers
	Sold           int64        `json:"sold"`
	DeletedAt      *Timestamp   `json:"deletedAt,omitempty"`
}

// TicketType is a tier of an event.
type TicketType struct {
	Record
	EventID UUID              `json:"eventId"`
	Details TicketTypeDetails `json:"details"`
	Held    int64             `json:"held"`
	Sold    int64             `json:"sold"`
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

// HoldStatus is a hold's state.
type HoldStatus string

// The hold statuses.
const (
	HoldActive    HoldStatus = "active"
	HoldConverted HoldStatus = "converted"
	HoldReleased  HoldStatus = "released"
	HoldExpired   HoldStatus = "expired"
)

var holdStatuses = [...]HoldStatus{HoldActive, HoldConverted, HoldReleased, HoldExpired}

// HoldInfo is a hold as CreateHold, ExtendHold and ReleaseHold return it.
type HoldInfo struct {
	HoldID      UUID
	EventID     UUID
	ExpiresAt   Timestamp
	TicketCount int64
	TotalMinor  int64 // prices plus fees, frozen when the hold was made
	Status      HoldStatus
}

// HoldLine is one tier of a stored hold, with its frozen prices.
type HoldLine struct {
	TicketTypeID      UUID  `json:"ticketTypeId"`
	Quantity          int64 `json:"quantity"`
	UnitPriceMinor    int64 `json:"unitPriceMinor"`
	FeePerTicketMinor int64 `json:"feePerTicketMinor"`
}

// Hold is a stored hold (a cart). A hold past its expiry that was not swept yet still says
// HoldActive: compare ExpiresAt with now.
type Hold struct {
	Record
	EventID        UUID       `json:"eventId"`
	CustomerID     *UUID      `json:"customerId,omitempty"`
	Items          []HoldLine `json:"items"`
	ExpiresAt      Timestamp  `json:"expiresAt"`
	Status         HoldStatus `json:"status"`
	IdempotencyKey string     `json:"idempotencyKey,omitempty"`
	OrderID        *UUID      `json:"orderId,omitempty"`
}

// OrderStatus is an order's state.
type OrderStatus string

// The order statuses.
const (
	OrderPending           OrderStatus = "pending"
	OrderConfirmed         OrderStatus = "confirmed"
	OrderCancelled         OrderStatus = "cancelled"
	OrderRefunded          OrderStatus = "refunded"
	OrderPartiallyRefunded OrderStatus = "partially_refunded"
)

// PaymentStatus is an order's payment state.
type PaymentStatus string

// The payment statuses.
const (
	PaymentPending           PaymentStatus = "pending"
	PaymentCompleted         PaymentStatus = "completed"
	PaymentFailed            PaymentStatus = "failed"
	PaymentRefunded          PaymentStatus = "refunded"
	PaymentPartiallyRefunded PaymentStatus = "partially_refunded"
)

// Order is a confirmed hold's money side.
type Order struct {
	Record
	Number           string        `json:"number"` // "7KQ2-M9XA"
	OrganizationID   UUID          `json:"organizationId"`
	EventID          UUID          `json:"eventId"`
	CustomerID       *UUID         `json:"customerId,omitempty"`
	HoldID           UUID          `json:"holdId"`
	SubtotalMinor    int64         `json:"subtotalMinor"`
	FeesMinor        int64         `json:"feesMinor"`
	TotalMinor       int64         `json:"totalMinor"`
	Currency         string        `json:"currency"`
	Status           OrderStatus   `json:"status"`
	PaymentStatus    PaymentStatus `json:"paymentStatus"`
	PaymentReference string        `json:"paymentReference,omitempty"`
	RefundedMinor    int64         `json:"refundedMinor"`
	Notes            string        `json:"notes"`
}

// OrderItem is one tier of an order.
type OrderItem struct {
	Record
	OrderID           UUID  `json:"orderId"`
	TicketTypeID      UUID  `json:"ticketTypeId"`
	Quantity          int64 `json:"quantity"`
	UnitPriceMinor    int64 `json:"unitPriceMinor"`
	FeePerTicketMinor int64 `json:"feePerTicketMinor"`
}

// OrderDetail is an order with its items and tickets, in creation order.
type OrderDetail struct {
	Order   Order       `json:"order"`
	Items   []OrderItem `json:"items"`
	Tickets []Ticket    `json:"tickets"`
}

// TicketStatus is a ticket's state.
type TicketStatus string

// The ticket statuses.
const (
	TicketValid     TicketStatus = "valid"
	TicketUsed      TicketStatus = "used"
	TicketCancelled TicketStatus = "cancelled"
	TicketRefunded  TicketStatus = "refunded"
)

// Transfer records a ticket given to someone else.
type Transfer struct {
	At           Timestamp `json:"at"`
	By           string    `json:"by"` // as an audit actor: "system" or "user:<uuid>"
	PreviousCode string    `json:"previousCode"`
	FromName     string    `json:"fromName"`
	FromEmail    string    `json:"fromEmail"`
	ToName       string    `json:"toName"`
	ToEmail      string    `json:"toEmail"`
}

// Ticket is one seat of an order.
type Ticket struct {
	Record
	Code          string       `json:"code"` // 26 characters of Crockford's base32
	OrderID       UUID         `json:"orderId"`
	OrderItemID   UUID         `json:"orderItemId"`
	EventID       UUID         `json:"eventId"`
	TicketTypeID  UUID         `json:"ticketTypeId"`
	Status        TicketStatus `json:"status"`
	AttendeeName  string       `json:"attendeeName"`
	AttendeeEmail string       `json:"attendeeEmail"`
	PriceMinor    int64        `json:"priceMinor"`
	FeeMinor      int64        `json:"feeMinor"`
	CheckedInAt   *Timestamp   `json:"checkedInAt,omitempty"`
	CheckedInBy   *UUID        `json:"checkedInBy,omitempty"`
	CheckedInGate string       `json:"checkedInGate,omitempty"`
	Transfers     []Transfer   `json:"transfers"`
}

// CheckIn is one scan at a door.
type CheckIn struct {
	Record
	Code       string    `json:"code"`
	TicketID   *UUID     `json:"ticketId,omitempty"`
	EventID    *UUID     `json:"eventId,omitempty"`
	Gate       string    `json:"gate"`
	OperatorID *UUID     `json:"operatorId,omitempty"`
	At         Timestamp `json:"at"`
	Result     string    `json:"result"`           // "accepted" or "rejected"
	Reason     string    `json:"reason,omitempty"` // CheckInReason.String() of a rejection
}

// TicketDetail is a ticket with its scans, oldest first.
type TicketDetail struct {
	Ticket   Ticket    `json:"ticket"`
	CheckIns []CheckIn `json:"checkIns"`
}

// CheckInReason says why a scan was rejected.
type CheckInReason int32

// The check-in reasons (bo_checkin_reason).
const (
	CheckInAccepted       CheckInReason = 0
	CheckInAlreadyUsed    CheckInReason = 1
	CheckInCancelled      CheckInReason = 2
	CheckInRefunded       CheckInReason = 3
	CheckInUnknownCode    CheckInReason = 4
	CheckInTransferred    CheckInReason = 5
	CheckInWrongEvent     CheckInReason = 6
	CheckInEventCancelled CheckInReason = 7
)

var checkInReasonNames = [...]string{"accepted", "already_used", "cancelled", "refunded", "unknown_code",
	"transferred", "wrong_event", "event_cancelled"}

// String returns the reason as the CheckIn JSON writes it ("already_used").
func (r CheckInReason) String() string {
	if r >= 0 && int(r) < len(checkInReasonNames) {
		return checkInReasonNames[r]
	}
	return "unknown"
}

// CheckInResult is the answer to a scan. A reason this binding does not know is a rejection.
type CheckInResult struct {
	Accepted         bool
	Reason           CheckInReason
	TicketID         *UUID     // the code is (or was) this ticket's; nil for an unknown code
	FirstCheckedInAt Timestamp // for CheckInAlreadyUsed: the first admission, else 0
	FirstGate        string    // its gate
}

// AuditEntry is one entry of the change feed.
type AuditEntry struct {
	Sequence   uint64    `json:"sequence"` // 1, 2, 3... without gaps
	At         Timestamp `json:"at"`
	Actor      string    `json:"actor"` // "system" or "user:<lowercase uuid>"
	Action     string    `json:"action"`
	EntityType string    `json:"entityType"`
	EntityID   *UUID     `json:"entityId,omitempty"`
	Summary    string    `json:"summary"`
	Version    uint64    `json:"version"`
}

// StorageProblem is a storage inconsistency found by Verify.
type StorageProblem struct {
	Kind   string `json:"kind"`
	Table  string `json:"table"`
	Index  string `json:"index,omitempty"`
	Key    string `json:"key"`
	Detail string `json:"detail"`
}

// InvariantViolation is a broken ticketing rule found by Verify.
type InvariantViolation struct {
	Rule       string `json:"rule"`
	EntityType string `json:"entityType"`
	EntityID   string `json:"entityId"` // lowercase text
	Detail     string `json:"detail"`
}

// VerificationReport is what Verify found. Clean is true when both lists are empty.
type VerificationReport struct {
	Clean      bool                 `json:"-"`
	Storage    []StorageProblem     `json:"storage"`
	Invariants []InvariantViolation `json:"invariants"`
}

// ReaderSlot is a reader slot of the file's lock table (Engine.Readers): a process reading the
// snapshot Transaction, keeping an idle read transaction for reuse (Transaction "-"), or gone
// (IsLive false: a stale slot, which Engine.ClearStaleReaders frees).
type ReaderSlot struct {
	PID         int32  `json:"pid"`
	Thread      string `json:"thread"`
	Transaction string `json:"transaction"`
	IsLive      bool   `json:"isLive"`
}

// IsIdle reports an idle read transaction kept for reuse: it pins no snapshot.
func (s ReaderSlot) IsIdle() bool { return s.Transaction == "-" }
