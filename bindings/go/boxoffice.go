// Package boxoffice is the Go binding of libboxoffice, the BoxOffice embedded ticketing engine:
// organizations, staff, customers, events and tiers, holds, orders, tickets, check-in, the audit
// feed and maintenance, over one data file.
//
// Open a store with Open and share the *Engine between goroutines; it is safe for concurrent use.
// Every method is one transaction. Methods return (value, error); a failure is an *Error whose
// Code is the library's status, comparable with errors.Is against the sentinels (ErrNotFound,
// ErrSoldOut, ...). Lookups of a missing record return the zero value and an error matching
// ErrNotFound. After Close every method returns an error matching ErrClosed.
//
// Actors: methods that change data take actor *UUID, the user on whose behalf the call is made;
// nil is the system (the trusted host), which may do anything.
//
// Build: the package uses cgo and pkg-config; set PKG_CONFIG_PATH to the lib/pkgconfig directory
// of the installed library, and make libboxoffice.so.0 loadable at run time (LD_LIBRARY_PATH,
// ldconfig, or an rpath).
package boxoffice

/*
#cgo pkg-config: boxoffice
#include <stdlib.h>
#include <string.h>
#include <boxoffice.h>
*/
import "C"

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"
	"unsafe"
)

// HeaderVersion is the BOXOFFICE_VERSION_NUMBER of the header this package was built with.
const HeaderVersion = int(C.BOXOFFICE_VERSION_NUMBER)

// LibraryVersion returns the version number of the library actually loaded
// (MAJOR*1000000 + MINOR*1000 + PATCH).
func LibraryVersion() int { return int(C.bo_version_number()) }

// CurrencyMinorUnits returns the digits of ISO 4217's minor unit of code ("EUR" 2, "JPY" 0,
// "BHD" 3) and true, or 0 and false for a code organizations cannot use (unknown, or without a
// minor unit). From the library's table (bo_currency_minor_units).
func CurrencyMinorUnits(code string) (int, bool) {
	if strings.IndexByte(code, 0) >= 0 {
		return 0, false // C would read only up to the NUL
	}
	ccode := C.CString(code)
	defer C.free(unsafe.Pointer(ccode))
	digits := int(C.bo_currency_minor_units(ccode))
	if digits < 0 {
		return 0, false
	}
	return digits, true
}

// FormatMoney writes minor units of code as text with the code, as the library and its CLI do:
// FormatMoney(2500, "EUR") is "25.00 EUR", FormatMoney(1500, "JPY") "1500 JPY"
// (bo_money_format). A code without a minor unit is ErrInvalidArgument.
func FormatMoney(minor int64, code string) (string, error) {
	if _, ok := CurrencyMinorUnits(code); !ok {
		return "", errorf("FormatMoney", StatusInvalidArgument, fmt.Sprintf("code %q is not an ISO 4217 currency with a minor unit, like EUR or JPY", code))
	}
	ccode := C.CString(code)
	defer C.free(unsafe.Pointer(ccode))
	text := C.bo_money_format(C.int64_t(minor), ccode)
	defer C.bo_free(unsafe.Pointer(text))
	return C.GoString(text), nil
}

// The C layout of bo_uuid must be the 16 bytes of UUID (a compile error otherwise).
var _ = [1]struct{}{}[unsafe.Sizeof(C.bo_uuid{})-unsafe.Sizeof(UUID{})]
var _ = [1]struct{}{}[unsafe.Sizeof(UUID{})-unsafe.Sizeof(C.bo_uuid{})]

// Durability says when commits reach the disk.
type Durability uint32

// The durabilities.
const (
	// Durable syncs every commit (the default): a power cut loses nothing acknowledged and never
	// corrupts the file.
	Durable Durability = C.BO_DURABLE
	// MetaAsync flushes once per commit: a power cut may undo the last commits, never corrupts.
	MetaAsync Durability = C.BO_META_ASYNC
	// Async syncs nothing (Sync flushes): a power cut CAN CORRUPT THE FILE, earlier commits
	// included. After one, run Verify and restore a backup if it finds problems. Not for sales.
	Async Durability = C.BO_ASYNC
	// DurableSales is Durable for every commit but those that only make a hold, which flush once
	// (their meta page waits for the next commit's flush): a power cut may undo the last holds,
	// never a sale, a payment or a check-in, and never corrupts the file.
	DurableSales Durability = C.BO_DURABLE_SALES
)

