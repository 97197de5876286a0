package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/schedule"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// pgBackupHelp is how a PostgreSQL database is backed up and restored: with
// PostgreSQL's own tools, which luoshi does not replace.
const pgBackupHelp = "pg_dump -Fc -f luoshi.dump 'postgres://…'  and, to restore into an empty database,  pg_restore --no-owner -d 'postgres://…' luoshi.dump"

// backup is luoshi backup: a consistent copy of a SQLite database taken
// while the server runs (VACUUM INTO reads one snapshot), checked with
// PRAGMA integrity_check before it is reported written.
func backup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newFlags("backup", stderr)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"usage: luoshi backup [--db FILE] PATH"}
	}
	path := fs.Arg(0)
	if store.IsPostgres(*db) {
		return model.Errorf(model.EINVALID, "%s copies only %s files; back up %s with its own tools: %s", "luoshi backup", "SQLite", "PostgreSQL", pgBackupHelp)
	}
	if _, err := os.Stat(path); err == nil {
		return usageError{fmt.Sprintf("%s already exists; choose a new path", path)}
	}
	if _, err := os.Stat(*db); err != nil {
		return usageError{fmt.Sprintf("database %s: %v", *db, err)}
	}
	s, err := store.Open(*db)
	if err != nil {
		return err
	}
	defer s.Close()
	p := newProgress(stderr, "backup", "bytes", fileSize(*db)+fileSize(*db+"-wal"))
	stop := watchFile(path, p)
	err = s.Backup(ctx, path)
	stop()
	if err != nil {
		return err
	}
	p.Set(fileSize(path))
	if err := store.CheckFile(ctx, path); err != nil {
		return err
	}
	v, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	p.Done("integrity checked")
	fmt.Fprintf(stdout, "backup of %s written to %s (schema version %d, integrity checked)\n", *db, path, v)
	return nil
}

// fileSize is the size of a file, 0 when there is none.
func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// watchFile reports a file's growing size to p until stop is called: the
// progress of a copy SQLite writes in one statement.
func watchFile(path string, p *progress) (stop func()) {
	if !p.tty {
		return func() {}
	}
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(progressEvery)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				p.Set(fileSize(path))
			}
		}
	}()
	return func() { close(done); <-finished }
}

// backupFlags are serve's scheduled backups.
type backupFlags struct {
	dir        *string
	keep, hour *int
}

func addBackupFlags(fs *flag.FlagSet) backupFlags {
	return backupFlags{
		dir:  fs.String("backup-dir", os.Getenv("LUOSHI_BACKUP_DIR"), "take a daily backup of the SQLite database into this folder (luoshi-YYYY-MM-DD.db, checked with PRAGMA integrity_check)"),
		keep: fs.Int("backup-keep", 14, "how many daily backups to keep in --backup-dir (older ones are removed)"),
		hour: fs.Int("backup-hour", 2, "the hour of the day (0–23, in the institution's time zone) from which the day's backup is taken"),
	}
}

// check refuses settings the backups cannot keep to, before serve starts.
func (f backupFlags) check(db string) error {
	if *f.dir == "" {
		return nil
	}
	switch {
	case store.IsPostgres(db):
		return model.Errorf(model.EINVALID, "%s copies only %s files; back up %s with its own tools: %s", "--backup-dir", "SQLite", "PostgreSQL", pgBackupHelp)
	case *f.keep < 1:
		return model.Errorf(model.EINVALID, "%s must be at least 1, not %d", "--backup-keep", *f.keep)
	case *f.hour < 0 || *f.hour > 23:
		return model.Errorf(model.EINVALID, "%s must be an hour from 0 to 23, not %d", "--backup-hour", *f.hour)
	}
	return nil
}

// start runs the daily backups until ctx ends; the channel closes when
// they have stopped.
func (f backupFlags) start(ctx context.Context, s *store.Store, a *app.App, log *slog.Logger) <-chan struct{} {
	done := make(chan struct{})
	if *f.dir == "" {
		close(done)
		return done
	}
	b := &schedule.Backups{Dir: *f.dir, Keep: *f.keep, Hour: *f.hour, Backup: s.Backup, Check: store.CheckFile, Log: log,
		// Real time, even when the demo's clock stands in 2024.
		Now: func() time.Time { return time.Now().In(a.Location) }}
	log.Info("daily backups", "dir", *f.dir, "keep", *f.keep, "hour", *f.hour)
	go func() { defer close(done); b.Run(ctx) }()
	return done
}

// holdDatabase takes the lock of a SQLite database for as long as the
// server runs, so that luoshi restore cannot replace it from under it and a
// second server on the same file is refused. PostgreSQL needs none.
func holdDatabase(db string) (*store.Lock, error) {
	if store.IsPostgres(db) {
		return nil, nil
	}
	l, err := store.LockFile(db)
	if errors.Is(err, store.ErrHeld) {
		return nil, model.Errorf(model.EINVALID, "another luoshi server is running on %s (it holds %s); stop it first", db, store.LockPath(db))
	}
	return l, err
}
