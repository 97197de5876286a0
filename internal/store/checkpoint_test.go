package store

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
)

// TestCheckpointerCopiesTheLog: the server's writer leaves checkpoints to
// the checkpointer (its own threshold is raised to writerAutoCheckpoint
// pages), and the checkpointer copies the WAL into the database file: the
// file read alone, without its log, comes to hold the changes. A PASSIVE
// checkpoint copies only what no reader still needs, so the test writes
// until one has copied checkpointEvery changes, but at most maxChanges:
// about 3 pages each, so 9,000 pages, below the writer's own threshold.
func TestCheckpointerCopiesTheLog(t *testing.T) {
	s := openSQLiteStore(t)
	ctx := context.Background()
	var auto int
	if err := s.write.QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&auto); err != nil || auto != writerAutoCheckpoint {
		t.Fatalf("the writer checkpoints past %d pages (%v), want %d", auto, err, writerAutoCheckpoint)
	}
	const maxChanges = 3 * checkpointEvery
	copied := 0
	for i := 0; i < maxChanges && copied < checkpointEvery; i++ {
		if err := s.Write(ctx, func(tx *Tx) error { return tx.SetSetting(ctx, fmt.Sprintf("k%05d", i), "v") }); err != nil {
			t.Fatal(err)
		}
		if i%10 == 9 {
			copied = inDatabaseFile(t, s.path)
		}
	}
	if copied < checkpointEvery {
		t.Fatalf("after %d changes the database file holds %d of them, want %d", maxChanges, copied, checkpointEvery)
	}
}

// inDatabaseFile counts the test's settings in the database file as it
// is, without its WAL (immutable=1; a new connection each time, since an
// immutable one never looks for changes). Such a reader takes no lock, so
// it may catch a checkpoint half-way through the file ("malformed"): that
// counts as nothing copied yet, and the caller looks again later.
func inDatabaseFile(t *testing.T, path string) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?immutable=1")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Before the first checkpoint even the schema is only in the log.
	var tables, n int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = 'settings'`).Scan(&tables); err != nil || tables == 0 {
		return 0
	}
	if err := db.QueryRow(`SELECT count(*) FROM settings WHERE key LIKE 'k%'`).Scan(&n); err != nil {
		t.Logf("the database file read alone: %v", err)
		return 0
	}
	return n
}
