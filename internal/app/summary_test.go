package app_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/bench"
	"github.com/luoshi-edu/luoshi/internal/demo"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// summaryCounts is what a summary's figures say, in plain maps, for
// comparing with direct counts.
type summaryCounts struct {
	Measures    map[string]map[string]int // "" all, "theme:X", "unit:X" → status → n
	Indicators  map[string]int            // kind/judgement → n
	Problems    map[string]int
	Resources   map[string]int64 // kind/unit/granted|spent|grants → n
	OpenHighLen int
}

func figuresCounts(f model.SummaryFigures) summaryCounts {
	c := summaryCounts{Measures: map[string]map[string]int{}, Indicators: map[string]int{}, Problems: map[string]int{}, Resources: map[string]int64{}}
	put := func(key string, r model.StatusRow) {
		m := map[string]int{"total": r.Total}
		for s, n := range r.ByStatus {
			if n != 0 {
				m[string(s)] = n
			}
		}
		c.Measures[key] = m
	}
	put("", f.Measures.All)
	for _, r := range f.Measures.ByTheme {
		put("theme:"+r.Key, r)
	}
	for _, r := range f.Measures.ByUnit {
		put("unit:"+r.Key, r)
	}
	for j, n := range f.Indicators.Basic {
		c.Indicators["basic/"+string(j)] = n
	}
	for j, n := range f.Indicators.Competitive {
		c.Indicators["competitive/"+string(j)] = n
	}
	c.Indicators["list/fell"], c.Indicators["list/behind"], c.Indicators["list/met"] = len(f.Indicators.Fell), len(f.Indicators.Behind), len(f.Indicators.Met)
	c.Problems = map[string]int{"raised": f.Problems.Raised, "resolved": f.Problems.Resolved, "open": f.Problems.Open}
	c.OpenHighLen = len(f.Problems.OpenHigh)
	for _, r := range f.Resources {
		k := r.Kind + "/" + r.AmountUnit + "/"
		c.Resources[k+"granted"], c.Resources[k+"spent"], c.Resources[k+"grants"] = int64(r.Granted), int64(r.Spent), int64(r.Grants)
	}
	return c
}

// directSummary counts what the summary of period should say straight from
// the tables: measures listed one by one (status derived per measure in
// Go), indicators judged one by one, problems and resources by SQL counts.
func directSummary(t *testing.T, a *app.App, period string) summaryCounts {
	t.Helper()
	ctx := context.Background()
	s := apptest.Store(a)
	today, err := a.Today(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := model.PeriodFromCode(period)
	c := summaryCounts{Measures: map[string]map[string]int{"": {"total": 0}}, Indicators: map[string]int{}, Resources: map[string]int64{}}
	for after := int64(0); ; {
		ms, next, err := s.Measures(ctx, model.MeasureFilter{Today: today, Period: period, Limit: 1000, After: after})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			for _, k := range []string{"", "theme:" + m.Theme, "unit:" + m.LeadUnit} {
				if c.Measures[k] == nil {
					c.Measures[k] = map[string]int{}
				}
				c.Measures[k]["total"]++
				c.Measures[k][string(m.Status)]++
			}
		}
		if next == "" {
			break
		}
		after, _ = strconv.ParseInt(next, 10, 64)
	}
	inds, err := s.Indicators(ctx, model.IndicatorFilter{})
	if err != nil {
		t.Fatal(err)
	}
	vals, err := s.PeriodValues(ctx, period)
	if err != nil {
		t.Fatal(err)
	}
	for _, ind := range inds {
		j := model.Judge(ind, vals[ind.Code]).Judgement
		c.Indicators[ind.Kind+"/"+string(j)]++
		switch j {
		case model.Fell, model.Behind, model.Met:
			c.Indicators["list/"+string(j)]++
		}
	}
	for _, k := range []string{"list/fell", "list/behind", "list/met"} {
		c.Indicators[k] += 0
	}
	start := p.Start.Time()
	from := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, a.Location).UnixMilli()
	end := today.Day.AddDays(1).Time()
	to := time.Date(end.Year(), end.Month(), end.Day(), 0, 0, 0, 0, a.Location).UnixMilli()
	count := func(q string, args ...any) int64 {
		n, err := s.CountQuery(ctx, q, args...)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	const raised = `SELECT count(*) FROM problems WHERE created_at >= ? AND created_at < ?`
	c.Problems = map[string]int{
		"raised":   int(count(raised, from, to)),
		"resolved": int(count(raised+` AND status IN ('resolved', 'closed')`, from, to)),
		"open":     int(count(raised+` AND status IN ('open', 'in_progress')`, from, to)),
	}
	c.OpenHighLen = int(count(raised+` AND status IN ('open', 'in_progress') AND severity = 'high'`, from, to))
	for _, kind := range model.AllocationKinds {
		unit := model.AmountUnits[kind]
		if n := count(`SELECT count(*) FROM allocations WHERE period = ? AND kind = ?`, period, kind); n > 0 {
			k := kind + "/" + unit + "/"
			c.Resources[k+"grants"] = n
			c.Resources[k+"granted"] = count(`SELECT sum(granted) FROM allocations WHERE period = ? AND kind = ?`, period, kind)
			c.Resources[k+"spent"] = count(`SELECT sum(spent) FROM allocations WHERE period = ? AND kind = ?`, period, kind)
		}
	}
	return c
}

