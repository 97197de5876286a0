package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/server"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// contentColumns are columns besides the primary key whose values an
// upgrade must carry through unchanged, where the table and columns exist
// both before and after.
var contentColumns = map[string][]string{
	"units":            {"code", "name", "parent"},
	"accounts":         {"username", "role", "unit", "password_hash"},
	"meetings":         {"id", "title", "day"},
	"measures":         {"id", "code", "title", "lead_unit", "due_day", "progress"},
	"measure_units":    {"measure_id", "unit", "role"},
	"progress_reports": {"id", "measure_id", "percent", "note", "author"},
	"comments":         {"id", "body", "author"},
	"audit_events":     {"id", "at", "actor", "action", "entity", "entity_id", "before", "after"},
	"unit_reports":     {"unit", "period", "state"},
	"indicator_values": {"indicator_id", "period", "value"},
}

// rebuiltKeys are the tables an upgrade may rebuild from the rows they are
// derived from (0032 rebuilds the search index), with the columns that say
// which thing a row stands for: their rows must all come back, under a new
// surrogate id if need be (PostgreSQL's identity does not restart).
var rebuiltKeys = map[string][]string{
	"search_docs": {"kind", "ref"},
}

// tableState is what the upgrade test compares of a table: its rows by
// primary key, and by the content columns with their checksum.
type tableState struct {
	count   int64
	keyCols []string
	keys    []string
	content map[string][]string // rows by the content columns' names joined
	sums    map[string]string   // their checksums
}

func snapshot(t *testing.T, s *store.Store) map[string]tableState {
	t.Helper()
	ctx := context.Background()
	counts, err := s.RowCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]tableState{}
	for table, n := range counts {
		if table == "schema_migrations" {
			continue
		}
		cols, err := s.Columns(ctx, table)
		if err != nil {
			t.Fatal(err)
		}
		keyCols, err := s.KeyColumns(ctx, table)
		if err != nil {
			t.Fatal(err)
		}
		if len(keyCols) == 0 {
			keyCols = cols
		}
		if k, ok := rebuiltKeys[table]; ok {
			keyCols = k
		}
		st := tableState{count: n, keyCols: keyCols, content: map[string][]string{}, sums: map[string]string{}}
		if st.keys, err = s.Rows(ctx, table, keyCols); err != nil {
			t.Fatal(err)
		}
		slices.Sort(st.keys) // as text, for the search below
		if cc := contentColumns[table]; len(cc) > 0 && allIn(cc, cols) {
			k := strings.Join(cc, ",")
			if st.content[k], err = s.Rows(ctx, table, cc); err != nil {
				t.Fatal(err)
			}
			slices.Sort(st.content[k])
			if st.sums[k], err = s.Checksum(ctx, table, cc); err != nil {
				t.Fatal(err)
			}
		}
		out[table] = st
	}
	return out
}

