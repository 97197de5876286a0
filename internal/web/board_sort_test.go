package web

import (
	"strings"
	"testing"
)

// TestSortBoard: every sort key orders the unit rows by that column,
// largest first, with ties and "unit" in name order.
func TestSortBoard(t *testing.T) {
	rows := []boardRow{
		{Unit: "B", Total: 5, Done: 1, Red: 0, Orange: 2, Yellow: 1, Progress: 40},
		{Unit: "A", Total: 2, Done: 2, Red: 3, Orange: 0, Yellow: 1, Progress: 90},
		{Unit: "C", Total: 9, Done: 0, Red: 1, Orange: 1, Yellow: 4, Progress: 10},
	}
	want := map[string]string{
		"unit": "ABC", "total": "CBA", "done": "ABC", "red": "ACB",
		"orange": "BCA", "yellow": "CAB", "progress": "ABC",
	}
	for _, key := range boardSorts {
		r := append([]boardRow(nil), rows...)
		sortBoard(r, key, func(code string) string { return code })
		var got strings.Builder
		for _, x := range r {
			got.WriteString(x.Unit)
		}
		if got.String() != want[key] {
			t.Errorf("sort=%s: %s, want %s", key, got.String(), want[key])
		}
	}
}
