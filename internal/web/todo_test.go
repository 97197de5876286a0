package web

import (
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/demo"
)

// todoRows finds the rows of the list each kind of to-do line links to.
var todoRows = map[string]*regexp.Regexp{
	app.TodoReview:         regexp.MustCompile(`<td class="code">`),
	app.TodoReturned:       regexp.MustCompile(`<td class="code">`),
	app.TodoRed:            regexp.MustCompile(`<td class="code">`),
	app.TodoOrange:         regexp.MustCompile(`<td class="code">`),
	app.TodoCloseOut:       regexp.MustCompile(`<td class="code">`),
	app.TodoRedUnreported:  regexp.MustCompile(`<td class="code">`),
	app.TodoToReport:       regexp.MustCompile(`<td class="code">`),
	app.TodoReportsWaiting: regexp.MustCompile(`<tr data-unit=`),
	app.TodoUnread:         regexp.MustCompile(`<tr data-notice=`),
	app.TodoDeliveries:     regexp.MustCompile(`<tr data-delivery=`),
	app.TodoDrafts:         regexp.MustCompile(`<input type="checkbox" name="sel" `),
	app.TodoMentions:       regexp.MustCompile(`<li class="panel[^"]*" data-mention=`),
	app.TodoIndicators:     regexp.MustCompile(`<td class="code">`),
	app.TodoRemarks:        regexp.MustCompile(`<form method="post" action="/meetings/\d+/remarks/\d+"`),
}

var relNext = regexp.MustCompile(`rel="next"[^>]*href="([^"]+)"`)

// TestTodoCountsMatchLists signs in to the demo institution as the office,
// a leader and unit liaisons, follows every line of each one's
// to-do list and counts the rows of the list it links to, page after page:
// the line's count and the list agree exactly, and the page and the API
// give the same lines.
func TestTodoCountsMatchLists(t *testing.T) {
	a := apptest.Bare(t, apptest.OpenStore(t))
	if _, err := demo.Load(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(a))
	t.Cleanup(srv.Close)
	seen := map[string]bool{}
	for _, user := range []string{"linxiao", "chenguoqiang", "kjc", "jwc", "rsc", "fgc"} {
		acct, err := a.AccountOf(t.Context(), app.System, user)
		if err != nil {
			t.Fatalf("demo account %s: %v", user, err)
		}
		items, err := a.Todo(t.Context(), acct)
		if err != nil {
			t.Fatal(err)
		}
		c := newClient(t, srv.URL)
		_, body := c.get("/signin")
		m := reCSRFInput.FindStringSubmatch(body)
		code, _, h := c.do("POST", "/signin", url.Values{"csrf": {m[1]}, "username": {user}, "password": {demo.Password}})
		if code != http.StatusSeeOther || h.Get("Location") != landingOf(acct) {
			t.Fatalf("%s signs in: %d to %s, want %s", user, code, h.Get("Location"), landingOf(acct))
		}
		_, page := c.get("/todo")
		for _, it := range items {
			seen[it.Kind] = true
			if !strings.Contains(page, `<li data-kind="`+it.Kind+`"><a href="`+html.EscapeString(it.URL)+`">`) {
				t.Errorf("%s: the to-do page lacks the line %s → %s", user, it.Kind, it.URL)
			}
			if rows := todoListRows(t, c, user, it); rows != it.Count {
				t.Errorf("%s: %s says %d, its list %s shows %d", user, it.Kind, it.Count, it.URL, rows)
			}
		}
		t.Logf("%s (%s): %v", user, acct.Role, items)
	}
	for _, kind := range []string{app.TodoReview, app.TodoCloseOut, app.TodoRed, app.TodoOrange, app.TodoUnread, app.TodoToReport, app.TodoReturned,
		app.TodoDrafts, app.TodoMentions, app.TodoReportsWaiting} {
		if !seen[kind] {
			t.Errorf("no role's to-do list had a %s line on the demo: the test proves nothing for it", kind)
		}
	}
}
