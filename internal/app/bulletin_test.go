package app_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// bulletinFixture adds to the apptest fixture measures whose due days and
// 100 % reports fall around the boundaries of September 2024, and returns
// their codes by name. Every measure starts on 2024-07-01; reports are
// filed by the office on the days given.
func bulletinFixture(t *testing.T, a *app.App) map[string]string {
	t.Helper()
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	type rep struct {
		day model.Date
		pct int
	}
	d := func(m time.Month, day int) model.Date { return model.Ymd(2024, m, day) }
	plan := []struct {
		name, unit, leader string
		due                model.Date
		reports            []rep
		cancel             bool
	}{
		{"due-before-end", "KJC", apptest.Leader, d(9, 29), []rep{{d(9, 10), 40}}, false},      // overdue 1 day on 9-30
		{"due-at-end", "JWC", apptest.Leader, d(9, 30), nil, false},                            // due that day: orange, not overdue
		{"due-after-end", "RSC", "", d(10, 1), []rep{{d(9, 20), 50}}, false},                   // orange
		{"yellow", "RSC", "", d(10, 31), nil, false},                                           // yellow on 9-30: not listed
		{"done-first-day", "DB", "", d(9, 29), []rep{{d(8, 10), 60}, {d(9, 1), 100}}, false},   // completed 9-01
		{"done-last-day", "KJC", apptest.Leader, d(9, 15), []rep{{d(9, 30), 100}}, false},      // completed 9-30, 15 days late
		{"done-before-range", "JWC", "", d(8, 30), []rep{{d(8, 31), 100}}, false},              // completed 8-31: not listed
		{"done-after-range", "JWC", apptest.Leader, d(9, 20), []rep{{d(10, 1), 100}}, false},   // overdue on 9-30, completed 10-01
		{"cancelled", "KJC", "", d(9, 1), nil, true},                                           // would be overdue
		{"confirmed-again", "DB", "", d(9, 29), []rep{{d(8, 20), 100}, {d(9, 5), 100}}, false}, // completed 8-20, confirmed in range
		{"fell-back", "DB", "", d(12, 31), []rep{{d(9, 3), 100}, {d(9, 10), 80}}, false},       // not complete on 9-30
	}
	codes := map[string]string{}
	for _, p := range plan {
		m := model.Measure{Title: "通报测试 " + p.name, Theme: "other", Period: "2024-H2", LeadUnit: p.unit, Leader: p.leader,
			Start: d(7, 1), Due: p.due}
		if err := a.CreateMeasure(ctx, office, &m); err != nil {
			t.Fatalf("%s: %v", p.name, err)
		}
		for _, r := range p.reports {
			if _, err := a.ReportProgress(ctx, office, m.Code, &model.ProgressReport{Date: r.day, Percent: r.pct, Note: "进展"}); err != nil {
				t.Fatalf("%s: report: %v", p.name, err)
			}
		}
		if p.cancel {
			yes := true
			if _, err := a.UpdateMeasure(ctx, office, m.Code, app.MeasurePatch{Cancelled: &yes}); err != nil {
				t.Fatal(err)
			}
		}
		codes[p.name] = m.Code
	}
	codes["B"] = apptest.MeasureB // JWC, due 2024-09-30, no report
	return codes
}

