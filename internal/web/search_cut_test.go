package web

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/bench"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// TestSearchSaysWhenCut searches a generated institution whose 2,000
// measures all say 实施方案 in their detail: exactly as many as a search
// ranks, so the page lists them without a word of caution. One measure
// more and only the newest 2,000 are ranked: the page says so, in Chinese.
func TestSearchSaysWhenCut(t *testing.T) {
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
	const words = "/search?q=" + "%E5%AE%9E%E6%96%BD%E6%96%B9%E6%A1%88" // 实施方案
	if code, body := c.get(words); code != ok || strings.Contains(body, `id="search-cut"`) || !strings.Contains(body, `rel="next"`) {
		t.Fatalf("2,000 matches: %d, cut note shown %v", code, strings.Contains(body, `id="search-cut"`))
	}
	office, err := a.AccountOf(ctx, app.System, bench.OfficeAccount)
	if err != nil {
		t.Fatal(err)
	}
	m := model.Measure{Title: "修订科研评价办法", Detail: "制定实施方案，年底前完成。", Theme: "research", LeadUnit: "U001", Period: "2024-H2", Deadline: "2024年12月31日前"}
	if err := a.CreateMeasure(ctx, office, &m); err != nil {
		t.Fatal(err)
	}
	code, body := c.get(words)
	if code != ok || !strings.Contains(body, `<p class="notice" id="search-cut">匹配的文档较多，仅对最新的 2,000 条按相关度排序`) {
		t.Errorf("2,001 matches: %d, no cut note in\n%s", code, body)
	}
	if !strings.Contains(body, m.Code) {
		t.Errorf("the newest match %s is not among the first results", m.Code)
	}
}
