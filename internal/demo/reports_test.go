package demo_test

import (
	"context"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/demo"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestDemoReports checks the demo's half-year reports: 2024-H1 accepted
// for most units, 2024-H2 a mix with every state, the returned one with a
// comment, and KJC not started (the browser test writes it).
func TestDemoReports(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, a); err != nil {
		t.Fatal(err)
	}
	office, err := apptest.Store(a).Account(ctx, "linxiao")
	if err != nil {
		t.Fatal(err)
	}
	h1, err := a.ReportOverview(ctx, office, "2024-H1")
	if err != nil {
		t.Fatal(err)
	}
	accepted := 0
	for _, r := range h1 {
		if r.Report.State == model.ReportAccepted {
			accepted++
		}
	}
	if accepted < len(h1)*3/4 {
		t.Errorf("2024-H1: %d of %d accepted", accepted, len(h1))
	}
	h2, err := a.ReportOverview(ctx, office, "2024-H2")
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]int{}
	for _, r := range h2 {
		states[r.Report.State]++
		if r.Report.State == model.ReportReturned && r.Report.Comment == "" {
			t.Errorf("%s returned without a comment", r.Unit.Code)
		}
		if r.Unit.Code == "KJC" && r.Report.State != model.ReportNotStarted {
			t.Errorf("KJC's 2024-H2 report is %s; the browser test needs it not started", r.Report.State)
		}
	}
	for _, s := range model.ReportStates {
		if states[s] == 0 {
			t.Errorf("2024-H2: no report %s (%v)", s, states)
		}
	}
	if states[model.ReportSubmitted] < 3 {
		t.Errorf("2024-H2: only %d submitted", states[model.ReportSubmitted])
	}
}
