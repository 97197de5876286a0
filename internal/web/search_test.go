package web

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
)

// TestSearchPage searches from the layout's box: results link where they
// should, matches are marked, text is escaped, and a unit account never
// sees another unit's report.
func TestSearchPage(t *testing.T) {
	a, srv := newServer(t)
	jwc := apptest.Account(t, a, apptest.UnitJWC)
	if _, err := a.SaveReport(context.Background(), jwc, "JWC", "2024-H2",
		app.ReportText{Achievements: "教学督办<script>alert(1)</script>完成"}); err != nil {
		t.Fatal(err)
	}
	office := newClient(t, srv.URL)
	office.signIn(apptest.Office)
	status, body := office.get("/")
	if status != 200 || !strings.Contains(body, `action="/search"`) {
		t.Fatalf("layout has no search box: %d", status)
	}
	status, body = office.get("/search?q=" + url.QueryEscape("督办"))
	if status != 200 || !strings.Contains(body, `href="/reports/JWC/2024-H2"`) || !strings.Contains(body, "<mark>督办</mark>") ||
		strings.Contains(body, "<script>alert") || !strings.Contains(body, "&lt;script&gt;") {
		t.Errorf("office's results: %d\n%s", status, body)
	}
	status, body = office.get("/search?q=" + url.QueryEscape("科研"))
	if status != 200 || !strings.Contains(body, `href="/measures/`+apptest.MeasureA+`"`) || !strings.Contains(body, "#item-") {
		t.Errorf("measure and speech not found: %d\n%s", status, body)
	}
	for _, who := range []string{apptest.UnitKJC, apptest.UnitRSC} {
		c := newClient(t, srv.URL)
		c.signIn(who)
		status, body := c.get("/search?q=" + url.QueryEscape("教学督办"))
		if status != 200 || strings.Contains(body, "/reports/JWC") || strings.Contains(body, "alert") {
			t.Errorf("%s sees JWC's report: %d\n%s", who, status, body)
		}
	}
	// Only punctuation: the page says so instead of failing.
	if status, body := office.get("/search?q=" + url.QueryEscape("，。")); status != 200 || strings.Contains(body, "<ol class=\"results\"") {
		t.Errorf("punctuation query: %d", status)
	}
}
