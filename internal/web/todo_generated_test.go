package web

import (
	"context"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/bench"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// todoGenerated is the institution the generated to-do test reads: the
// tiny scale, with a day's work done on it (bench.Busy), so that every
// line but the admin's failed deliveries has something to count.
var todoGenerated = struct {
	scale bench.Scale
	seed  int64
	work  bench.Activity
}{bench.Tiny, 15, bench.Busy}

// TestTodoCountsMatchListsGenerated is TestTodoCountsMatchLists on a
// generated institution rather than the hand-made demo, on SQLite and, when
// LUOSHI_TEST_POSTGRES is set, on PostgreSQL: for the office, every
// leader and every unit's liaison, each to-do line's count equals the rows
// of the list it links to, page after page, and the page shows each line.
func TestTodoCountsMatchListsGenerated(t *testing.T) {
	engines := map[string]string{"sqlite": ""}
	if pg := os.Getenv(apptest.PostgresEnv); pg != "" {
		engines["postgres"] = pg
	}
	for engine, pg := range engines {
		t.Run(engine, func(t *testing.T) {
			a := generatedApp(t, pg)
			srv := httptest.NewServer(New(a))
			t.Cleanup(srv.Close)
			checkTodoCounts(t, a, srv.URL)
		})
	}
}

// generatedApp generates todoGenerated into a fresh database (a schema of
// the PostgreSQL at pg, or a SQLite file when pg is ""), read on
// bench.Today.
func generatedApp(t *testing.T, pg string) *app.App {
	t.Helper()
	ctx := context.Background()
	s, drop, err := store.OpenScratch(ctx, pg, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	t0 := time.Now()
	g := todoGenerated
	if err := bench.Generate(ctx, s, g.scale, g.seed); err != nil {
		t.Fatal(err)
	}
	a := apptest.BareOn(t, s, bench.Today)
	if err := bench.AddActivity(ctx, a, g.work); err != nil {
		t.Fatal(err)
	}
	t.Logf("generated the %s institution (seed %d) with %+v in %v", g.scale.Name, g.seed, g.work, time.Since(t0).Round(time.Millisecond))
	return a
}

// checkTodoCounts signs in as the office, every leader and every unit's
// liaison of the generated institution under a and compares each to-do
// line with its list; every kind but the admin's must turn up.
func checkTodoCounts(t *testing.T, a *app.App, base string) {
	ctx := context.Background()
	accts, err := a.Accounts(ctx, app.System)
	if err != nil {
		t.Fatal(err)
	}
	readers := []model.Account{apptest.Account(t, a, bench.OfficeAccount)}
	liaison := map[string]bool{}
	for _, ac := range accts {
		switch {
		case ac.Role == model.RoleLeader:
			readers = append(readers, ac)
		case ac.Role == model.RoleUnit && ac.Unit != "" && !liaison[ac.Unit]:
			liaison[ac.Unit] = true
			readers = append(readers, ac)
		}
	}
	seen := map[string]int{}
	for _, acct := range readers {
		items, err := a.Todo(ctx, acct)
		if err != nil {
			t.Fatal(err)
		}
		c := newClient(t, base)
		code, _, h := c.signInWith(acct.Username, bench.Password)
		if code != http.StatusSeeOther || h.Get("Location") != landingOf(acct) {
			t.Fatalf("%s signs in: %d to %s, want %s", acct.Username, code, h.Get("Location"), landingOf(acct))
		}
		_, page := c.get("/todo")
		if got := strings.Count(page, `<li data-kind="`); got != len(items) {
			t.Errorf("%s: the to-do page has %d lines, app.Todo %d", acct.Username, got, len(items))
		}
		for _, it := range items {
			seen[it.Kind]++
			if !strings.Contains(page, `<li data-kind="`+it.Kind+`"><a href="`+html.EscapeString(it.URL)+`">`) {
				t.Errorf("%s: the to-do page lacks the line %s → %s", acct.Username, it.Kind, it.URL)
			}
			rows := todoListRows(t, c, acct.Username, it)
			if rows != it.Count && (it.Count < model.MaxTodoCount || rows < it.Count) {
				t.Errorf("%s (%s): %s says %d, its list %s shows %d", acct.Username, acct.Role, it.Kind, it.Count, it.URL, rows)
			}
		}
	}
	t.Logf("%d readers; lines by kind: %v", len(readers), seen)
	for _, kind := range []string{app.TodoReview, app.TodoReportsWaiting, app.TodoRedUnreported, app.TodoCloseOut, app.TodoDrafts,
		app.TodoRed, app.TodoOrange, app.TodoToReport, app.TodoReturned, app.TodoUnitReport, app.TodoIndicators,
		app.TodoUnread, app.TodoMentions} {
		if seen[kind] == 0 {
			t.Errorf("no reader's to-do list had a %s line on the generated institution: the test proves nothing for it", kind)
		}
	}
}

// todoListRows follows a to-do line to its list and counts the list's
// rows (todoRows says how each list marks one), page after page.
func todoListRows(t *testing.T, c *client, who string, it app.TodoItem) int {
	t.Helper()
	rows := 0
	for next := it.URL; next != ""; {
		code, body := c.get(next)
		if code != http.StatusOK {
			t.Fatalf("%s: %s: GET %s: %d", who, it.Kind, next, code)
		}
		switch re := todoRows[it.Kind]; {
		case re != nil:
			rows += len(re.FindAllString(body, -1))
		case it.Kind == app.TodoUnitReport:
			rows++ // a single page: the unit's report
		default:
			t.Fatalf("no rows known for the %s line: add it to todoRows", it.Kind)
		}
		next = ""
		if m := relNext.FindStringSubmatch(body); m != nil {
			next = html.UnescapeString(m[1])
		}
	}
	return rows
}
