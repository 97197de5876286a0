package bench

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// noticeApp copies the benchmark database to path (so the shared one is
// not changed) and opens it with the benchmark's clock.
func noticeApp(b *testing.B, path string) *app.App {
	b.Helper()
	ctx := context.Background()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
	if err := apptest.Store(benchApp(b)).Backup(ctx, path); err != nil {
		b.Fatal(err)
	}
	s, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	a := app.New(s, nil)
	apptest.Keep(a, s)
	a.Now, s.Now = benchA.Now, benchA.Now
	return a
}

// BenchmarkDailyJob is the daily run on the generated institution: every
// open measure is checked against the rules and the day's notices written,
// in transactions of a few hundred. "first" is the first run ever, when
// every lagging measure gets its notice at once; "next_day" the run a day
// later, the everyday case. Each iteration works on a fresh copy of the
// database, the copy and any earlier run not timed.
func BenchmarkDailyJob(b *testing.B) {
	b.Run("first", func(b *testing.B) { benchDailyJob(b, false) })
	b.Run("next_day", func(b *testing.B) { benchDailyJob(b, true) })
}

func benchDailyJob(b *testing.B, nextDay bool) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "daily.db")
	notices := 0
	var longestChange, longestCommit time.Duration
	for b.Loop() {
		b.StopTimer()
		a := noticeApp(b, path)
		if nextDay {
			if _, err := a.RunDay(ctx, "bench"); err != nil {
				b.Fatal(err)
			}
			tomorrow := a.Now().AddDate(0, 0, 1)
			a.Now = func() time.Time { return tomorrow }
			apptest.Store(a).Now = a.Now
			day := model.DateOf(tomorrow.In(a.Location)).String()
			if err := apptest.Store(a).Write(ctx, func(tx *store.Tx) error { return tx.SetSetting(ctx, "clock.today", day) }); err != nil {
				b.Fatal(err)
			}
		}
		apptest.Store(a).WriterHolds()
		b.StartTimer()
		run, err := a.RunDay(ctx, "bench")
		if err != nil || !run.Ran {
			b.Fatal(run, err)
		}
		notices = run.Notices
		b.StopTimer()
		change, commit := apptest.Store(a).WriterHolds()
		longestChange, longestCommit = max(longestChange, change), max(longestCommit, commit)
		apptest.Store(a).Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(notices), "notices/run")
	// The writer is held by the run's longest change and a commit after it.
	b.ReportMetric(float64(longestChange.Microseconds())/1000, "ms-longest-change")
	b.ReportMetric(float64(longestCommit.Microseconds())/1000, "ms-longest-commit")
}

// BenchmarkNoticeLists reads the notice lists a day's run leaves: an
// account's inbox, its unread count, the office's list by kind and by
// unit. It reports the p99 of each.
func BenchmarkNoticeLists(b *testing.B) {
	ctx := context.Background()
	a := noticeApp(b, filepath.Join(b.TempDir(), "lists.db"))
	if _, err := a.RunDay(ctx, "bench"); err != nil {
		b.Fatal(err)
	}
	ns, err := apptest.Store(a).Notices(ctx, model.NoticeFilter{Kind: string(model.NoticeBulletin), Limit: 1})
	if err != nil || len(ns) == 0 {
		b.Fatal("no notices", err)
	}
	full, err := apptest.Store(a).Notice(ctx, ns[0].ID, "")
	if err != nil || len(full.Recipients) == 0 {
		b.Fatal("no recipients", err)
	}
	who, unit := full.Recipients[0], ns[0].Unit
	lists := []struct {
		name string
		run  func() error
	}{
		{"inbox", func() error {
			_, err := apptest.Store(a).Notices(ctx, model.NoticeFilter{Recipient: who, Reader: who})
			return err
		}},
		{"unread", func() error { _, err := apptest.Store(a).UnreadNotices(ctx, who); return err }},
		{"kind", func() error {
			_, err := apptest.Store(a).Notices(ctx, model.NoticeFilter{Reader: who, Kind: string(model.NoticeSupervision)})
			return err
		}},
		{"unit", func() error {
			_, err := apptest.Store(a).Notices(ctx, model.NoticeFilter{Reader: who, Unit: unit})
			return err
		}},
	}
	for _, l := range lists {
		b.Run(l.name, func(b *testing.B) {
			var took []time.Duration
			for b.Loop() {
				t0 := time.Now()
				if err := l.run(); err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(t0))
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}
