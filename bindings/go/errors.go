package boxoffice

import "strconv"

// String returns the C name of the status ("BO_SOLD_OUT"), or "BO_UNKNOWN(n)" for a value this
// binding does not know (bo_status_name says "BO_UNKNOWN").
func (s Status) String() string {
	if n, ok := statusNames[s]; ok {
		return n
	}
	return "BO_UNKNOWN(" + strconv.Itoa(int(s)) + ")"
}

// Error is a failed call: the status the library returned and the message of its error object.
// Compare with the sentinels using errors.Is (errors.Is(err, ErrSoldOut)); branch on Code, never
// on Message, which is for people and logs.
type Error struct {
	Op      string // the Go method, e.g. "CreateHold"
	Code    Status // what went wrong
	Message string // the library's message (or the binding's, for errors found before calling C)
	// Details is what the failure is about, for programs to act on (bo_error_details): for
	// ErrSoldOut the tier (TicketTypeID, Name) and Remaining; for ErrLimitExceeded Requested, Min
	// and Max; for ErrInvalidState Entity, ID, State and Action. Zero for errors found before
	// calling C.
	Details ErrorDetails
}

func (e *Error) Error() string {
	s := "boxoffice: "
	if e.Op != "" {
		s += e.Op + ": "
	}
	s += e.Code.String()
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// Is makes errors.Is(err, sentinel) compare status codes: an *Error matches any *Error with the
// same Code (so every sentinel below), and ErrStorage matches every storage status.
func (e *Error) Is(target error) bool {
	switch t := target.(type) {
	case *Error:
		return t.Code == e.Code
	case *statusClass:
		return t.match(e.Code)
	}
	return false
}

// statusClass is a sentinel matching a range of statuses.
type statusClass struct {
	msg   string
	match func(Status) bool
}

func (c *statusClass) Error() string { return c.msg }

func sentinel(code Status) *Error { return &Error{Code: code} }

// ErrStorage matches every storage status (Status.IsStorage); the sentinels of status_gen.go
// match one status each.
var ErrStorage error = &statusClass{msg: "boxoffice: storage error", match: Status.IsStorage}

func errorf(op string, code Status, msg string) error {
	return &Error{Op: op, Code: code, Message: msg}
}
