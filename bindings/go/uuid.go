package boxoffice

import (
	"errors"
	"fmt"
)

// UUID is a BoxOffice id: the 16 bytes of a UUID in RFC 9562 (big-endian) order, the layout
// of the C struct bo_uuid. The ids the library creates are UUIDv7, so they sort by creation
// time. The zero value is the nil UUID, which names nothing.
type UUID [16]byte

const hexDigits = "0123456789abcdef"
const upperHexDigits = "0123456789ABCDEF"

// ParseUUID reads the 36-character form ("0190f3c2-7b1e-7c3a-9d4e-5f6a7b8c9d0e") in any case,
// like bo_uuid_parse. Other forms (braces, "urn:uuid:", no dashes) are refused.
func ParseUUID(s string) (UUID, error) {
	var u UUID
	if len(s) != 36 {
		return u, fmt.Errorf("boxoffice: invalid UUID %q: want 36 characters, got %d", s, len(s))
	}
	j := 0
	for i := 0; i < 36; {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if s[i] != '-' {
				return UUID{}, fmt.Errorf("boxoffice: invalid UUID %q: want '-' at offset %d", s, i)
			}
			i++
			continue
		}
		hi, ok1 := fromHex(s[i])
		lo, ok2 := fromHex(s[i+1])
		if !ok1 || !ok2 {
			return UUID{}, fmt.Errorf("boxoffice: invalid UUID %q: not a hex digit at offset %d", s, i)
		}
		u[j] = hi<<4 | lo
		j++
		i += 2
	}
	return u, nil
}

// MustParseUUID is ParseUUID that panics on malformed text; for constants in tests and setup.
func MustParseUUID(s string) UUID {
	u, err := ParseUUID(s)
	if err != nil {
		panic(err)
	}
	return u
}

func fromHex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func (u UUID) format(digits string) [36]byte {
	var b [36]byte
	j := 0
	for i, c := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b[j] = '-'
			j++
		}
		b[j] = digits[c>>4]
		b[j+1] = digits[c&0x0f]
		j += 2
	}
	return b
}

// String returns the lowercase 36-character form, as bo_uuid_format writes it.
func (u UUID) String() string {
	b := u.format(hexDigits)
	return string(b[:])
}

// IsZero reports whether u is the nil UUID.
func (u UUID) IsZero() bool { return u == UUID{} }

// MarshalJSON writes the uppercase string form, as the library's JSON carries ids.
func (u UUID) MarshalJSON() ([]byte, error) {
	b := u.format(upperHexDigits)
	out := make([]byte, 0, 38)
	out = append(out, '"')
	out = append(out, b[:]...)
	return append(out, '"'), nil
}

// UnmarshalJSON reads a UUID string in any case. JSON null leaves u unchanged.
func (u *UUID) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		return nil
	}
	if len(data) < 2 || data[0] != '"' || data[len(data)-1] != '"' {
		return errors.New("boxoffice: a UUID must be a JSON string")
	}
	v, err := ParseUUID(string(data[1 : len(data)-1]))
	if err != nil {
		return err
	}
	*u = v
	return nil
}
