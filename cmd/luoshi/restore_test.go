package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// startServe runs luoshi serve on db until the test ends or stop is called;
// it returns once the server is ready.
func startServe(t *testing.T, db string) (stop func() error) {
	t.Helper()
	t.Setenv("LUOSHI_ADMIN_PASSWORD", "Restore-Test-24")
	ctx, cancel := context.WithCancel(context.Background())
	logR, logW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, []string{"--db", db, "--addr", "127.0.0.1:0", "--log-format", "json", "--jobs=false"}, io.Discard, logW)
		logW.Close()
	}()
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(logR)
		for sc.Scan() {
			var line map[string]any
			if json.Unmarshal(sc.Bytes(), &line) == nil && line["msg"] == "luoshi ready" {
				ready <- true
			}
		}
		ready <- false
	}()
	select {
	case ok := <-ready:
		if !ok {
			cancel()
			t.Fatalf("serve stopped before it was ready: %v", <-done)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not become ready")
	}
	stopped := false
	stop = func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		return <-done
	}
	t.Cleanup(func() { stop() })
	return stop
}

// dumpAll is every table of the SQLite database at path, row by row.
func dumpAll(t *testing.T, path string) map[string][]string {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tables, err := s.Tables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, tb := range tables {
		if out[tb], err = s.Dump(ctx, tb); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestRestore backs up a database holding the fixture, then restores it
// over another database: refused while a server runs on that database
// (in the reader's language), and refused for a damaged file, a file that is
// not a luoshi database, a schema newer than the binary and a tampered
// audit chain, each leaving the database as it was; restored once the
// server stopped, with every row, saying what it restored, the replaced
// database kept.
func TestRestore(t *testing.T) {
	ctx := context.Background()
	src, drop, err := store.OpenScratch(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	a := apptest.NewOn(t, src)
	events := apptest.AuditCount(t, a)
	dir := t.TempDir()
	bk := filepath.Join(dir, "backup.db")
	if code, out, errs := runCLI("backup", "--db", src.Path(), bk); code != 0 || !strings.Contains(out, "integrity checked") {
		t.Fatalf("backup: exit %d: %s %s", code, out, errs)
	}
	want := dumpAll(t, bk)

	live := filepath.Join(dir, "live.db")
	if code, _, errs := runCLI("migrate", "--db", live); code != 0 {
		t.Fatalf("migrate: %s", errs)
	}
	stop := startServe(t, live)
	before := dumpAll(t, live)
	unchanged := func(what string) {
		t.Helper()
		if diff := cmp.Diff(before, dumpAll(t, live)); diff != "" {
			t.Errorf("%s changed the database:\n%s", what, diff)
		}
		if _, err := os.Stat(live + ".restoring"); err == nil {
			t.Errorf("%s left its working copy behind", what)
		}
	}

	// A running server holds the database: restore and a second server
	// are refused, in the reader's language.
	t.Setenv("LANG", "en_US.UTF-8")
	code, _, errs := runCLI("restore", "--db", live, bk)
	if code != 2 || !strings.Contains(errs, "another luoshi server is running on "+live) {
		t.Errorf("restore under a running server: exit %d, %q", code, errs)
	}
	t.Setenv("LANG", "zh_CN.UTF-8")
	code, _, errs = runCLI("restore", "--db", live, bk)
	if code != 2 || !strings.Contains(errs, "另一个 luoshi 服务正在使用 "+live) {
		t.Errorf("restore under a running server, in Chinese: exit %d, %q", code, errs)
	}
	code, _, errs = runCLI("serve", "--db", live, "--addr", "127.0.0.1:0")
	if code != 2 || !strings.Contains(errs, "另一个 luoshi 服务正在使用") {
		t.Errorf("a second server on the same database: exit %d, %q", code, errs)
	}
	t.Setenv("LANG", "en_US.UTF-8")
	unchanged("restore under a running server")
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	before = dumpAll(t, live)

	// Files restore refuses.
	damaged := filepath.Join(dir, "damaged.db")
	b, _ := os.ReadFile(bk)
	copy(b[len(b)/2:], strings.Repeat("\xff", 4096)) // pages of garbage in the middle
	os.WriteFile(damaged, b, 0o600)
	notLuoshi := filepath.Join(dir, "other.db")
	writeSQL(t, notLuoshi, `CREATE TABLE things (id INTEGER PRIMARY KEY)`)
	newer := copyOf(t, bk, "newer.db")
	writeSQL(t, newer, fmt.Sprintf(`INSERT INTO schema_migrations (version, applied_at) VALUES (%d, 0)`, store.LatestVersion()+1))
	tampered := copyOf(t, bk, "tampered.db")
	ts, err := store.Open(tampered)
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.Tamper(ctx, `UPDATE audit_events SET actor = 'someone' WHERE seq = 2`); err != nil {
		t.Fatal(err)
	}
	ts.Close()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("not a database at all, just some words that are long enough to be read"), 0o600)
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"restore", "--db", live}, "usage"},
		{[]string{"restore", "--db", live, filepath.Join(dir, "missing.db")}, "missing.db is not a backup file"},
		{[]string{"restore", "--db", live, live}, "is the database itself"},
		{[]string{"restore", "--db", live, damaged}, "damaged.db is not a sound SQLite database"},
		{[]string{"restore", "--db", live, text}, "notes.txt is not a sound SQLite database"},
		{[]string{"restore", "--db", live, notLuoshi}, "other.db is not a luoshi database (it has no table schema_migrations)"},
		{[]string{"restore", "--db", live, newer}, fmt.Sprintf("newer.db has schema version %d, newer than this luoshi (version %d)", store.LatestVersion()+1, store.LatestVersion())},
		{[]string{"restore", "--db", live, tampered}, "the audit chain of " + tampered + " is broken at seq 2 (hash)"},
		{[]string{"restore", "--db", "postgres://luoshi@db.example/luoshi", bk}, "pg_restore --no-owner -d"},
		{[]string{"backup", "--db", "postgres://luoshi@db.example/luoshi", filepath.Join(dir, "pg.db")}, "pg_dump -Fc -f luoshi.dump"},
	} {
		code, _, errs := runCLI(c.args...)
		if code != 2 || !strings.Contains(errs, c.msg) {
			t.Errorf("luoshi %v: exit %d, %q, want 2 and %q", c.args[2:], code, errs, c.msg)
		}
		unchanged(strings.Join(c.args, " "))
	}

	// Restored once the server stopped.
	code, out, errs := runCLI("restore", "--db", live, bk)
	if code != 0 {
		t.Fatalf("restore: exit %d: %s", code, errs)
	}
	for _, s := range []string{
		"restored " + bk + " into " + live,
		fmt.Sprintf("schema version %d;", store.LatestVersion()),
		"measures 3",
		fmt.Sprintf("audit chain verified: %d events (seq 1–%d)", events, events),
		"the database it replaced is kept at " + live + ".replaced-",
	} {
		if !strings.Contains(out, s) {
			t.Errorf("restore says %q, without %q", out, s)
		}
	}
	if !strings.Contains(errs, "restore: copying: ") {
		t.Errorf("restore printed no final progress line: %q", errs)
	}
	if diff := cmp.Diff(want, dumpAll(t, live)); diff != "" {
		t.Errorf("the restored database differs from the backup:\n%s", diff)
	}
	kept, _ := filepath.Glob(live + ".replaced-*.db")
	if len(kept) != 1 {
		t.Fatalf("replaced databases kept: %v", kept)
	}
	if diff := cmp.Diff(before, dumpAll(t, kept[0])); diff != "" {
		t.Errorf("the kept database is not the one replaced:\n%s", diff)
	}
	// And a server starts on it.
	startServe(t, live)()
}

