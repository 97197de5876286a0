package demo_test

import (
	"context"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/demo"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestDemoIndicators: both kinds, every judgement over the two half-years,
// 2024-H1 locked with one correction recorded.
func TestDemoIndicators(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, a); err != nil {
		t.Fatal(err)
	}
	seen := map[model.Judgement]bool{}
	kinds := map[string]int{}
	for _, p := range []string{"2024-H1", "2024-H2"} {
		lines, err := a.Indicators(ctx, app.System, model.IndicatorFilter{}, p)
		if err != nil || len(lines) < 12 {
			t.Fatalf("%s: %d indicators, %v", p, len(lines), err)
		}
		for _, l := range lines {
			seen[l.Assessment.Judgement] = true
			kinds[l.Indicator.Kind]++
			if l.Locked != (p == "2024-H1") {
				t.Errorf("%s %s: locked %v", p, l.Indicator.Code, l.Locked)
			}
		}
	}
	for _, j := range model.Judgements {
		if !seen[j] {
			t.Errorf("no indicator is %s", j)
		}
	}
	if kinds[model.IndicatorBasic] == 0 || kinds[model.IndicatorCompetitive] == 0 {
		t.Errorf("kinds: %v", kinds)
	}
	d, err := a.Indicator(ctx, app.System, "ZB-06")
	if err != nil || len(d.Corrections) != 1 || *d.Corrections[0].Before.Actual != 143 || *d.Corrections[0].After.Actual != 145 {
		t.Errorf("correction: %+v %v", d.Corrections, err)
	}
}
