package store

import (
	"context"
	"database/sql"
	"strings"
	"sync"
	"sync/atomic"
)

// Generations per table. Generation moves with every write this process
// commits, so a result kept on it is read again after any change at all:
// under a stream of progress reports, the settings, the units and every
// session were read again for each request although none of them had
// changed. TablesGeneration moves only with the writes that name one of the
// tables asked about, so a reader that says what it reads keeps it through
// the writes of everything else.
//
// A transaction notes the tables its statements write as they run (the
// table after INTO, UPDATE or DELETE FROM; a statement that changes the
// schema, or truncates, counts as writing every table), and the counts move
// once it has committed, before any change in it is answered. Noting more
// than was written only costs a read; a statement writing a table without
// naming it would be missed, which is why it is the statements' text that
// is read and not a list kept beside them. No trigger of ours writes
// sessions, accounts, settings, units, unit_aliases or periods (the tables
// read this way); a trigger that did would have to be named by its readers
// too.
//
// Like Generation, this sees only this process's writes: other servers on
// one PostgreSQL write unseen, and whoever keeps a result must also bound
// how long it trusts it.

// tableGens counts, per table, the committed write transactions that
// wrote it; every counts the ones that wrote every table.
type tableGens struct {
	every atomic.Int64
	by    sync.Map // table name → *atomic.Int64
}

// TablesGeneration is a number that moves whenever this process commits a
// write to one of tables (or one that changes the schema).
func (s *Store) TablesGeneration(tables ...string) int64 {
	g := s.tables.every.Load()
	for _, t := range tables {
		if v, ok := s.tables.by.Load(t); ok {
			g += v.(*atomic.Int64).Load()
		}
	}
	return g
}

// moved counts a committed transaction's written tables.
func (g *tableGens) moved(w *written) {
	if w.every {
		g.every.Add(1)
	}
	for t := range w.tables {
		v, ok := g.by.Load(t)
		if !ok {
			v, _ = g.by.LoadOrStore(t, new(atomic.Int64))
		}
		v.(*atomic.Int64).Add(1)
	}
}

// written is what a write transaction's statements wrote so far. One
// goroutine runs a transaction, so it needs no lock.
type written struct {
	every  bool
	tables map[string]struct{}
}

// note reads the tables statement q writes.
func (w *written) note(q string) {
	word, rest := nextWord(q)
	for _, k := range []string{"CREATE", "ALTER", "DROP"} {
		if strings.EqualFold(word, k) {
			w.every = true
			return
		}
	}
	// the keyword before the word: a table follows INTO and UPDATE, and
	// FROM in a statement that deletes
	const (
		other = iota
		into
		from
	)
	prev, deleting := other, false
	for word != "" {
		switch {
		case prev == into || prev == from && deleting:
			if w.tables == nil {
				w.tables = map[string]struct{}{}
			}
			w.tables[strings.ToLower(strings.Trim(word, `"`))] = struct{}{}
		case strings.EqualFold(word, "TRUNCATE"):
			w.every = true
			return
		}
		switch {
		case strings.EqualFold(word, "INTO") || strings.EqualFold(word, "UPDATE"):
			prev = into
		case strings.EqualFold(word, "FROM"):
			prev = from
		case strings.EqualFold(word, "DELETE"):
			prev, deleting = other, true
		default:
			prev = other
		}
		word, rest = nextWord(rest)
	}
}

// nextWord returns the next run of letters, digits, underscores and
// double quotes in s, and what follows it.
func nextWord(s string) (word, rest string) {
	i := 0
	for i < len(s) && !isWordByte(s[i]) {
		i++
	}
	j := i
	for j < len(s) && isWordByte(s[j]) {
		j++
	}
	return s[i:j], s[j:]
}

func isWordByte(c byte) bool {
	return c == '_' || c == '"' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// noting runs a write transaction's statements, noting what they write.
type noting struct {
	queryer
	w *written
}

func (n noting) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	n.w.note(query)
	return n.queryer.ExecContext(ctx, query, args...)
}

func (n noting) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	n.w.note(query)
	return n.queryer.QueryContext(ctx, query, args...)
}

func (n noting) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	n.w.note(query)
	return n.queryer.QueryRowContext(ctx, query, args...)
}
