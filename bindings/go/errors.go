package boxoffice

import "strconv"

// Status is a bo_status: the outcome of a library call. The values are stable.
type Status int32

// The statuses of boxoffice.h.
const (
	StatusOK                 Status = 0
	StatusNotFound           Status = 1
	StatusInvalidArgument    Status = 2
	StatusSoldOut            Status = 3
	StatusNotOnSale          Status = 4
	StatusHoldExpired        Status = 5
	StatusLimitExceeded      Status = 6
	StatusVersionConflict    Status = 7
	StatusDuplicate          Status = 8
	StatusPermissionDenied   Status = 9
	StatusInvalidState       Status = 10
	StatusTransferNotAllowed Status = 11
	StatusStorageFailure     Status = 20
	StatusReadOnly           Status = 21
	StatusCorrupt            Status = 22
	StatusNewerFile          Status = 23
	StatusFull               Status = 24
	StatusBadPath            Status = 25
	StatusBusy               Status = 26
	StatusNotAStore          Status = 27
	StatusDiskFull           Status = 28
	StatusMisuse             Status = 30
)

var statusNames = map[Status]string{
	StatusOK:                 "BO_OK",
	StatusNotFound:           "BO_NOT_FOUND",
	StatusInvalidArgument:    "BO_INVALID_ARGUMENT",
	StatusSoldOut:            "BO_SOLD_OUT",
	StatusNotOnSale:          "BO_NOT_ON_SALE",
	StatusHoldExpired:        "BO_HOLD_EXPIRED",
	StatusLimitExceeded:      "BO_LIMIT_EXCEEDED",
	StatusVersionConflict:    "BO_VERSION_CONFLICT",
	StatusDuplicate:          "BO_DUPLICATE",
	StatusPermissionDenied:   "BO_PERMISSION_DENIED",
	StatusInvalidState:       "BO_INVALID_STATE",
	StatusTransferNotAllowed: "BO_TRANSFER_NOT_ALLOWED",
	StatusStorageFailure:     "BO_STORAGE_FAILURE",
	StatusReadOnly:           "BO_READ_ONLY",
	StatusCorrupt:            "BO_CORRUPT",
	StatusNewerFile:          "BO_NEWER_FILE",
	StatusFull:               "BO_FULL",
	StatusBadPath:            "BO_BAD_PATH",
	StatusBusy:               "BO_BUSY",
	StatusNotAStore:          "BO_NOT_A_STORE",
	StatusDiskFull:           "BO_DISK_FULL",
	StatusMisuse:             "BO_MISUSE",
}

// String returns the C name of the status ("BO_SOLD_OUT"), or "BO_UNKNOWN(n)" for a value this
// binding does not know (bo_status_name says "BO_UNKNOWN").
func (s Status) String() string {
	if n, ok := statusNames[s]; ok {
		return n
	}
	return "BO_UNKNOWN(" + strconv.Itoa(int(s)) + ")"
}

// IsStorage reports whether s is one of the storage statuses, BO_STORAGE_FAILURE to BO_DISK_FULL.
func (s Status) IsStorage() bool { return s >= StatusStorageFailure && s <= StatusDiskFull }

// Error is a failed call: the status the library returned and the message of its error object.
// Compare with the sentinels using errors.Is (errors.Is(err, ErrSoldOut)); branch on Code, never
// on Message, which is for people and logs.
type Error struct {
	Op      string // the Go method, e.g. "CreateHold"
	Code    Status // what went wrong
	Message string // the library's message (or the binding's, for errors found before calling C)
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

// Sentinel errors, for errors.Is. Each matches the *Error values with its status.
var (
	ErrNotFound           error = sentinel(StatusNotFound)
	ErrInvalidArgument    error = sentinel(StatusInvalidArgument)
	ErrSoldOut            error = sentinel(StatusSoldOut)
	ErrNotOnSale          error = sentinel(StatusNotOnSale)
	ErrHoldExpired        error = sentinel(StatusHoldExpired)
	ErrLimitExceeded      error = sentinel(StatusLimitExceeded)
	ErrVersionConflict    error = sentinel(StatusVersionConflict)
	ErrDuplicate          error = sentinel(StatusDuplicate)
	ErrPermissionDenied   error = sentinel(StatusPermissionDenied)
	ErrInvalidState       error = sentinel(StatusInvalidState)
	ErrTransferNotAllowed error = sentinel(StatusTransferNotAllowed)

	// ErrStorage matches every storage status (BO_STORAGE_FAILURE through BO_DISK_FULL); the ones
	// below match one each.
	ErrStorage error = &statusClass{msg: "boxoffice: storage error", match: Status.IsStorage}

	ErrStorageFailure error = sentinel(StatusStorageFailure)
	ErrReadOnly       error = sentinel(StatusReadOnly)
	ErrCorrupt        error = sentinel(StatusCorrupt)
	ErrNewerFile      error = sentinel(StatusNewerFile)
	ErrFull           error = sentinel(StatusFull)
	ErrBadPath        error = sentinel(StatusBadPath)
	ErrBusy           error = sentinel(StatusBusy)
	// ErrNotAStore: no BoxOffice store at the path (no data file, not LMDB, someone else's LMDB data).
	ErrNotAStore error = sentinel(StatusNotAStore)
	// ErrDiskFull: the disk or quota is full; nothing was written. Free space and retry.
	ErrDiskFull error = sentinel(StatusDiskFull)

	// ErrClosed is BO_MISUSE: the engine was closed (or is nil), or was opened before fork() in
	// a process that embeds Go through cgo and used in the child.
	ErrClosed error = sentinel(StatusMisuse)
)

func errorf(op string, code Status, msg string) error {
	return &Error{Op: op, Code: code, Message: msg}
}
