package demo_test

import (
	"context"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/demo"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestDemoNotices: every overdue, orange and yellow demo measure carries
// the notice of its step of the ladder, addressed to its unit; one overdue
// measure is carried onto the next meeting's agenda and the others are
// proposed for it; the scheduler finds nothing more to do on the demo day.
func TestDemoNotices(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	sum, err := demo.Load(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	today, err := a.Today(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ms, _, err := apptest.Store(a).Measures(ctx, model.MeasureFilter{Today: today, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	notices, err := apptest.Store(a).Notices(ctx, model.NoticeFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	if len(notices) != sum.Notices || sum.Notices == 0 {
		t.Fatalf("%d notices stored, the load said %d", len(notices), sum.Notices)
	}
	has := map[string]map[model.NoticeKind]int64{}
	for _, n := range notices {
		if has[n.Measure] == nil {
			has[n.Measure] = map[model.NoticeKind]int64{}
		}
		has[n.Measure][n.Kind] = n.ID
	}
	want := map[model.Alert]model.NoticeKind{model.AlertRed: model.NoticeBulletin, model.AlertOrange: model.NoticeSupervision, model.AlertYellow: model.NoticeReminder}
	seen := map[model.Alert]int{}
	for _, m := range ms {
		k, ok := want[m.Alert]
		if !ok {
			continue
		}
		seen[m.Alert]++
		id := has[m.Code][k]
		if id == 0 {
			t.Errorf("%s (%s light) has no %s notice", m.Code, m.Alert, k)
			continue
		}
		n, err := apptest.Store(a).Notice(ctx, id, "")
		if err != nil {
			t.Fatal(err)
		}
		if n.Unit != m.LeadUnit || len(n.Recipients) == 0 || n.Snapshot.Title != m.Title {
			t.Errorf("%s notice of %s: unit %s, recipients %v", k, m.Code, n.Unit, n.Recipients)
		}
	}
	if seen[model.AlertRed] == 0 || seen[model.AlertOrange] == 0 {
		t.Errorf("the demo has %v lights: no overdue or orange measure to carry a notice", seen)
	}
	office, err := apptest.Store(a).Account(ctx, "linxiao")
	if err != nil {
		t.Fatal(err)
	}
	proposed, err := a.CarryOverProposals(ctx, office)
	if err != nil {
		t.Fatal(err)
	}
	if len(proposed) != seen[model.AlertRed]-1 {
		t.Errorf("%d carry-over proposals, want %d (one overdue measure is already on the agenda)", len(proposed), seen[model.AlertRed]-1)
	}
	// The office takes the carried item off the next meeting's agenda: the
	// measure is proposed again.
	meetings, err := a.Meetings(ctx, app.System)
	if err != nil {
		t.Fatal(err)
	}
	var next model.Meeting
	for _, ms := range meetings {
		if ms.Date > today.Day {
			if next, err = a.Meeting(ctx, app.System, ms.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(next.Items) != 2 {
		t.Fatalf("the next meeting has %d agenda items, want the briefing and the carried-over one", len(next.Items))
	}
	next.Items = next.Items[:1]
	if err := a.SaveMeeting(ctx, office, &next); err != nil {
		t.Fatal(err)
	}
	again, err := a.CarryOverProposals(ctx, office)
	if err != nil || len(again) != len(proposed)+1 {
		t.Errorf("after taking the item off the agenda, %d proposals (%v), want %d", len(again), err, len(proposed)+1)
	}
	run, err := a.RunDay(ctx, "again")
	if err != nil || run.Ran {
		t.Errorf("the daily job ran again on the demo day: %+v, %v", run, err)
	}
}

// TestDemoRecurring: the monthly lab safety check of September was renewed
// for October by the demo day's run, from the same words of the same
// meeting; the term measure is not due yet and was not.
func TestDemoRecurring(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, a); err != nil {
		t.Fatal(err)
	}
	today, err := a.Today(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ms, _, err := apptest.Store(a).Measures(ctx, model.MeasureFilter{Today: today, Text: "实验室安全检查", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 {
		t.Fatalf("%d lab safety checks, want September's and October's", len(ms))
	}
	sep, oct := ms[0], ms[1]
	if sep.Due != model.Ymd(2024, 9, 30) || oct.Due != model.Ymd(2024, 10, 31) || oct.Start != model.Ymd(2024, 10, 1) ||
		oct.Recur != "monthly" || oct.Source != sep.Source || oct.Progress != 0 {
		t.Errorf("September %s → %s, October %s → %s (%s, source %+v vs %+v)", sep.Start, sep.Due, oct.Start, oct.Due, oct.Recur, oct.Source, sep.Source)
	}
	terms, _, err := apptest.Store(a).Measures(ctx, model.MeasureFilter{Today: today, Text: "期中教学检查", Limit: 10})
	if err != nil || len(terms) != 1 {
		t.Errorf("%d mid-term checks (%v), want 1", len(terms), err)
	}
}
