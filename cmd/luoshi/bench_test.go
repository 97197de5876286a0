package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/bench"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// benchDB is an empty database for bench gen: a SQLite file, or a fresh
// schema in the PostgreSQL LUOSHI_TEST_POSTGRES names (the CLI takes a DSN,
// so the test makes the schema and drops it afterwards).
func benchDB(t *testing.T, engine string) string {
	t.Helper()
	if engine == "sqlite" {
		return filepath.Join(t.TempDir(), "bench.db")
	}
	pg := os.Getenv(apptest.PostgresEnv)
	b := make([]byte, 6)
	rand.Read(b)
	schema := "luoshi_bench_" + hex.EncodeToString(b)
	u, err := store.CreateSchema(t.Context(), pg, schema, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", pg)
		if err == nil {
			admin.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
			admin.Close()
		}
	})
	return u
}

// TestBenchGenAndRun generates the small institution through the CLI,
// refuses to generate over it, then load-tests it briefly: every endpoint
// has a row, and none has errors.
func TestBenchGenAndRun(t *testing.T) {
	engines := []string{"sqlite"}
	if os.Getenv(apptest.PostgresEnv) != "" {
		engines = append(engines, "postgres")
	}
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			db := benchDB(t, engine)
			code, out, stderr := runCLI("bench", "gen", "--scale", "small", "--db", db)
			if code != 0 || !strings.Contains(out, "2000 measures") {
				t.Fatalf("bench gen: exit %d\n%s%s", code, out, stderr)
			}
			code, _, stderr = runCLI("bench", "gen", "--scale", "small", "--db", db)
			if code != 2 || !strings.Contains(stderr, "not empty") {
				t.Errorf("bench gen on a full database: exit %d, %s", code, stderr)
			}
			// bench run starts the server and the floor as processes of
			// their own: this test binary, standing in for luoshi (TestMain).
			t.Setenv(asMainEnv, "1")
			code, out, stderr = runCLI("bench", "run", "--db", db, "--duration", "1s", "--clients", "2", "--requests", "40")
			if code != 0 {
				t.Fatalf("bench run: exit %d\n%s%s", code, out, stderr)
			}
			// The progress reports' rate against the raw commit rate of
			// the same database, measured just before and just after them.
			if !regexp.MustCompile(`progress reports: \d+/s, \d+% of the raw durable commit rate of the same database \([1-9]\d*/s just before them and [1-9]\d*/s just after`).MatchString(out) {
				t.Errorf("bench run gives no ratio to the raw commit rate:\n%s", out)
			}
			// After the endpoints, a server with its jobs on makes the
			// institution's first daily run.
			if !regexp.MustCompile(`first daily run: [1-9]\d* notices in (0\.0[1-9]|0\.[1-9]\d|[1-9]\d*\.\d\d) s, by a server started with its jobs on after the endpoints \(its peak RSS [1-9][\d.]* MB`).MatchString(out) {
				t.Errorf("bench run does not report the first daily run:\n%s", out)
			}
			code, cout, cerr := runCLI("bench", "commits", "--db", db, "--duration", "300ms")
			if m := regexp.MustCompile(`raw durable commits: (\d+) in [^=]+ = (\d+)/s`).FindStringSubmatch(cout); code != 0 || m == nil || m[1] == "0" {
				t.Errorf("bench commits: exit %d\n%s%s", code, cout, cerr)
			}
			if code, cout, cerr = runCLI("bench", "commits", "--db", db, "--duration", "0s"); code != 2 || !strings.Contains(cerr, "--duration must be positive") {
				t.Errorf("bench commits --duration 0s: exit %d\n%s%s", code, cout, cerr)
			}
			for _, ep := range []string{bench.EndpointFloor, bench.EndpointBoard, bench.EndpointBoardGzip, bench.EndpointBoard304, bench.EndpointList, bench.EndpointListUnit, bench.EndpointListWords, bench.EndpointDeep, bench.EndpointPage, bench.EndpointSearch, bench.EndpointDash, bench.EndpointNotices, bench.EndpointUnit, bench.EndpointProgress, bench.EndpointSignIn, bench.EndpointTodoOffice, bench.EndpointTodoLeader, bench.EndpointTodoUnit} {
				var row string
				for _, line := range strings.Split(out, "\n") {
					if strings.HasPrefix(line, ep+" ") {
						row = line
					}
				}
				f := strings.Fields(strings.TrimPrefix(row, ep))
				if len(f) != 8 {
					t.Errorf("no row for %s in\n%s", ep, out)
					continue
				}
				if f[0] == "0" || f[4] != "0" {
					t.Errorf("%s: %s requests, %s errors\n%s", ep, f[0], f[4], out)
				}
				// the server's own memory, read from its process; its CPU
				// time is counted in ticks of 10 ms, which a few cheap
				// requests may not reach, so only the board's is required
				if runtime.GOOS == "linux" && (f[6] == "n/a" || ep == bench.EndpointBoard && f[7] == "n/a") {
					t.Errorf("%s: server RSS %s, CPU %s: want figures from the server's process\n%s", ep, f[6], f[7], out)
				}
			}
		})
	}
}