// Options configure Open. The zero value of each field means the library's default (see
// DefaultOptions); a nil *Options is all defaults. Out-of-range values give ErrInvalidArgument.
type Options struct {
	Durability        Durability
	ReadOnly          bool
	MustExist         bool          // never create a store: a missing one is ErrBadPath or ErrNotAStore
	FileMode          os.FileMode   // permissions of the data files; 0 = 0600
	InitialMapSize    int64         // bytes; 0 = 16 MiB
	MaxMapSize        int64         // bytes; 0 = 1 TiB
	MaxReaders        int           // 0 = 126
	IdempotencyWindow time.Duration // 1 minute to 1 year; 0 = 24 h
	MaxHold           time.Duration // 1 minute to 1 week; 0 = 24 h
}

// DefaultOptions returns the library's defaults (bo_options_init).
func DefaultOptions() Options {
	var o C.bo_options
	C.bo_options_init(&o)
	return Options{
		Durability:        Durability(o.durability),
		ReadOnly:          o.read_only != 0,
		MustExist:         o.must_exist != 0,
		FileMode:          os.FileMode(o.file_mode),
		InitialMapSize:    int64(o.initial_map_size),
		MaxMapSize:        int64(o.max_map_size),
		MaxReaders:        int(o.max_readers),
		IdempotencyWindow: time.Duration(o.idempotency_window_ms) * time.Millisecond,
		MaxHold:           time.Duration(o.max_hold_ms) * time.Millisecond,
	}
}

// Engine is an open store. It is safe for concurrent use by many goroutines.
type Engine struct {
	h      *C.bo_engine // never changes after Open; the C side checks it on every call
	closed atomic.Bool
	path   string
}

// Open opens (creating it if needed, unless read-only or MustExist) the store at path, a directory.
// Opening a store already open in this process shares it (ErrBusy if the options conflict).
// Close the engine when done; a forgotten engine is closed by a finalizer as a backstop.
func Open(path string, opts *Options) (*Engine, error) {
	const op = "Open"
	if v := LibraryVersion(); v/1000000 != HeaderVersion/1000000 || v < HeaderVersion {
		return nil, errorf(op, StatusMisuse, fmt.Sprintf("libboxoffice %d does not match boxoffice.h %d", v, HeaderVersion))
	}
	cpath, err := cstring(op, "path", path)
	if err != nil {
		return nil, err
	}
	defer C.free(unsafe.Pointer(cpath))

	var o C.bo_options
	C.bo_options_init(&o)
	if opts != nil {
		o.durability = C.uint32_t(opts.Durability)
		if opts.ReadOnly {
			o.read_only = 1
		}
		if opts.MustExist {
			o.must_exist = 1
		}
		if opts.FileMode != 0 {
			if opts.FileMode&^0o777 != 0 {
				return nil, errorf(op, StatusInvalidArgument, "FileMode must be within 0777")
			}
			o.file_mode = C.uint32_t(opts.FileMode)
		}
		if opts.InitialMapSize != 0 {
			o.initial_map_size = C.int64_t(opts.InitialMapSize)
		}
		if opts.MaxMapSize != 0 {
			o.max_map_size = C.int64_t(opts.MaxMapSize)
		}
		if opts.MaxReaders != 0 {
			if opts.MaxReaders < math.MinInt32 || opts.MaxReaders > math.MaxInt32 {
				return nil, errorf(op, StatusInvalidArgument, "MaxReaders is out of range")
			}
			o.max_readers = C.int32_t(opts.MaxReaders)
		}
		if opts.IdempotencyWindow != 0 {
			o.idempotency_window_ms = C.int64_t(opts.IdempotencyWindow.Milliseconds())
		}
		if opts.MaxHold != 0 {
			o.max_hold_ms = C.int64_t(opts.MaxHold.Milliseconds())
		}
	}

	var h *C.bo_engine
	var cerr *C.bo_error
	st := C.bo_open(cpath, &o, &h, &cerr)
	if err := statusError(op, st, cerr); err != nil {
		return nil, err
	}
	e := &Engine{h: h, path: path}
	runtime.SetFinalizer(e, (*Engine).finalize)
	return e, nil
}

