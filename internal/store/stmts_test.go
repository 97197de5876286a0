package store

import (
	"context"
	"fmt"
	"testing"
)

// TestPreparedStatements: on SQLite a text is kept prepared from its
// second run, on the readers and, prepared after the transaction that
// asked for it, on the writer; a text run once is not kept; kept
// statements give the same answers as unprepared ones.
func TestPreparedStatements(t *testing.T) {
	s := openSQLiteStore(t)
	ctx := context.Background()
	kept := func(c *stmtCache, q string) bool {
		c.mu.RLock()
		defer c.mu.RUnlock()
		return c.m[q] != nil
	}
	const read = `SELECT count(*) FROM schema_migrations WHERE version > ?`
	for i := 1; i <= 3; i++ {
		var n int
		if err := s.queryRow(ctx, read, 0).Scan(&n); err != nil || n != LatestVersion() {
			t.Fatalf("run %d: %d migrations (%v), want %d", i, n, err, LatestVersion())
		}
		if want := i >= 2; kept(s.rstmts, read) != want {
			t.Errorf("after run %d the read is kept: %v, want %v", i, !want, want)
		}
	}
	once := fmt.Sprintf(`SELECT %d`, LatestVersion())
	if _, err := s.int64s(ctx, once); err != nil || kept(s.rstmts, once) {
		t.Errorf("a text run once is kept (%v)", err)
	}

	const write = `INSERT INTO counters (name, value) VALUES (?, ?)`
	for i := 1; i <= 3; i++ {
		err := s.Write(ctx, func(tx *Tx) error { return tx.Exec(ctx, write, fmt.Sprintf("stmt-test-%d", i), i) })
		if err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
		// The writer prepares what a batch asked for after answering it,
		// before it takes the next batch: after the first write nothing
		// is to be prepared (a text's first run), after the third the
		// second write's text surely is prepared.
		if i == 2 {
			continue
		}
		if want := i == 3; kept(s.wstmts, write) != want {
			t.Errorf("after write %d the insert is kept: %v, want %v", i, !want, want)
		}
	}
	var sum int
	if err := s.queryRow(ctx, `SELECT sum(value) FROM counters WHERE name LIKE 'stmt-test-%'`).Scan(&sum); err != nil || sum != 6 {
		t.Errorf("the three writes add up to %d (%v), want 6", sum, err)
	}
}
