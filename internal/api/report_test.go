package api

import (
	"context"
	"net/http"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// reportBody is a complete report's text.
const reportBody = `{"achievements":"一是建成平台。\n二是获批项目。","situation":"竞争加剧。","problems":"经费不足。","next_measures":"加快平台建设。"}`

// submitReports writes and submits the 2024-H2 report of each unit account's unit.
func submitReports(t *testing.T, a *app.App, usernames ...string) {
	t.Helper()
	ctx := context.Background()
	for _, u := range usernames {
		acct := apptest.Account(t, a, u)
		text := app.ReportText{Achievements: "成绩", Situation: "形势", Problems: "问题", NextMeasures: "举措"}
		if _, err := a.SaveReport(ctx, acct, acct.Unit, "2024-H2", text); err != nil {
			t.Fatal(err)
		}
		if _, err := a.SubmitReport(ctx, acct, acct.Unit, "2024-H2"); err != nil {
			t.Fatal(err)
		}
	}
}

// TestReportWorkflow drives a report through the API: draft, submit
// (figures frozen), return with a comment, resubmit, accept, and the
// refusals on the way.
func TestReportWorkflow(t *testing.T) {
	e := newEnv(t)
	own, office := e.tokens["own"], e.tokens["office"]
	path := "/api/v1/reports/KJC/2024-H2"
	var rep reportJSON
	status, b := e.do("GET", path, own, "")
	mustUnmarshal(t, b, &rep)
	if status != http.StatusOK || rep.State != model.ReportNotStarted || rep.Figures == nil || rep.Figures.Measures.Total != 1 || rep.Frozen {
		t.Fatalf("not started: %d %s", status, b)
	}
	steps := []struct {
		method, path, token, body string
		want                      int
		state, field              string
	}{
		{"PUT", path, own, `{"achievements":"只有成绩"}`, 200, model.ReportDraft, ""},
		{"POST", path + "/submit", own, "", 422, "", "situation"},
		{"PUT", path, own, `{"achievements":1}`, 422, "", "achievements"},
		{"PUT", path, own, reportBody, 200, model.ReportDraft, ""},
		{"POST", path + "/accept", office, "", 409, "", ""},
		{"POST", path + "/submit", own, "", 200, model.ReportSubmitted, ""},
		{"PUT", path, own, reportBody, 409, "", ""},
		{"POST", path + "/return", office, `{"comment":" "}`, 422, "", "comment"},
		{"POST", path + "/return", office, `{"comment":"请补充数据"}`, 200, model.ReportReturned, ""},
		{"POST", path + "/submit", own, "", 200, model.ReportResubmitted, ""},
		{"POST", path + "/accept", office, "", 200, model.ReportAccepted, ""},
		{"POST", path + "/return", office, `{"comment":"再改"}`, 409, "", ""},
		{"GET", "/api/v1/reports/NOPE/2024-H2", office, "", 404, "", ""},
		{"GET", "/api/v1/reports/KJC/2024-H7", office, "", 422, "", "period"},
		{"GET", "/api/v1/reports?state=lost", office, "", 422, "", "state"},
	}
	for i, s := range steps {
		status, b := e.do(s.method, s.path, s.token, s.body)
		if status != s.want {
			t.Fatalf("step %d %s %s: %d, want %d: %s", i, s.method, s.path, status, s.want, b)
		}
		if s.state != "" {
			var r reportJSON
			mustUnmarshal(t, b, &r)
			if r.State != s.state {
				t.Errorf("step %d: state %q, want %q", i, r.State, s.state)
			}
		}
		if s.field != "" {
			if f := apiError(t, b).Field; f != s.field {
				t.Errorf("step %d: field %q, want %q", i, f, s.field)
			}
		}
	}
	status, b = e.do("GET", path, e.tokens["leader"], "")
	mustUnmarshal(t, b, &rep)
	if status != 200 || rep.Comment != "请补充数据" || !rep.Frozen || rep.SubmittedAt == nil || rep.Reviewer != apptest.Office ||
		rep.Achievements != "一是建成平台。\n二是获批项目。" {
		t.Errorf("accepted report: %s", b)
	}
	var l list[reportJSON]
	status, b = e.do("GET", "/api/v1/reports?period=2024-H2&state=accepted", e.tokens["leader"], "")
	mustUnmarshal(t, b, &l)
	if status != 200 || len(l.Items) != 1 || l.Items[0].Unit != "KJC" || l.Items[0].Figures == nil {
		t.Errorf("list accepted: %s", b)
	}
	status, b = e.do("GET", "/api/v1/reports", e.tokens["other"], "")
	mustUnmarshal(t, b, &l)
	if status != 200 || len(l.Items) != 0 {
		t.Errorf("rsc1 sees other units' reports: %s", b)
	}
}
