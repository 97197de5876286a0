package bench

import (
	"context"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// BenchmarkAssessment is a year's unit assessment on the generated
// institution: "compute" counts every unit's records afresh (what the first
// view after a change costs; issue 19: ≤ 200 ms at the large scale), "view"
// the page's read between changes, kept under the change counters, and
// "drilldown" one unit's records.
func BenchmarkAssessment(b *testing.B) {
	a := benchApp(b)
	ctx := context.Background()
	sp := store.AssessmentSpan{Year: 2024, From: model.Ymd(2024, 1, 1), Until: Today}
	office := model.Account{Username: "bench", Role: model.RoleOffice}
	b.Run("compute", func(b *testing.B) {
		var took []time.Duration
		for b.Loop() {
			t0 := time.Now()
			c, err := apptest.Store(a).CountAssessment(ctx, sp)
			if err != nil || len(c) == 0 {
				b.Fatal("no counts", err)
			}
			took = append(took, time.Since(t0))
		}
		reportP99(b, took)
	})
	b.Run("view", func(b *testing.B) {
		var took []time.Duration
		for b.Loop() {
			t0 := time.Now()
			v, err := a.Assessment(ctx, office, 2024)
			if err != nil || len(v.Rows) == 0 {
				b.Fatal("no rows", err)
			}
			took = append(took, time.Since(t0))
		}
		reportP99(b, took)
	})
	b.Run("drilldown", func(b *testing.B) {
		v, err := a.Assessment(ctx, office, 2024)
		if err != nil || len(v.Rows) == 0 {
			b.Fatal("no rows", err)
		}
		unit := v.Rows[0].Unit
		var took []time.Duration
		for b.Loop() {
			t0 := time.Now()
			if _, _, err := a.AssessmentUnit(ctx, office, 2024, unit); err != nil {
				b.Fatal(err)
			}
			took = append(took, time.Since(t0))
		}
		reportP99(b, took)
	})
}