func checkSummary(t *testing.T, a *app.App, period, step string) model.SummaryFigures {
	t.Helper()
	office := model.Account{Username: "office-test", Role: model.RoleOffice, Lang: "zh-CN"}
	d, err := a.Summary(context.Background(), office, period)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(directSummary(t, a, period), figuresCounts(d.Summary.Figures)); diff != "" {
		t.Errorf("%s: summary %s (+) differs from direct counts (-):\n%s", step, period, diff)
	}
	return d.Summary.Figures
}

// TestSummaryDemo: on the demo institution (SQLite, or PostgreSQL with
// LUOSHI_TEST_POSTGRES) the live 2024-H2 figures equal direct counts, and
// still do after a measure is done, a problem raised and a grant made
// (each moves its own change counter); the issued 2024-H1 summary opens
// the summer retreat and keeps its frozen figures whatever changes after.
func TestSummaryDemo(t *testing.T) {
	ctx := context.Background()
	a := apptest.Bare(t, apptest.OpenStore(t))
	fixed := time.Date(2024, 10, 15, 9, 0, 0, 0, a.Location)
	a.Now = func() time.Time { return fixed }
	apptest.Store(a).Now = a.Now
	if _, err := demo.Load(ctx, a); err != nil {
		t.Fatal(err)
	}
	office := apptest.Account(t, a, "linxiao")
	f := checkSummary(t, a, "2024-H2", "demo")
	if f.Measures.All.Total == 0 || f.Problems.Raised == 0 || len(f.Resources) == 0 {
		t.Fatalf("the demo's 2024-H2 summary shows too little to check: %+v", f)
	}

	issued, err := a.Summary(ctx, office, "2024-H1")
	if err != nil {
		t.Fatal(err)
	}
	s := issued.Summary
	if s.State != model.SummaryIssued || !strings.HasPrefix(s.Section(model.SectionOverview), "上半年，学校坚持") || s.Figures.AsOf != demo.Today {
		t.Fatalf("demo 2024-H1 summary: %+v", s)
	}
	m, err := a.Meeting(ctx, office, s.Meeting)
	if err != nil {
		t.Fatal(err)
	}
	if m.Kind != "retreat" || m.Items[0].ID != s.AgendaItem || m.Items[0].Kind != "briefing" || m.Items[0].Title != "学校上半年工作总结" ||
		m.Items[0].Text != s.Text() || m.Items[0].Seq != 1 {
		t.Errorf("retreat agenda: %+v", m.Items[0])
	}
	// The study campaign (April to July) is judged in both half-years'
	// summaries: live in 2024-H2's as its own page judges it (checked there
	// against direct counts), frozen in the issued 2024-H1, whose text
	// gives its figures.
	if len(f.Campaigns) != 1 || len(s.Figures.Campaigns) != 1 {
		t.Fatalf("campaigns in the 2024-H2 summary: %+v; in the issued 2024-H1: %+v", f.Campaigns, s.Figures.Campaigns)
	}
	cf := f.Campaigns[0]
	cm, err := a.CampaignCompletion(ctx, office, cf.ID)
	if err != nil {
		t.Fatal(err)
	}
	if cf.Title != cm.Campaign.Title || cf.Units != len(cm.Rows) || cf.UnitsDone != cm.UnitsDone || cf.Cells != cm.Cells || cf.Done != cm.Done ||
		cf.Missed != cm.Totals[model.CellMissed] || cf.Percent != cm.Percent || cf.Missed == 0 {
		t.Errorf("campaign figure %+v; its matrix: %d units, %d done, %d/%d cells, %d missed, %d%%", cf, len(cm.Rows), cm.UnitsDone, cm.Done, cm.Cells,
			cm.Totals[model.CellMissed], cm.Percent)
	}
	hf := s.Figures.Campaigns[0]
	// A half-year's summary judges the campaign as it stood at the
	// half-year's end (30 June), the months after (it ran to July) not yet
	// due: the live 2024-H1 figures on 15 October equal the matrix on 30 June.
	h1, err := model.PeriodFromCode("2024-H1")
	if err != nil {
		t.Fatal(err)
	}
	live, err := apptest.Store(a).ComputeSummaryFigures(ctx, model.Today{Day: demo.Today}, h1, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	june, err := apptest.Store(a).CampaignCompletion(ctx, hf.ID, model.Ymd(2024, 6, 30))
	if err != nil {
		t.Fatal(err)
	}
	if len(live.Campaigns) != 1 || live.Campaigns[0].Done != june.Done || live.Campaigns[0].Cells != june.Cells ||
		live.Campaigns[0].Missed != june.Totals[model.CellMissed] || june.Totals[model.CellMissed] >= cf.Missed {
		t.Errorf("the live 2024-H1 campaign figures %+v; the matrix on 30 June: %d/%d done, %d missed (on 15 October: %d missed)", live.Campaigns,
			june.Done, june.Cells, june.Totals[model.CellMissed], cf.Missed)
	}
	if txt := s.Section(model.SectionCampaign); !strings.HasPrefix(txt, "学习教育方面，"+hf.Title) ||
		!strings.Contains(txt, strconv.Itoa(hf.Units)+"个单位参加") || !strings.Contains(txt, "完成率"+strconv.Itoa(hf.Percent)+"%") {
		t.Errorf("campaign section of %+v: %q", hf, txt)
	}
	// The issued text is the words chosen by its figures.
	if !strings.Contains(s.Text(), "本期工作举措"+strconv.Itoa(s.Figures.Measures.All.Total)+"项") {
		t.Errorf("issued text does not carry its figures: %s", s.Text())
	}

	// Changes after issue: the live figures move, the issued ones stay.
	ms, _, err := apptest.Store(a).Measures(ctx, model.MeasureFilter{Today: model.Today{Day: apptest.Today}, Period: "2024-H2", Status: model.Overdue, Limit: 1})
	if err != nil || len(ms) == 0 {
		t.Fatal("no overdue measure in 2024-H2", err)
	}
	r := model.ProgressReport{Percent: 100, Note: "已完成"}
	if _, err := a.ReportProgress(ctx, office, ms[0].Code, &r); err != nil {
		t.Fatal(err)
	}
	after := checkSummary(t, a, "2024-H2", "after a measure is done")
	if after.Measures.All.Count(model.Done) != f.Measures.All.Count(model.Done)+1 {
		t.Errorf("done: %d, then %d", f.Measures.All.Count(model.Done), after.Measures.All.Count(model.Done))
	}
	p := model.Problem{Title: "新校区建设进度滞后", Severity: "high", OwnerUnit: "JWC"}
	if err := a.CreateProblem(ctx, office, &p); err != nil {
		t.Fatal(err)
	}
	checkSummary(t, a, "2024-H2", "after a problem is raised")
	al := model.Allocation{Kind: "budget", Unit: "JWC", Period: "2024-H2", Granted: 5000}
	if err := a.CreateAllocation(ctx, office, &al); err != nil {
		t.Fatal(err)
	}
	checkSummary(t, a, "2024-H2", "after a grant")
	al1 := model.Allocation{Kind: "budget", Unit: "JWC", Period: "2024-H1", Granted: 5000}
	if err := a.CreateAllocation(ctx, office, &al1); err != nil {
		t.Fatal(err)
	}
	again, err := a.Summary(ctx, office, "2024-H1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(s.Figures, again.Summary.Figures); diff != "" {
		t.Errorf("issued figures moved after changes:\n%s", diff)
	}
	if cmp.Equal(directSummary(t, a, "2024-H1"), figuresCounts(again.Summary.Figures)) {
		t.Errorf("the changes did not move 2024-H1's direct counts: the freeze is not tested")
	}

	// A unit reads the issued summary, not a draft; a leader reads both.
	jwc := apptest.Account(t, a, "jwc")
	if _, err := a.Summary(ctx, jwc, "2024-H1"); err != nil {
		t.Errorf("unit reads the issued summary: %v", err)
	}
	if _, err := a.Summary(ctx, jwc, "2024-H2"); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("unit reads a draft: %v", err)
	}
	if _, err := a.SaveSummary(ctx, jwc, "2024-H2", nil); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("unit saves: %v", err)
	}
	if _, err := a.Summary(ctx, apptest.Account(t, a, "chenguoqiang"), "2024-H2"); err != nil {
		t.Errorf("leader reads the draft: %v", err)
	}
}

