package store

import (
	"context"
	"fmt"
	"slices"
)

// Rows every change moves, written once per transaction. Every change
// moves the audit chain's head (audit.go) and most bump a change counter
// (Bump); on SQLite the changes of a batch share one transaction (commit.go),
// so writing those rows again for each change wrote the same row over and
// over: three statements of the nine a progress report ran, a third of the
// writer's statements under a stream of reports. The transaction now reads
// each such row once, moves it in memory, and writes it once before it
// commits (finish). A change that fails is rolled back to its savepoint,
// and what it moved in memory with it (the writer keeps a copy from before
// the change: keep and restore).
//
// Inside the transaction nothing reads these rows but lockHead and Bump
// themselves; readers outside see them committed, as before.

// deferred is what a transaction moved and has not written yet.
type deferred struct {
	head     chainHead
	counters []counterValue
}

// chainHead is the audit chain's head as the transaction sees it.
type chainHead struct {
	read   bool // read from the database (seq and hash hold it)
	seq    int64
	hash   string
	exists bool // the row exists in the database
	moved  bool // seq and hash are to be written
}

// counterValue is a change counter the transaction bumped: value is its
// value now, written when moved.
type counterValue struct {
	name  string
	value int64
	moved bool
}

// keep returns a copy of d to restore if the change about to run fails.
func (d *deferred) keep() deferred {
	return deferred{head: d.head, counters: slices.Clone(d.counters)}
}

// counter returns the transaction's counter name, or nil when it has not
// bumped it yet.
func (d *deferred) counter(name string) *counterValue {
	for i := range d.counters {
		if d.counters[i].name == name {
			return &d.counters[i]
		}
	}
	return nil
}

// finish writes what the transaction moved and has not written yet; it
// runs once the transaction's changes are done, before it commits.
func (tx *Tx) finish(ctx context.Context) error {
	d := &tx.later
	if d.head.moved {
		q := `UPDATE audit_chain SET seq = ?, hash = ? WHERE id = 1`
		if !d.head.exists {
			q = `INSERT INTO audit_chain (seq, hash, id) VALUES (?, ?, 1)`
		}
		if _, err := tx.exec(ctx, q, d.head.seq, d.head.hash); err != nil {
			return fmt.Errorf("store: audit chain head: %w", err)
		}
		d.head.exists, d.head.moved = true, false
	}
	for i := range d.counters {
		c := &d.counters[i]
		if !c.moved {
			continue
		}
		if _, err := tx.exec(ctx, `UPDATE counters SET value = ? WHERE name = ?`, c.value, c.name); err != nil {
			return fmt.Errorf("store: counter %s: %w", c.name, err)
		}
		c.moved = false
	}
	return nil
}
