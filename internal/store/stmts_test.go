package store

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"
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

// TestPreparedStatementsRetire: texts with the day in them are new every
// day, so a full cache starts afresh, keeping new texts prepared; a retired
// statement still answers until it is closed retireAfter later.
func TestPreparedStatementsRetire(t *testing.T) {
	defer func(n int, d time.Duration) { maxStmts, retireAfter = n, d }(maxStmts, retireAfter)
	maxStmts, retireAfter = 3, time.Hour
	s := openSQLiteStore(t)
	ctx := context.Background()
	c := s.rstmts
	get := func(day int) *sql.Stmt {
		q := fmt.Sprintf(`SELECT count(*) FROM schema_migrations WHERE version > %d`, day)
		c.get(ctx, q) // its first run is not kept
		return c.get(ctx, q)
	}
	var first *sql.Stmt
	for day := range 3 {
		if st := get(day); st == nil {
			t.Fatalf("day %d's text is not kept", day)
		} else if day == 0 {
			first = st
		}
	}
	if st := get(3); st == nil {
		t.Fatal("a text after the cache filled is not kept")
	}
	c.mu.RLock()
	kept, retired := len(c.m), len(c.retired)
	c.mu.RUnlock()
	if kept != 1 || retired != 1 {
		t.Fatalf("after the cache filled: %d kept, %d retired sets; want 1 and 1", kept, retired)
	}
	var n int
	if err := first.QueryRowContext(ctx).Scan(&n); err != nil {
		t.Errorf("a retired statement no longer answers: %v", err)
	}
	// Filled again, with a short delay: the retired statements are closed.
	retireAfter = 10 * time.Millisecond
	var second *sql.Stmt
	for day := 4; day <= 6; day++ {
		if st := get(day); day == 4 {
			second = st
		}
	}
	for deadline := time.Now().Add(10 * time.Second); ; {
		c.mu.RLock()
		n := len(c.retired)
		c.mu.RUnlock()
		if n == 1 { // the first set, an hour away
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d retired sets after the delay, want 1", n)
		}
		time.Sleep(time.Millisecond) // polling a condition, not waiting a fixed time
	}
	if err := second.QueryRowContext(ctx).Scan(&n); err == nil {
		t.Error("a statement retired 10 ms ago is still open")
	}
	s.Close()
	if err := first.QueryRowContext(ctx).Scan(&n); err == nil {
		t.Error("closing the store left a retired statement open")
	}
}
