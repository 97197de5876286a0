package web

import (
	"context"
	"fmt"
	"html"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/bench"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// TestSearchOrder searches a generated institution whose 2,000 measures
// all say 实施方案 in their detail. A measure with the words in its title
// comes first even though one with them in its detail alone is newer, the
// page says in Chinese how results are ordered, and the pager goes on.
func TestSearchOrder(t *testing.T) {
	ctx := context.Background()
	a, c := smallInstitution(t)
	const words = "/search?q=" + "%E5%AE%9E%E6%96%BD%E6%96%B9%E6%A1%88" // 实施方案
	office, err := a.AccountOf(ctx, app.System, bench.OfficeAccount)
	if err != nil {
		t.Fatal(err)
	}
	titled := model.Measure{Title: "制定学院实施方案", Theme: "research", LeadUnit: "U001", Period: "2024-H2", Deadline: "2024年12月31日前"}
	newer := model.Measure{Title: "修订科研评价办法", Detail: "制定实施方案，年底前完成。", Theme: "research", LeadUnit: "U001", Period: "2024-H2", Deadline: "2024年12月31日前"}
	for _, m := range []*model.Measure{&titled, &newer} {
		if err := a.CreateMeasure(ctx, office, m); err != nil {
			t.Fatal(err)
		}
	}
	code, body := c.get(words)
	if code != ok || !strings.Contains(body, `<p class="muted" id="search-order">标题中含有这些词的排在前面`) || !strings.Contains(body, `rel="next"`) {
		t.Fatalf("search: %d, no order note or no next page in\n%s", code, body)
	}
	first, second := strings.Index(body, titled.Code), strings.Index(body, newer.Code)
	if first < 0 || second < 0 || first > second {
		t.Errorf("%s (words in the title) at %d, %s (newer, words in the detail) at %d: want both, the first before", titled.Code, first, newer.Code, second)
	}
}

// TestUnitPageFirstPage opens the page of a unit of the generated small
// institution that leads or joins more measures than a page holds: it
// lists one page of them, says how many there are, and leads on to the
// measures list's next page, which continues where it stopped.
func TestUnitPageFirstPage(t *testing.T) {
	ctx := context.Background()
	a, c := smallInstitution(t)
	all, _, err := a.Measures(ctx, app.System, model.MeasureFilter{Unit: "U005", Limit: app.MaxMeasureLimit})
	if err != nil || len(all) <= measurePageSize {
		t.Fatalf("U005 has %d measures (%v): the test needs more than a page", len(all), err)
	}
	code, body := c.get("/units/U005")
	if code != ok {
		t.Fatalf("unit page: %d", code)
	}
	rows := strings.Count(body, `<tr><td class="code">`)
	if rows != measurePageSize {
		t.Errorf("the unit page lists %d measures, want a page of %d", rows, measurePageSize)
	}
	want := fmt.Sprintf("此处列出前 %d 项举措（共 %s 项）", measurePageSize, i18n.Number("zh-CN", len(all)))
	if !strings.Contains(body, want) {
		t.Errorf("the unit page does not say %q", want)
	}
	next := regexp.MustCompile(`<a href="([^"]+)" rel="next">`).FindStringSubmatch(body)
	if next == nil {
		t.Fatal("no link to the rest")
	}
	code, rest := c.get(html.UnescapeString(next[1]))
	if code != ok || !strings.Contains(rest, "/measures/"+all[measurePageSize].Code+`"`) || strings.Contains(rest, "/measures/"+all[0].Code+`"`) {
		t.Errorf("the next page (%s, %d) does not continue with %s", next[1], code, all[measurePageSize].Code)
	}
}

// smallInstitution generates the small scale into a fresh SQLite file and
// signs its office account in.
func smallInstitution(t *testing.T) (*app.App, *client) {
	t.Helper()
	ctx := context.Background()
	s, drop, err := store.OpenScratch(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	if err := bench.Generate(ctx, s, bench.Small, 42); err != nil {
		t.Fatal(err)
	}
	a := apptest.Bare(t, s)
	srv := httptest.NewServer(New(a))
	t.Cleanup(srv.Close)
	c := newClient(t, srv.URL)
	if code, _ := signInAs(t, c, bench.OfficeAccount, bench.Password); code != see {
		t.Fatalf("sign in: %d", code)
	}
	return a, c
}
