package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// genVersion names the generator's output in the cache file name; bump it
// when Generate writes different rows.
const genVersion = 3

const benchSeed = 42

var (
	benchOnce sync.Once
	benchA    *app.App
	benchPath string
	benchErr  error
)

// benchScale is Large with LUOSHI_BENCH_LARGE=1, else Small.
func benchScale() Scale {
	if os.Getenv("LUOSHI_BENCH_LARGE") == "1" {
		return Large
	}
	return Small
}

// benchApp opens the benchmark database, generating it the first time into
// a file under os.TempDir() named by scale, seed and generator version, so
// later runs reuse it. Migrations added since are applied on open.
func benchApp(b *testing.B) *app.App {
	b.Helper()
	benchOnce.Do(func() {
		ctx := context.Background()
		sc := benchScale()
		benchPath = filepath.Join(os.TempDir(), fmt.Sprintf("luoshi-bench-%s-seed%d-g%d.db", sc.Name, benchSeed, genVersion))
		if _, err := os.Stat(benchPath); err != nil {
			tmp := benchPath + ".tmp"
			for _, suffix := range []string{"", "-wal", "-shm"} {
				os.Remove(tmp + suffix)
			}
			s, err := store.Open(tmp)
			if err != nil {
				benchErr = err
				return
			}
			if _, err := s.Migrate(ctx); err != nil {
				benchErr = err
				return
			}
			t0 := time.Now()
			if err := Generate(ctx, s, sc, benchSeed); err != nil {
				benchErr = err
				return
			}
			fmt.Fprintf(os.Stderr, "generated %s scale (%d measures, %d reports) in %v\n", sc.Name, sc.Measures, sc.Reports, time.Since(t0).Round(time.Millisecond))
			s.Close()
			if benchErr = os.Rename(tmp, benchPath); benchErr != nil {
				return
			}
		}
		s, err := store.Open(benchPath)
		if err != nil {
			benchErr = err
			return
		}
		if _, err := s.Migrate(ctx); err != nil {
			benchErr = err
			return
		}
		a := app.New(s, nil)
		apptest.Keep(a, s)
		fixed := time.Date(2024, 10, 15, 9, 0, 0, 0, a.Location)
		a.Now = func() time.Time { return fixed }
		s.Now = a.Now
		benchA = a
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchA
}

// BenchmarkTodo is the to-do list (and the navigation's count, which
// every page computes from it) of each role on the generated institution.
// It reports the p99 of each (issue 15: ≤ 20 ms at the large scale).
func BenchmarkTodo(b *testing.B) {
	a := benchApp(b)
	ctx := context.Background()
	for _, role := range []string{model.RoleOffice, model.RoleLeader, model.RoleUnit} {
		accts, err := apptest.Store(a).AccountsBy(ctx, store.AccountFilter{Role: role})
		if err != nil || len(accts) == 0 {
			b.Fatalf("no %s account: %v", role, err)
		}
		acct := accts[0]
		b.Run(role, func(b *testing.B) {
			var took []time.Duration
			for b.Loop() {
				t0 := time.Now()
				if _, err := a.Todo(ctx, acct); err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(t0))
			}
			reportP99(b, took)
		})
	}
}

// reportP99 reports the 99th percentile of took in milliseconds, as
// "p99-ms".
func reportP99(b *testing.B, took []time.Duration) {
	if len(took) == 0 {
		return
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[min(len(took)-1, len(took)*99/100)])/float64(time.Millisecond), "p99-ms")
}

func benchToday() model.Today { return model.Today{Day: Today, Thresholds: model.DefaultThresholds} }

