package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// summaryScenarios are the summary and agenda proposal routes for
// TestRoutes: the office drafts, issues and voids; leaders read drafts;
// units read only an issued summary; only the office adds proposals.
func summaryScenarios(t *testing.T, a *app.App) []scenario {
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	var next model.Meeting
	for _, d := range []model.Date{model.Ymd(2023, 12, 20), model.Ymd(2024, 12, 20)} {
		m := model.Meeting{Kind: "retreat", Title: "工作研讨会", Date: d,
			Items: []model.AgendaItem{{Kind: "speech", Title: "校长讲话", Speaker: "校长", Text: "要抓好落实。"}}}
		if err := a.SaveMeeting(ctx, office, &m); err != nil {
			t.Fatal(err)
		}
		next = m
	}
	if _, err := a.IssueSummary(ctx, office, "2023-H2"); err != nil {
		t.Fatal(err)
	}
	p := model.Problem{Title: "实验用房紧张", Severity: "high", OwnerUnit: "KJC"}
	if err := a.CreateProblem(ctx, office, &p); err != nil {
		t.Fatal(err)
	}
	first := func(s int) want {
		return want{def: denied, role: map[string]int{"anon": see, apptest.Admin: see, apptest.Office: s}}
	}
	return []scenario{
		{"GET /summaries", "/summaries", nil, signedInOnly(see)},
		{"GET /summaries/{period}", "/summaries/2024-H1", nil,
			want{def: notFound, role: map[string]int{"anon": see, apptest.Admin: ok, apptest.Office: ok, apptest.Leader: ok}}},
		{"GET /summaries/{period}", "/summaries/2023-H2", nil, signedInOnly(ok)},
		{"GET /summaries/{period}", "/summaries/2024-H9", nil, signedInOnly(http.StatusUnprocessableEntity)},
		{"GET /summaries/{period}/summary.docx", "/summaries/2023-H2/summary.docx", nil, signedInOnly(ok)},
		{"GET /summaries/{period}/summary.docx", "/summaries/2024-H1/summary.docx", nil,
			want{def: notFound, role: map[string]int{"anon": see, apptest.Admin: ok, apptest.Office: ok, apptest.Leader: ok}}},
		{"POST /summaries/{period}", "/summaries/2024-H1", func() url.Values { return url.Values{"section.overview": {"上半年总体平稳。"}} }, officeOnly(see)},
		{"POST /summaries/{period}/issue", "/summaries/2024-H2/issue", func() url.Values { return url.Values{} }, first(http.StatusConflict)},
		{"POST /summaries/{period}/void", "/summaries/2023-H2/void", func() url.Values { return url.Values{"reason": {"数据有误"}} }, first(http.StatusConflict)},
		// The second click adds nothing and shows the item again.
		{"POST /meetings/{id}/proposals", fmt.Sprintf("/meetings/%d/proposals", next.ID),
			func() url.Values { return url.Values{"kind": {app.ProposalProblem}, "ref": {p.Code}} }, officeOnly(see)},
	}
}