// TestSummaryIssueVoid: issuing freezes the figures and puts the text first
// on the retreat's agenda; saving an issued summary is refused; voiding
// takes the briefing off the agenda and the figures live again; issuing
// again puts it back first, once.
func TestSummaryIssueVoid(t *testing.T) {
	ctx := context.Background()
	a := apptest.New(t)
	office := apptest.Account(t, a, apptest.Office)
	if _, err := a.IssueSummary(ctx, office, "2024-H2"); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("issue without a retreat: %v", err)
	}
	retreat := model.Meeting{Kind: "retreat", Title: "2024年寒假工作研讨会", Date: model.Ymd(2024, 12, 20),
		Items: []model.AgendaItem{{Kind: "speech", Title: "校长讲话", Speaker: "校长", Text: "要抓好落实。"}}}
	if err := a.SaveMeeting(ctx, office, &retreat); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SaveSummary(ctx, office, "2024-H2", []model.SummarySection{{Key: model.SectionOverview, Text: "下半年，学校稳中有进。"}}); err != nil {
		t.Fatal(err)
	}
	s, err := a.IssueSummary(ctx, office, "2024-H2")
	if err != nil {
		t.Fatal(err)
	}
	frozen := s.Figures
	if _, err := a.IssueSummary(ctx, office, "2024-H2"); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("issue twice: %v", err)
	}
	m, _ := a.Meeting(ctx, office, retreat.ID)
	if len(m.Items) != 2 || m.Items[0].ID != s.AgendaItem || m.Items[0].Title != "学校下半年工作总结" || !strings.HasPrefix(m.Items[0].Text, "下半年，学校稳中有进。") {
		t.Fatalf("agenda after issue: %+v", m.Items)
	}
	r := model.ProgressReport{Percent: 100, Note: "已完成"}
	if _, err := a.ReportProgress(ctx, apptest.Account(t, a, apptest.UnitKJC), apptest.MeasureA, &r); err != nil {
		t.Fatal(err)
	}
	d, err := a.Summary(ctx, office, "2024-H2")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(frozen, d.Summary.Figures); diff != "" {
		t.Errorf("issued figures moved:\n%s", diff)
	}
	if _, err := a.SaveSummary(ctx, office, "2024-H2", nil); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("save issued: %v", err)
	}
	if _, err := a.VoidSummary(ctx, office, "2024-H2", ""); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("void without a reason: %v", err)
	}
	if _, err := a.VoidSummary(ctx, office, "2024-H2", "数据需更正"); err != nil {
		t.Fatal(err)
	}
	m, _ = a.Meeting(ctx, office, retreat.ID)
	if len(m.Items) != 1 || m.Items[0].Title != "校长讲话" || m.Items[0].Seq != 1 {
		t.Errorf("agenda after void: %+v", m.Items)
	}
	d, _ = a.Summary(ctx, office, "2024-H2")
	if d.Summary.State != model.SummaryDraft || d.Summary.Figures.Measures.All.Count(model.Done) != frozen.Measures.All.Count(model.Done)+1 ||
		d.Summary.Section(model.SectionOverview) != "下半年，学校稳中有进。" {
		t.Errorf("after void: %+v", d.Summary)
	}
	if s, err = a.IssueSummary(ctx, office, "2024-H2"); err != nil {
		t.Fatal(err)
	}
	m, _ = a.Meeting(ctx, office, retreat.ID)
	if len(m.Items) != 2 || m.Items[0].ID != s.AgendaItem || m.Items[0].Kind != "briefing" {
		t.Errorf("agenda after issuing again: %+v", m.Items)
	}
}