// TestBenchProvince generates a province of two institutions in one
// PostgreSQL database, each schema owned by a role of its own, and drives
// both through two servers each. Connected as its own role, a server can
// reach no other schema (the test shows a query naming the other schema is
// refused), so a load with no errors on every endpoint, an audit check and
// an export are queries that never crossed a schema.
func TestBenchProvince(t *testing.T) {
	pg := os.Getenv(apptest.PostgresEnv)
	if pg == "" {
		t.Skip("a province needs PostgreSQL: set " + apptest.PostgresEnv)
	}
	b := make([]byte, 4)
	rand.Read(b)
	prefix := "ptest_" + hex.EncodeToString(b) + "_"
	admin, err := sql.Open("pgx", pg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx := context.Background()
		for _, name := range []string{prefix + "01", prefix + "02"} {
			admin.ExecContext(ctx, `DROP SCHEMA IF EXISTS `+name+` CASCADE`)
			admin.ExecContext(ctx, `DROP OWNED BY `+name)
			admin.ExecContext(ctx, `DROP ROLE IF EXISTS `+name)
		}
		admin.Close()
	})

	code, out, stderr := runCLI("bench", "gen", "--scale", "province", "--institutions", "2", "--each", "tiny", "--own-roles", "--schema-prefix", prefix, "--db", pg)
	if code != 0 {
		t.Fatalf("bench gen --scale province: exit %d\n%s%s", code, out, stderr)
	}
	var urls []string
	for _, line := range strings.Split(out, "\n") {
		if u := strings.TrimSpace(line); strings.HasPrefix(u, "postgres://"+prefix) {
			urls = append(urls, u)
		}
	}
	if !strings.Contains(out, "a province of 2 tiny institutions") || len(urls) != 2 {
		t.Fatalf("bench gen --scale province printed:\n%s", out)
	}
	for i, u := range urls {
		if want := fmt.Sprintf("search_path=%s%02d", prefix, i+1); !strings.Contains(u, want) {
			t.Errorf("institution %d's URL %s: want %s", i+1, u, want)
		}
	}
	if code, _, stderr = runCLI("bench", "gen", "--scale", "province", "--institutions", "2", "--each", "tiny", "--schema-prefix", prefix, "--db", pg); code != 2 || !strings.Contains(stderr, "already holds schema "+prefix+"01") {
		t.Errorf("bench gen --scale province over a province: exit %d, %s", code, stderr)
	}
	if code, _, stderr = runCLI("bench", "gen", "--scale", "province", "--db", filepath.Join(t.TempDir(), "p.db")); code != 2 || !strings.Contains(stderr, "postgres://") {
		t.Errorf("bench gen --scale province on SQLite: exit %d, %s", code, stderr)
	}
	if code, _, stderr = runCLI("bench", "gen", "--scale", "province", "--institutions", "0", "--schema-prefix", prefix+"x", "--db", pg); code != 2 || !strings.Contains(stderr, "1 to 99 institutions") {
		t.Errorf("bench gen --scale province --institutions 0: exit %d, %s", code, stderr)
	}

	// The roles bite: the first institution's role cannot read the
	// second's rows, nor the first's through a name the other role owns.
	first, err := sql.Open("pgx", urls[0])
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	var n int
	if err := first.QueryRow(`SELECT count(*) FROM measures`).Scan(&n); err != nil || n == 0 {
		t.Fatalf("institution 1 reads its own measures: %d, %v", n, err)
	}
	if err := first.QueryRow(`SELECT count(*) FROM ` + prefix + `02.measures`).Scan(&n); err == nil || !strings.Contains(err.Error(), "permission denied") {
		t.Fatalf("institution 1's role read institution 2's measures: %d, %v", n, err)
	}

	countReports := func(i int) int {
		var n int
		if err := admin.QueryRow(fmt.Sprintf(`SELECT count(*) FROM %s%02d.progress_reports`, prefix, i+1)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	reports := []int{countReports(0), countReports(1)}

	t.Setenv(asMainEnv, "1")
	code, out, stderr = runCLI("bench", "run", "--province", "--schema-prefix", prefix, "--db", pg, "--duration", "1s", "--clients", "2", "--requests", "40")
	if code != 0 {
		t.Fatalf("bench run --province: exit %d\n%s%s", code, out, stderr)
	}
	if !strings.Contains(out, "a province of 2 institutions in one database, 2 servers each (4 processes") {
		t.Errorf("bench run --province does not say what it drove:\n%s", out)
	}
	rows := 0
	for _, line := range strings.Split(out, "\n") {
		for _, ep := range []string{bench.EndpointBoard, bench.EndpointBoardGzip, bench.EndpointBoard304, bench.EndpointList, bench.EndpointListUnit, bench.EndpointListWords, bench.EndpointDeep, bench.EndpointPage, bench.EndpointSearch, bench.EndpointDash, bench.EndpointNotices, bench.EndpointUnit, bench.EndpointProgress, bench.EndpointSignIn, bench.EndpointTodoOffice, bench.EndpointTodoLeader, bench.EndpointTodoUnit} {
			if !strings.HasPrefix(line, ep+" ") {
				continue
			}
			rows++
			if f := strings.Fields(strings.TrimPrefix(line, ep)); len(f) != 8 || f[0] == "0" || f[4] != "0" {
				t.Errorf("%s: %s", ep, line)
			}
		}
	}
	if rows != 17 {
		t.Errorf("bench run --province: %d endpoint rows, want 17:\n%s", rows, out)
	}
	// The clients reached both institutions: each schema holds more
	// progress reports than it was generated with.
	for i, before := range reports {
		if after := countReports(i); after <= before {
			t.Errorf("institution %d: %d progress reports before the run, %d after", i+1, before, after)
		}
	}
	for _, u := range urls {
		if code, out, stderr := runCLI("audit", "verify", "--db", u); code != 0 {
			t.Errorf("audit verify as the institution's role: exit %d\n%s%s", code, out, stderr)
		}
		if code, out, stderr := runCLI("export", "measures", "--db", u, "-o", filepath.Join(t.TempDir(), "m.xlsx")); code != 0 {
			t.Errorf("export measures as the institution's role: exit %d\n%s%s", code, out, stderr)
		}
	}
}
