package store

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"
)

// TestCheckpointerCopiesTheLog: the server's writer leaves checkpoints to
// the checkpointer (its own threshold is raised to writerAutoCheckpoint
// pages), and after every checkpointEvery synced changes the checkpointer
// copies the WAL into the database file: the file read alone, without its
// log, holds the changes.
func TestCheckpointerCopiesTheLog(t *testing.T) {
	s := openSQLiteStore(t)
	ctx := context.Background()
	var auto int
	if err := s.write.QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&auto); err != nil || auto != writerAutoCheckpoint {
		t.Fatalf("the writer checkpoints past %d pages (%v), want %d", auto, err, writerAutoCheckpoint)
	}
	// Opening the store migrated it: changes too.
	base := s.syncedChanges.Load()
	const n = 3 * checkpointEvery
	for i := range n {
		if err := s.Write(ctx, func(tx *Tx) error { return tx.SetSetting(ctx, fmt.Sprintf("k%03d", i), "v") }); err != nil {
			t.Fatal(err)
		}
	}
	// The first checkpoint after base came by base+checkpointEvery, the
	// next by base+2·checkpointEvery+1.
	deadline := time.Now().Add(10 * time.Second)
	at := s.checkpointedAt.Load()
	for ; at < base+checkpointEvery; at = s.checkpointedAt.Load() {
		if time.Now().After(deadline) {
			t.Fatalf("the last checkpoint began after %d of the %d changes, want one after at least %d", max(0, at-base), n, checkpointEvery)
		}
		time.Sleep(time.Millisecond)
	}
	// immutable=1 reads the database file as it is, ignoring the WAL.
	db, err := sql.Open("sqlite", "file:"+s.path+"?immutable=1")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var copied int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM settings WHERE key LIKE 'k%'`).Scan(&copied); err != nil {
		t.Fatal(err)
	}
	if int64(copied) < at-base {
		t.Errorf("the database file holds %d of the %d changes, want at least the %d checkpointed", copied, n, at-base)
	}
}