// TestBulletinListsExactly checks the bulletin of September 2024 (and of
// 1–15 October) lists exactly the measures overdue or orange on its last
// day and exactly those completed within it, in unit order.
func TestBulletinListsExactly(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	c := bulletinFixture(t, a)
	leader := apptest.Account(t, a, apptest.Leader)
	names := func(codes []string) []string {
		byCode := map[string]string{}
		for n, code := range c {
			byCode[code] = n
		}
		out := []string{}
		for _, code := range codes {
			if n, ok := byCode[code]; ok {
				out = append(out, n)
			} else {
				out = append(out, code)
			}
		}
		return out
	}
	for _, tc := range []struct {
		from, to                   model.Date
		overdue, orange, completed []string
	}{
		{model.Ymd(2024, 9, 1), model.Ymd(2024, 9, 30),
			[]string{"due-before-end", "done-after-range"}, // KJC, then JWC
			[]string{"B", "due-at-end", "due-after-end"},   // JWC by due day and code, then RSC
			[]string{"done-first-day", "done-last-day"}},   // DB, then KJC
		{model.Ymd(2024, 10, 1), model.Ymd(2024, 10, 15),
			[]string{"due-before-end", "B", "due-at-end", "due-after-end"},
			[]string{"yellow"},
			[]string{"done-after-range"}},
		{model.Ymd(2024, 9, 30), model.Ymd(2024, 9, 30),
			[]string{"due-before-end", "done-after-range"},
			[]string{"B", "due-at-end", "due-after-end"},
			[]string{"done-last-day"}},
	} {
		b, err := a.PreviewBulletin(ctx, leader, tc.from, tc.to)
		if err != nil {
			t.Fatal(err)
		}
		s := b.Sections
		for _, l := range []struct {
			what      string
			got, want []string
		}{
			{"overdue", names(model.Codes(s.Overdue)), tc.overdue},
			{"orange", names(model.Codes(s.Orange)), tc.orange},
			{"completed", names(model.Codes(s.Completed)), tc.completed},
		} {
			if diff := cmp.Diff(l.want, l.got); diff != "" {
				t.Errorf("%s..%s %s (-want +got):\n%s", tc.from, tc.to, l.what, diff)
			}
		}
		if b.Number != 0 || b.ID != 0 {
			t.Errorf("a preview has a number: %+v", b)
		}
	}

	b, err := a.PreviewBulletin(ctx, leader, model.Ymd(2024, 9, 1), model.Ymd(2024, 9, 30))
	if err != nil {
		t.Fatal(err)
	}
	first := b.Sections.Overdue[0]
	want := model.BulletinItem{Code: c["due-before-end"], Title: "通报测试 due-before-end", LeadUnit: "KJC", LeadUnitName: "科学技术处",
		Leader: apptest.Leader, LeaderName: "王校长", Due: model.Ymd(2024, 9, 29), DaysOverdue: 1, Progress: 40,
		Status: model.Overdue, Alert: model.AlertRed}
	if diff := cmp.Diff(want, first); diff != "" {
		t.Errorf("overdue row (-want +got):\n%s", diff)
	}
	late := b.Sections.Completed[1]
	if late.Completed != model.Ymd(2024, 9, 30) || late.DaysOverdue != 15 || late.Progress != 100 || late.Status != model.Done {
		t.Errorf("completed late row: %+v", late)
	}
	// done-after-range is done today, but was 0 % and 10 days late on 9-30.
	if r := b.Sections.Overdue[1]; r.Progress != 0 || r.DaysOverdue != 10 {
		t.Errorf("overdue as of the last day: %+v", r)
	}
	sum := b.Summary()
	if sum != (model.BulletinSummary{Overdue: 2, OverdueUnits: 2, Orange: 3, OrangeUnits: 2, Completed: 2, CompletedUnits: 2}) {
		t.Errorf("summary %+v", sum)
	}
	if g := b.OverdueByLeader(); len(g) != 1 || g[0].Key != apptest.Leader || len(g[0].Items) != 2 {
		t.Errorf("by leader: %+v", g)
	}
	if g := model.ByLeader(b.Sections.Orange); len(g) != 2 || g[0].Key != apptest.Leader || len(g[0].Items) != 2 || g[1].Key != "" {
		t.Errorf("orange by leader, those without one last: %+v", g)
	}
}

