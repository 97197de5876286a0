package api

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
)

// TestSearchAPI searches Chinese, English and mixed words over the wire and
// checks a unit account never gets another unit's report.
func TestSearchAPI(t *testing.T) {
	e := newEnv(t)
	kjc := apptest.Account(t, e.a, apptest.UnitKJC)
	if _, err := e.a.SaveReport(context.Background(), kjc, "KJC", "2024-H2",
		app.ReportText{Achievements: "完成督办事项十二项，secret lab budget"}); err != nil {
		t.Fatal(err)
	}
	get := func(role, q string) searchJSON {
		t.Helper()
		status, b := e.do("GET", "/api/v1/search?"+q, e.tokens[role], "")
		if status != 200 {
			t.Fatalf("%s %s: %d %s", role, q, status, b)
		}
		var out searchJSON
		mustUnmarshal(t, b, &out)
		return out
	}
	cases := []struct {
		role, q string
		want    []string // urls, in order
	}{
		{"office", "q=" + url.QueryEscape("督办"), []string{"/reports/KJC/2024-H2"}},
		{"leader", "q=" + url.QueryEscape("lab budget"), []string{"/reports/KJC/2024-H2"}},
		{"own", "q=" + url.QueryEscape("督办 secret"), []string{"/reports/KJC/2024-H2"}},
		{"other", "q=" + url.QueryEscape("督办"), nil},
		{"other", "q=secret", nil},
		{"other", "q=" + url.QueryEscape("教学改革") + "&kind=measure", []string{"/measures/" + apptest.MeasureB}},
	}
	for _, c := range cases {
		got := get(c.role, c.q)
		var urls []string
		for _, it := range got.Items {
			urls = append(urls, it.URL)
		}
		if strings.Join(urls, " ") != strings.Join(c.want, " ") {
			t.Errorf("%s %s: %v, want %v", c.role, c.q, urls, c.want)
		}
	}
	// A report has no title words of its own: its score says the words
	// are in its text (0; 1 is in the title).
	r := get("office", "q="+url.QueryEscape("督办"))
	if it := r.Items[0]; it.Kind != "report" || it.Ref != "KJC/2024-H2" || it.Title != "科学技术处 · 2024-H2" ||
		!strings.Contains(it.Snippet, "完成<mark>督办</mark>事项") || it.Score != 0 {
		t.Errorf("result: %+v", it)
	}
	// Paging: one result a page, the cursor leads to the next.
	first := get("office", "q="+url.QueryEscape("科研")+"&limit=1")
	if len(first.Items) != 1 || first.NextCursor == "" {
		t.Fatalf("first page: %+v", first)
	}
	second := get("office", "q="+url.QueryEscape("科研")+"&limit=1&cursor="+first.NextCursor)
	if len(second.Items) != 1 || second.Items[0].URL == first.Items[0].URL {
		t.Errorf("second page: %+v after %+v", second, first)
	}
	for _, q := range []string{"", "q=", "q=x&kind=nope", "q=x&limit=-1", "q=x&limit=101", "q=x&cursor=-1", "q=x&sort=score"} {
		status, b := e.do("GET", "/api/v1/search?"+q, e.tokens["office"], "")
		if status != 422 {
			t.Errorf("%q: %d %s, want 422", q, status, b)
		}
	}
}
