package app_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestMemoAfterWrite: the navigation's to-do count follows a write of this
// process at once (the memo keeps it between requests only until then).
func TestMemoAfterWrite(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	count := func() int {
		items, err := a.Todo(ctx, office)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if it.Kind == app.TodoReview {
				return it.Count
			}
		}
		return 0
	}
	before := count()
	if again := count(); again != before {
		t.Fatalf("two reads in a row: %d then %d", before, again)
	}
	r := model.ProgressReport{Percent: 30, Note: "按计划推进"}
	if _, err := a.ReportProgress(ctx, apptest.Account(t, a, "kjc1"), apptest.MeasureA, &r); err != nil {
		t.Fatal(err)
	}
	if after := count(); after != before+1 {
		t.Errorf("reports to review after a report: %d, want %d", after, before+1)
	}
}

// TestMemoOfTables: a value read from some tables holds through this
// process's writes to others (a progress report), and is read again after
// a write to one of its own (a setting).
func TestMemoOfTables(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	reads := 0
	read := func(context.Context) (int, error) { reads++; return reads, nil }
	get := func() int {
		v, err := app.RememberOf(ctx, a, "k", []string{"settings"}, read)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	get()
	r := model.ProgressReport{Percent: 30, Note: "按计划推进"}
	if _, err := a.ReportProgress(ctx, apptest.Account(t, a, "kjc1"), apptest.MeasureA, &r); err != nil {
		t.Fatal(err)
	}
	if get(); reads != 1 {
		t.Errorf("read %d times across a progress report, want 1", reads)
	}
	if err := a.PinToday(ctx, app.System, apptest.Today); err != nil {
		t.Fatal(err)
	}
	if get(); reads != 2 {
		t.Errorf("read %d times across a setting's change, want 2", reads)
	}
}

// TestMemoSharesOneRead: requests asking at once for what is not kept yet
// share one read; a value past its time is answered while one background
// read renews it.
func TestMemoSharesOneRead(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	var reads atomic.Int32
	release := make(chan struct{})
	read := func(context.Context) (int, error) {
		reads.Add(1)
		<-release
		return 7, nil
	}
	var wg, started sync.WaitGroup
	started.Add(8)
	for range 8 {
		wg.Go(func() {
			started.Done()
			if v, err := app.Remember(ctx, a, "k", read); v != 7 || err != nil {
				t.Errorf("remember: %d, %v", v, err)
			}
		})
	}
	started.Wait()
	close(release)
	wg.Wait()
	if n := reads.Load(); n != 1 {
		t.Errorf("8 requests at once read %d times, want 1", n)
	}
	app.AgeMemo(a, "k")
	renewed := make(chan struct{})
	v, err := app.Remember(ctx, a, "k", func(context.Context) (int, error) { defer close(renewed); return 8, nil })
	if v != 7 || err != nil {
		t.Errorf("past its time: %d, %v; want the kept 7 while it is renewed", v, err)
	}
	select {
	case <-renewed:
	case <-time.After(10 * time.Second):
		t.Fatal("no background renewal")
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		v, _ := app.Remember(ctx, a, "k", read)
		if v == 8 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after renewal: %d, want 8", v)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
