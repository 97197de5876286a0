package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// TestProgressPrinter drives the printer with an injected clock: on a
// (faked) terminal it rewrites one line, at most every progressEvery, with
// done of total, rate and time left, and ends with a final line; off a
// terminal it prints the final line only.
func TestProgressPrinter(t *testing.T) {
	start := time.Date(2024, 10, 15, 9, 0, 0, 0, time.UTC)
	now := start
	defer func(c func() time.Time) { progressClock = c }(progressClock)
	progressClock = func() time.Time { return now }
	at := func(d time.Duration) { now = start.Add(d) }

	t.Setenv("LUOSHI_PROGRESS", "always")
	var b bytes.Buffer
	p := newProgress(&b, "copy", "rows", 12000)
	at(100 * time.Millisecond)
	p.Set(500) // too soon after the start: nothing yet
	if b.Len() != 0 {
		t.Errorf("printed within %v of the start: %q", progressEvery, b.String())
	}
	at(2 * time.Second)
	p.Set(3000)
	at(2*time.Second + 50*time.Millisecond)
	p.Add(100) // too soon after the last line
	at(4 * time.Second)
	p.Add(2900)
	at(8 * time.Second)
	p.Set(12000)
	p.Done("12 tables")
	want := "\r\033[Kcopy: 3,000 of 12,000 rows (25%), 1,500 rows/s, 6s left" +
		"\r\033[Kcopy: 6,000 of 12,000 rows (50%), 1,500 rows/s, 4s left" +
		"\r\033[Kcopy: 12,000 of 12,000 rows (100%), 1,500 rows/s" +
		"\r\033[Kcopy: 12,000 rows in 8s (1,500 rows/s); 12 tables\n"
	if b.String() != want {
		t.Errorf("on a terminal:\n%q\nwant\n%q", b.String(), want)
	}

	// Stages: reading a file in bytes, then writing its rows; the final
	// line counts the last stage over the whole time.
	b.Reset()
	at(0)
	p = newProgress(&b, "import measures", "bytes", 2<<20)
	p.stage = "reading"
	at(time.Second)
	p.Set(2 << 20)
	p.Rows("writing", 0, 1000)
	at(3 * time.Second)
	p.Rows("writing", 500, 1000)
	at(5 * time.Second)
	p.Done("1,000 rows")
	want = "\r\033[Kimport measures: reading 2.0 MB of 2.0 MB (100%), 2.0 MB/s" +
		"\r\033[Kimport measures: writing 500 of 1,000 rows (50%), 250 rows/s, 2s left" +
		"\r\033[Kimport measures: 500 rows in 5s (125 rows/s); 1,000 rows\n"
	if b.String() != want {
		t.Errorf("in stages:\n%q\nwant\n%q", b.String(), want)
	}

	t.Setenv("LUOSHI_PROGRESS", "never")
	b.Reset()
	at(0)
	p = newProgress(&b, "backup", "bytes", 3<<20)
	at(time.Second)
	p.Set(1 << 20)
	at(2 * time.Second)
	p.Set(3 << 20)
	p.Done("integrity checked")
	if want := "backup: 3.0 MB in 2s (1.5 MB/s); integrity checked\n"; b.String() != want {
		t.Errorf("off a terminal: %q, want %q", b.String(), want)
	}
	// A writer that is not a terminal, whatever it is, unless faked.
	t.Setenv("LUOSHI_PROGRESS", "")
	if isTerminal(&b) {
		t.Error("a buffer is taken for a terminal")
	}
	f, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Error("a file is taken for a terminal")
	}
}

// TestProgressOfCommands runs the long commands on a faked terminal: each
// rewrites a progress line and ends with its final line; off a terminal
// only the final line is printed.
func TestProgressOfCommands(t *testing.T) {
	ctx := context.Background()
	src, drop, err := store.OpenScratch(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	apptest.NewOn(t, src)
	dir := t.TempDir()
	bk := filepath.Join(dir, "b.db")
	empty := filepath.Join(dir, "empty.db")
	if code, _, errs := runCLI("migrate", "--db", empty); code != 0 {
		t.Fatal(errs)
	}
	people := filepath.Join(dir, "people.db")
	if code, _, errs := runCLI("migrate", "--db", people); code != 0 {
		t.Fatal(errs)
	}
	cmds := []struct {
		args        []string
		line, final string
	}{
		{[]string{"backup", "--db", src.Path(), bk}, "", "backup: "},
		{[]string{"restore", "--db", filepath.Join(dir, "r.db"), bk}, "restore: copying: ", "restore: copying: "},
		{[]string{"import", "units", filepath.Join("..", "..", "docs", "units-example.xlsx"), "--db", people}, "import units: writing ", "import units: "},
		// The small scale plans 30 units, 300 people, 20 meetings, 2,000
		// measures and 20,000 reports.
		{[]string{"bench", "gen", "--scale", "small", "--db", empty}, "bench gen: 22,350 of 22,350 rows (100%)", "bench gen: 22,350 rows in "},
	}
	for _, mode := range []string{"always", "never"} {
		t.Setenv("LUOSHI_PROGRESS", mode)
		for _, c := range cmds {
			if mode == "never" {
				// Again, on new files.
				switch c.args[0] {
				case "backup":
					os.Remove(bk)
				case "restore":
					for _, f := range sqliteFiles(filepath.Join(dir, "r.db")) {
						os.Remove(f)
					}
				case "bench":
					continue // writes only into an empty database
				}
			}
			code, _, errs := runCLI(c.args...)
			if code != 0 {
				t.Fatalf("%v: exit %d: %s", c.args, code, errs)
			}
			rewritten := strings.Contains(errs, "\r\033[K"+c.line)
			if mode == "always" && (c.line != "" && !rewritten) {
				t.Errorf("%s on a terminal: no progress line %q in %q", c.args[0], c.line, errs)
			}
			if mode == "never" && strings.Contains(errs, "\r") {
				t.Errorf("%s off a terminal rewrites lines: %q", c.args[0], errs)
			}
			if !strings.Contains(errs, c.final) || !strings.HasSuffix(errs, "\n") {
				t.Errorf("%s (%s): no final line %q in %q", c.args[0], mode, c.final, errs)
			}
		}
	}
	// migrate --from counts the rows it copies.
	pg := os.Getenv(apptest.PostgresEnv)
	if pg == "" {
		t.Log("migrate --from not run: LUOSHI_TEST_POSTGRES is not set")
		return
	}
	t.Setenv("LUOSHI_PROGRESS", "always")
	counts, err := src.RowCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var rows int64
	for table, n := range counts {
		if table != "schema_migrations" {
			rows += n
		}
	}
	code, _, errs := runCLI("migrate", "--from", src.Path(), "--to", emptySchema(t, pg))
	total := thousands(rows)
	if code != 0 || !strings.Contains(errs, "\r\033[Kmigrate --from: "+total+" of "+total+" rows (100%)") ||
		!strings.Contains(errs, "migrate --from: "+total+" rows in ") {
		t.Errorf("migrate --from: exit %d, %q", code, errs)
	}
}
