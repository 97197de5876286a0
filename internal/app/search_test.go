package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

func searchURLs(t *testing.T, a *app.App, who, q string) []string {
	t.Helper()
	res, err := a.Search(context.Background(), apptest.Account(t, a, who), app.SearchRequest{Q: q})
	if err != nil {
		t.Fatalf("search %q as %s: %v", q, who, err)
	}
	out := []string{}
	for _, r := range res.Items {
		out = append(out, r.URL)
	}
	slices.Sort(out)
	return out
}

// TestSearchSeesWhatTheReaderMay writes two units' reports and searches
// their words as every role: a unit account finds its own report and never
// another unit's; the office and leaders find both.
func TestSearchSeesWhatTheReaderMay(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	for who, text := range map[string]string{
		apptest.UnitKJC: "科研经费督办情况良好，confidential grant figures",
		apptest.UnitJWC: "教学督办情况良好，confidential exam figures",
	} {
		acct := apptest.Account(t, a, who)
		if _, err := a.SaveReport(ctx, acct, acct.Unit, "2024-H2", app.ReportText{Achievements: text}); err != nil {
			t.Fatal(err)
		}
	}
	kjc, jwc := "/reports/KJC/2024-H2", "/reports/JWC/2024-H2"
	cases := []struct {
		who, q string
		want   []string
	}{
		{apptest.Office, "督办", []string{jwc, kjc}},
		{apptest.Admin, "confidential", []string{jwc, kjc}},
		{apptest.Leader, "督办情况", []string{jwc, kjc}},
		{apptest.UnitKJC, "督办", []string{kjc}},
		{apptest.UnitKJC, "exam", []string{}},
		{apptest.UnitKJC, "教学督办", []string{}},
		{apptest.Office, "教学督办", []string{jwc}},
		{apptest.UnitJWC, "confidential figures", []string{jwc}},
		{apptest.UnitRSC, "督办", []string{}},
		{apptest.UnitRSC, "confidential", []string{}},
	}
	for _, c := range cases {
		if got := searchURLs(t, a, c.who, c.q); !slices.Equal(got, c.want) {
			t.Errorf("%s searching %q: %v, want %v", c.who, c.q, got, c.want)
		}
	}
	// Everyone finds the measures and the speech.
	for _, who := range []string{apptest.Office, apptest.Leader, apptest.UnitRSC} {
		got := searchURLs(t, a, who, "科研")
		if !slices.Contains(got, "/measures/"+apptest.MeasureA) || !slices.ContainsFunc(got, func(u string) bool { return strings.Contains(u, "#item-") }) {
			t.Errorf("%s searching 科研: %v", who, got)
		}
	}
}

// TestSearchResults checks highlighting, links, a changed measure and bad
// requests.
func TestSearchResults(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	res, err := a.Search(ctx, office, app.SearchRequest{Q: "科研平台", Kind: "measure"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Items) != 1 || res.Items[0].URL != "/measures/"+apptest.MeasureA || string(res.Items[0].TitleHL) != "推进重大<mark>科研平台</mark>建设" {
		t.Fatalf("results: %+v", res.Items)
	}
	title := "完善<b>学科</b>评估 discipline review"
	if _, err := a.UpdateMeasure(ctx, office, apptest.MeasureA, app.MeasurePatch{Title: &title}); err != nil {
		t.Fatal(err)
	}
	if got := searchURLs(t, a, apptest.Office, "科研平台"); slices.Contains(got, "/measures/"+apptest.MeasureA) {
		t.Errorf("old title still found: %v", got)
	}
	res, err = a.Search(ctx, office, app.SearchRequest{Q: "学科 Discipline"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Items) != 1 || string(res.Items[0].TitleHL) != "完善&lt;b&gt;<mark>学科</mark>&lt;/b&gt;评估 <mark>discipline</mark> review" {
		t.Fatalf("after the edit: %+v", res.Items)
	}
	for _, r := range []app.SearchRequest{{Q: " "}, {Q: "，。"}, {Q: "学科", Kind: "nope"}, {Q: "学科", Limit: 1000}} {
		if _, err := a.Search(ctx, office, r); model.ErrorCode(err) != model.EINVALID {
			t.Errorf("%+v: %v, want invalid", r, err)
		}
	}
}
