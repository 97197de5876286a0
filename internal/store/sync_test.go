package store

import (
	"context"
	"os"
	"strings"
	"testing"
)

// TestWriterSyncsLog: the writer's own connection commits with
// synchronous=NORMAL, and a change is answered only after the syncer has
// put the log on disk: a log that cannot be synced fails the change
// instead of acknowledging it.
func TestWriterSyncsLog(t *testing.T) {
	s := openSQLiteStore(t)
	ctx := context.Background()
	var mode int
	if err := s.write.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&mode); err != nil || mode != 1 {
		t.Fatalf("the writer's synchronous is %d (%v), want 1 (NORMAL): the syncer is not running", mode, err)
	}
	before := s.syncs.Load()
	if err := s.Write(ctx, func(tx *Tx) error { return tx.SetSetting(ctx, "k", "v") }); err != nil {
		t.Fatal(err)
	}
	if s.syncs.Load() == before {
		t.Fatal("a change was answered before any sync of the log")
	}
	// A reader's connection keeps FULL (it never writes anyway).
	if err := s.read.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&mode); err != nil || mode != 2 {
		t.Errorf("a reader's synchronous is %d (%v), want 2", mode, err)
	}
	if err := os.Remove(s.path + "-wal"); err != nil {
		t.Fatal(err)
	}
	err := s.Write(ctx, func(tx *Tx) error { return tx.SetSetting(ctx, "k", "w") })
	if err == nil || !strings.Contains(err.Error(), "sync the write-ahead log") {
		t.Fatalf("a change whose log cannot be synced was answered %v", err)
	}
}
