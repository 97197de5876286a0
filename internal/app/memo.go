package app

import (
	"context"
	"sync"
	"time"
)

// memoTTL bounds how long a remembered read is trusted without a write of
// this process in between: other servers on one PostgreSQL database write
// unseen, and their changes reach this server's pages within this time.
const memoTTL = 3 * time.Second

// memo keeps the reads every page repeats (the to-do counts of the
// navigation, the units, leaders and periods of the filters) from one
// request to the next. An entry holds until this process commits a write
// (the store's generation moves), memoTTL passes, or its key changes —
// keys that depend on the day carry it.
type memo struct {
	mu      sync.Mutex
	entries map[string]memoEntry
}

type memoEntry struct {
	gen int64
	at  time.Time
	v   any
}

// memoMax bounds the entries (one per reader of the to-do, a few shared):
// past it the memo starts afresh.
const memoMax = 4096

// remember returns the value kept under key, or reads it with read and
// keeps it. The value is shared between requests: callers that change what
// they get must copy it first.
func remember[T any](ctx context.Context, a *App, key string, read func() (T, error)) (T, error) {
	gen := a.store.Generation()
	now := time.Now()
	a.memo.mu.Lock()
	e, ok := a.memo.entries[key]
	a.memo.mu.Unlock()
	if ok && e.gen == gen && now.Sub(e.at) < memoTTL {
		return e.v.(T), nil
	}
	v, err := read()
	if err != nil {
		return v, err
	}
	a.memo.mu.Lock()
	if a.memo.entries == nil || len(a.memo.entries) >= memoMax {
		a.memo.entries = map[string]memoEntry{}
	}
	a.memo.entries[key] = memoEntry{gen: gen, at: now, v: v}
	a.memo.mu.Unlock()
	return v, nil
}