func (e *Engine) finalize() { _ = e.Close() }

// Close closes the engine. Calls running in other goroutines finish first; later calls return
// ErrClosed. Closing twice is harmless. It always returns nil.
func (e *Engine) Close() error {
	if e == nil {
		return nil
	}
	if e.closed.CompareAndSwap(false, true) {
		C.bo_close(e.h)
		runtime.SetFinalizer(e, nil)
	}
	return nil
}

// Path returns the path the engine was opened with.
func (e *Engine) Path() string { return e.path }

// ---------------------------------------------------------------------------------------------
// Call plumbing
// ---------------------------------------------------------------------------------------------

// statusError turns a status and its error object into an *Error (nil for BO_OK), freeing the
// error object. The message comes from the error object of this very call, never from
// bo_last_error_message(), which is per OS thread.
func statusError(op string, st C.bo_status, cerr *C.bo_error) error {
	if st == C.BO_OK {
		C.bo_error_free(cerr) // NULL after success; harmless
		return nil
	}
	e := &Error{Op: op, Code: Status(st)}
	if cerr != nil {
		e.Message = goNames(C.GoString(C.bo_error_message(cerr)))
		if details := C.bo_error_details(cerr); details != nil {
			_ = json.Unmarshal([]byte(C.GoString(details)), &e.Details) // the library writes valid JSON
		}
		C.bo_error_free(cerr)
	}
	return e
}

// camelWord is a JSON field name of several words, as library messages name fields.
var camelWord = regexp.MustCompile(`\b[a-z]+(?:[A-Z][a-z0-9]*)+\b`)

// goNames rewrites the JSON field names a library message names (priceMinor) as Go spells them
// (PriceMinor): the field a caller set is the one the message is about.
func goNames(message string) string {
	return camelWord.ReplaceAllStringFunc(message, func(word string) string {
		if name, ok := goFieldNames[word]; ok {
			return name
		}
		return word
	})
}

// call runs one C function with the engine handle and an error object out-parameter.
func (e *Engine) call(op string, f func(h *C.bo_engine, perr **C.bo_error) C.bo_status) error {
	if e == nil || e.closed.Load() {
		return errorf(op, StatusMisuse, "the engine is closed")
	}
	var cerr *C.bo_error
	st := f(e.h, &cerr)
	runtime.KeepAlive(e) // the finalizer must not close the engine during the call
	return statusError(op, st, cerr)
}

// callJSON runs a C function that returns JSON in *out and decodes it into v (v may be nil to
// discard it). The JSON is freed with bo_free.
func (e *Engine) callJSON(op string, v interface{}, f func(h *C.bo_engine, out **C.char, perr **C.bo_error) C.bo_status) error {
	var out *C.char
	err := e.call(op, func(h *C.bo_engine, perr **C.bo_error) C.bo_status {
		return f(h, &out, perr)
	})
	if out == nil {
		if err == nil && v != nil {
			return fmt.Errorf("boxoffice: %s: the library returned no JSON", op)
		}
		return err
	}
	defer C.bo_free(unsafe.Pointer(out))
	if err != nil {
		return err
	}
	if v == nil {
		return nil
	}
	// Decode straight from the C buffer; encoding/json copies what it keeps.
	data := unsafe.Slice((*byte)(unsafe.Pointer(out)), int(C.strlen(out)))
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("boxoffice: %s: decoding the library's JSON: %w", op, err)
	}
	return nil
}

// cstring converts a Go string for C; the caller frees it with C.free. A NUL byte would truncate
// the string in C, so it is refused before calling C.
func cstring(op, param, s string) (*C.char, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return nil, errorf(op, StatusInvalidArgument, param+" contains a NUL byte")
	}
	if !utf8.ValidString(s) {
		return nil, errorf(op, StatusInvalidArgument, param+" is not valid UTF-8")
	}
	return C.CString(s), nil
}

