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

// TestLiveBoardFollowsChanges checks that the board kept live between
// changes (folding in only changed measures) always equals a board computed
// from scratch: after creates, progress reports, a cancellation, a change of
// lead unit and a new day.
func TestLiveBoardFollowsChanges(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	check := func(step string) {
		t.Helper()
		live, err := a.Board(ctx, store.BoardFilter{})
		if err != nil {
			t.Fatal(err)
		}
		full, err := a.Store.ComputeBoard(ctx, store.BoardFilter{Today: live.Today})
		if err != nil {
			t.Fatal(err)
		}
		opts := []cmp.Option{
			cmpopts.SortSlices(func(x, y store.BoardRow) bool { return x.Unit < y.Unit }),
			cmpopts.IgnoreFields(model.Measure{}, "Updated"),
			cmpopts.IgnoreUnexported(store.Board{}),
		}
		if diff := cmp.Diff(full, live, opts...); diff != "" {
			t.Fatalf("%s: live board differs from a full computation (-full +live):\n%s", step, diff)
		}
	}
	check("start")
	for i := 0; i < 5; i++ {
		m := model.Measure{Title: "新举措", Period: "2024-H2", LeadUnit: "JWC", Theme: "research", Start: model.Ymd(2024, 7, 1), Due: model.Ymd(2024, 10, 20+i)}
		if err := a.CreateMeasure(ctx, office, &m); err != nil {
			t.Fatal(err)
		}
	}
	check("after creates")
	if _, err := a.ReportProgress(ctx, office, apptest.MeasureB, &model.ProgressReport{Percent: 100, Note: "完成"}); err != nil {
		t.Fatal(err)
	}
	check("after a report")
	unit, yes := "RSC", true
	if _, err := a.UpdateMeasure(ctx, office, apptest.MeasureA, appPatch(&unit, nil)); err != nil {
		t.Fatal(err)
	}
	if _, err := a.UpdateMeasure(ctx, office, apptest.MeasureC, appPatch(nil, &yes)); err != nil {
		t.Fatal(err)
	}
	check("after a move and a cancellation")
	if err := a.Store.Write(ctx, func(tx *store.Tx) error { return tx.SetSetting(ctx, "clock.today", "2024-10-25") }); err != nil {
		t.Fatal(err)
	}
	check("on a later day")
	b, _ := a.Board(ctx, store.BoardFilter{})
	if b.Totals.Total != 8 || b.OverdueCount == 0 {
		t.Errorf("board totals %d, overdue %d", b.Totals.Total, b.OverdueCount)
	}
}

func appPatch(lead *string, cancelled *bool) app.MeasurePatch {
	return app.MeasurePatch{LeadUnit: lead, Cancelled: cancelled}
}
