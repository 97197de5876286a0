package api

import (
	"context"
	"net/http"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// seedSummaries records retreats in 2023-H2 and 2024-H2 and issues the
// 2023-H2 summary, so the route tests have one to read and void, and one
// (2024-H2) to issue.
func seedSummaries(t *testing.T, a *app.App) {
	t.Helper()
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	for _, d := range []model.Date{model.Ymd(2023, 12, 20), model.Ymd(2024, 12, 20)} {
		m := model.Meeting{Kind: "retreat", Title: "工作研讨会", Date: d,
			Items: []model.AgendaItem{{Kind: "speech", Title: "校长讲话", Speaker: "校长", Text: "要抓好落实。"}}}
		if err := a.SaveMeeting(ctx, office, &m); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.IssueSummary(ctx, office, "2023-H2"); err != nil {
		t.Fatal(err)
	}
}

// TestSummaryAPI: the office saves and issues; a unit reads the issued
// summary only; the issued one went first on the retreat's agenda.
func TestSummaryAPI(t *testing.T) {
	e := newEnv(t)
	seedSummaries(t, e.a)
	office, kjc := e.tokens["office"], e.tokens["own"]
	if status, b := e.do("GET", "/api/v1/summaries/2024-H2", kjc, ""); status != http.StatusNotFound {
		t.Errorf("unit reads a draft: %d %s", status, b)
	}
	status, b := e.do("GET", "/api/v1/summaries/2024-H2", office, "")
	var s summaryJSON
	mustUnmarshal(t, b, &s)
	if status != http.StatusOK || s.State != model.SummaryNone || len(s.Sections) != len(model.SummarySectionKeys) || s.Figures.Measures.All.Total != 3 {
		t.Fatalf("draft: %d %s", status, b)
	}
	status, b = e.do("POST", "/api/v1/summaries/2024-H2", office, `{"sections":[{"key":"overview","text":"下半年总体平稳。"}]}`)
	mustUnmarshal(t, b, &s)
	if status != http.StatusOK || s.State != model.SummaryDraft || s.Section(model.SectionOverview) != "下半年总体平稳。" || s.Section(model.SectionMeasures) == "" {
		t.Fatalf("save: %d %s", status, b)
	}
	if status, b := e.do("POST", "/api/v1/summaries/2024-H2", office, `{"sections":[{"key":"gossip","text":"x"}]}`); status != http.StatusUnprocessableEntity {
		t.Errorf("unknown section: %d %s", status, b)
	}
	status, b = e.do("POST", "/api/v1/summaries/2024-H2/issue", office, "")
	mustUnmarshal(t, b, &s)
	if status != http.StatusCreated || s.State != model.SummaryIssued || s.Meeting == 0 || s.AgendaItem == 0 {
		t.Fatalf("issue: %d %s", status, b)
	}
	m, err := e.a.Meeting(context.Background(), app.System, s.Meeting)
	if err != nil {
		t.Fatal(err)
	}
	if m.Items[0].ID != s.AgendaItem || m.Items[0].Kind != "briefing" || m.Items[0].Text != s.Text() {
		t.Errorf("retreat agenda: %+v", m.Items)
	}
	if status, b := e.do("GET", "/api/v1/summaries/2024-H2", kjc, ""); status != http.StatusOK {
		t.Errorf("unit reads the issued summary: %d %s", status, b)
	}
	if status, _ := e.do("POST", "/api/v1/summaries/2024-H2", office, `{"sections":[]}`); status != http.StatusConflict {
		t.Errorf("edit an issued summary: %d", status)
	}
}
