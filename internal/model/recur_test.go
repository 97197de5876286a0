package model

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNextOccurrence(t *testing.T) {
	cases := []struct {
		recur      string
		prev       Date
		start, due Date
		ok         bool
	}{
		// Monthly: the end of the month after prev's month.
		{RecurMonthly, Ymd(2025, 1, 31), Ymd(2025, 2, 1), Ymd(2025, 2, 28), true},
		{RecurMonthly, Ymd(2024, 1, 31), Ymd(2024, 2, 1), Ymd(2024, 2, 29), true}, // leap year
		{RecurMonthly, Ymd(2024, 2, 29), Ymd(2024, 3, 1), Ymd(2024, 3, 31), true},
		{RecurMonthly, Ymd(2024, 3, 31), Ymd(2024, 4, 1), Ymd(2024, 4, 30), true},
		{RecurMonthly, Ymd(2024, 12, 31), Ymd(2025, 1, 1), Ymd(2025, 1, 31), true},
		{RecurMonthly, Ymd(2024, 6, 30), Ymd(2024, 7, 1), Ymd(2024, 7, 31), true},
		{RecurMonthly, Ymd(2024, 1, 15), Ymd(2024, 1, 16), Ymd(2024, 2, 29), true}, // mid-month: due at the next month's end
		{RecurMonthly, Ymd(2024, 12, 20), Ymd(2024, 12, 21), Ymd(2025, 1, 31), true},
		// Term (half-year): the end of the half-year after prev's.
		{RecurTerm, Ymd(2024, 6, 30), Ymd(2024, 7, 1), Ymd(2024, 12, 31), true},
		{RecurTerm, Ymd(2024, 12, 31), Ymd(2025, 1, 1), Ymd(2025, 6, 30), true},
		{RecurTerm, Ymd(2024, 1, 1), Ymd(2024, 1, 2), Ymd(2024, 12, 31), true},
		{RecurTerm, Ymd(2024, 11, 15), Ymd(2024, 11, 16), Ymd(2025, 6, 30), true},
		{RecurTerm, Ymd(2024, 7, 1), Ymd(2024, 7, 2), Ymd(2025, 6, 30), true},
		// No recurrence, or no due day: nothing follows.
		{RecurNone, Ymd(2024, 12, 31), 0, 0, false},
		{RecurMonthly, 0, 0, 0, false},
		{"weekly", Ymd(2024, 12, 31), 0, 0, false},
	}
	for _, c := range cases {
		start, due, ok := NextOccurrence(c.recur, c.prev)
		if start != c.start || due != c.due || ok != c.ok {
			t.Errorf("NextOccurrence(%q, %s) = %s, %s, %v; want %s, %s, %v", c.recur, c.prev, start, due, ok, c.start, c.due, c.ok)
		}
	}
}

// TestSuccessor checks what the next occurrence keeps (its source too: it
// answers the same words), drops and gets, and
// that it passes Normalize with the dates NextOccurrence gave it.
func TestSuccessor(t *testing.T) {
	prev := Measure{ID: 7, Code: "2024H2-003", Title: "召开安全生产检查", Detail: "每月一次", Theme: "resources", Period: "2024-H2",
		LeadUnit: "ZCC", CooperatingUnits: []string{"KJC"}, Leader: "vp", Owner: "zcc1", Start: Ymd(2024, 10, 1),
		Due: Ymd(2024, 10, 31), Deadline: "2024年10月底前", Priority: 2, Progress: 80, Recur: RecurMonthly,
		Milestones: []Milestone{{Title: "检查", Due: Ymd(2024, 10, 20)}}, Source: Source{AgendaItem: 3, Start: 0, End: 9}}
	next, ok := prev.Successor()
	if !ok {
		t.Fatal("a monthly measure has no successor")
	}
	if err := next.Normalize(); err != nil {
		t.Fatal(err)
	}
	want := Measure{Title: prev.Title, Detail: prev.Detail, Theme: prev.Theme, Period: "2024-H2", LeadUnit: "ZCC",
		CooperatingUnits: []string{"KJC"}, Leader: "vp", Owner: "zcc1", Start: Ymd(2024, 11, 1), Due: Ymd(2024, 11, 30),
		Deadline: "2024年11月底前", Priority: 2, Milestones: []Milestone{}, Recur: RecurMonthly, RecurPrev: 7, Source: prev.Source}
	if diff := cmp.Diff(want, next); diff != "" {
		t.Errorf("successor (-want +got):\n%s", diff)
	}

	// A term measure due at the end of 2024-H2 is followed in 2025-H1, and
	// its "本学期内" is read against that half-year.
	prev.Recur, prev.Due, prev.Deadline = RecurTerm, Ymd(2024, 12, 31), "本学期内"
	next, _ = prev.Successor()
	if err := next.Normalize(); err != nil {
		t.Fatal(err)
	}
	if next.Period != "2025-H1" || next.Start != Ymd(2025, 1, 1) || next.Due != Ymd(2025, 6, 30) || next.Deadline != "本学期内" {
		t.Errorf("term successor: period %s, %s–%s, deadline %q", next.Period, next.Start, next.Due, next.Deadline)
	}

	prev.Recur = RecurNone
	if _, ok := prev.Successor(); ok {
		t.Error("a measure that does not recur has a successor")
	}
}

// TestNormalizeRecur checks the recurrence values and that ongoing work,
// which has no due day, cannot recur.
func TestNormalizeRecur(t *testing.T) {
	cases := []struct {
		recur, deadline string
		field           string // "" when valid
	}{
		{"", "长期坚持", ""},
		{"monthly", "2024年10月底前", ""},
		{" term ", "本学期内", ""},
		{"term", "", ""}, // no deadline: the period's end
		{"weekly", "2024年10月底前", "recur"},
		{"monthly", "长期坚持", "recur"},
		{"term", "持续推进", "recur"},
	}
	for _, c := range cases {
		m := Measure{Title: "t", Period: "2024-H2", LeadUnit: "A", Deadline: c.deadline, Recur: c.recur}
		err := m.Normalize()
		got := ""
		if e := ErrorOf(err); e != nil {
			got = e.Field
			if e.Code != EINVALID {
				t.Errorf("recur %q, deadline %q: code %s, want invalid", c.recur, c.deadline, e.Code)
			}
		} else if err != nil {
			t.Fatal(err)
		}
		if got != c.field {
			t.Errorf("recur %q, deadline %q: error %v, want field %q", c.recur, c.deadline, err, c.field)
		}
	}
}
