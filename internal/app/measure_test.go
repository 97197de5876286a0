package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

func TestFixtureStatuses(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	ms, next, err := a.Measures(ctx, app.System, model.MeasureFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 3 || next != "" {
		t.Fatalf("got %d measures, next %q", len(ms), next)
	}
	want := map[string]model.Status{apptest.MeasureA: model.NotStarted, apptest.MeasureB: model.Overdue, apptest.MeasureC: model.NotStarted}
	for _, m := range ms {
		if m.Status != want[m.Code] {
			t.Errorf("%s: status %s, want %s", m.Code, m.Status, want[m.Code])
		}
	}
	if ms[0].Due != model.Ymd(2024, 12, 31) || ms[2].Due != 0 {
		t.Errorf("deadlines read as %v and %v", ms[0].Due, ms[2].Due)
	}
}

func TestPermissions(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	report := func(user, code string) error {
		_, err := a.ReportProgress(ctx, apptest.Account(t, a, user), code, &model.ProgressReport{Percent: 50, Note: "进展顺利"})
		return err
	}
	cases := []struct {
		user, code, want string
	}{
		{apptest.Office, apptest.MeasureA, ""},
		{apptest.Admin, apptest.MeasureA, ""},
		{apptest.UnitKJC, apptest.MeasureA, ""},          // leads
		{apptest.UnitKJC, apptest.MeasureB, ""},          // cooperates
		{apptest.UnitJWC, apptest.MeasureA, "forbidden"}, // not involved
		{apptest.UnitRSC, apptest.MeasureB, "forbidden"},
		{apptest.Leader, apptest.MeasureA, "forbidden"},
	}
	for _, c := range cases {
		if got := model.ErrorCode(report(c.user, c.code)); got != c.want {
			t.Errorf("%s reports on %s: %q, want %q", c.user, c.code, got, c.want)
		}
	}
	title := "新标题"
	_, err := a.UpdateMeasure(ctx, apptest.Account(t, a, apptest.UnitKJC), apptest.MeasureA, app.MeasurePatch{Title: &title})
	if e := model.ErrorOf(err); e == nil || e.Code != model.EFORBIDDEN || e.Field != "title" {
		t.Errorf("unit changes title: %v", err)
	}
}

// TestOneAuditEventPerChange: a change writes exactly one audit event naming
// the actor, the action, the entity and its state before and after; a
// rejected change writes none.
func TestOneAuditEventPerChange(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	kjc := apptest.Account(t, a, apptest.UnitKJC)
	before, err := apptest.Store(a).AuditEvents(ctx, "measure", apptest.MeasureA, 100)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ReportProgress(ctx, kjc, apptest.MeasureA, &model.ProgressReport{Percent: 40, Note: "平台论证完成"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ReportProgress(ctx, kjc, apptest.MeasureA, &model.ProgressReport{Percent: 140, Note: "x"}); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("percent 140: %v", err)
	}
	after, err := apptest.Store(a).AuditEvents(ctx, "measure", apptest.MeasureA, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before)+1 {
		t.Fatalf("%d new audit events, want 1", len(after)-len(before))
	}
	ev := after[0]
	if ev.Actor != apptest.UnitKJC || ev.Action != "report_progress" || ev.EntityID != apptest.MeasureA ||
		!strings.Contains(ev.Before, `"progress":0`) || !strings.Contains(ev.After, `"percent":40`) || ev.At.IsZero() {
		t.Errorf("audit event %+v", ev)
	}
}

// TestReportProgressStanding: the standing a report answers with (derived
// in the change, with nothing read after its commit) is the measure's
// progress, status and light as the measure page then shows them: on a
// measure due later, two due in ten and in thirty days, one overdue and one
// ongoing, at several percents.
func TestReportProgressStanding(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	codes := []string{apptest.MeasureA, apptest.MeasureB, apptest.MeasureC}
	for _, days := range []int{10, 30} {
		m := model.Measure{Title: "完成实验室安全检查", Theme: "research", Period: "2024-H2", LeadUnit: "KJC",
			Start: model.Ymd(2024, 7, 1), Due: apptest.Today.AddDays(days)}
		if err := a.CreateMeasure(ctx, office, &m); err != nil {
			t.Fatal(err)
		}
		codes = append(codes, m.Code)
	}
	lights := map[model.Alert]bool{}
	for _, code := range codes {
		for _, pct := range []int{0, 5, 40, 70, 100} {
			r := model.ProgressReport{Percent: pct, Note: "进展"}
			st, err := a.ReportProgress(ctx, office, code, &r)
			if err != nil {
				t.Fatalf("%s at %d%%: %v", code, pct, err)
			}
			det, err := a.Measure(ctx, office, code)
			if err != nil {
				t.Fatal(err)
			}
			m := det.Measure
			if want := (model.Standing{Progress: m.Progress, Status: m.Status, Alert: m.Alert}); st != want || st.Progress != pct {
				t.Errorf("%s at %d%%: answered %+v, the page shows %+v", code, pct, st, want)
			}
			lights[st.Alert] = true
		}
	}
	if len(lights) < 4 {
		t.Errorf("the fixture shows only the lights %v: the test compares too little", lights)
	}
}
