package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/server"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// emptySchema makes a new, unmigrated schema in the PostgreSQL at pgURL and
// returns a URL that reaches it through search_path, as deployments do. The
// schema is dropped after the test.
func emptySchema(t *testing.T, pgURL string) string {
	t.Helper()
	db, err := sql.Open("pgx", pgURL)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "luoshi_copy_" + hex.EncodeToString(b)
	if _, err := db.Exec(`CREATE SCHEMA ` + schema); err != nil {
		db.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		db.Close()
	})
	sep := "?"
	if strings.Contains(pgURL, "?") {
		sep = "&"
	}
	return pgURL + sep + "search_path=" + schema
}

// sqliteWithFixture makes a SQLite file holding the apptest institution plus
// progress reports, a returned report, comments, drafts decomposed from the
// fixture's speech (one accepted into a measure, one rejected) and a session.
func sqliteWithFixture(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	s, drop, err := store.OpenScratch(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer drop()
	a := apptest.NewOn(t, s)
	office := apptest.Account(t, a, apptest.Office)
	kjc := apptest.Account(t, a, apptest.UnitKJC)
	leader := apptest.Account(t, a, apptest.Leader)
	for i, p := range []int{10, 35, 60} {
		r := model.ProgressReport{Percent: p, Note: "第" + string(rune('一'+i)) + "次进展：平台建设推进中", Risk: i == 1}
		if i == 0 { // evidence: blobs of binary content (a JPEG, a PNG) must copy byte for byte
			for _, f := range apptest.GoodEvidence()[:4] {
				r.Evidence = append(r.Evidence, model.Evidence{Name: f.Name, Data: f.Data})
			}
		}
		if _, err := a.ReportProgress(ctx, kjc, apptest.MeasureA, &r); err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			if err := a.ReviewProgress(ctx, office, r.ID, model.ReviewReturned, "请补充佐证材料"); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := a.AddComment(ctx, leader, apptest.MeasureA, "请加快进度，年底前完成。"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AddComment(ctx, office, apptest.MeasureB, "已逾期，请说明原因"); err != nil {
		t.Fatal(err)
	}
	meetings, err := a.Meetings(ctx, app.System)
	if err != nil || len(meetings) == 0 {
		t.Fatal(meetings, err)
	}
	m, err := a.Meeting(ctx, app.System, meetings[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	item := m.Items[0].ID
	drafts, err := a.DecomposeItem(ctx, office, item)
	if err != nil || len(drafts) < 2 {
		t.Fatalf("decompose the fixture's speech: %d drafts, %v", len(drafts), err)
	}
	if _, err := a.AcceptDrafts(ctx, office, item, []int64{drafts[0].ID}, "2024年12月底前"); err != nil {
		t.Fatal(err)
	}
	if err := a.RejectDraft(ctx, office, drafts[1].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SignIn(ctx, apptest.Office, apptest.Password); err != nil {
		t.Fatal(err)
	}
	return s.Path()
}

// TestMigrateCopyToPostgres moves a SQLite database to a fresh PostgreSQL
// schema with luoshi migrate --from --to and checks that every table holds
// the same rows, that a second copy is refused, that a server on the copy
// signs in with the old password, and that new rows get new ids.
func TestMigrateCopyToPostgres(t *testing.T) {
	pg := os.Getenv(apptest.PostgresEnv)
	if pg == "" {
		t.Skip("skipping: LUOSHI_TEST_POSTGRES is not set (a postgres:// URL); .ci/run sets it")
	}
	ctx := context.Background()
	file := sqliteWithFixture(t)
	target := emptySchema(t, pg)

	code, stdout, stderr := runCLI("migrate", "--from", file, "--to", target)
	if code != 0 {
		t.Fatalf("migrate --from --to: exit %d\n%s%s", code, stdout, stderr)
	}
	t.Logf("luoshi migrate --from --to:\n%s", stdout)
	all, err := store.MigrationCount()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{fmt.Sprintf("applied %d migrations", all), "units", "progress_reports", "drafts", "sessions", "total"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	if m := regexp.MustCompile(`progress_reports\s+(\d+) rows`).FindStringSubmatch(stdout); m == nil || m[1] != "3" {
		t.Errorf("progress_reports count in output: %v, want 3", m)
	}

	code, _, stderr = runCLI("migrate", "--from", file, "--to", target)
	if code != 2 || !strings.Contains(stderr, "not empty") {
		t.Errorf("second copy into the same schema: exit %d, stderr %q; want 2 and \"not empty\"", code, stderr)
	}

	src, err := store.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := store.Open(target)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	tables, err := src.Tables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dt, err := dst.Tables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(tables, dt); diff != "" {
		t.Fatalf("tables differ (-sqlite +postgres):\n%s", diff)
	}
	// Dump prints each engine's values as database/sql hands them over.
	// Both schemas declare the same types (INTEGER/BIGINT → int64,
	// TEXT → string, REAL/DOUBLE PRECISION → float64, NULL → nil), so the
	// rows must print identically with no normalisation; schema_migrations
	// alone differs (applied_at is when each side was migrated).
	rows := 0
	for _, table := range tables {
		if table == "schema_migrations" {
			continue
		}
		a, err1 := src.Dump(ctx, table)
		b, err2 := dst.Dump(ctx, table)
		if err1 != nil || err2 != nil {
			t.Fatal(table, err1, err2)
		}
		if diff := cmp.Diff(a, b); diff != "" {
			t.Errorf("table %s differs (-sqlite +postgres):\n%s", table, diff)
		}
		rows += len(a)
	}
	for _, table := range []string{"progress_reports", "evidence", "comments", "drafts", "audit_events", "sessions"} {
		if n, _ := dst.Dump(ctx, table); len(n) == 0 {
			t.Errorf("table %s is empty in the copy: the fixture should fill it", table)
		}
	}
	t.Logf("%d tables, %d rows compared", len(tables)-1, rows)
	// The audit chain is intact on the copy: luoshi audit verify says so.
	if code, out, stderr := runCLI("audit", "verify", "--db", target); code != 0 || !strings.Contains(out, "audit chain intact") {
		t.Errorf("audit verify on the copy: exit %d, %q %q", code, out, stderr)
	}

	// A server on the copy: the old password signs in, and a progress
	// report and a measure made there get ids after the copied ones.
	a := app.New(dst, nil)
	dst.Now = a.Now
	ts := httptest.NewServer(server.New(a))
	defer ts.Close()
	token := signInHTTP(t, ts.URL, apptest.Office, apptest.Password)
	req, _ := http.NewRequest("POST", ts.URL+"/api/v1/measures/"+apptest.MeasureA+"/progress",
		strings.NewReader(`{"percent": 80, "note": "迁移后的第一份进展"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		ID int64 `json:"id"`
	}
	json.NewDecoder(res.Body).Decode(&rep)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated || rep.ID != 4 {
		t.Errorf("progress report on the copy: %d, id %d; want 201 and id 4", res.StatusCode, rep.ID)
	}
	office := apptest.Account(t, a, apptest.Office)
	measures, err := src.Dump(ctx, "measures")
	if err != nil {
		t.Fatal(err)
	}
	maxID := int64(len(measures)) // ids 1…n: the fixture deletes no measure
	m := model.Measure{Title: "迁移后新建的举措", Theme: "governance", Period: "2024-H2", LeadUnit: "RSC", Deadline: "长期坚持"}
	if err := a.CreateMeasure(ctx, office, &m); err != nil {
		t.Fatalf("create a measure on the copy: %v", err)
	}
	if m.ID != maxID+1 {
		t.Errorf("new measure on the copy got id %d, want %d", m.ID, maxID+1)
	}
}

// signInHTTP signs in through the JSON API and returns the bearer token.
func signInHTTP(t *testing.T, base, username, password string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"username": username, "password": password})
	res, err := http.Post(base+"/api/v1/sessions", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Token string `json:"token"`
	}
	json.NewDecoder(res.Body).Decode(&out)
	if res.StatusCode != http.StatusCreated || out.Token == "" {
		t.Fatalf("sign in as %s: %d", username, res.StatusCode)
	}
	return out.Token
}

// TestMigrateCopyUsage checks the bad ways to call migrate --from --to.
func TestMigrateCopyUsage(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	if code, _, stderr := runCLI("migrate", "--db", db); code != 0 {
		t.Fatal(stderr)
	}
	cases := []struct {
		args []string
		msg  string
	}{
		{[]string{"migrate", "--from", db}, "both are needed"},
		{[]string{"migrate", "--to", "postgres://127.0.0.1/x"}, "both are needed"},
		{[]string{"migrate", "--from", db, "--to", filepath.Join(dir, "y.db")}, "postgres:// URL"},
		{[]string{"migrate", "--from", "postgres://127.0.0.1/a", "--to", "postgres://127.0.0.1/b"}, "SQLite file"},
		{[]string{"migrate", "--from", filepath.Join(dir, "missing.db"), "--to", "postgres://127.0.0.1/b"}, "missing.db"},
	}
	for _, c := range cases {
		code, _, stderr := runCLI(c.args...)
		if code != 2 || !strings.Contains(stderr, c.msg) {
			t.Errorf("luoshi %v: exit %d, stderr %q; want 2 and %q", c.args, code, stderr, c.msg)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); err == nil {
		t.Error("migrate --from a missing file created it")
	}
}
