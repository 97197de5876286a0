package app_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// moveTo moves the fixture's clock to day, at 10:00 (after the digest hour)
// in the institution's time zone: both a.Now and the pinned clock.today.
func moveTo(t *testing.T, a *app.App, day model.Date) {
	t.Helper()
	ctx := context.Background()
	now := time.Date(day.Time().Year(), day.Time().Month(), day.Time().Day(), 10, 0, 0, 0, a.Location)
	a.Now = func() time.Time { return now }
	if err := apptest.Store(a).Write(ctx, func(tx *store.Tx) error { return tx.SetSetting(ctx, "clock.today", day.String()) }); err != nil {
		t.Fatal(err)
	}
}

// runDay runs the daily job and fails unless it ran.
func runDay(t *testing.T, a *app.App) {
	t.Helper()
	run, err := a.RunDay(context.Background(), "test")
	if err != nil {
		t.Fatal(err)
	}
	if !run.Ran {
		t.Fatalf("the daily job did not run on %s", run.Day)
	}
}

// occurrences lists the measures titled title, oldest first.
func occurrences(t *testing.T, a *app.App, title string) []model.Measure {
	t.Helper()
	ms, _, err := a.Measures(context.Background(), app.System, model.MeasureFilter{Text: title, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var out []model.Measure
	for _, m := range ms {
		if m.Title == title {
			out = append(out, m)
		}
	}
	return out
}

// renewed reads the codes the daily job's audit event of day (the one that
// records the day, its newest) says it renewed.
func renewed(t *testing.T, a *app.App, day model.Date) []string {
	t.Helper()
	evs, err := apptest.Store(a).AuditEvents(context.Background(), "notices", day.String(), 100)
	if err != nil || len(evs) == 0 {
		t.Fatalf("audit events of the daily job on %s: %v, %v", day, evs, err)
	}
	var after struct{ Renewed *[]string }
	if err := json.Unmarshal([]byte(evs[0].After), &after); err != nil {
		t.Fatal(err)
	}
	if after.Renewed == nil {
		t.Fatalf("the daily job's event of %s has no renewed key: %s", day, evs[0].After)
	}
	return *after.Renewed
}

// TestRecurringMeasureRenews creates a monthly measure, lets its due day
// pass and runs the daily job: exactly one next occurrence appears, made as
// the office's own measures are (code, search, board, history), and running
// the job again, or the next day, makes no second one.
func TestRecurringMeasureRenews(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	const title = "每月召开一次安全生产检查"
	m := model.Measure{Title: title, Detail: "检查实验室和学生宿舍", Theme: "resources", Period: "2024-H2", LeadUnit: "KJC",
		CooperatingUnits: []string{"JWC", "RSC"}, Leader: apptest.Leader, Owner: apptest.UnitKJC, Deadline: "2024年10月底前",
		Priority: 2, Recur: model.RecurMonthly, Milestones: []model.Milestone{{Title: "完成检查", Due: model.Ymd(2024, 10, 20)}}}
	if err := a.CreateMeasure(ctx, office, &m); err != nil {
		t.Fatal(err)
	}
	if m.Code != "2024H2-004" || m.Recur != model.RecurMonthly {
		t.Fatalf("created %s, recur %q", m.Code, m.Recur)
	}

	// Before its due day has passed nothing is renewed.
	moveTo(t, a, model.Ymd(2024, 10, 31))
	runDay(t, a)
	if got := occurrences(t, a, title); len(got) != 1 {
		t.Fatalf("on the due day: %d occurrences", len(got))
	}

	moveTo(t, a, model.Ymd(2024, 11, 1))
	runDay(t, a)
	got := occurrences(t, a, title)
	if len(got) != 2 {
		t.Fatalf("after the due day: %d occurrences, want 2", len(got))
	}
	prev, next := got[0], got[1]
	if prev.Status != model.Overdue || prev.Code != m.Code || len(prev.Milestones) != 1 {
		t.Errorf("the previous occurrence: %s %s, %d milestones; want it overdue and untouched", prev.Code, prev.Status, len(prev.Milestones))
	}
	if next.Code != "2024H2-005" || next.Start != model.Ymd(2024, 11, 1) || next.Due != model.Ymd(2024, 11, 30) ||
		next.Deadline != "2024年11月底前" || next.Period != "2024-H2" || next.Recur != model.RecurMonthly ||
		next.Detail != m.Detail || next.Theme != m.Theme || next.LeadUnit != "KJC" || !slices.Equal(next.CooperatingUnits, []string{"JWC", "RSC"}) ||
		next.Leader != apptest.Leader || next.Owner != apptest.UnitKJC || next.Priority != 2 ||
		next.Progress != 0 || len(next.Milestones) != 0 || next.Source.AgendaItem != 0 || next.Status == model.Overdue {
		t.Errorf("the next occurrence: %+v", next)
	}
	if r := renewed(t, a, model.Ymd(2024, 11, 1)); !slices.Equal(r, []string{next.Code}) {
		t.Errorf("audit of the day: renewed %v, want [%s]", r, next.Code)
	}
	hist, err := apptest.Store(a).AuditEvents(ctx, "measure", next.Code, 10)
	if err != nil || len(hist) != 1 || hist[0].Action != "create" || hist[0].Actor != app.Scheduler.Username {
		t.Errorf("history of %s: %+v, %v", next.Code, hist, err)
	}
	if urls := searchURLs(t, a, apptest.Office, "安全生产检查"); !slices.Contains(urls, "/measures/"+next.Code) {
		t.Errorf("search does not find the new occurrence: %v", urls)
	}
	checkBoard(t, a, "after a renewal", model.BoardFilter{})

	// Again the same day, and the next day: no duplicate.
	if _, err := a.RunDay(ctx, "other-server"); err != nil {
		t.Fatal(err)
	}
	moveTo(t, a, model.Ymd(2024, 11, 2))
	runDay(t, a)
	if got := occurrences(t, a, title); len(got) != 2 {
		t.Errorf("the next day: %d occurrences, want still 2", len(got))
	}
	if r := renewed(t, a, model.Ymd(2024, 11, 2)); len(r) != 0 {
		t.Errorf("the next day renewed %v", r)
	}

	// A month later the chain goes on from the newest occurrence.
	moveTo(t, a, model.Ymd(2024, 12, 1))
	runDay(t, a)
	got = occurrences(t, a, title)
	if len(got) != 3 || got[2].Start != model.Ymd(2024, 12, 1) || got[2].Due != model.Ymd(2024, 12, 31) {
		t.Errorf("on 2024-12-01: %d occurrences, the newest %s–%s", len(got), got[len(got)-1].Start, got[len(got)-1].Due)
	}
}

// TestRecurringCatchesUp lets a server miss three monthly cycles: one run
// creates the three occurrences in order, each following the one before,
// the newest due on or after today; a term measure due in the gap gets its
// next term.
func TestRecurringCatchesUp(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	monthly := model.Measure{Title: "每月召开一次安全生产检查", Theme: "resources", Period: "2024-H2", LeadUnit: "KJC",
		Deadline: "2024年10月底前", Recur: model.RecurMonthly}
	term := model.Measure{Title: "每学期开展一次教学检查", Theme: "talent_training", Period: "2024-H2", LeadUnit: "JWC",
		Deadline: "本学期内", Recur: model.RecurTerm}
	for _, m := range []*model.Measure{&monthly, &term} {
		if err := a.CreateMeasure(ctx, office, m); err != nil {
			t.Fatal(err)
		}
	}
	day := model.Ymd(2025, 1, 15)
	moveTo(t, a, day)
	runDay(t, a)

	got := occurrences(t, a, monthly.Title)
	type occ struct {
		code       string
		start, due model.Date
	}
	want := []occ{
		{"2024H2-004", model.Ymd(2024, 7, 1), model.Ymd(2024, 10, 31)},
		{"2024H2-006", model.Ymd(2024, 11, 1), model.Ymd(2024, 11, 30)},
		{"2024H2-007", model.Ymd(2024, 12, 1), model.Ymd(2024, 12, 31)},
		{"2025H1-001", model.Ymd(2025, 1, 1), model.Ymd(2025, 1, 31)},
	}
	var have []occ
	for _, m := range got {
		have = append(have, occ{m.Code, m.Start, m.Due})
	}
	if !slices.Equal(have, want) {
		t.Fatalf("monthly occurrences:\n got %v\nwant %v", have, want)
	}
	for i := 1; i < len(got); i++ {
		m, err := apptest.Store(a).Measure(ctx, got[i].Code, model.Today{Day: day})
		if err != nil || m.RecurPrev != got[i-1].ID {
			t.Errorf("%s follows id %d, want %d (%s)", got[i].Code, m.RecurPrev, got[i-1].ID, got[i-1].Code)
		}
	}
	for _, m := range got[:3] {
		if m.Status != model.Overdue {
			t.Errorf("%s is %s: a missed occurrence stays overdue", m.Code, m.Status)
		}
	}
	terms := occurrences(t, a, term.Title)
	if len(terms) != 2 || terms[1].Code != "2025H1-002" || terms[1].Start != model.Ymd(2025, 1, 1) ||
		terms[1].Due != model.Ymd(2025, 6, 30) || terms[1].Period != "2025-H1" || terms[1].Deadline != "本学期内" {
		t.Errorf("term occurrences: %+v", terms)
	}
	if r := renewed(t, a, day); !slices.Equal(r, []string{"2024H2-006", "2024H2-007", "2025H1-001", "2025H1-002"}) {
		t.Errorf("renewed %v", r)
	}
	checkBoard(t, a, "after catching up", model.BoardFilter{})
}

// TestRecurValidation: ongoing work cannot recur (422 naming recur), only
// the office sets the recurrence, and a cancelled recurring measure or one
// whose leader is no longer a leader is not renewed, without stopping the
// day's run for the others.
func TestRecurValidation(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	ongoing := model.Measure{Title: "长期坚持的月度工作", Period: "2024-H2", LeadUnit: "KJC", Deadline: "长期坚持", Recur: model.RecurMonthly}
	err := a.CreateMeasure(ctx, office, &ongoing)
	if e := model.ErrorOf(err); e == nil || e.Code != model.EINVALID || e.Field != "recur" {
		t.Errorf("an ongoing recurring measure: %v, want invalid recur", err)
	}
	bad := model.Measure{Title: "每周例会", Period: "2024-H2", LeadUnit: "KJC", Deadline: "2024年10月底前", Recur: "weekly"}
	if e := model.ErrorOf(a.CreateMeasure(ctx, office, &bad)); e == nil || e.Field != "recur" {
		t.Errorf("recur weekly: %v", e)
	}
	if ms, _, _ := a.Measures(ctx, app.System, model.MeasureFilter{}); len(ms) != 3 {
		t.Errorf("%d measures after refused creates, want 3", len(ms))
	}

	// Making a recurring measure ongoing is refused the same way.
	monthly := "monthly"
	if _, err := a.UpdateMeasure(ctx, office, apptest.MeasureA, app.MeasurePatch{Recur: &monthly}); err != nil {
		t.Fatal(err)
	}
	forever := "长期坚持"
	_, err = a.UpdateMeasure(ctx, office, apptest.MeasureA, app.MeasurePatch{Deadline: &forever})
	if e := model.ErrorOf(err); e == nil || e.Field != "recur" {
		t.Errorf("making a recurring measure ongoing: %v", err)
	}
	// A unit may not change the recurrence of its own measure.
	none := ""
	_, err = a.UpdateMeasure(ctx, apptest.Account(t, a, apptest.UnitKJC), apptest.MeasureA, app.MeasurePatch{Recur: &none})
	if e := model.ErrorOf(err); e == nil || e.Code != model.EFORBIDDEN || e.Field != "recur" {
		t.Errorf("a unit stops the recurrence: %v", err)
	}

	// MeasureA (KJC, leader1, due 2024-12-31) recurs monthly; MeasureB (due
	// 2024-09-30) too, but cancelled; a third is fine.
	yes := true
	if _, err := a.UpdateMeasure(ctx, office, apptest.MeasureB, app.MeasurePatch{Recur: &monthly, Cancelled: &yes}); err != nil {
		t.Fatal(err)
	}
	fine := model.Measure{Title: "每月教学例会", Period: "2024-H2", LeadUnit: "JWC", Deadline: "2024年12月底前", Recur: model.RecurMonthly}
	if err := a.CreateMeasure(ctx, office, &fine); err != nil {
		t.Fatal(err)
	}
	// leader1 is no longer a leader: MeasureA's next occurrence would not check.
	if err := apptest.Store(a).Write(ctx, func(tx *store.Tx) error {
		return tx.Exec(ctx, `UPDATE accounts SET role = 'unit', unit = 'LDR' WHERE username = ?`, apptest.Leader)
	}); err != nil {
		t.Fatal(err)
	}
	moveTo(t, a, model.Ymd(2025, 1, 1))
	runDay(t, a)
	if r := renewed(t, a, model.Ymd(2025, 1, 1)); !slices.Equal(r, []string{"2025H1-001"}) {
		t.Errorf("renewed %v, want only the third measure's next occurrence", r)
	}
	if got := occurrences(t, a, fine.Title); len(got) != 2 || got[1].Code != "2025H1-001" {
		t.Errorf("the third measure: %d occurrences", len(got))
	}
}
