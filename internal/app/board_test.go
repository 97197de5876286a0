package app_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// checkBoard compares the live board for f with one computed from scratch.
func checkBoard(t *testing.T, a *app.App, step string, f model.BoardFilter) {
	t.Helper()
	ctx := context.Background()
	live, err := a.Board(ctx, app.System, f)
	if err != nil {
		t.Fatal(err)
	}
	f.Today = live.Today
	full, err := apptest.Store(a).ComputeBoard(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	opts := []cmp.Option{
		cmpopts.SortSlices(func(x, y model.BoardRow) bool { return x.Unit < y.Unit }),
		cmpopts.IgnoreFields(model.Measure{}, "Updated"),
		cmpopts.IgnoreFields(model.Board{}, "Version"),
		cmpopts.IgnoreUnexported(model.Board{}),
		cmpopts.EquateEmpty(),
	}
	if diff := cmp.Diff(full, live, opts...); diff != "" {
		t.Fatalf("%s, filter %+v: live board differs from a full computation (-full +live):\n%s", step, f, diff)
	}
}

// TestLiveBoardFollowsChanges checks that the boards kept live between
// changes (folding in only changed measures) always equal boards computed
// from scratch, unfiltered and filtered: after creates, a progress report, a
// change of lead unit, a cancellation and a new day.
func TestLiveBoardFollowsChanges(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	// Besides values the measures have, a period and a leader none has:
	// the live board must show nothing for them, as the computed one does.
	filters := []model.BoardFilter{{}, {Theme: "research"}, {Leader: apptest.Leader}, {Period: "2024-H2"}, {Theme: "culture"},
		{Period: "2025-H1"}, {Leader: "nobody"}, {Theme: "research", Period: "2025-H1"}}
	check := func(step string) {
		t.Helper()
		for _, f := range filters {
			checkBoard(t, a, step, f)
		}
	}
	check("start")
	for i := 0; i < 5; i++ {
		m := model.Measure{Title: "新举措", Period: "2024-H2", LeadUnit: "JWC", Theme: "research", Leader: apptest.Leader,
			Start: model.Ymd(2024, 7, 1), Due: model.Ymd(2024, 10, 20+i)}
		if err := a.CreateMeasure(ctx, office, &m); err != nil {
			t.Fatal(err)
		}
	}
	check("after creates")
	if _, err := a.ReportProgress(ctx, office, apptest.MeasureB, &model.ProgressReport{Percent: 100, Note: "完成"}); err != nil {
		t.Fatal(err)
	}
	check("after a report")
	unit, theme, yes := "RSC", "culture", true
	if _, err := a.UpdateMeasure(ctx, office, apptest.MeasureA, app.MeasurePatch{LeadUnit: &unit, Theme: &theme}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.UpdateMeasure(ctx, office, apptest.MeasureC, app.MeasurePatch{Cancelled: &yes}); err != nil {
		t.Fatal(err)
	}
	check("after a move and a cancellation")
	if err := apptest.Store(a).Write(ctx, func(tx *store.Tx) error { return tx.SetSetting(ctx, "clock.today", "2024-10-25") }); err != nil {
		t.Fatal(err)
	}
	check("on a later day")
	b, _ := a.Board(ctx, app.System, model.BoardFilter{})
	if b.Totals.Total != 8 || b.OverdueCount == 0 {
		t.Errorf("board totals %d, overdue %d", b.Totals.Total, b.OverdueCount)
	}
}
