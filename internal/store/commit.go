package store

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
)

// Group commit. SQLite has one writer, and with synchronous=FULL every commit
// waits for the disk; one commit per change caps a server at a few thousand
// changes a second whatever the CPU. So changes that arrive while the writer
// is busy are run together: each inside its own SAVEPOINT (a change that
// fails is rolled back alone, exactly as if it had had its own transaction),
// all under one transaction and one commit. Nobody is answered before that
// commit, so an acknowledged change is as durable as before.

// maxBatch bounds how many changes share one commit, so one slow change
// does not hold many callers.
const maxBatch = 64

// groupCommits counts commits that covered more than one change (for tests
// and /metrics-style curiosity; it costs an atomic add per batch).
var groupCommits atomic.Int64

// writeReq is a change waiting for the writer.
type writeReq struct {
	ctx  context.Context
	fn   func(*Tx) error
	done chan error
}

// errBatchLost is a change's answer when the shared transaction was lost
// under it (another change in the batch was interrupted and SQLite rolled the
// transaction back): nothing of it was kept and it may be tried again.
var errBatchLost = errors.New("store: the write was interrupted with others; nothing was kept, try again")

// queueWrite hands a change to the writer and waits for its commit.
func (s *Store) queueWrite(ctx context.Context, fn func(*Tx) error) error {
	req := &writeReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case s.writes <- req:
	case <-ctx.Done():
		return ctx.Err()
	case <-s.closed:
		return errors.New("store: closed")
	}
	return <-req.done
}

// writer runs queued changes, as many together as are waiting.
func (s *Store) writer() {
	defer close(s.writerDone)
	for {
		var first *writeReq
		select {
		case first = <-s.writes:
		case <-s.closed:
			for {
				select {
				case r := <-s.writes:
					r.done <- errors.New("store: closed")
				default:
					return
				}
			}
		}
		batch := []*writeReq{first}
	more:
		for len(batch) < maxBatch {
			select {
			case r := <-s.writes:
				batch = append(batch, r)
			default:
				break more
			}
		}
		s.runBatch(batch)
	}
}

// runBatch runs a batch in one transaction. A lone change runs as a plain
// transaction. If the shared transaction is lost, the changes that had run
// are answered errBatchLost and those that had not run go again.
func (s *Store) runBatch(batch []*writeReq) {
	if len(batch) == 1 {
		batch[0].done <- s.writeOne(batch[0].ctx, batch[0].fn)
		return
	}
	t, err := s.write.BeginTx(context.Background(), nil)
	if err != nil {
		for _, r := range batch {
			r.done <- fmt.Errorf("store: begin: %w", err)
		}
		return
	}
	now := s.Now()
	results := make([]error, len(batch))
	for i, r := range batch {
		if err := r.ctx.Err(); err != nil {
			results[i] = err
			continue
		}
		if _, err := t.Exec(`SAVEPOINT change`); err != nil {
			s.batchLost(t, batch, i)
			return
		}
		err := call(r.fn, &Tx{Queries: Queries{q: t, d: s.d}, tx: t, now: now})
		if err != nil {
			if _, rerr := t.Exec(`ROLLBACK TO change`); rerr != nil {
				s.batchLost(t, batch, i+1)
				return
			}
		}
		if _, rerr := t.Exec(`RELEASE change`); rerr != nil {
			s.batchLost(t, batch, i+1)
			return
		}
		results[i] = err
	}
	groupCommits.Add(1)
	if err := t.Commit(); err != nil {
		for i := range results {
			if results[i] == nil {
				results[i] = fmt.Errorf("store: commit: %w", err)
			}
		}
	}
	for i, r := range batch {
		r.done <- results[i]
	}
}

// batchLost rolls back a lost batch: the first ran changes are answered
// errBatchLost, the rest run again one by one.
func (s *Store) batchLost(t interface{ Rollback() error }, batch []*writeReq, ran int) {
	t.Rollback()
	for i, r := range batch {
		if i < ran {
			r.done <- errBatchLost
		} else {
			r.done <- s.writeOne(r.ctx, r.fn)
		}
	}
}

// call runs a change, turning a panic into its error so the batch goes on.
func call(fn func(*Tx) error, tx *Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("store: change panicked: %v", p)
		}
	}()
	return fn(tx)
}

// writeOne runs fn in a transaction of its own.
func (s *Store) writeOne(ctx context.Context, fn func(tx *Tx) error) error {
	t, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := call(fn, &Tx{Queries: Queries{q: t, d: s.d}, tx: t, now: s.Now()}); err != nil {
		t.Rollback()
		return err
	}
	if err := t.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}
