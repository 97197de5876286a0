package demo

import (
	"context"
	"fmt"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// The 2023 assessment (督办考核). luoshi was set up in February 2024, so
// of 2023's supervision record it holds only what the office entered
// afterwards: the indicators' 2023 figures. The 2023 result, published in
// March 2024 with one adjustment, is made of those (every other component
// is empty, so full by the stated rule, and a unit with no record at all
// is not graded). The 2024 assessment stays a draft, computed live.

// values2023 are the indicators' 2023 figures: baseline, target, actual.
var values2023 = []struct {
	code                     string
	baseline, target, actual float64
}{
	{"ZB-01", 95.2, 96, 96.4},
	{"ZB-02", 18.1, 17.5, 17.8},
	{"ZB-03", 12, 15, 16},
	{"ZB-04", 2, 3, 2},
	{"ZB-05", 52000, 56000, 57300},
	{"ZB-06", 150, 160, 148},
	{"ZB-07", 20, 25, 27},
	{"ZB-11", 6, 7, 7},
	{"ZB-12", 32000, 33000, 31800},
}

// adjust2023 is the office's adjustment in the published 2023 result.
var adjust2023 = model.Adjustment{Unit: "KJC", Points: 20, Reason: "获评省级科研管理先进集体，经校长办公会研究加2分"}

func queueAssessment(st *story, a *app.App, office *model.Account) {
	st.at(model.Ymd(2024, 3, 5), 10, 0, "2023 indicator figures", func(ctx context.Context) error {
		for _, v := range values2023 {
			b, t, x := v.baseline, v.target, v.actual
			if _, err := a.SetIndicatorValue(ctx, *office, v.code, "2023", app.ValuePatch{
				Baseline: app.Figure{Set: true, Value: &b}, Target: app.Figure{Set: true, Value: &t}, Actual: app.Figure{Set: true, Value: &x}}); err != nil {
				return fmt.Errorf("demo: 2023 figure of %s: %w", v.code, err)
			}
		}
		return nil
	})
	st.at(model.Ymd(2024, 3, 15), 15, 0, "2023 assessment", func(ctx context.Context) error {
		if _, err := a.SetAssessmentRules(ctx, *office, 2023, model.DefaultAssessmentRules); err != nil {
			return fmt.Errorf("demo: 2023 assessment rules: %w", err)
		}
		if _, err := a.AdjustAssessment(ctx, *office, 2023, adjust2023); err != nil {
			return fmt.Errorf("demo: 2023 adjustment: %w", err)
		}
		if _, err := a.PublishAssessment(ctx, *office, 2023); err != nil {
			return fmt.Errorf("demo: publish 2023 assessment: %w", err)
		}
		return nil
	})
}
