package app

import (
	"context"
	"database/sql"
	"fmt"
)

// Health reports whether the database serves this server: it answers a
// ping, and it takes a write. A database that still reads but refuses
// writes — a full disk, a file system turned read-only, a lock held by
// another process — fails every change, so /healthz must see it too. The
// write changes nothing (store.CheckWrite); ctx bounds the whole check, and
// the caller gives it a deadline, since a stuck writer would otherwise
// hold the answer.
func (a *App) Health(ctx context.Context) error {
	if err := a.store.Ping(ctx); err != nil {
		return fmt.Errorf("app: health: ping: %w", err)
	}
	if err := a.store.CheckWrite(ctx); err != nil {
		return fmt.Errorf("app: health: %w", err)
	}
	return nil
}

// PoolStats are the database's connection pools by name, for /metrics.
func (a *App) PoolStats() map[string]sql.DBStats { return a.store.PoolStats() }
