package bench

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// busyDay is the work BenchmarkTodoBusy does on the benchmark institution
// before it measures: at the large scale, a few of each unit's reports
// returned, half of the units' half-year reports under way, the first
// daily run's notices (tens of thousands), and some of everything else.
var busyDay = Activity{Returned: 600, UnitReports: 60, Problems: 40, Notices: true, ReadNotices: 5,
	Portfolios: true, Drafts: 5, Mentions: 300, Indicators: 240}

// BenchmarkTodoBusy is BenchmarkTodo after a day's work (busyDay, on a
// copy of the benchmark database), so that every line of each role's
// to-do list has rows to count: the office, and the leader and the unit
// liaison with the most lines. It reports the p99 of each (issue 15: ≤ 20
// ms at the large scale).
func BenchmarkTodoBusy(b *testing.B) {
	ctx := context.Background()
	a := noticeApp(b, filepath.Join(b.TempDir(), "busy.db"))
	t0 := time.Now()
	if err := AddActivity(ctx, a, busyDay); err != nil {
		b.Fatal(err)
	}
	b.Logf("a day's work %+v in %v", busyDay, time.Since(t0).Round(time.Millisecond))
	accts, err := a.Accounts(ctx, app.System)
	if err != nil {
		b.Fatal(err)
	}
	// The leader and the unit liaison with the most to-do lines.
	busiest := map[string]model.Account{}
	lines := map[string]int{}
	for _, ac := range accts {
		if ac.Role != model.RoleLeader && ac.Role != model.RoleUnit {
			continue
		}
		items, err := a.Todo(ctx, ac)
		if err != nil {
			b.Fatal(err)
		}
		if _, ok := busiest[ac.Role]; !ok || len(items) > lines[ac.Role] {
			busiest[ac.Role], lines[ac.Role] = ac, len(items)
		}
	}
	office, err := a.AccountOf(ctx, app.System, OfficeAccount)
	if err != nil {
		b.Fatal(err)
	}
	busiest[model.RoleOffice] = office
	for _, role := range []string{model.RoleOffice, model.RoleLeader, model.RoleUnit} {
		acct := busiest[role]
		b.Run(role, func(b *testing.B) {
			var took []time.Duration
			var items []app.TodoItem
			for b.Loop() {
				t0 := time.Now()
				var err error
				if items, err = a.Todo(ctx, acct); err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(t0))
			}
			b.Logf("%s (%s): %v", acct.Username, role, items)
			reportP99(b, took)
		})
	}
}
