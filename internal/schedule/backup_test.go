package schedule

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/store"
)

// TestScheduledBackups walks an injected clock through twelve days in steps
// of three hours over a real SQLite database that changes every day: a copy
// is taken once a day, never before the set hour, named by the day, checked,
// holding that day's rows; only the newest Keep stay, and files that are not
// daily copies are left alone.
func TestScheduledBackups(t *testing.T) {
	ctx := context.Background()
	s, drop, err := store.OpenScratch(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer drop()
	dir := filepath.Join(t.TempDir(), "backups")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "luoshi-notes.db")
	if err := os.WriteFile(other, []byte("not a copy"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Date(2024, 10, 1, 0, 30, 0, 0, shanghai)}
	checked := 0
	b := &Backups{Dir: dir, Keep: 3, Hour: 2, Backup: s.Backup, Now: c.Now,
		Check: func(ctx context.Context, p string) error { checked++; return store.CheckFile(ctx, p) },
		Log:   slog.New(slog.NewTextHandler(io.Discard, nil))}
	taken := map[string]time.Time{}
	for now := c.Now(); now.Before(time.Date(2024, 10, 13, 0, 0, 0, 0, shanghai)); now = now.Add(3 * time.Hour) {
		c.Set(now)
		if now.Hour() == 0 { // the day's change, before its copy
			day := now.Format(time.DateOnly)
			if err := s.Write(ctx, func(tx *store.Tx) error { return tx.SetSetting(ctx, "test.day", day) }); err != nil {
				t.Fatal(err)
			}
		}
		run, err := b.Step(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if run.Path == "" {
			continue
		}
		if now.Hour() < b.Hour {
			t.Errorf("%s: copy taken before %d o'clock", now, b.Hour)
		}
		if want := filepath.Join(dir, "luoshi-"+now.Format(time.DateOnly)+".db"); run.Path != want {
			t.Errorf("%s: copy at %s, want %s", now, run.Path, want)
		}
		if _, again := taken[run.Path]; again {
			t.Errorf("%s: a second copy for the same day", now)
		}
		taken[run.Path] = now
		// The copy holds the day's rows.
		cp, err := store.Open(run.Path)
		if err != nil {
			t.Fatal(err)
		}
		v, err := cp.Setting(ctx, "test.day", "")
		cp.Close()
		if err != nil || v != now.Format(time.DateOnly) {
			t.Errorf("%s: the copy holds day %q (%v)", now, v, err)
		}
	}
	if len(taken) != 12 || checked != 12 {
		t.Errorf("took %d copies and checked %d over 12 days, want 12 each", len(taken), checked)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if filepath.Ext(e.Name()) == ".db" {
			names = append(names, e.Name())
		}
	}
	want := []string{"luoshi-2024-10-10.db", "luoshi-2024-10-11.db", "luoshi-2024-10-12.db", "luoshi-notes.db"}
	if !slices.Equal(names, want) {
		t.Errorf("kept %v, want %v", names, want)
	}
}

// TestScheduledBackupFailsCheck: a copy that fails its check is not kept
// under the day's name (so the next step tries again), and the error says so.
func TestScheduledBackupFailsCheck(t *testing.T) {
	ctx := context.Background()
	s, drop, err := store.OpenScratch(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer drop()
	dir := t.TempDir()
	c := &clock{t: time.Date(2024, 10, 1, 3, 0, 0, 0, shanghai)}
	bad := errors.New("page 7: btree corrupt")
	b := &Backups{Dir: dir, Keep: 2, Hour: 2, Backup: s.Backup, Now: c.Now,
		Check: func(context.Context, string) error { return bad }}
	if _, err := b.Step(ctx); !errors.Is(err, bad) {
		t.Fatalf("step with a failing check: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a copy that failed its check was kept: %v", entries)
	}
	b.Check = store.CheckFile
	run, err := b.Step(ctx)
	if err != nil || run.Path != filepath.Join(dir, "luoshi-2024-10-01.db") {
		t.Errorf("the next step took %q (%v)", run.Path, err)
	}
}
