package model

import (
	"encoding/json"
	"testing"
	"time"
)

// TestDateFormat: a day's YYYY-MM-DD and JSON are time's, for every day of
// the years a date may have and beyond, and at the years' limits.
func TestDateFormat(t *testing.T) {
	check := func(d Date) {
		t.Helper()
		want := time.Unix(int64(d)*86400, 0).UTC().Format("2006-01-02")
		if got := d.String(); got != want {
			t.Fatalf("Date(%d).String() = %q, want %q", d, got, want)
		}
		j, err := d.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		wj, _ := json.Marshal(want)
		if string(j) != string(wj) {
			t.Fatalf("Date(%d) JSON = %s, want %s", d, j, wj)
		}
	}
	for d := Ymd(1900, 1, 1); d <= Ymd(3100, 12, 31); d++ {
		if d != 0 {
			check(d)
		}
	}
	// Before 1900, after 3100, the years 0 and 9999, and beyond them
	// (through time's formatting).
	for _, d := range []Date{-1, -719468, -719469, -719528, Ymd(9999, 12, 31), Ymd(10000, 1, 1), Ymd(1, 1, 1), Ymd(0, 3, 1), Ymd(0, 2, 29), Ymd(-1, 12, 31)} {
		check(d)
	}
	if Date(0).String() != "" {
		t.Errorf("no date formats as %q", Date(0).String())
	}
	if j, _ := Date(0).MarshalJSON(); string(j) != "null" {
		t.Errorf("no date is JSON %s", j)
	}
}

func BenchmarkDateMarshalJSON(b *testing.B) {
	d := Ymd(2024, 10, 15)
	for b.Loop() {
		if _, err := d.MarshalJSON(); err != nil {
			b.Fatal(err)
		}
	}
}
