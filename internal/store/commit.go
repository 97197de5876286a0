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

// Group commit. SQLite has one writer, and every durable commit waits for
// the disk; one commit per change caps a server at a few thousand changes a
// second whatever the CPU. So changes that arrive while the writer is busy
// or the disk is syncing are run together: each inside its own SAVEPOINT (a
// change that fails is rolled back alone, exactly as if it had had its own
// transaction), all under one transaction and one commit. The writer
// commits without waiting for the disk and goes on with the next changes
// while the syncer syncs the WAL to disk (wal_sync.go); nobody is answered
// before that sync, so an acknowledged change is as durable as with one
// synchronous commit of its own.
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

// holds keeps the longest a change ran on the writer and the longest a
// commit took (nanoseconds) since WriterHolds last read them: how long a
// change arriving at the worst moment waits for the writer.
type holds struct{ change, commit atomic.Int64 }

// noteLongest raises v to the time since since, if that is longer.
func noteLongest(v *atomic.Int64, since time.Time) {
	d := int64(time.Since(since))
	for {
		old := v.Load()
		if d <= old || v.CompareAndSwap(old, d) {
			return
		}
	}
}

// WriterHolds reports the longest a change ran on the writer and the
// longest commit since the last call, and starts counting afresh (for the
// benchmarks: the daily run must not hold the writer for long). A store
// without a writer (PostgreSQL) reports zeros.
func (s *Store) WriterHolds() (change, commit time.Duration) {
	return time.Duration(s.holds.change.Swap(0)), time.Duration(s.holds.commit.Swap(0))
}

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

// batch is the writer's open transaction: the changes run in it so far,
// each in a savepoint of its own, waiting for one commit. A change that
// failed is not in it: it was rolled back to its savepoint and answered.
type batch struct {
	t    *sql.Tx
	tx   *Tx
	reqs []*writeReq
}

// writer runs queued changes. It runs each change as it arrives into the
// open transaction, and commits that when nothing more is waiting and the
// syncer has put the last commit on disk, or when maxBatch changes are in
// it: while the disk syncs one batch, the next one grows, so the changes
// of busy moments share commits and syncs, and a change arriving when the
// disk is idle is committed at once. The syncer answers the callers.
func (s *Store) writer() {
	defer close(s.writerDone)
	defer close(s.acks)
	var b *batch
	var handed int64 // batches handed to the syncer
	for {
		if b != nil && (len(b.reqs) >= maxBatch || len(s.writes) == 0 && s.synced.Load() == handed) {
			if s.commit(b) {
				handed++
			}
			b = nil
		}
		select {
		case r := <-s.writes:
			b = s.run(b, r)
		case <-s.syncedBell:
		case <-s.closed:
			if b != nil {
				s.commit(b)
			}
			for {
				select {
				case r := <-s.writes:
					r.done <- errors.New("store: closed")
				default:
					return
				}
			}
		}
	}
}

// run runs change r in the open transaction b (beginning one when b is
// nil) under a savepoint, and returns the open transaction: b, or nil when
// it was lost. A change that fails is rolled back to its savepoint and
// answered at once; nothing of it is kept whatever becomes of the rest.
func (s *Store) run(b *batch, r *writeReq) *batch {
	if err := r.ctx.Err(); err != nil {
		r.done <- err
		return b
	}
	if s.wal.failed.Load() != nil {
		r.done <- model.Errorf(model.EUNAVAILABLE, "the disk failed to save a change: no change is taken until luoshi is restarted")
		return b
	}
	if b == nil {
		t, err := s.write.BeginTx(context.Background(), nil)
		if err != nil {
			r.done <- fmt.Errorf("store: begin: %w", err)
			return nil
		}
		// Every change of the batch runs on one Tx, and the savepoints'
		// statements go through its cache too, not parsed again for each.
		b = &batch{t: t, tx: s.newTx(t, s.Now())}
	}
	b.tx.now = s.Now()
	ctx := context.Background()
	began := time.Now()
	defer noteLongest(&s.holds.change, began)
	if _, err := b.tx.exec(ctx, `SAVEPOINT change`); err != nil {
		s.lose(b, r, nil)
		return nil
	}
	before := b.tx.later.keep()
	err := call(r.fn, b.tx)
	if err != nil {
		if _, rerr := b.tx.exec(ctx, `ROLLBACK TO change`); rerr != nil {
			s.lose(b, r, err)
			return nil
		}
		b.tx.later = before
	}
	if _, rerr := b.tx.exec(ctx, `RELEASE change`); rerr != nil {
		s.lose(b, r, err)
		return nil
	}
	if err != nil {
		r.done <- err
		return b
	}
	b.reqs = append(b.reqs, r)
	return b
}

// lose rolls back a lost transaction (a change ended it under the others,
// as an interrupted statement can): the changes in it are answered
// errBatchLost and go again; r, the change running when it was lost, too,
// unless it had failed (failed, it is answered its own error: nothing of
// it was to be kept anyway, and running it again would only repeat it).
func (s *Store) lose(b *batch, r *writeReq, failed error) {
	b.t.Rollback()
	for _, q := range b.reqs {
		q.done <- errBatchLost
	}
	if failed != nil {
		r.done <- failed
	} else {
		r.done <- errBatchLost
	}
}

// commit commits b and hands its callers to the syncer, reporting whether
// it did; on a failed commit they are answered the error.
func (s *Store) commit(b *batch) bool {
	// The statements the batch asked for first are prepared once the
	// connection is free again.
	defer s.wstmts.prepareMissed(context.Background())
	if s.loseBatch() {
		b.t.Rollback()
		for _, r := range b.reqs {
			r.done <- errBatchLost
		}
		return false
	}
	began := time.Now()
	err := s.commitTx(context.Background(), b.tx)
	noteLongest(&s.holds.commit, began)
	if err != nil {
		for _, r := range b.reqs {
			r.done <- err
		}
		return false
	}
	if len(b.reqs) == 0 {
		return false
	}
	if len(b.reqs) > 1 {
		groupCommits.Add(1)
	}
	s.acks <- b.reqs
	return true
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
	tx := s.newTx(t, s.Now())
	if err := call(fn, tx); err != nil {
		t.Rollback()
		return err
	}
	return s.commitTx(ctx, tx)
}

// commitTx writes what tx deferred (deferred.go) and commits it. The tables
// it wrote are counted once it is committed, so before anyone is told, and
// also when the commit says it failed: a connection lost at COMMIT may have
// kept it all the same, and counting more than was written costs a read.
func (s *Store) commitTx(ctx context.Context, tx *Tx) error {
	if err := tx.finish(ctx); err != nil {
		tx.tx.Rollback()
		return err
	}
	err := tx.tx.Commit()
	s.tables.moved(tx.wrote)
	if err != nil {
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
	w := &written{}
	return &Tx{Queries: Queries{q: noting{q, w}, d: s.d}, tx: t, now: now, wrote: w}
}
