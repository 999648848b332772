package boxoffice

import (
	"errors"
	"fmt"
	"testing"
)

func TestStatusNamesMatchC(t *testing.T) {
	for s := Status(-2); s <= 40; s++ {
		c := cStatusName(s)
		_, known := statusNames[s]
		switch {
		case known && s.String() != c:
			t.Errorf("Status(%d).String() = %s, bo_status_name = %s", s, s, c)
		case !known && c != "BO_UNKNOWN":
			t.Errorf("bo_status_name(%d) = %s, unknown to the binding", s, c)
		}
	}
	if StatusSoldOut.String() != "BO_SOLD_OUT" || Status(99).String() != "BO_UNKNOWN(99)" {
		t.Fatal(StatusSoldOut, Status(99))
	}
}

func TestErrorIs(t *testing.T) {
	err := fmt.Errorf("checkout: %w", &Error{Op: "CreateHold", Code: StatusSoldOut, Message: "sold out: 1 left"})
	if !errors.Is(err, ErrSoldOut) || errors.Is(err, ErrNotFound) || errors.Is(err, ErrStorage) {
		t.Fatal("errors.Is on a sold-out error")
	}
	if got := err.Error(); got != "checkout: boxoffice: CreateHold: BO_SOLD_OUT: sold out: 1 left" {
		t.Fatal(got)
	}
	for s := StatusStorageFailure; s <= StatusBusy; s++ {
		if !errors.Is(&Error{Code: s}, ErrStorage) {
			t.Errorf("%v is not ErrStorage", s)
		}
	}
	if !errors.Is(&Error{Code: StatusBusy}, ErrBusy) || errors.Is(&Error{Code: StatusBusy}, ErrFull) {
		t.Fatal("ErrBusy")
	}
	if errors.Is(&Error{Code: StatusMisuse}, ErrStorage) || !errors.Is(&Error{Code: StatusMisuse}, ErrClosed) {
		t.Fatal("ErrClosed")
	}
	var e *Error
	if !errors.As(err, &e) || e.Code != StatusSoldOut {
		t.Fatal("errors.As")
	}
	sentinels := []error{ErrNotFound, ErrInvalidArgument, ErrSoldOut, ErrNotOnSale, ErrHoldExpired, ErrLimitExceeded,
		ErrVersionConflict, ErrDuplicate, ErrPermissionDenied, ErrInvalidState, ErrTransferNotAllowed, ErrClosed}
	for i, a := range sentinels {
		for j, b := range sentinels {
			if errors.Is(a, b) != (i == j) {
				t.Errorf("errors.Is(%v, %v) = %v", a, b, !(i == j))
			}
		}
	}
}
