package store

import (
	"context"
	"database/sql"
)

// Prepared statements for the SQLite writer. Every change runs on the one
// writer connection, one after another in the writer goroutine, and a report
// or an edit runs the same dozen statements each time; preparing them anew
// for every change was about a third of the writer's time. The statements
// are prepared on the writer's own connection (sql.Conn) and only the writer
// goroutine touches the cache, so it needs no lock.

// maxStmts bounds the cache: SQL with values written into it (id lists, the
// day in status SQL) would otherwise grow it without end.
const maxStmts = 256

// stmtCache maps SQL text to a statement prepared on the writer connection.
type stmtCache struct {
	conn *sql.Conn
	m    map[string]*sql.Stmt
}

// txStmts binds the cache to one transaction.
type txStmts struct {
	c  *stmtCache
	tx *sql.Tx
}

// txStmts gives a write transaction the statement cache (SQLite only).
func (s *Store) txStmts(tx *sql.Tx) *txStmts {
	if s.stmts == nil {
		return nil
	}
	return &txStmts{c: s.stmts, tx: tx}
}

// get returns the transaction's use of the prepared statement for query,
// preparing it on first use, or nil to run the query unprepared.
func (t *txStmts) get(ctx context.Context, query string) *sql.Stmt {
	if t == nil {
		return nil
	}
	c := t.c
	st, ok := c.m[query]
	if !ok {
		if len(c.m) >= maxStmts {
			for k, old := range c.m {
				old.Close()
				delete(c.m, k)
			}
		}
		var err error
		if st, err = c.conn.PrepareContext(context.WithoutCancel(ctx), query); err != nil {
			return nil // the plain path reports the error
		}
		c.m[query] = st
	}
	return t.tx.StmtContext(ctx, st)
}
