package demo_test

import (
	"context"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/demo"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestDemoProblemsAndAllocations checks the demo shows every flag: an
// unlinked problem, a closed-out one, over-spent and idle grants.
func TestDemoProblemsAndAllocations(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, a); err != nil {
		t.Fatal(err)
	}
	ps, err := a.Problems(ctx, app.System, model.ProblemFilter{})
	if err != nil {
		t.Fatal(err)
	}
	unlinked, closed := 0, 0
	for _, p := range ps {
		if p.Unlinked() {
			unlinked++
		}
		if p.Status == model.ProblemClosed && p.ClosedBy != "" {
			closed++
		}
	}
	if len(ps) < 8 || unlinked != 1 || closed != 1 {
		t.Errorf("%d problems, %d unlinked, %d closed out", len(ps), unlinked, closed)
	}
	as, err := a.Allocations(ctx, app.System, model.AllocationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	over, idle := 0, 0
	for _, al := range as {
		if al.OverSpent {
			over++
		}
		if al.Idle {
			idle++
		}
	}
	if len(as) < 10 || over < 2 || idle < 2 {
		t.Errorf("%d allocations, %d over-spent, %d idle", len(as), over, idle)
	}
}