// TestBulletinIssue checks numbering per year of issue, that an issued
// bulletin keeps its lists after its measures change, permissions, range
// checks and one audit event per issue.
func TestBulletinIssue(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	c := bulletinFixture(t, a)
	office := apptest.Account(t, a, apptest.Office)
	sep1, sep30 := model.Ymd(2024, 9, 1), model.Ymd(2024, 9, 30)

	for _, who := range []string{apptest.Leader, apptest.UnitKJC} {
		if _, err := a.IssueBulletin(ctx, apptest.Account(t, a, who), app.BulletinRequest{From: sep1, To: sep30}); model.ErrorCode(err) != model.EFORBIDDEN {
			t.Errorf("%s issues: %v", who, err)
		}
	}
	for _, r := range []struct {
		from, to model.Date
		field    string
	}{
		{0, sep30, "from"}, {sep1, 0, "to"}, {sep30, sep1, "to"},
		{sep1, model.Ymd(2024, 10, 16), "to"}, {model.Ymd(2023, 1, 1), sep30, "to"},
	} {
		_, err := a.IssueBulletin(ctx, office, app.BulletinRequest{From: r.from, To: r.to})
		if e := model.ErrorOf(err); e == nil || e.Code != model.EINVALID || e.Field != r.field {
			t.Errorf("%s..%s: %v, want invalid %s", r.from, r.to, err, r.field)
		}
	}
	if bs, _ := a.Bulletins(ctx, office); len(bs) != 0 {
		t.Fatalf("refused issues wrote %d bulletins", len(bs))
	}

	sep, err := a.IssueBulletin(ctx, office, app.BulletinRequest{From: sep1, To: sep30})
	if err != nil {
		t.Fatal(err)
	}
	oct, err := a.IssueBulletin(ctx, office, app.BulletinRequest{From: model.Ymd(2024, 10, 1), To: model.Ymd(2024, 10, 15)})
	if err != nil {
		t.Fatal(err)
	}
	if sep.Year != 2024 || sep.Number != 1 || oct.Number != 2 || sep.Title() != "督办通报 2024年第1期" ||
		sep.Issuer != apptest.Office || sep.Office != "党政办公室" || sep.IssuedOn != apptest.Today {
		t.Errorf("numbers: %+v / %d", sep, oct.Number)
	}
	stored, err := a.Bulletin(ctx, apptest.Account(t, a, apptest.UnitRSC), sep.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sep, stored); diff != "" {
		t.Errorf("stored bulletin differs from the issued one (-issued +stored):\n%s", diff)
	}

	// The measures change: the overdue one is completed, another renamed,
	// another cancelled. The issued bulletin stays as it was.
	if _, err := a.ReportProgress(ctx, office, c["due-before-end"], &model.ProgressReport{Date: model.Ymd(2024, 9, 30), Percent: 100, Note: "补报"}); err != nil {
		t.Fatal(err)
	}
	title, yes := "改名后的举措", true
	if _, err := a.UpdateMeasure(ctx, office, c["done-after-range"], app.MeasurePatch{Title: &title}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.UpdateMeasure(ctx, office, c["due-at-end"], app.MeasurePatch{Cancelled: &yes}); err != nil {
		t.Fatal(err)
	}
	again, err := a.Bulletin(ctx, office, sep.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(stored, again); diff != "" {
		t.Errorf("issued bulletin changed with its measures (-before +after):\n%s", diff)
	}
	preview, err := a.PreviewBulletin(ctx, office, sep1, sep30)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Equal(model.Codes(preview.Sections.Overdue), model.Codes(again.Sections.Overdue)) {
		t.Errorf("the preview should follow the changed measures: %v", model.Codes(preview.Sections.Overdue))
	}

	// A new year starts a new count.
	if err := apptest.Store(a).Write(ctx, func(tx *store.Tx) error { return tx.SetSetting(ctx, "clock.today", "2025-01-06") }); err != nil {
		t.Fatal(err)
	}
	dec, err := a.IssueBulletin(ctx, office, app.BulletinRequest{From: model.Ymd(2024, 12, 1), To: model.Ymd(2024, 12, 31)})
	if err != nil {
		t.Fatal(err)
	}
	if dec.Year != 2025 || dec.Number != 1 {
		t.Errorf("first bulletin of 2025: %d-%d", dec.Year, dec.Number)
	}
	list, err := a.Bulletins(ctx, apptest.Account(t, a, apptest.Leader))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range list {
		got = append(got, fmt.Sprintf("%d-%d", b.Year, b.Number))
	}
	if diff := cmp.Diff([]string{"2025-1", "2024-2", "2024-1"}, got); diff != "" {
		t.Errorf("list (-want +got):\n%s", diff)
	}
	for _, b := range list {
		ev, err := apptest.Store(a).AuditEvents(ctx, "bulletin", fmt.Sprint(b.ID), 10)
		if err != nil || len(ev) != 1 || ev[0].Action != "issue" || ev[0].Actor != apptest.Office {
			t.Errorf("audit of bulletin %d: %v %+v", b.ID, err, ev)
		}
	}
	if _, err := a.Bulletin(ctx, office, 9999); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("unknown bulletin: %v", err)
	}
}
