package store

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// holdWriter makes the writer busy with a change that waits until release
// is closed, so the changes queued meanwhile are committed together.
func holdWriter(t *testing.T, s *Store) (release chan struct{}, done chan error) {
	t.Helper()
	release, done, started := make(chan struct{}), make(chan error, 1), make(chan struct{})
	var once sync.Once // a change may run twice (commit.go)
	go func() {
		done <- s.Write(context.Background(), func(tx *Tx) error {
			once.Do(func() { close(started) })
			<-release
			return tx.SetSetting(context.Background(), "held", "1")
		})
	}()
	<-started
	return release, done
}

// waitQueued waits until n changes wait in the writer's queue.
func waitQueued(t *testing.T, s *Store, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for len(s.writes) < n {
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d changes queued", len(s.writes), n)
		}
		runtime.Gosched()
	}
}

// TestGroupCommit: changes that queue while the writer is busy share one
// commit, and each is still all-or-nothing on its own — a failing or
// panicking change leaves nothing while the others in its batch are kept —
// and each caller gets its own answer.
func TestGroupCommit(t *testing.T) {
	s := openSQLiteStore(t)
	ctx := context.Background()
	release, heldDone := holdWriter(t, s)
	before := groupCommits.Load()

	const n = 30
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			errs[i] = s.Write(ctx, func(tx *Tx) error {
				if err := tx.SetSetting(ctx, fmt.Sprintf("k%02d", i), "v"); err != nil {
					return err
				}
				switch i % 10 {
				case 3:
					return model.Invalid("x", "change %d refuses", i)
				case 7:
					panic("change 7 breaks")
				}
				return nil
			})
		}(i)
	}
	waitQueued(t, s, n)
	close(release)
	wg.Wait()
	if err := <-heldDone; err != nil {
		t.Fatal(err)
	}
	if groupCommits.Load() == before {
		t.Fatalf("no commit covered more than one change")
	}
	for i, err := range errs {
		key := fmt.Sprintf("k%02d", i)
		v, _ := s.Setting(ctx, key, "")
		switch i % 10 {
		case 3:
			if model.ErrorCode(err) != model.EINVALID || v != "" {
				t.Errorf("change %d: err %v, kept %q", i, err, v)
			}
		case 7:
			if err == nil || v != "" {
				t.Errorf("panicking change %d: err %v, kept %q", i, err, v)
			}
		default:
			if err != nil || v != "v" {
				t.Errorf("change %d: err %v, kept %q", i, err, v)
			}
		}
	}
}

// TestWriterHolds: the writer reports the longest a change held it and the
// longest commit since it was last asked, then counts afresh.
func TestWriterHolds(t *testing.T) {
	s := openSQLiteStore(t)
	ctx := context.Background()
	s.WriterHolds()
	const held = 30 * time.Millisecond
	err := s.Write(ctx, func(tx *Tx) error {
		time.Sleep(held) // a change that takes this long, as a large one does
		return tx.SetSetting(ctx, "held", "1")
	})
	if err != nil {
		t.Fatal(err)
	}
	change, commit := s.WriterHolds()
	if change < held || commit <= 0 {
		t.Errorf("after a change of %v the writer reports a change of %v and a commit of %v", held, change, commit)
	}
	if change, commit := s.WriterHolds(); change != 0 || commit != 0 {
		t.Errorf("asked again with no change since: %v and %v, want zeros", change, commit)
	}
}