// writeSQL runs statements on a SQLite file, creating it if needed.
func writeSQL(t *testing.T, path string, stmts ...string) {
	t.Helper()
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Write(context.Background(), func(tx *store.Tx) error {
		for _, q := range stmts {
			if err := tx.Exec(context.Background(), q); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

func copyOf(t *testing.T, from, name string) string {
	t.Helper()
	to := filepath.Join(filepath.Dir(from), name)
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return to
}

// TestServeRefusesNewerDatabase: a database a newer luoshi migrated is
// refused at start, with exit status 2, in the reader's language.
func TestServeRefusesNewerDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "n.db")
	if code, _, errs := runCLI("migrate", "--db", db); code != 0 {
		t.Fatal(errs)
	}
	next := store.LatestVersion() + 1
	writeSQL(t, db, fmt.Sprintf(`INSERT INTO schema_migrations (version, applied_at) VALUES (%d, 0)`, next))
	t.Setenv("LUOSHI_ADMIN_PASSWORD", "Restore-Test-24")
	t.Setenv("LANG", "en_US.UTF-8")
	code, _, errs := runCLI("serve", "--db", db, "--addr", "127.0.0.1:0")
	want := fmt.Sprintf("the database's schema is version %d, newer than this luoshi (version %d)", next, store.LatestVersion())
	if code != 2 || !strings.Contains(errs, want) {
		t.Errorf("serve on a newer database: exit %d, %q, want 2 and %q", code, errs, want)
	}
	t.Setenv("LANG", "zh_CN.UTF-8")
	code, _, errs = runCLI("serve", "--db", db, "--addr", "127.0.0.1:0")
	if want := fmt.Sprintf("数据库的结构版本是 %d，比本程序（版本 %d）新", next, store.LatestVersion()); code != 2 || !strings.Contains(errs, want) {
		t.Errorf("serve on a newer database, in Chinese: exit %d, %q, want %q", code, errs, want)
	}
}

// TestServeBackups: serve with --backup-dir takes the day's backup once its
// hour has come (here hour 0, so at once), checked and named by the day;
// settings the backups cannot keep to are refused before serve starts.
func TestServeBackups(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	backups := filepath.Join(dir, "backups")
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"serve", "--db", db, "--backup-dir", backups, "--backup-keep", "0"}, "--backup-keep must be at least 1, not 0"},
		{[]string{"serve", "--db", db, "--backup-dir", backups, "--backup-hour", "24"}, "--backup-hour must be an hour from 0 to 23, not 24"},
		{[]string{"serve", "--db", "postgres://luoshi@db.example/luoshi", "--backup-dir", backups}, "pg_dump -Fc"},
	} {
		if code, _, errs := runCLI(c.args...); code != 2 || !strings.Contains(errs, c.msg) {
			t.Errorf("luoshi %v: exit %d, %q, want 2 and %q", c.args[1:], code, errs, c.msg)
		}
	}
	t.Setenv("LUOSHI_ADMIN_PASSWORD", "Restore-Test-24")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, []string{"--db", db, "--addr", "127.0.0.1:0", "--jobs=false", "--backup-dir", backups, "--backup-hour", "0", "--backup-keep", "2"}, io.Discard, io.Discard)
	}()
	var found []string
	deadline := time.Now().Add(30 * time.Second)
	for len(found) == 0 && time.Now().Before(deadline) {
		found, _ = filepath.Glob(filepath.Join(backups, "luoshi-*.db"))
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || !strings.HasPrefix(filepath.Base(found[0]), "luoshi-"+time.Now().Format("2006-")) {
		t.Fatalf("backups taken by serve: %v", found)
	}
	if err := store.CheckFile(context.Background(), found[0]); err != nil {
		t.Error(err)
	}
	if got := dumpAll(t, found[0])["accounts"]; len(got) != 1 {
		t.Errorf("the backup holds %d accounts, want the admin", len(got))
	}
}
