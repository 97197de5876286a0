package store

import (
	"context"
	"slices"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestRecurringDue stores recurring measures and checks, on both engines,
// that recur and recur_prev are written and read, that RecurringDue lists
// exactly the recurring, not cancelled measures due before the day with no
// successor, and that an occurrence can never get a second successor.
func TestRecurringDue(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	seedUnits(t, s, "A", "B")
	p, _ := model.PeriodFromCode("2024-H2")
	insert := func(m *model.Measure) {
		t.Helper()
		err := s.Write(ctx, func(tx *Tx) error {
			code, err := tx.NextMeasureCode(ctx, p)
			if err != nil {
				return err
			}
			m.Code, m.Theme, m.Period, m.LeadUnit, m.Start = code, "other", p.Code, "A", p.Start
			return tx.InsertMeasure(ctx, m)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	monthly := model.Measure{Title: "每月安全检查", Due: model.Ymd(2024, 10, 31), Recur: model.RecurMonthly, CooperatingUnits: []string{"B"}}
	term := model.Measure{Title: "每学期教学检查", Due: model.Ymd(2024, 9, 30), Recur: model.RecurTerm}
	plain := model.Measure{Title: "一次性任务", Due: model.Ymd(2024, 9, 30)}
	cancelled := model.Measure{Title: "已撤销的月度任务", Due: model.Ymd(2024, 9, 30), Recur: model.RecurMonthly, Cancelled: true}
	for _, m := range []*model.Measure{&monthly, &term, &plain, &cancelled} {
		insert(m)
	}
	today := func(d model.Date) model.Today { return model.Today{Day: d, Thresholds: model.DefaultThresholds} }
	due := func(d model.Date) []string {
		t.Helper()
		ms, err := s.RecurringDue(ctx, today(d))
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, m := range ms {
			codes = append(codes, m.Code)
		}
		return codes
	}
	same := func(got []string, want ...string) bool { return slices.Equal(got, want) }
	if got := due(model.Ymd(2024, 9, 30)); len(got) != 0 {
		t.Errorf("on the due day itself: %v, want none", got)
	}
	if got := due(model.Ymd(2024, 10, 31)); !same(got, term.Code) {
		t.Errorf("on 2024-10-31: %v, want [%s]", got, term.Code)
	}
	got, err := s.RecurringDue(ctx, today(model.Ymd(2024, 11, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Code != term.Code || got[1].Code != monthly.Code {
		t.Fatalf("on 2024-11-01: %+v, want %s then %s (soonest due first)", got, term.Code, monthly.Code)
	}
	if m := got[1]; m.Recur != model.RecurMonthly || m.RecurPrev != 0 || len(m.CooperatingUnits) != 1 || m.Status != model.Overdue {
		t.Errorf("read back: recur %q, prev %d, cooperating %v, status %s", m.Recur, m.RecurPrev, m.CooperatingUnits, m.Status)
	}

	// The successor of the monthly measure takes it off the list.
	next := model.Measure{Title: monthly.Title, Due: model.Ymd(2024, 11, 30), Recur: model.RecurMonthly, RecurPrev: monthly.ID}
	insert(&next)
	if m, err := s.Measure(ctx, next.Code, today(model.Ymd(2024, 11, 1))); err != nil || m.RecurPrev != monthly.ID || m.Recur != model.RecurMonthly {
		t.Errorf("successor read back: %+v, %v", m, err)
	}
	if got := due(model.Ymd(2024, 11, 1)); !same(got, term.Code) {
		t.Errorf("after the successor: %v, want [%s]", got, term.Code)
	}
	// A second successor of the same occurrence is refused.
	err = s.Write(ctx, func(tx *Tx) error {
		dup := model.Measure{Code: "2024H2-900", Title: monthly.Title, Theme: "other", Period: p.Code, LeadUnit: "A", Start: p.Start,
			Due: model.Ymd(2024, 11, 30), Recur: model.RecurMonthly, RecurPrev: monthly.ID}
		return tx.InsertMeasure(ctx, &dup)
	})
	if model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("second successor: %v, want a conflict", err)
	}

	// Stopping the recurrence (UpdateMeasure writes recur) takes it off too.
	term.Recur = ""
	if err := s.Write(ctx, func(tx *Tx) error { return tx.UpdateMeasure(ctx, &term) }); err != nil {
		t.Fatal(err)
	}
	if m, err := s.Measure(ctx, term.Code, today(model.Ymd(2024, 11, 1))); err != nil || m.Recur != "" {
		t.Errorf("after the update: recur %q, %v", m.Recur, err)
	}
	if got := due(model.Ymd(2025, 1, 1)); !same(got, next.Code) {
		t.Errorf("on 2025-01-01: %v, want [%s]", got, next.Code)
	}
}