func BenchmarkBoard(b *testing.B) {
	a := benchApp(b)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		if _, err := apptest.Store(a).ComputeBoard(ctx, model.BoardFilter{Today: benchToday()}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBoardAfterChange is the board as the office meets it during the
// day: a unit has just filed a report (not timed), and the next board view
// folds that change into the live board.
func BenchmarkBoardAfterChange(b *testing.B) {
	b.Run("unfiltered", func(b *testing.B) { benchBoardAfterChange(b, false) })
	b.Run("unfiltered+theme", func(b *testing.B) { benchBoardAfterChange(b, true) })
}

func benchBoardAfterChange(b *testing.B, filtered bool) {
	a := benchApp(b)
	ctx := context.Background()
	if _, err := a.Board(ctx, app.System, model.BoardFilter{}); err != nil {
		b.Fatal(err)
	}
	ms, _, err := apptest.Store(a).Measures(ctx, model.MeasureFilter{Today: benchToday(), Status: model.OnTrack, Limit: 1})
	if err != nil || len(ms) == 0 {
		b.Fatal("no open measure", err)
	}
	office := model.Account{Username: "bench", Role: model.RoleOffice}
	i := 0
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		i++
		r := model.ProgressReport{Percent: 10 + i%80, Note: "benchmark"}
		if _, err := a.ReportProgress(ctx, office, ms[0].Code, &r); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := a.Board(ctx, app.System, model.BoardFilter{}); err != nil {
			b.Fatal(err)
		}
		if filtered {
			if _, err := a.Board(ctx, app.System, model.BoardFilter{Theme: "research"}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkBoardCached(b *testing.B) {
	a := benchApp(b)
	ctx := context.Background()
	if _, err := a.Board(ctx, app.System, model.BoardFilter{}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := a.Board(ctx, app.System, model.BoardFilter{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMeasureListFiltered(b *testing.B) {
	a := benchApp(b)
	ctx := context.Background()
	cases := []struct {
		name string
		f    model.MeasureFilter
	}{
		{"unit_overdue", model.MeasureFilter{Unit: "U010", Status: model.Overdue, Limit: 50}},
		{"theme_text", model.MeasureFilter{Theme: "research", Text: "学科建设", Limit: 50}},
		{"status_at_risk", model.MeasureFilter{Status: model.AtRisk, Limit: 50}},
		{"alert_yellow", model.MeasureFilter{Alert: model.AlertYellow, Limit: 50}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			f := c.f
			f.Today = benchToday()
			ms, _, err := apptest.Store(a).Measures(ctx, f)
			if err != nil {
				b.Fatal(err)
			}
			if len(ms) == 0 {
				b.Fatalf("%s finds nothing", c.name)
			}
			b.ResetTimer()
			for b.Loop() {
				if _, _, err := apptest.Store(a).Measures(ctx, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// measureWithReports finds a measure with about ten progress reports.
func measureWithReports(b *testing.B, a *app.App) string {
	ctx := context.Background()
	ms, _, err := apptest.Store(a).Measures(ctx, model.MeasureFilter{Today: benchToday(), Limit: 300})
	if err != nil {
		b.Fatal(err)
	}
	for _, m := range ms {
		d, err := a.Measure(ctx, app.System, m.Code)
		if err != nil {
			b.Fatal(err)
		}
		if n := len(d.Reports); n >= 9 && n <= 12 {
			return m.Code
		}
	}
	b.Fatal("no measure with about ten reports")
	return ""
}

func BenchmarkMeasurePage(b *testing.B) {
	a := benchApp(b)
	ctx := context.Background()
	code := measureWithReports(b, a)
	b.ResetTimer()
	for b.Loop() {
		if _, err := a.Measure(ctx, app.System, code); err != nil {
			b.Fatal(err)
		}
	}
}

// reporting is the office's account and the codes of n open measures, for
// the benchmarks that file progress reports.
func reporting(b *testing.B, a *app.App, n int) (model.Account, []string) {
	ctx := context.Background()
	office, err := apptest.Store(a).Account(ctx, "p00001")
	if err != nil {
		b.Fatal(err)
	}
	ms, _, err := apptest.Store(a).Measures(ctx, model.MeasureFilter{Today: benchToday(), Status: model.OnTrack, Limit: n})
	if err != nil || len(ms) == 0 {
		b.Fatalf("no open measure: %v", err)
	}
	codes := make([]string, len(ms))
	for i, m := range ms {
		codes[i] = m.Code
	}
	return office, codes
}

// BenchmarkProgressReport files reports through the whole app path:
// permission, validation, one transaction with a durable commit, one audit
// event. It adds rows to the cached database (to one measure).
func BenchmarkProgressReport(b *testing.B) {
	a := benchApp(b)
	ctx := context.Background()
	office, codes := reporting(b, a, 1)
	i := 0
	b.ResetTimer()
	for b.Loop() {
		i++
		r := model.ProgressReport{Percent: 10 + i%80, Note: "按计划推进，完成阶段性任务。"}
		if _, err := a.ReportProgress(ctx, office, codes[0], &r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProgressReportsConcurrent files reports from 8 goroutines at
// once on 100 measures, so the writer's group commit runs as under the
// server's load. Besides the time per report it reports the process's CPU
// time per report ("cpu-µs/op", user and system): the single writer is the
// limit on this path, and its CPU per change is what a faster disk cannot
// buy back. (/proc counts in hundredths of a second: run a few thousand
// reports, e.g. -benchtime 5000x.)
func BenchmarkProgressReportsConcurrent(b *testing.B) {
	a := benchApp(b)
	ctx := context.Background()
	office, codes := reporting(b, a, 100)
	var next atomic.Int64
	cpu0 := cpuTimeOf(os.Getpid())
	b.SetParallelism(max(1, 8/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := next.Add(1)
			r := model.ProgressReport{Percent: 10 + int(i%80), Note: "按计划推进，完成阶段性任务。"}
			if _, err := a.ReportProgress(ctx, office, codes[int(i)%len(codes)], &r); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64((cpuTimeOf(os.Getpid())-cpu0).Microseconds())/float64(b.N), "cpu-µs/op")
}