// optCString is cstring with "" meaning NULL.
func optCString(op, param, s string) (*C.char, error) {
	if s == "" {
		return nil, nil
	}
	return cstring(op, param, s)
}

// detailsJSON marshals a details struct for C (no HTML escaping, no trailing newline). JSON
// escapes NUL as \u0000, which the library refuses as BO_INVALID_ARGUMENT.
func detailsJSON(op string, v interface{}) (*C.char, error) {
	// encoding/json would replace invalid UTF-8 with U+FFFD silently: refuse it, naming the field.
	if field := invalidUTF8(reflect.ValueOf(v), "details"); field != "" {
		return nil, errorf(op, StatusInvalidArgument, field+" is not valid UTF-8")
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, errorf(op, StatusInvalidArgument, "details: "+err.Error())
	}
	return cstring(op, "details", strings.TrimSuffix(buf.String(), "\n"))
}

// invalidUTF8 names the first string in v (a struct, slice, map or pointer to them) that is not
// valid UTF-8, or returns "".
func invalidUTF8(v reflect.Value, path string) string {
	switch v.Kind() {
	case reflect.String:
		if !utf8.ValidString(v.String()) {
			return path
		}
	case reflect.Ptr, reflect.Interface:
		if !v.IsNil() {
			return invalidUTF8(v.Elem(), path)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				if bad := invalidUTF8(v.Field(i), path+"."+v.Type().Field(i).Name); bad != "" {
					return bad
				}
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			if bad := invalidUTF8(v.Index(i), fmt.Sprintf("%s[%d]", path, i)); bad != "" {
				return bad
			}
		}
	case reflect.Map:
		for _, key := range v.MapKeys() {
			if bad := invalidUTF8(key, path+" key"); bad != "" {
				return bad
			}
			if bad := invalidUTF8(v.MapIndex(key), fmt.Sprintf("%s[%v]", path, key)); bad != "" {
				return bad
			}
		}
	}
	return ""
}

// cuuid returns a C pointer to a copy of id.
func cuuid(id UUID) *C.bo_uuid {
	c := C.bo_uuid{}
	*(*UUID)(unsafe.Pointer(&c)) = id
	return &c
}

// optUUID is cuuid with nil meaning NULL.
func optUUID(id *UUID) *C.bo_uuid {
	if id == nil {
		return nil
	}
	return cuuid(*id)
}

func goUUID(c *C.bo_uuid) UUID { return *(*UUID)(unsafe.Pointer(c)) }

// timeMillis is t in UTC milliseconds since the epoch, or 0 for the zero Time. A time outside
// 1970 to 9999, which the library refuses, is passed as -1 rather than as UnixMilli's wrapped value.
func timeMillis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	if t.Year() < 1970 || t.Year() > 9999 {
		return -1
	}
	return t.UnixMilli()
}

// millisOr is millis(d), or fallback (ms) when d is zero: a zero option means the default.
func millisOr(d time.Duration, fallback int64) int64 {
	if d == 0 {
		return fallback
	}
	return millis(d)
}

// millis converts a duration to whole milliseconds, rounding a positive remainder up so that a
// positive duration never becomes 0.
func millis(d time.Duration) int64 {
	ms := int64(d / time.Millisecond)
	if d > 0 && d%time.Millisecond != 0 {
		ms++
	}
	return ms
}

// Helpers for the tests, which cannot use cgo themselves.

func cStatusName(s Status) string { return C.GoString(C.bo_status_name(C.bo_status(s))) }

func cFormatUUID(u UUID) string {
	var buf [37]C.char
	if C.bo_uuid_format(cuuid(u), &buf[0]) != C.BO_OK {
		return ""
	}
	return C.GoString(&buf[0])
}

func cParseUUID(s string) (UUID, bool) {
	cs := C.CString(s)
	defer C.free(unsafe.Pointer(cs))
	var out C.bo_uuid
	if C.bo_uuid_parse(cs, &out) != C.BO_OK {
		return UUID{}, false
	}
	return goUUID(&out), true
}
