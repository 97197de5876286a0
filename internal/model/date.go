package model

import (
	"encoding/json"
	"strings"
	"time"
)

// Date is a calendar day counted from 1970-01-01. Day arithmetic on plain
// integers is the same in Go, SQLite and PostgreSQL, which lets the derived
// status be computed identically in all three. The zero Date means "no date"
// (an ongoing measure has no due date).
type Date int32

// DateOf returns the calendar day of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Ymd(y, m, d)
}

// Ymd builds a Date; out-of-range days roll over as time.Date does.
func Ymd(y int, m time.Month, d int) Date {
	u := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()
	return Date(u / 86400)
}

// Time returns midnight UTC of the day.
func (d Date) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// IsZero reports whether d is "no date".
func (d Date) IsZero() bool { return d == 0 }

// String formats the day as YYYY-MM-DD, or "" for no date.
func (d Date) String() string {
	if d == 0 {
		return ""
	}
	var b [10]byte
	return string(d.appendYMD(b[:0]))
}

// appendYMD appends the day as YYYY-MM-DD, with no string in between:
// every list and page writes dates by the hundred.
func (d Date) appendYMD(b []byte) []byte { return d.Time().AppendFormat(b, "2006-01-02") }

// AddDays returns the day n days later.
func (d Date) AddDays(n int) Date { return d + Date(n) }

// EndOfMonth returns the last day of d's month.
func (d Date) EndOfMonth() Date {
	t := d.Time()
	return Ymd(t.Year(), t.Month()+1, 0)
}

// The years a date (and a period) may have: after the zero Date, which
// means "no date", and before any plan anyone makes.
const (
	MinYear = 1971
	MaxYear = 2999
)

// ParseDate reads YYYY-MM-DD (also with / or . separators). An empty string is
// the zero Date.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	s = strings.NewReplacer("/", "-", ".", "-").Replace(s)
	t, err := time.Parse("2006-1-2", s)
	if err != nil {
		return 0, Reasonf("%q is not a date (YYYY-MM-DD)", s)
	}
	if t.Year() < MinYear || t.Year() > MaxYear {
		return 0, Reasonf("%q is out of range: the year must be %d to %d", s, MinYear, MaxYear)
	}
	return DateOf(t), nil
}

// MarshalJSON writes YYYY-MM-DD or null.
func (d Date) MarshalJSON() ([]byte, error) {
	return d.AppendJSON(make([]byte, 0, 12)), nil
}

// AppendJSON appends the day's JSON ("YYYY-MM-DD", or null for no date).
func (d Date) AppendJSON(b []byte) []byte {
	if d == 0 {
		return append(b, "null"...)
	}
	return append(d.appendYMD(append(b, '"')), '"')
}

// UnmarshalJSON reads YYYY-MM-DD or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = 0
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return Reasonf("expected a date string YYYY-MM-DD")
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