func allIn(want, have []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

// openFixture unpacks a fixture into dir.
func openFixture(t *testing.T, gz, dir string) string {
	t.Helper()
	f, err := os.Open(gz)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, strings.TrimSuffix(filepath.Base(gz), ".gz"))
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestUpgradeFixtures migrates each database of an earlier schema under
// testdata/upgrade (made by go run ./tools/upgradefixtures) to the current
// schema, on SQLite and, when LUOSHI_TEST_POSTGRES is set, on PostgreSQL (a
// fresh schema migrated to the fixture's version, the fixture's rows copied
// in): every row of every table survives with its key and its content
// columns, the audit chain verifies, on SQLite a copy was taken before
// migrating, and the application works on it: the office and a leader sign
// in, the board counts the measures, and a unit report opens.
func TestUpgradeFixtures(t *testing.T) {
	fixtures, err := filepath.Glob(filepath.Join("..", "..", "testdata", "upgrade", "v*.db.gz"))
	if err != nil || len(fixtures) < 4 {
		t.Fatalf("upgrade fixtures: %v (%v); make them with go run ./tools/upgradefixtures", fixtures, err)
	}
	engines := []string{"sqlite"}
	pg := os.Getenv("LUOSHI_TEST_POSTGRES")
	if pg != "" {
		engines = append(engines, "postgres")
	} else {
		t.Log("SQLite only: LUOSHI_TEST_POSTGRES is not set")
	}
	for _, gz := range fixtures {
		v, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(filepath.Base(gz), "v"), ".db.gz"))
		if err != nil {
			t.Fatalf("%s: %v", gz, err)
		}
		for _, engine := range engines {
			t.Run(fmt.Sprintf("v%04d/%s", v, engine), func(t *testing.T) {
				ctx := context.Background()
				dir := t.TempDir()
				s, err := store.Open(openFixture(t, gz, dir))
				if err != nil {
					t.Fatal(err)
				}
				defer s.Close()
				if engine == "postgres" {
					to, drop, err := store.OpenScratchAt(ctx, pg, dir, v)
					if err != nil {
						t.Fatal(err)
					}
					defer drop()
					if _, err := store.CopyAll(ctx, s, to); err != nil {
						t.Fatal(err)
					}
					s = to
				}
				if got, err := s.SchemaVersion(ctx); err != nil || got != v {
					t.Fatalf("fixture at version %d (%v), want %d", got, err, v)
				}
				before := snapshot(t, s)
				if before["measures"].count == 0 || before["audit_events"].count == 0 {
					t.Fatalf("fixture holds no measures or no audit events: %v", before["measures"].count)
				}
				n, err := s.Migrate(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if got, _ := s.SchemaVersion(ctx); got != store.LatestVersion() {
					t.Errorf("after migrating: version %d, want %d", got, store.LatestVersion())
				}
				if v < store.LatestVersion() && n == 0 {
					t.Errorf("no migration applied to a version %d database", v)
				}
				if engine == "sqlite" && v < store.LatestVersion() {
					if b := s.MigrationBackup(); b == "" || store.CheckFile(ctx, b) != nil {
						t.Errorf("no sound copy taken before migrating: %q", b)
					}
				}
				after := snapshot(t, s)
				checked := 0
				for _, b := range before {
					checked += len(b.content)
				}
				t.Logf("%d tables compared row by row, the content of %d of them", len(before), checked)
				if checked < 8 {
					t.Errorf("content compared in only %d tables", checked)
				}
				for table, b := range before {
					a, ok := after[table]
					switch {
					case !ok:
						t.Errorf("table %s (%d rows) is gone", table, b.count)
						continue
					case a.count < b.count:
						t.Errorf("table %s: %d rows before, %d after", table, b.count, a.count)
					case a.count > b.count:
						// A migration may add rows (defaults); none may go.
						t.Logf("table %s: %d rows before, %d after", table, b.count, a.count)
					}
					if slices.Equal(a.keyCols, b.keyCols) {
						for _, k := range b.keys {
							if _, found := slices.BinarySearch(a.keys, k); !found {
								t.Errorf("table %s: the row with key %q is gone", table, k)
								break
							}
						}
					} else {
						t.Logf("table %s: primary key (%v) became (%v)", table, b.keyCols, a.keyCols)
					}
					for cols, rows := range b.content {
						if a.count == b.count && a.sums[cols] != b.sums[cols] {
							t.Errorf("table %s: the checksum of the columns %s changed", table, cols)
						}
						for _, r := range rows {
							if _, found := slices.BinarySearch(a.content[cols], r); !found {
								t.Errorf("table %s: the row %q (%s) is gone or changed", table, r, cols)
								break
							}
						}
					}
				}
				c, err := s.VerifyAudit(ctx)
				if err != nil || c.Broken != nil || c.Events < before["audit_events"].count {
					t.Errorf("audit chain after the upgrade: %+v (%v), %d events before", c, err, before["audit_events"].count)
				}
				worksOn(t, s, before["measures"].count)
			})
		}
	}
}

// worksOn checks the application on an upgraded database through its API:
// the office and a leader sign in with the demo's password, the board
// counts every measure of the period, and unit reports list and open.
func worksOn(t *testing.T, s *store.Store, measures int64) {
	t.Helper()
	ctx := context.Background()
	a := newApp(s, slog.New(slog.DiscardHandler))
	if err := a.LoadInstitution(ctx); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.New(a))
	defer srv.Close()
	call := func(token, method, path string, body any, want int, out any) {
		t.Helper()
		var r io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			r = bytes.NewReader(b)
		}
		req, _ := http.NewRequest(method, srv.URL+path, r)
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != want {
			t.Fatalf("%s %s: %d %s, want %d", method, path, res.StatusCode, b, want)
		}
		if out != nil {
			if err := json.Unmarshal(b, out); err != nil {
				t.Fatalf("%s %s: %v", method, path, err)
			}
		}
	}
	for _, user := range []string{"linxiao", "chenguoqiang"} {
		var session struct{ Token string }
		call("", "POST", "/api/v1/sessions", map[string]string{"username": user, "password": "demo"}, http.StatusCreated, &session)
		var board struct {
			Totals struct{ Total int }
		}
		call(session.Token, "GET", "/api/v1/board", nil, http.StatusOK, &board)
		if board.Totals.Total == 0 || int64(board.Totals.Total) > measures {
			t.Errorf("%s's board counts %d measures of %d", user, board.Totals.Total, measures)
		}
		var reports struct {
			Items []struct{ Unit, Period, State string }
		}
		call(session.Token, "GET", "/api/v1/reports", nil, http.StatusOK, &reports)
		if len(reports.Items) == 0 {
			t.Fatalf("%s sees no unit reports", user)
		}
		r := reports.Items[0]
		var one struct{ Unit, State string }
		call(session.Token, "GET", "/api/v1/reports/"+r.Unit+"/"+r.Period, nil, http.StatusOK, &one)
		if one.Unit != r.Unit || one.State != r.State {
			t.Errorf("report %s/%s opens as %+v", r.Unit, r.Period, one)
		}
	}
}
