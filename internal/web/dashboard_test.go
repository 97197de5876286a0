package web

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestDashboardPage: the dashboard's tables carry the numbers and the links
// to each unit's overdue measures (what prints and what a reader without
// JavaScript uses); a leader finds their portfolio, the office chooses one;
// the charts' JSON has the same numbers.
func TestDashboardPage(t *testing.T) {
	a, srv := newServer(t)
	seedProblems(t, a)
	seedIndicator(t, a)
	b, err := a.Board(t.Context(), app.System, model.BoardFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if b.OverdueCount == 0 {
		t.Fatal("the fixture has no overdue measure")
	}
	unit := b.Overdue[0].LeadUnit

	leader := newClient(t, srv.URL)
	leader.signIn(apptest.Leader)
	st, body := leader.get("/dashboard")
	if st != http.StatusOK {
		t.Fatalf("dashboard: %d", st)
	}
	for _, want := range []string{`id="chart-units"`, `id="table-units"`, `href="/measures?status=overdue&amp;unit=` + unit + `"`,
		`id="table-portfolio"`, `id="table-trend"`, `id="table-indicators"`, `id="table-problems"`,
		`src="/static/echarts.min.js"`, `src="/static/dashboard.js"`, `href="/dashboard" aria-current="page"`} {
		if !strings.Contains(body, want) {
			t.Errorf("leader's dashboard lacks %s", want)
		}
	}

	office := newClient(t, srv.URL)
	office.signIn(apptest.Office)
	_, body = office.get("/dashboard")
	if strings.Contains(body, `id="table-portfolio"`) || !strings.Contains(body, `id="f-leader"`) {
		t.Error("the office's dashboard should offer the leaders, not show a portfolio")
	}
	_, body = office.get("/dashboard?leader=" + apptest.Leader)
	if !strings.Contains(body, `id="table-portfolio"`) {
		t.Error("the office cannot see leader1's portfolio")
	}

	st, body = office.get("/dashboard/data.json")
	if st != http.StatusOK {
		t.Fatalf("data.json: %d %s", st, body)
	}
	var d dashData
	if err := json.Unmarshal([]byte(body), &d); err != nil {
		t.Fatalf("data.json: %v: %s", err, body)
	}
	if d.Totals.Total != b.Totals.Total || d.Totals.Red != b.OverdueCount || len(d.Units) != len(b.Units) || len(d.StatusNames) != len(d.StatusKeys) {
		t.Errorf("data.json totals %+v, board %+v", d.Totals, b.Totals)
	}
	found := false
	for _, u := range d.Units {
		if u.Key == unit {
			found = u.OverdueHref == "/measures?status=overdue&unit="+unit && u.Red > 0
		}
	}
	if !found {
		t.Errorf("data.json has no overdue link for %s: %+v", unit, d.Units)
	}
	if d.OpenProblems != 1 || d.Unlinked != 0 || len(d.Indicators) != 1 {
		t.Errorf("data.json problems %d/%d, indicators %+v", d.OpenProblems, d.Unlinked, d.Indicators)
	}

	// The page's content is kept between views, and a change shows at
	// once: an overdue measure reported done leaves the red card.
	red := regexp.MustCompile(`<a class="card c-red" href="/measures\?status=overdue"><b>(\d+)</b>`)
	_, before := office.get("/dashboard")
	_, again := office.get("/dashboard")
	m0, m1 := red.FindStringSubmatch(before), red.FindStringSubmatch(again)
	if m0 == nil || m1 == nil || m0[1] != strconv.Itoa(b.OverdueCount) || m1[1] != m0[1] {
		t.Fatalf("red card: %v then %v, want %d", m0, m1, b.OverdueCount)
	}
	rep := model.ProgressReport{Percent: 100, Note: "已完成"}
	if _, err := a.ReportProgress(t.Context(), apptest.Account(t, a, apptest.Office), b.Overdue[0].Code, &rep); err != nil {
		t.Fatal(err)
	}
	_, after := office.get("/dashboard")
	if m := red.FindStringSubmatch(after); m == nil || m[1] != strconv.Itoa(b.OverdueCount-1) {
		t.Errorf("after %s was done the red card says %v, want %d", b.Overdue[0].Code, m, b.OverdueCount-1)
	}
}

// TestDashboardAssignment: a leader's portfolio shows what they are in
// charge of (分管) as set, each unit with all the measures it leads, and
// the themes; without an assignment it says so.
func TestDashboardAssignment(t *testing.T) {
	a, srv := newServer(t)
	leader := newClient(t, srv.URL)
	leader.signIn(apptest.Leader)
	_, body := leader.get("/dashboard")
	if !strings.Contains(body, "尚未设置分管单位") {
		t.Error("no word that nothing is assigned")
	}
	office := apptest.Account(t, a, apptest.Office)
	_, err := a.SetPortfolio(t.Context(), office, app.PortfolioChange{Portfolio: model.Portfolio{Leader: apptest.Leader,
		From: model.Ymd(2024, 7, 1), Units: []string{"RSC", "JWC"}, Themes: []string{"research"}}})
	if err != nil {
		t.Fatal(err)
	}
	_, body = leader.get("/dashboard")
	for _, want := range []string{`id="table-assigned"`, "人事处", "教务处", "2024年7月1日", `id="assigned-themes"`, "科学研究"} {
		if !strings.Contains(body, want) {
			t.Errorf("leader's dashboard lacks %s", want)
		}
	}
}
