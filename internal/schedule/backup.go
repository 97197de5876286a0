package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Backups takes a copy of the database every day at Hour into Dir, named
// by the day (luoshi-2024-10-15.db), checks each copy before it keeps it,
// and keeps the newest Keep. The day it last took one is the file itself:
// a server restarted after the hour takes that day's copy once.
type Backups struct {
	Dir  string
	Keep int // how many daily copies to keep; at least 1
	Hour int // the hour of the day (0–23, by Now's time zone) from which the day's copy is taken
	// Backup writes a consistent copy of the database to a new file
	// (store.Backup); Check checks a copy (store.CheckFile).
	Backup func(ctx context.Context, path string) error
	Check  func(ctx context.Context, path string) error
	// Now is the clock (the institution's time zone); tests inject it.
	Now func() time.Time
	Log *slog.Logger
	// Every is how often Run looks at the clock (default a minute).
	Every time.Duration
}

// BackupRun is what one Step did.
type BackupRun struct {
	Path   string   // the copy taken ("" when none was due)
	Pruned []string // the old copies removed
}

const backupPrefix, backupSuffix = "luoshi-", ".db"

// BackupName is the file a day's copy is kept in.
func BackupName(day time.Time) string {
	return backupPrefix + day.Format(time.DateOnly) + backupSuffix
}

// Step takes the day's copy when its hour has come and none was taken yet,
// then removes the copies beyond Keep, oldest first.
func (b *Backups) Step(ctx context.Context) (BackupRun, error) {
	var run BackupRun
	if b.Keep < 1 {
		return run, fmt.Errorf("backups: keep %d copies: at least 1", b.Keep)
	}
	now := b.Now()
	path := filepath.Join(b.Dir, BackupName(now))
	if now.Hour() >= b.Hour {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			if err := b.take(ctx, path); err != nil {
				return run, err
			}
			run.Path = path
		} else if err != nil {
			return run, fmt.Errorf("backups: %w", err)
		}
	}
	pruned, err := b.prune()
	run.Pruned = pruned
	return run, err
}

// take writes the copy under a temporary name and gives it the day's name
// only once it passed the check: a file named by a day is a sound copy.
func (b *Backups) take(ctx context.Context, path string) error {
	if err := os.MkdirAll(b.Dir, 0o700); err != nil {
		return fmt.Errorf("backups: %w", err)
	}
	tmp := path + ".partial"
	os.Remove(tmp) // a copy an earlier, interrupted run left
	if err := b.Backup(ctx, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backups: %w", err)
	}
	if err := b.Check(ctx, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backups: the copy failed its check: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backups: %w", err)
	}
	return nil
}

// prune removes the daily copies beyond the newest Keep; it touches only
// files named like one.
func (b *Backups) prune() ([]string, error) {
	entries, err := os.ReadDir(b.Dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("backups: %w", err)
	}
	var days []string
	for _, e := range entries {
		n := e.Name()
		if e.Type().IsRegular() && strings.HasPrefix(n, backupPrefix) && strings.HasSuffix(n, backupSuffix) {
			if _, err := time.Parse(time.DateOnly, strings.TrimSuffix(strings.TrimPrefix(n, backupPrefix), backupSuffix)); err == nil {
				days = append(days, n)
			}
		}
	}
	slices.Sort(days) // by date: the names sort as the days do
	var pruned []string
	for len(days) > b.Keep {
		p := filepath.Join(b.Dir, days[0])
		if err := os.Remove(p); err != nil {
			return pruned, fmt.Errorf("backups: %w", err)
		}
		pruned = append(pruned, p)
		days = days[1:]
	}
	return pruned, nil
}

// Run steps until ctx ends, logging each copy taken and any error.
func (b *Backups) Run(ctx context.Context) {
	every := b.Every
	if every <= 0 {
		every = time.Minute
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		run, err := b.Step(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			b.Log.Error("backup", "err", err)
		case run.Path != "":
			b.Log.Info("backup taken and checked", "path", run.Path, "pruned", len(run.Pruned))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
