package model

import (
	"testing"
	"time"
)

func TestProblemCloseOutRules(t *testing.T) {
	at := time.Date(2024, 10, 15, 9, 0, 0, 0, time.UTC)
	p := Problem{Code: "P2024-001", Title: "用房紧张", OwnerUnit: "KJC"}
	if err := p.Validate(); err != nil || p.Status != ProblemOpen || p.Source != SourceUnit || p.SourceUnit != "KJC" || p.Severity != "medium" {
		t.Fatalf("defaults: %v %+v", err, p)
	}
	if !p.Unlinked() {
		t.Error("a problem without measures is not flagged")
	}
	if err := p.CloseOut("leader1", at, ""); ErrorCode(err) != ECONFLICT {
		t.Errorf("close an open problem: %v", err)
	}
	if err := p.MoveTo(ProblemClosed); ErrorCode(err) != EINVALID {
		t.Errorf("move to closed: %v", err)
	}
	for _, s := range []string{ProblemInProgress, ProblemResolved, ProblemInProgress, ProblemResolved} {
		if err := p.MoveTo(s); err != nil {
			t.Fatalf("move to %s: %v", s, err)
		}
	}
	if err := p.CloseOut("", at, ""); ErrorCode(err) != EINVALID {
		t.Errorf("close out by nobody: %v", err)
	}
	if err := p.CloseOut("leader1", at, " 已落实 "); err != nil {
		t.Fatal(err)
	}
	if p.Status != ProblemClosed || p.ClosedBy != "leader1" || !p.ClosedAt.Equal(at) || p.CloseNote != "已落实" {
		t.Errorf("close-out record: %+v", p)
	}
	if err := p.MoveTo(ProblemOpen); ErrorCode(err) != ECONFLICT {
		t.Errorf("reopen a closed problem: %v", err)
	}
	if err := p.CloseOut("office1", at, ""); ErrorCode(err) != ECONFLICT {
		t.Errorf("close out twice: %v", err)
	}
	p.Measures = []string{"2024H2-001"}
	if p.Unlinked() {
		t.Error("a linked problem is flagged")
	}
}

func TestProblemValidate(t *testing.T) {
	cases := []struct {
		p     Problem
		field string
	}{
		{Problem{OwnerUnit: "KJC"}, "title"},
		{Problem{Title: "x"}, "owner_unit"},
		{Problem{Title: "x", OwnerUnit: "KJC", Severity: "urgent"}, "severity"},
		{Problem{Title: "x", OwnerUnit: "KJC", Source: "meeting"}, "agenda_item"},
		{Problem{Title: "x", OwnerUnit: "KJC", Source: "meeting", AgendaItem: 3, SourceUnit: "KJC"}, "source_unit"},
		{Problem{Title: "x", OwnerUnit: "KJC", AgendaItem: 3}, "agenda_item"},
		{Problem{Title: "x", OwnerUnit: "KJC", Source: "rumour"}, "source"},
		{Problem{Title: "x", OwnerUnit: "KJC", Status: ProblemClosed}, "status"},
		{Problem{Title: "x", OwnerUnit: "KJC", Measures: []string{"2024H2-001", "2024H2-001"}}, "measures"},
		{Problem{Title: "x", OwnerUnit: "KJC", Measures: []string{"M1"}}, "measures"},
	}
	for _, c := range cases {
		err := c.p.Validate()
		if e := ErrorOf(err); e == nil || e.Code != EINVALID || e.Field != c.field {
			t.Errorf("%+v: %v, want field %s", c.p, err, c.field)
		}
	}
	ok := Problem{Title: "x", OwnerUnit: "KJC", Source: "meeting", AgendaItem: 3}
	if err := ok.Validate(); err != nil {
		t.Errorf("meeting problem: %v", err)
	}
	if !ValidProblemCode(ProblemCode(2024, 7)) || ProblemCode(2024, 7) != "P2024-007" || ValidProblemCode("2024-007") {
		t.Error("problem codes")
	}
}

func TestAllocationFlags(t *testing.T) {
	// 2024-H2 has 184 days; its 92nd day (Sep 30) is exactly half, Oct 1 is more.
	cases := []struct {
		granted, spent Amount
		period         string
		today          Date
		over, idle     bool
	}{
		{10000, 10001, "2024-H2", Ymd(2024, 7, 1), true, false},
		{10000, 10000, "2024-H2", Ymd(2024, 12, 31), false, false},
		{10000, 999, "2024-H2", Ymd(2024, 9, 30), false, false}, // half over, not more
		{10000, 999, "2024-H2", Ymd(2024, 10, 1), false, true},
		{10000, 1000, "2024-H2", Ymd(2024, 10, 1), false, false}, // exactly 10 % spent
		{10000, 0, "2025-H1", Ymd(2024, 10, 15), false, false},   // not begun
		{0, 0, "2024-H2", Ymd(2024, 12, 1), false, false},        // nothing granted, nothing idle
		{0, 1, "2024-H2", Ymd(2024, 12, 1), true, false},
		{10000, 0, "2024", Ymd(2024, 7, 2), false, true},
	}
	for _, c := range cases {
		a := Allocation{Kind: "budget", Unit: "KJC", Period: c.period, Granted: c.granted, Spent: c.spent}
		a.Flag(c.today)
		if a.OverSpent != c.over || a.Idle != c.idle {
			t.Errorf("%v of %v in %s on %s: over %v idle %v, want %v %v", c.spent, c.granted, c.period, c.today, a.OverSpent, a.Idle, c.over, c.idle)
		}
	}
}

func TestAllocationValidate(t *testing.T) {
	base := func() Allocation { return Allocation{Kind: "space", Unit: "KJC", Period: "2024-H2", Granted: 100} }
	cases := []struct {
		change func(*Allocation)
		field  string
	}{
		{func(a *Allocation) { a.Measure = "2024H2-001" }, "unit"},
		{func(a *Allocation) { a.Unit = "" }, "measure"},
		{func(a *Allocation) { a.Unit, a.Measure = "", "M-1" }, "measure"},
		{func(a *Allocation) { a.Granted = -1 }, "granted"},
		{func(a *Allocation) { a.Spent = -1 }, "spent"},
		{func(a *Allocation) { a.Kind = "money" }, "kind"},
		{func(a *Allocation) { a.Period = "H2" }, "period"},
		{func(a *Allocation) { a.AmountUnit = "万元" }, "amount_unit"},
	}
	for i, c := range cases {
		a := base()
		c.change(&a)
		if e := ErrorOf(a.Validate()); e == nil || e.Field != c.field {
			t.Errorf("case %d: %v, want field %s", i, e, c.field)
		}
	}
	a := base()
	if err := a.Validate(); err != nil || a.AmountUnit != "平方米" {
		t.Errorf("valid: %v %q", err, a.AmountUnit)
	}
}

func TestAmount(t *testing.T) {
	for in, want := range map[string]Amount{"12": 1200, "12.5": 1250, "1,200.25": 120025, "": 0, "-3": -300} {
		if got, err := ParseAmount(in); err != nil || got != want {
			t.Errorf("ParseAmount(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"1.005", "ten", "NaN", "1e20"} {
		if _, err := ParseAmount(in); err == nil {
			t.Errorf("ParseAmount(%q) accepted", in)
		}
	}
	if s := Amount(120025).String(); s != "1200.25" {
		t.Errorf("String = %q", s)
	}
}
