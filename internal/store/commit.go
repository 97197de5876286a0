package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// Group commit. SQLite has one writer, and with synchronous=FULL every commit
// waits for the disk; one commit per change caps a server at a few thousand
// changes a second whatever the CPU. So changes that arrive while the writer
// is busy are run together: each inside its own SAVEPOINT (a change that
// fails is rolled back alone, exactly as if it had had its own transaction),
// all under one transaction and one commit. Nobody is answered before that
// commit, so an acknowledged change is as durable as before.
//
// A change whose shared transaction was lost under it (errBatchLost) is run
// once more; if that is lost too, its caller is told EUNAVAILABLE, to come
// back in a second. So fn may run twice: it must set, not accumulate, what
// it reports outside the transaction.

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

// lostRetryAfter is when a caller whose change was lost twice is told to
// try again: the interruption that lost it is a moment's, not an outage.
const lostRetryAfter = time.Second

// queueWrite hands a change to the writer and waits for its commit. A
// change lost with its batch goes once more; lost again, it is EUNAVAILABLE.
func (s *Store) queueWrite(ctx context.Context, fn func(*Tx) error) error {
	err := s.queueOnce(ctx, fn)
	if errors.Is(err, errBatchLost) {
		err = s.queueOnce(ctx, fn)
	}
	if errors.Is(err, errBatchLost) {
		return &model.Error{Code: model.EUNAVAILABLE, RetryAfter: lostRetryAfter,
			Message: "the database was interrupted twice while saving this change; nothing was kept, try again in a moment"}
	}
	return err
}

// queueOnce hands a change to the writer once and waits for its answer.
func (s *Store) queueOnce(ctx context.Context, fn func(*Tx) error) error {
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

// CheckWrite proves the database takes writes, for /healthz: it runs a
// change the way every change runs (on SQLite through the writer's queue)
// and waits for its commit only as long as ctx allows. A full disk, a file
// system turned read-only or a write lock held elsewhere fail it while
// reads still pass. The change moves the newest schema_migrations row's
// applied_at by one second and back: the data ends as it was, but the page
// is written and synced (SQLite skips writing a row rewritten with the
// same bytes, so a no-op UPDATE would prove nothing).
func (s *Store) CheckWrite(ctx context.Context) error {
	// On SQLite the statements run in a transaction other changes may
	// share; a health check that gives up must not interrupt it under them,
	// so only the wait below ends with ctx.
	stmtCtx := ctx
	if s.writes != nil {
		stmtCtx = context.WithoutCancel(ctx)
	}
	fn := func(tx *Tx) error {
		for _, d := range []string{"+", "-"} {
			if _, err := tx.exec(stmtCtx, `UPDATE schema_migrations SET applied_at = applied_at `+d+` 1 WHERE version = (SELECT max(version) FROM schema_migrations)`); err != nil {
				return fmt.Errorf("store: check write: %w", err)
			}
		}
		return nil
	}
	if s.writes == nil {
		return s.writeOne(ctx, fn)
	}
	req := &writeReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case s.writes <- req:
	case <-ctx.Done():
		return fmt.Errorf("store: check write: waiting for the queue: %w", ctx.Err())
	case <-s.closed:
		return errors.New("store: closed")
	}
	select {
	case err := <-req.done:
		return err
	case <-ctx.Done():
		return fmt.Errorf("store: check write: waiting for the writer: %w", ctx.Err())
	}
}

// lostForTest holds, per store, how many of its next batches are to be lost
// (LoseBatchesForTest); empty outside tests.
var lostForTest sync.Map // *Store → *atomic.Int64

// LoseBatchesForTest makes s's writer lose its next n batches as if a
// change sharing them had been interrupted: nothing of them is kept and
// every change in them is answered errBatchLost. Tests of the callers use
// it to see a change retried, then answered EUNAVAILABLE; on PostgreSQL,
// which has no group commit, it does nothing.
func (s *Store) LoseBatchesForTest(n int) {
	v, _ := lostForTest.LoadOrStore(s, new(atomic.Int64))
	v.(*atomic.Int64).Store(int64(n))
}

// loseBatch reports whether the batch about to run is to be lost
// (LoseBatchesForTest), counting it.
func (s *Store) loseBatch() bool {
	v, ok := lostForTest.Load(s)
	if !ok {
		return false
	}
	n := v.(*atomic.Int64)
	for {
		left := n.Load()
		if left <= 0 {
			return false
		}
		if n.CompareAndSwap(left, left-1) {
			return true
		}
	}
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
// and succeeded are answered errBatchLost (their callers run them again),
// and those that had not run go again here.
func (s *Store) runBatch(batch []*writeReq) {
	// The statements the batch asked for first are prepared once its
	// callers have their answers and the connection is free again.
	defer s.wstmts.prepareMissed(context.Background())
	if s.loseBatch() {
		for _, r := range batch {
			r.done <- errBatchLost
		}
		return
	}
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
	// Every change of the batch runs on one Tx, and the savepoints'
	// statements go through its cache too, not parsed again for each.
	bt := s.newTx(t, s.Now())
	ctx := context.Background()
	results := make([]error, len(batch))
	for i, r := range batch {
		if err := r.ctx.Err(); err != nil {
			results[i] = err
			continue
		}
		if _, err := bt.exec(ctx, `SAVEPOINT change`); err != nil {
			s.batchLost(t, batch, results, i)
			return
		}
		err := call(r.fn, bt)
		if err != nil {
			if _, rerr := bt.exec(ctx, `ROLLBACK TO change`); rerr != nil {
				s.batchLost(t, batch, results, i+1)
				return
			}
		}
		if _, rerr := bt.exec(ctx, `RELEASE change`); rerr != nil {
			s.batchLost(t, batch, results, i+1)
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

// batchLost rolls back a lost batch. Of the first ran changes, those that
// had failed keep their own answer (nothing of them was to be kept anyway,
// and running them again would only repeat it) and the others are answered
// errBatchLost; the rest run again one by one.
func (s *Store) batchLost(t interface{ Rollback() error }, batch []*writeReq, results []error, ran int) {
	t.Rollback()
	for i, r := range batch {
		switch {
		case i < ran && results[i] != nil:
			r.done <- results[i]
		case i < ran:
			r.done <- errBatchLost
		default:
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
	if err := call(fn, s.newTx(t, s.Now())); err != nil {
		t.Rollback()
		return err
	}
	if err := t.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// newTx is the Tx of the write transaction t.
func (s *Store) newTx(t *sql.Tx, now time.Time) *Tx {
	var q queryer = t
	if s.wstmts != nil {
		q = preparedTx{t, s.wstmts}
	}
	return &Tx{Queries: Queries{q: q, d: s.d}, tx: t, now: now}
}
