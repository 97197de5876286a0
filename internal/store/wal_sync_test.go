package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// holdSync makes the syncer wait before each fsync until release is
// closed; entered receives once per sync held.
func holdSync(s *Store) (entered chan struct{}, release chan struct{}) {
	entered, release = make(chan struct{}, 100), make(chan struct{})
	hook := func() error {
		entered <- struct{}{}
		<-release
		return nil
	}
	s.wal.beforeSync.Store(&hook)
	return entered, release
}

func waitFor(t *testing.T, what string, ch <-chan struct{}) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
}

// TestWriteAnsweredAfterSync: a change is committed before the WAL is
// synced, but its caller hears nothing until the fsync is done; the
// changes that arrive meanwhile run into the next transaction and share
// one commit once the disk is free.
func TestWriteAnsweredAfterSync(t *testing.T) {
	s := openSQLiteStore(t)
	ctx := context.Background()
	entered, release := holdSync(s)

	first := make(chan error, 1)
	go func() { first <- s.Write(ctx, func(tx *Tx) error { return tx.SetSetting(ctx, "first", "v") }) }()
	waitFor(t, "the first change's sync", entered)
	select {
	case err := <-first:
		t.Fatalf("the first change was answered (%v) before its WAL was synced", err)
	default:
	}

	before := groupCommits.Load()
	const n = 5
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.Write(ctx, func(tx *Tx) error { return tx.SetSetting(ctx, fmt.Sprintf("k%d", i), "v") })
		}()
	}
	// They run while the first sync is held; none may commit before it.
	deadline := time.Now().Add(10 * time.Second)
	for len(s.writes) > 0 {
		if time.Now().After(deadline) {
			t.Fatal("the writer did not take the changes")
		}
		time.Sleep(time.Millisecond)
	}
	close(release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("change %d: %v", i, err)
		}
	}
	if groupCommits.Load() == before {
		t.Error("the changes that arrived during a sync did not share a commit")
	}
	for _, k := range []string{"first", "k0", "k4"} {
		if v, _ := s.Setting(ctx, k, ""); v != "v" {
			t.Errorf("%s = %q", k, v)
		}
	}
}

// TestSyncFailureStopsWrites: when the fsync of the WAL fails, the callers
// of the changes it covered get an error, not a success, and every later
// change is refused with EUNAVAILABLE (pages the kernel failed to write
// cannot be built on); reads go on.
func TestSyncFailureStopsWrites(t *testing.T) {
	s := openSQLiteStore(t)
	ctx := context.Background()
	if err := s.Write(ctx, func(tx *Tx) error { return tx.SetSetting(ctx, "before", "v") }); err != nil {
		t.Fatal(err)
	}
	broken := errors.New("input/output error")
	hook := func() error { return broken }
	s.wal.beforeSync.Store(&hook)

	err := s.Write(ctx, func(tx *Tx) error { return tx.SetSetting(ctx, "lost", "v") })
	if !errors.Is(err, broken) {
		t.Fatalf("a change whose sync failed: %v", err)
	}
	s.wal.beforeSync.Store(nil)
	err = s.Write(ctx, func(tx *Tx) error { return tx.SetSetting(ctx, "after", "v") })
	if model.ErrorCode(err) != model.EUNAVAILABLE {
		t.Fatalf("a change after the failed sync: %v", err)
	}
	if v, _ := s.Setting(ctx, "after", ""); v != "" {
		t.Errorf("a refused change was kept: %q", v)
	}
	if v, err := s.Setting(ctx, "before", ""); err != nil || v != "v" {
		t.Errorf("reads after the failed sync: %q, %v", v, err)
	}
	if err := s.CheckWrite(ctx); err == nil {
		t.Error("the health check's write passed after the failed sync")
	}
}

// TestWALSyncedIsTheLog: the syncer syncs the database's own WAL file
// (and opens it again if SQLite replaced it).
func TestWALSyncedIsTheLog(t *testing.T) {
	s := openSQLiteStore(t)
	ctx := context.Background()
	if err := s.Write(ctx, func(tx *Tx) error { return tx.SetSetting(ctx, "a", "v") }); err != nil {
		t.Fatal(err)
	}
	// The syncer has answered, so its file is set; it is read here after
	// the channel hand-off of the answer.
	if s.wal.f == nil || s.wal.f.Name() != s.path+"-wal" {
		t.Fatalf("syncer's file: %v, want %s-wal", s.wal.f, s.path)
	}
}
