package store

import (
	"context"
	"database/sql"
	"sync"
	"time"
)

// Prepared statements on SQLite. database/sql's plain ExecContext and
// QueryContext prepare their SQL on every call: on the large institution a
// twelfth of a list request and a quarter of the writer's time went to
// sqlite3_prepare_v2. The SQLite driver keeps a prepared single statement's
// handle between executions, so luoshi prepares each SQL text once per
// pool (database/sql then prepares it once per connection, lazily) and runs
// it again and again. An earlier try at this measured slower: that driver
// version prepared the SQL anew at every execution, prepared or not, and
// the Stmt's bookkeeping came on top.
//
// PostgreSQL needs none of this: pgx keeps its own per-connection cache of
// prepared statements.

// maxStmts bounds the statements kept per pool; maxStmtSQL the SQL text a
// statement is kept for. luoshi's queries are a few hundred fixed texts;
// texts built with lists of values (IN (…), bulk inserts) vary with the
// list: a text is kept from the second time it runs, so that one-off
// variants do not fill the cache, and texts longer than maxStmtSQL run
// unprepared. Some texts carry the day (status and alerts are worked out
// in SQL), so a running server meets new ones every day: when maxStmts are
// kept, the cache starts afresh and the old statements are closed
// retireAfter later, long after any caller that got one has used it.
var (
	maxStmts    = 512
	retireAfter = 5 * time.Minute
)

const (
	maxStmtSQL = 2048
	maxSeen    = 4096 // texts seen once, remembered until this many
)

// stmtCache holds the statements prepared on one pool.
type stmtCache struct {
	db *sql.DB
	mu sync.RWMutex
	m  map[string]*sql.Stmt
	// seen are the texts that ran once, unprepared.
	seen map[string]bool
	// pending are texts asked for inside a transaction of a one-connection
	// pool (the SQLite writer), where preparing on the pool would wait for
	// the connection the transaction holds: prepareMissed prepares them
	// once it is free.
	pending map[string]bool
	// retired are the statements of earlier, full caches, waiting to be
	// closed, by the number of the retirement.
	retired  map[int]map[string]*sql.Stmt
	retiring int
}

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, m: map[string]*sql.Stmt{}, seen: map[string]bool{}, pending: map[string]bool{}, retired: map[int]map[string]*sql.Stmt{}}
}

// keeps reports whether query is a text to keep a statement for.
func keeps(query string) bool { return len(query) <= maxStmtSQL }

// get returns the statement for query, preparing it the first time; nil
// when query is not to be kept (too long, the cache full, or it does not
// prepare: the caller runs it unprepared and gets the error from there).
func (c *stmtCache) get(ctx context.Context, query string) *sql.Stmt {
	if !keeps(query) {
		return nil
	}
	c.mu.RLock()
	st, ok := c.m[query]
	c.mu.RUnlock()
	if ok || c.firstTime(query) {
		return st
	}
	return c.prepare(ctx, query)
}

// firstTime notes that query ran and reports whether it is the first time.
func (c *stmtCache) firstTime(query string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen[query] {
		delete(c.seen, query)
		return false
	}
	if len(c.seen) >= maxSeen {
		clear(c.seen)
	}
	c.seen[query] = true
	return true
}

// prepare prepares query on the pool and keeps it.
func (c *stmtCache) prepare(ctx context.Context, query string) *sql.Stmt {
	st, err := c.db.PrepareContext(context.WithoutCancel(ctx), query)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.m[query]; ok {
		st.Close()
		return prev
	}
	if len(c.m) >= maxStmts {
		c.retire()
	}
	c.m[query] = st
	return st
}

// retire starts the cache afresh and closes its statements retireAfter
// later; c.mu is held.
func (c *stmtCache) retire() {
	c.retiring++
	n := c.retiring
	c.retired[n], c.m = c.m, map[string]*sql.Stmt{}
	time.AfterFunc(retireAfter, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if m, ok := c.retired[n]; ok {
			closeAll(m)
			delete(c.retired, n)
		}
	})
}

// closeAll closes and forgets the statements of m.
func closeAll(m map[string]*sql.Stmt) {
	for q, st := range m {
		st.Close()
		delete(m, q)
	}
}

// kept returns the statement kept for query, or nil, noting query to be
// prepared later.
func (c *stmtCache) kept(query string) *sql.Stmt {
	if !keeps(query) {
		return nil
	}
	c.mu.RLock()
	st, ok := c.m[query]
	c.mu.RUnlock()
	if ok || c.firstTime(query) {
		return st
	}
	c.mu.Lock()
	c.pending[query] = true
	c.mu.Unlock()
	return nil
}

// prepareMissed prepares the texts kept asked for while the pool's
// connection was busy.
func (c *stmtCache) prepareMissed(ctx context.Context) {
	c.mu.Lock()
	var qs []string
	for q := range c.pending {
		qs = append(qs, q)
		delete(c.pending, q)
	}
	c.mu.Unlock()
	for _, q := range qs {
		c.prepare(ctx, q)
	}
}

// close closes every statement kept, and the retired ones.
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	closeAll(c.m)
	for n, m := range c.retired {
		closeAll(m)
		delete(c.retired, n)
	}
}

// preparedDB runs queries on a pool through its cached statements.
type preparedDB struct {
	db    *sql.DB
	stmts *stmtCache
}

func (p preparedDB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := p.stmts.get(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return p.db.ExecContext(ctx, query, args...)
}

func (p preparedDB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := p.stmts.get(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return p.db.QueryContext(ctx, query, args...)
}

func (p preparedDB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := p.stmts.get(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return p.db.QueryRowContext(ctx, query, args...)
}

// preparedTx runs queries in a transaction through the statements cached
// on the transaction's pool; texts not yet prepared run unprepared, and are
// prepared after the transaction (stmtCache.kept).
type preparedTx struct {
	tx    *sql.Tx
	stmts *stmtCache
}

func (p preparedTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := p.stmts.kept(query); st != nil {
		return p.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return p.tx.ExecContext(ctx, query, args...)
}

func (p preparedTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := p.stmts.kept(query); st != nil {
		return p.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return p.tx.QueryContext(ctx, query, args...)
}

func (p preparedTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := p.stmts.kept(query); st != nil {
		return p.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return p.tx.QueryRowContext(ctx, query, args...)
}
