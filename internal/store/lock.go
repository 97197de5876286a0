package store

import (
	"errors"
	"fmt"
	"os"
)

// ErrHeld is returned by LockFile when another process (or another open
// of the lock in this one) holds the database.
var ErrHeld = errors.New("held by another luoshi")

// Lock is a held lock on a SQLite database: the server holds it as long as
// it runs, and restore takes it before it replaces the file, so restore can
// never pull a database from under a running server. The operating system
// drops it when the process ends, however it ends.
type Lock struct{ f *os.File }

// LockPath is the lock file beside a SQLite database.
func LockPath(db string) string { return db + ".lock" }

// LockFile takes the lock of the SQLite database db without waiting; it
// returns an error wrapping ErrHeld when another holds it.
func LockFile(db string) (*Lock, error) {
	f, err := os.OpenFile(LockPath(db), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("store: lock %s: %w", db, err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("store: lock %s: %w", LockPath(db), err)
	}
	// Who holds it, for whoever looks at the file.
	f.Truncate(0)
	fmt.Fprintf(f, "%d\n", os.Getpid())
	return &Lock{f: f}, nil
}

// Unlock lets the lock go.
func (l *Lock) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := unlockFile(l.f)
	l.f.Close()
	l.f = nil
	return err
}
