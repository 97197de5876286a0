package app_test

import (
	"context"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/bench"
	"github.com/luoshi-edu/luoshi/internal/demo"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// counted is what the dashboard shows, counted the plain way: every measure,
// progress report, indicator value and problem read and tallied in Go.
type counted struct {
	Totals     map[string]int            // "status:x", "alert:y", "total"
	Units      map[string]map[string]int // lead unit → as Totals
	Themes     map[string]map[string]int
	Trend      map[string]int // period ("" for now) → overdue
	Indicators map[string]map[string]int
	Problems   map[string]int
	Portfolios map[string]map[string]map[string]int // leader → unit → as Totals; unit "" the totals, "attention" its count
}

func tally(m map[string]map[string]int, key string) map[string]int {
	if m[key] == nil {
		m[key] = map[string]int{}
	}
	return m[key]
}

func countRow(c map[string]int, st model.Status, al model.Alert) {
	c["total"]++
	c["status:"+string(st)]++
	c["alert:"+string(al)]++
}

func rowCounts(r model.BoardRow) map[string]int {
	c := map[string]int{"total": r.Total}
	for k, v := range r.ByStatus {
		if v != 0 {
			c["status:"+string(k)] = v
		}
	}
	for k, v := range r.ByAlert {
		if v != 0 {
			c["alert:"+string(k)] = v
		}
	}
	return c
}

// directCounts reads everything and counts it.
func directCounts(t *testing.T, a *app.App) counted {
	t.Helper()
	ctx := context.Background()
	today, err := a.Today(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c := counted{Totals: map[string]int{}, Units: map[string]map[string]int{}, Themes: map[string]map[string]int{},
		Trend: map[string]int{}, Indicators: map[string]map[string]int{}, Problems: map[string]int{},
		Portfolios: map[string]map[string]map[string]int{}}
	var all []model.Measure
	for after := int64(0); ; {
		ms, next, err := apptest.Store(a).Measures(ctx, model.MeasureFilter{Today: today, Limit: 1000, After: after})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, ms...)
		if next == "" {
			break
		}
		after, _ = strconv.ParseInt(next, 10, 64)
	}
	periods, err := a.Periods(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range all {
		countRow(c.Totals, m.Status, m.Alert)
		countRow(tally(c.Units, m.LeadUnit), m.Status, m.Alert)
		countRow(tally(c.Themes, m.Theme), m.Status, m.Alert)
		if m.Status == model.Overdue {
			c.Trend[""]++
		}
		if m.Leader != "" {
			if c.Portfolios[m.Leader] == nil {
				c.Portfolios[m.Leader] = map[string]map[string]int{}
			}
			countRow(tally(c.Portfolios[m.Leader], m.LeadUnit), m.Status, m.Alert)
			countRow(tally(c.Portfolios[m.Leader], ""), m.Status, m.Alert)
			if m.Alert != model.AlertNone {
				tally(c.Portfolios[m.Leader], "attention")["n"]++
			}
		}
		// Overdue at a half-year's end: due before it, not cancelled, and
		// not done by then (done on the day of the report that made it
		// 100 %, or on its due day when none did).
		if m.Cancelled || m.Due == 0 {
			continue
		}
		var done model.Date
		if m.Progress >= 100 {
			done = m.Due
			reports, err := apptest.Store(a).ProgressReports(ctx, m.ID, m.Code)
			if err != nil {
				t.Fatal(err)
			}
			if len(reports) > 0 {
				done = reports[0].Date // newest first
			}
		}
		for _, p := range periods {
			if len(p.Code) == 7 && p.End < today.Day && m.Due < p.End && (done == 0 || done > p.End) {
				c.Trend[p.Code]++
			}
		}
	}
	inds, err := apptest.Store(a).Indicators(ctx, model.IndicatorFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, ind := range inds {
		vals, err := apptest.Store(a).IndicatorValues(ctx, ind.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			tally(c.Indicators, v.Period)[ind.Kind+":"+string(model.Judge(ind, v).Judgement)]++
		}
	}
	probs, err := apptest.Store(a).Problems(ctx, model.ProblemFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		c.Problems["status:"+p.Status]++
		if p.Status == model.ProblemOpen || p.Status == model.ProblemInProgress {
			c.Problems["open"]++
			c.Problems["severity:"+p.Severity]++
			if len(p.Measures) == 0 {
				c.Problems["unlinked"]++
			}
		}
	}
	return c
}

// shown turns the dashboard (and every leader's portfolio) into counted.
func shown(t *testing.T, a *app.App, leaders []string) counted {
	t.Helper()
	ctx := context.Background()
	d, err := a.Dashboard(ctx, app.System)
	if err != nil {
		t.Fatal(err)
	}
	c := counted{Totals: rowCounts(d.Totals), Units: map[string]map[string]int{}, Themes: map[string]map[string]int{},
		Trend: map[string]int{}, Indicators: map[string]map[string]int{}, Problems: map[string]int{},
		Portfolios: map[string]map[string]map[string]int{}}
	if d.Totals.Total == 0 {
		c.Totals = map[string]int{}
	}
	for _, u := range d.Units {
		c.Units[u.Unit] = rowCounts(u)
	}
	for _, th := range d.Themes {
		c.Themes[th.Unit] = rowCounts(th)
	}
	for i, p := range d.Trend {
		if p.Period == "" && i != len(d.Trend)-1 {
			t.Errorf("trend point %d has no period", i)
		}
		if p.Overdue != 0 {
			c.Trend[p.Period] = p.Overdue
		}
	}
	for _, ia := range d.Indicators {
		for j, n := range ia.Basic {
			tally(c.Indicators, ia.Period)[model.IndicatorBasic+":"+string(j)] = n
		}
		for j, n := range ia.Competitive {
			tally(c.Indicators, ia.Period)[model.IndicatorCompetitive+":"+string(j)] = n
		}
	}
	for k, v := range d.Problems.ByStatus {
		c.Problems["status:"+k] = v
	}
	for k, v := range d.Problems.BySeverity {
		c.Problems["severity:"+k] = v
	}
	if d.Problems.Open != 0 {
		c.Problems["open"] = d.Problems.Open
	}
	if d.Problems.Unlinked != 0 {
		c.Problems["unlinked"] = d.Problems.Unlinked
	}
	for _, l := range leaders {
		p, err := a.Portfolio(ctx, model.Account{Username: l, Role: model.RoleLeader}, "")
		if err != nil {
			t.Fatal(err)
		}
		if p.Totals.Total == 0 {
			continue
		}
		byUnit := map[string]map[string]int{"": rowCounts(p.Totals)}
		for _, u := range p.Units {
			byUnit[u.Unit] = rowCounts(u)
		}
		if p.AttentionCnt > 0 {
			byUnit["attention"] = map[string]int{"n": p.AttentionCnt}
		}
		if want := min(p.AttentionCnt, store.PortfolioListLimit); len(p.Attention) != want {
			t.Errorf("portfolio of %s lists %d measures, want %d", l, len(p.Attention), want)
		}
		for i := 1; i < len(p.Attention); i++ {
			if rank(p.Attention[i-1].Alert) > rank(p.Attention[i].Alert) {
				t.Errorf("portfolio of %s: %s (%s) listed before %s (%s)", l, p.Attention[i-1].Code, p.Attention[i-1].Alert, p.Attention[i].Code, p.Attention[i].Alert)
			}
		}
		c.Portfolios[l] = byUnit
	}
	return c
}

func rank(a model.Alert) int {
	return map[model.Alert]int{model.AlertRed: 0, model.AlertOrange: 1, model.AlertYellow: 2}[a]
}

func leaderNames(t *testing.T, a *app.App) []string {
	t.Helper()
	ls, err := a.Leaders(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range ls {
		out = append(out, l.Username)
	}
	sort.Strings(out)
	return out
}

func checkDashboard(t *testing.T, a *app.App, step string) {
	t.Helper()
	want := directCounts(t, a)
	got := shown(t, a, leaderNames(t, a))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s: dashboard (+) differs from direct counts (-):\n%s", step, diff)
	}
}

// TestDashboardDemo: on the demo institution the dashboard's numbers equal
// direct counts, and still do after a measure is done, a problem is raised
// and an indicator value entered (each moves its own counter).
func TestDashboardDemo(t *testing.T) {
	ctx := context.Background()
	a := apptest.Bare(t, apptest.OpenStore(t))
	fixed := time.Date(2025, 3, 1, 9, 0, 0, 0, a.Location)
	a.Now = func() time.Time { return fixed }
	apptest.Store(a).Now = a.Now
	if _, err := demo.Load(ctx, a); err != nil {
		t.Fatal(err)
	}
	checkDashboard(t, a, "demo")
	d, err := a.Dashboard(ctx, app.System)
	if err != nil {
		t.Fatal(err)
	}
	if d.Totals.ByStatus[model.Overdue] == 0 || d.Problems.Open == 0 || len(d.Indicators) == 0 || len(d.Trend) < 2 {
		t.Fatalf("the demo dashboard shows too little to check: %+v", d)
	}

	office := model.Account{Username: "linxiao", Role: model.RoleOffice}
	ms, _, err := apptest.Store(a).Measures(ctx, model.MeasureFilter{Today: d.Today, Status: model.Overdue, Limit: 1})
	if err != nil || len(ms) == 0 {
		t.Fatal("no overdue measure", err)
	}
	r := model.ProgressReport{Percent: 100, Note: "已完成"}
	if _, err := a.ReportProgress(ctx, office, ms[0].Code, &r); err != nil {
		t.Fatal(err)
	}
	checkDashboard(t, a, "after a measure is done")
	after, err := a.Dashboard(ctx, app.System)
	if err != nil {
		t.Fatal(err)
	}
	if got := after.Totals.ByStatus[model.Overdue]; got != d.Totals.ByStatus[model.Overdue]-1 {
		t.Errorf("overdue now %d, want %d", got, d.Totals.ByStatus[model.Overdue]-1)
	}

	p := model.Problem{Title: "实验用房不足", OwnerUnit: ms[0].LeadUnit, Severity: "high", Source: model.SourceUnit}
	if err := a.CreateProblem(ctx, office, &p); err != nil {
		t.Fatal(err)
	}
	checkDashboard(t, a, "after a problem is raised")

	inds, err := apptest.Store(a).Indicators(ctx, model.IndicatorFilter{Kind: model.IndicatorBasic})
	if err != nil || len(inds) == 0 {
		t.Fatal("no basic indicator", err)
	}
	low := -1e9
	if inds[0].Direction == model.LowerIsBetter {
		low = 1e9
	}
	if _, err := a.SetIndicatorValue(ctx, office, inds[0].Code, "2024-H2", app.ValuePatch{
		Baseline: app.Figure{Set: true, Value: new(float64)}, Actual: app.Figure{Set: true, Value: &low}}); err != nil {
		t.Fatal(err)
	}
	checkDashboard(t, a, "after an indicator value is entered")
}

// TestDashboardGenerated: on a generated institution (four half-years, every
// status, thousands of reports) the dashboard's numbers equal direct counts.
func TestDashboardGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("generates an institution")
	}
	ctx := context.Background()
	a := generatedSmall(t)
	checkDashboard(t, a, "generated")
	d, err := a.Dashboard(ctx, app.System)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("generated: %d measures, trend %+v, %d units, %d themes", d.Totals.Total, d.Trend, len(d.Units), len(d.Themes))
	if len(d.Trend) != 4 || d.Trend[0].Overdue == 0 {
		t.Errorf("trend: %+v, want three half-years with overdue measures and now", d.Trend)
	}
}

// generatedSmall generates the small institution (seed 7) into a fresh
// database of the tests' engine and returns the app on it, its clock fixed
// at 09:00 on bench.Today, the day generated institutions are read on.
func generatedSmall(t *testing.T) *app.App {
	t.Helper()
	s := apptest.OpenStore(t)
	if err := bench.Generate(context.Background(), s, bench.Small, 7); err != nil {
		t.Fatal(err)
	}
	return apptest.BareOn(t, s, bench.Today)
}
