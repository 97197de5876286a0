package model

import (
	"strings"
	"testing"
)

// TestProgressAndCompletionOn checks what a bulletin reads from a
// measure's reports as of a day, reports filed out of date order included.
func TestProgressAndCompletionOn(t *testing.T) {
	d := func(day int) Date { return Ymd(2024, 9, day) }
	ps := []ProgressPoint{{d(10), 100}, {d(3), 40}, {d(12), 80}, {d(20), 100}, {d(25), 100}}
	for _, c := range []struct {
		day      Date
		progress int
		done     Date
	}{
		{d(2), 0, 0}, {d(3), 40, 0}, {d(9), 40, 0}, {d(10), 100, d(10)}, {d(11), 100, d(10)},
		{d(12), 80, 0}, {d(20), 100, d(20)}, {d(30), 100, d(20)},
	} {
		if got := ProgressOn(ps, c.day); got != c.progress {
			t.Errorf("progress on %s: %d, want %d", c.day, got, c.progress)
		}
		if got := CompletedOn(ps, c.day); got != c.done {
			t.Errorf("completed as of %s: %s, want %s", c.day, got, c.done)
		}
	}
	// Two reports of one day count in filing order.
	same := []ProgressPoint{{d(5), 100}, {d(5), 90}}
	if ProgressOn(same, d(5)) != 90 || CompletedOn(same, d(5)) != 0 {
		t.Errorf("same day: the later filing wins")
	}
}

func TestCheckBulletinRange(t *testing.T) {
	today := Ymd(2024, 10, 15)
	for _, c := range []struct {
		from, to Date
		field    string
	}{
		{Ymd(2024, 9, 1), Ymd(2024, 9, 30), ""},
		{today, today, ""},
		{Ymd(2023, 10, 16), today, ""},
		{Ymd(2023, 10, 15), today, "to"},
		{0, today, "from"},
		{today, 0, "to"},
		{today, today.AddDays(-1), "to"},
		{today, today.AddDays(1), "to"},
	} {
		err := CheckBulletinRange(c.from, c.to, today)
		got := ""
		if e := ErrorOf(err); e != nil {
			got = e.Field
		}
		if got != c.field {
			t.Errorf("%s..%s: %v, want field %q", c.from, c.to, err, c.field)
		}
	}
}

func TestBulletinGroups(t *testing.T) {
	items := []BulletinItem{{Code: "1", LeadUnit: "A", Leader: "z"}, {Code: "2", LeadUnit: "A"}, {Code: "3", LeadUnit: "B", Leader: "a"},
		{Code: "4", LeadUnit: "A", Leader: "z"}}
	var got []string
	for _, g := range ByUnit(items) {
		got = append(got, g.Key+":"+strings.Join(Codes(g.Items), ","))
	}
	if s := strings.Join(got, " "); s != "A:1,2 B:3 A:4" {
		t.Errorf("by unit: %s", s)
	}
	got = nil
	for _, g := range ByLeader(items) {
		got = append(got, g.Key+":"+strings.Join(Codes(g.Items), ","))
	}
	if s := strings.Join(got, " "); s != "a:3 z:1,4 :2" {
		t.Errorf("by leader: %s", s)
	}
	b := Bulletin{Year: 2024, Number: 3}
	if b.Title() != "督办通报 2024年第3期" || (Bulletin{}).Title() != "督办通报（预览）" {
		t.Errorf("titles: %s", b.Title())
	}
}
