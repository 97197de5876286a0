package store

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestGroupCommitLostRetried: when a change ends the shared transaction under the
// batch (as an interrupted statement can), the changes that had run and
// succeeded are run again and kept, a change that had failed keeps its own
// answer without running again, and the changes after the break run on
// their own. Each caller sees only its own answer, never the lost batch.
func TestGroupCommitLostRetried(t *testing.T) {
	s := openSQLiteStore(t)
	ctx := context.Background()
	release, heldDone := holdWriter(t, s)
	var wg sync.WaitGroup
	results := make([]error, 4)
	runs := make([]atomic.Int32, 4)
	start := func(i int, fn func(*Tx) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = s.Write(ctx, func(tx *Tx) error { runs[i].Add(1); return fn(tx) })
		}()
		waitQueued(t, s, i+1) // each queues behind the one before
	}
	set := func(k string) func(*Tx) error { return func(tx *Tx) error { return tx.SetSetting(ctx, k, "v") } }
	start(0, set("first"))
	start(1, func(tx *Tx) error {
		if err := tx.SetSetting(ctx, "refused", "v"); err != nil {
			return err
		}
		return model.Invalid("x", "refused")
	})
	start(2, func(tx *Tx) error {
		if err := tx.SetSetting(ctx, "breaker", "v"); err != nil {
			return err
		}
		if runs[2].Load() > 1 {
			return nil // the second time it behaves
		}
		_, err := tx.tx.Exec(`ROLLBACK`)
		return err
	})
	start(3, set("third"))
	close(release)
	wg.Wait()
	if err := <-heldDone; err != nil {
		t.Fatal(err)
	}
	if results[0] != nil || model.ErrorCode(results[1]) != model.EINVALID || results[2] != nil || results[3] != nil {
		t.Fatalf("results %v", results)
	}
	for i, want := range []int32{2, 1, 2, 1} {
		if got := runs[i].Load(); got != want {
			t.Errorf("change %d ran %d times, want %d", i, got, want)
		}
	}
	for k, want := range map[string]string{"first": "v", "refused": "", "breaker": "v", "third": "v", "held": "1"} {
		if v, _ := s.Setting(ctx, k, ""); v != want {
			t.Errorf("%s = %q, want %q", k, v, want)
		}
	}
}

// TestGroupCommitLostTwice: a change lost once is run again and kept; lost
// twice, its caller is told EUNAVAILABLE (a 503 saying when to come back),
// with nothing kept — never an internal error.
func TestGroupCommitLostTwice(t *testing.T) {
	s := openSQLiteStore(t)
	ctx := context.Background()

	s.LoseBatchesForTest(1)
	if err := s.Write(ctx, func(tx *Tx) error { return tx.SetSetting(ctx, "once", "v") }); err != nil {
		t.Fatalf("lost once: %v", err)
	}
	if v, _ := s.Setting(ctx, "once", ""); v != "v" {
		t.Errorf("lost once: kept %q", v)
	}

	s.LoseBatchesForTest(2)
	err := s.Write(ctx, func(tx *Tx) error { return tx.SetSetting(ctx, "twice", "v") })
	e := model.ErrorOf(err)
	if e == nil || e.Code != model.EUNAVAILABLE || e.RetryAfter != time.Second || errors.Is(err, errBatchLost) {
		t.Fatalf("lost twice: %v", err)
	}
	if got := model.HTTPStatus(e.Code); got != http.StatusServiceUnavailable {
		t.Errorf("lost twice: status %d", got)
	}
	if v, _ := s.Setting(ctx, "twice", ""); v != "" {
		t.Errorf("lost twice: kept %q", v)
	}

	if err := s.Write(ctx, func(tx *Tx) error { return tx.SetSetting(ctx, "after", "v") }); err != nil {
		t.Fatalf("after: %v", err)
	}
}
