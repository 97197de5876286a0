package app

import (
	"context"
	"sync"
	"time"
)

// memoTTL bounds how long a remembered read is trusted without a write of
// this process in between: other servers on one PostgreSQL database write
// unseen, and their changes reach this server's pages within about this
// time.
const memoTTL = 3 * time.Second

// memo keeps the reads every page repeats (the to-do counts of the
// navigation, the units, leaders and periods of the filters) from one
// request to the next. An entry holds until this process commits a write
// (the store's generation moves) or its key changes — keys that depend on
// the day carry it. Past memoTTL an entry is still answered while one
// background read renews it, so that requests do not all stall together
// every few seconds; after a write of this process it is read again before
// anyone is answered, and requests asking at once share that one read.
type memo struct {
	mu      sync.Mutex
	entries map[string]*memoEntry
}

type memoEntry struct {
	gen      int64
	at       time.Time
	v        any
	err      error
	done     chan struct{} // closed when v is read
	renewing bool
}

// The tables some remembered reads read (rememberOf).
var (
	settingsTable = []string{"settings"}
	unitsTable    = []string{"units", "unit_aliases"}
)

// memoMax bounds the entries (one per reader of the to-do, a few shared):
// past it the memo starts afresh.
const memoMax = 4096

// memoRead bounds a read the memo makes in the background.
const memoRead = 30 * time.Second

// remember returns the value kept under key, or reads it with read and
// keeps it. The value is shared between requests: callers that change what
// they get must copy it first. read gets a context of its own when it runs
// in the background, after the request that started it has ended.
func remember[T any](ctx context.Context, a *App, key string, read func(context.Context) (T, error)) (T, error) {
	return rememberAt(ctx, a, key, a.store.Generation(), read)
}

// rememberOf is remember for a read of the tables named only: its value
// holds through this process's writes to other tables (a stream of progress
// reports leaves the settings and the units as they were).
func rememberOf[T any](ctx context.Context, a *App, key string, tables []string, read func(context.Context) (T, error)) (T, error) {
	return rememberAt(ctx, a, key, a.store.TablesGeneration(tables...), read)
}

// rememberAt is remember's work, for a value read at generation gen.
func rememberAt[T any](ctx context.Context, a *App, key string, gen int64, read func(context.Context) (T, error)) (T, error) {
	m := &a.memo
	m.mu.Lock()
	e := m.entries[key]
	switch {
	case e != nil && e.gen == gen:
		// current, being read, or stale by age only
		if e.done != nil {
			done := e.done
			m.mu.Unlock()
			select {
			case <-done:
			case <-ctx.Done():
				var zero T
				return zero, ctx.Err()
			}
			m.mu.Lock()
			v, err := e.v, e.err
			m.mu.Unlock()
			if err != nil {
				var zero T
				return zero, err
			}
			return v.(T), nil
		}
		if time.Since(e.at) >= memoTTL && !e.renewing {
			e.renewing = true
			go func() {
				rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), memoRead)
				defer cancel()
				v, err := read(rctx)
				m.mu.Lock()
				defer m.mu.Unlock()
				if cur := m.entries[key]; cur == e {
					e.renewing = false
					if err == nil {
						e.v, e.at = v, time.Now()
					}
				}
			}()
		}
		v := e.v
		m.mu.Unlock()
		return v.(T), nil
	}
	// missing, or written since: read now, once for everyone asking
	e = &memoEntry{gen: gen, at: time.Now(), done: make(chan struct{})}
	if m.entries == nil || len(m.entries) >= memoMax {
		m.entries = map[string]*memoEntry{}
	}
	m.entries[key] = e
	m.mu.Unlock()
	v, err := read(ctx)
	m.mu.Lock()
	e.v, e.err, e.at = v, err, time.Now()
	close(e.done)
	e.done = nil
	if err != nil && m.entries[key] == e {
		delete(m.entries, key) // an error is not remembered
	}
	m.mu.Unlock()
	return v, err
}