// TestSummaryGenerated: on a generated institution the figures equal
// direct counts for each half-year it has.
func TestSummaryGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("generates an institution")
	}
	ctx := context.Background()
	a := generatedSmall(t)
	if err := bench.AddActivity(ctx, a, bench.Busy); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"2023-H2", "2024-H1", "2024-H2"} {
		f := checkSummary(t, a, p, "generated")
		if f.Measures.All.Total == 0 {
			t.Errorf("%s: no measures to check", p)
		}
	}
}

// TestSummaryText: the tone is chosen by the figures, never asserted.
func TestSummaryText(t *testing.T) {
	p, _ := model.PeriodFromCode("2024-H1")
	f := model.SummaryFigures{Measures: model.SummaryMeasures{All: model.StatusRow{Total: 10, ByStatus: map[model.Status]int{model.Done: 6, model.OnTrack: 4}}},
		Indicators: model.SummaryIndicators{Basic: map[model.Judgement]int{model.Held: 3}, Competitive: map[model.Judgement]int{model.Met: 2, model.OnCourse: 1}}}
	overview := func(f model.SummaryFigures, lang string) string {
		return app.DraftSummaryText(lang, p, f, nil)[0].Text
	}
	if got := overview(f, "zh-CN"); !strings.Contains(got, "基础工作稳步推进，竞争性指标跨越式增长") || !strings.Contains(got, "办结率60%") {
		t.Errorf("steady and leaping: %s", got)
	}
	if got := overview(f, "en"); !strings.Contains(got, "steady progress in basic work; leap-forward growth of competitive indicators") {
		t.Errorf("English: %s", got)
	}
	f.Indicators.Basic = map[model.Judgement]int{model.Held: 2, model.Fell: 1}
	f.Indicators.Competitive = map[model.Judgement]int{model.Met: 1, model.Behind: 3}
	f.Measures.All.ByStatus = map[model.Status]int{model.Done: 6, model.Overdue: 4}
	got := overview(f, "zh-CN")
	if strings.Contains(got, "稳步推进") || strings.Contains(got, "跨越式") || !strings.Contains(got, "1项基础性指标低于基期") ||
		!strings.Contains(got, "3项进度滞后") || !strings.Contains(got, "4项举措逾期") {
		t.Errorf("fallen and behind: %s", got)
	}
}
