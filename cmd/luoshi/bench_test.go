package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/bench"
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
	admin, err := sql.Open("pgx", pg)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "luoshi_bench_" + hex.EncodeToString(b)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
		admin.Close()
	})
	sep := "?"
	if strings.Contains(pg, "?") {
		sep = "&"
	}
	return pg + sep + "search_path=" + schema
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
			// the same database, measured before the run.
			if !regexp.MustCompile(`progress reports: \d+/s, \d+% of the raw durable commit rate of the same database \(\d+/s`).MatchString(out) {
				t.Errorf("bench run gives no ratio to the raw commit rate:\n%s", out)
			}
			code, cout, cerr := runCLI("bench", "commits", "--db", db, "--duration", "300ms")
			if m := regexp.MustCompile(`raw durable commits: (\d+) in [^=]+ = (\d+)/s`).FindStringSubmatch(cout); code != 0 || m == nil || m[1] == "0" {
				t.Errorf("bench commits: exit %d\n%s%s", code, cout, cerr)
			}
			if code, cout, cerr = runCLI("bench", "commits", "--db", db, "--duration", "0s"); code != 2 || !strings.Contains(cerr, "--duration must be positive") {
				t.Errorf("bench commits --duration 0s: exit %d\n%s%s", code, cout, cerr)
			}
			for _, ep := range []string{bench.EndpointFloor, bench.EndpointBoard, bench.EndpointList, bench.EndpointDeep, bench.EndpointPage, bench.EndpointSearch, bench.EndpointDash, bench.EndpointNotices, bench.EndpointUnit, bench.EndpointProgress, bench.EndpointSignIn, bench.EndpointTodoOffice, bench.EndpointTodoLeader, bench.EndpointTodoUnit} {
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
