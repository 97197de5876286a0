package store

import (
	"context"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestIndicators writes indicators, values, a correction and a lock and
// reads them back, on whichever engine LUOSHI_TEST_POSTGRES selects.
func TestIndicators(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	seedUnits(t, s, "JWC", "KJC")
	f := func(x float64) *float64 { return &x }
	jy := model.Indicator{Code: "ZB-01", Name: "本科生就业率", Kind: model.IndicatorBasic, MeasureUnit: "%", Direction: model.HigherIsBetter,
		OwnerUnit: "JWC", Theme: "talent_training"}
	ky := model.Indicator{Code: "ZB-02", Name: "科研经费", Kind: model.IndicatorCompetitive, MeasureUnit: "万元", Direction: model.HigherIsBetter,
		OwnerUnit: "KJC", Theme: "research", Description: "纵向+横向"}
	err := s.Write(ctx, func(tx *Tx) error {
		for _, ind := range []*model.Indicator{&jy, &ky} {
			if err := tx.InsertIndicator(ctx, ind); err != nil {
				return err
			}
		}
		v := model.IndicatorValue{Period: "2024-H2", Baseline: f(10000), Target: f(12000), Actual: nil, Note: "待统计", UpdatedBy: "office1"}
		if err := tx.SaveIndicatorValue(ctx, ky.ID, &v); err != nil {
			return err
		}
		v.Actual, v.Benchmark = f(11500.5), "第12名"
		if err := tx.SaveIndicatorValue(ctx, ky.ID, &v); err != nil { // replaces
			return err
		}
		c := model.IndicatorCorrection{Period: "2024-H2", Reason: "财务处复核", Before: model.IndicatorValue{Actual: f(1)},
			After: v, Author: "office1"}
		if err := tx.InsertIndicatorCorrection(ctx, ky.ID, &c); err != nil {
			return err
		}
		if err := tx.LockPeriod(ctx, "2024-H2", "office1"); err != nil {
			return err
		}
		return tx.LockPeriod(ctx, "2024-H2", "someone-else") // kept as first locked
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		f    model.IndicatorFilter
		want int
	}{{model.IndicatorFilter{}, 2}, {model.IndicatorFilter{Kind: model.IndicatorBasic}, 1}, {model.IndicatorFilter{Unit: "KJC"}, 1},
		{model.IndicatorFilter{Theme: "research", Kind: model.IndicatorBasic}, 0}} {
		got, err := s.Indicators(ctx, c.f)
		if err != nil || len(got) != c.want {
			t.Errorf("filter %+v: %d indicators (%v), want %d", c.f, len(got), err, c.want)
		}
	}
	got, err := s.Indicator(ctx, "ZB-02")
	if err != nil || got.Name != "科研经费" || got.Description != "纵向+横向" || got.ID != ky.ID {
		t.Errorf("indicator: %+v %v", got, err)
	}
	if _, err := s.Indicator(ctx, "NOPE"); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("unknown indicator: %v", err)
	}
	v, ok, err := s.IndicatorValue(ctx, got, "2024-H2")
	if err != nil || !ok || *v.Actual != 11500.5 || *v.Baseline != 10000 || v.Benchmark != "第12名" || v.Indicator != "ZB-02" {
		t.Errorf("value: %+v %v %v", v, ok, err)
	}
	if v, ok, err := s.IndicatorValue(ctx, jy, "2024-H2"); err != nil || ok || v.Actual != nil || v.Period != "2024-H2" {
		t.Errorf("no value: %+v %v %v", v, ok, err)
	}
	vals, err := s.PeriodValues(ctx, "2024-H2")
	if err != nil || len(vals) != 1 || vals["ZB-02"].Target == nil {
		t.Errorf("period values: %v %v", vals, err)
	}
	cs, err := s.IndicatorCorrections(ctx, got)
	if err != nil || len(cs) != 1 || cs[0].Reason != "财务处复核" || *cs[0].Before.Actual != 1 || *cs[0].After.Actual != 11500.5 {
		t.Errorf("corrections: %+v %v", cs, err)
	}
	l, ok, err := s.PeriodLock(ctx, "2024-H2")
	if err != nil || !ok || l.LockedBy != "office1" {
		t.Errorf("lock: %+v %v %v", l, ok, err)
	}
	if _, ok, _ := s.PeriodLock(ctx, "2025-H1"); ok {
		t.Error("2025-H1 locked")
	}
	// An indicator of an unknown unit is refused by the schema.
	err = s.Write(ctx, func(tx *Tx) error {
		return tx.InsertIndicator(ctx, &model.Indicator{Code: "X", Name: "x", Kind: model.IndicatorBasic, OwnerUnit: "NOPE", Theme: "other"})
	})
	if err == nil {
		t.Error("indicator of an unknown unit written")
	}
}
