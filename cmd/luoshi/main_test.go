package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// asMainEnv, set to 1, makes this test binary run luoshi's main instead of
// the tests: bench run starts the server and the floor as child processes
// of os.Executable(), which in a test is this binary.
const asMainEnv = "LUOSHI_TEST_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(asMainEnv) == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

func runCLI(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return exitCode(err, &errb), out.String(), errb.String()
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{nil, 2, "no command"},
		{[]string{"frobnicate"}, 2, "unknown command"},
		{[]string{"serve", "--nope"}, 2, "flag provided but not defined"},
		{[]string{"migrate", "--db", db}, 0, ""},
		{[]string{"migrate", "--db", db, "extra"}, 2, "no arguments"},
		{[]string{"backup", "--db", db}, 2, "usage"},
		{[]string{"backup", "--db", db, db}, 2, "already exists"},
		{[]string{"backup", "--db", filepath.Join(dir, "missing.db"), filepath.Join(dir, "b.db")}, 2, "missing.db"},
		{[]string{"decompose", filepath.Join(dir, "missing.txt")}, 2, "missing.txt"},
	}
	for _, c := range cases {
		code, _, stderr := runCLI(c.args...)
		if code != c.code || !strings.Contains(stderr, c.msg) {
			t.Errorf("luoshi %v: exit %d (want %d), stderr %q (want %q)", c.args, code, c.code, stderr, c.msg)
		}
	}
}

// TestBackupWhileWriting takes a backup with the CLI while another
// connection keeps writing, checks the copy is a sound database, then takes a
// second backup at rest and compares every table with the source.
func TestBackupWhileWriting(t *testing.T) {
	// luoshi backup copies SQLite files, so this test is on SQLite whatever
	// engine the other tests use.
	s, drop, err := store.OpenScratch(context.Background(), "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	a := apptest.NewOn(t, s)
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	db := apptest.Store(a).Path()

	var stop atomic.Bool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; !stop.Load(); i++ {
			m := model.Measure{Title: "并发写入", Period: "2024-H2", LeadUnit: "KJC", Theme: "research"}
			if err := a.CreateMeasure(ctx, office, &m); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	busy := filepath.Join(t.TempDir(), "busy.db")
	code, _, stderr := runCLI("backup", "--db", db, busy)
	stop.Store(true)
	wg.Wait()
	if code != 0 {
		t.Fatalf("backup while writing: exit %d: %s", code, stderr)
	}
	copyStore, err := store.Open(busy)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := copyStore.IntegrityCheck(ctx); err != nil || !ok {
		t.Fatalf("backup taken while writing fails integrity check: %v", err)
	}
	copyStore.Close()

	rest := filepath.Join(t.TempDir(), "rest.db")
	if code, _, stderr := runCLI("backup", "--db", db, rest); code != 0 {
		t.Fatalf("backup: exit %d: %s", code, stderr)
	}
	restored, err := store.Open(rest)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	tables, err := apptest.Store(a).Tables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := restored.Tables(ctx)
	if diff := cmp.Diff(tables, got); diff != "" {
		t.Fatalf("tables differ (-source +restored):\n%s", diff)
	}
	for _, tb := range tables {
		want, err1 := apptest.Store(a).Dump(ctx, tb)
		have, err2 := restored.Dump(ctx, tb)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if diff := cmp.Diff(want, have); diff != "" {
			t.Errorf("table %s differs after restore (-source +restored):\n%s", tb, diff)
		}
		if tb == "measures" && len(want) < 4 {
			t.Errorf("measures: only %d rows; the concurrent writer wrote none", len(want))
		}
	}
}
