package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// doneDaySQL is the day a done measure was done: the day of its latest
// progress report, which set it to 100 % (InsertProgress). A measure marked
// done without a report counts as done on its due day. NULL when not done.
//
// Only the trend's past half-year ends need the day, and a measure due on
// or after the last of them (the day before today's half-year began) was
// overdue at none of them, so its due day stands in and its reports are not
// looked up: the lookup is the costly part of reading every measure.
func doneDaySQL(t model.Today) string {
	lastEnd := model.HalfYearOf(t.Day).Start - 1
	return fmt.Sprintf(`CASE WHEN m.progress >= 100 AND m.cancelled = 0 THEN
	CASE WHEN m.due_day < %d THEN coalesce((SELECT p.day FROM progress_reports p WHERE p.measure_id = m.id AND p.review <> 'withdrawn' ORDER BY p.id DESC LIMIT 1), m.due_day)
	ELSE m.due_day END END`, lastEnd)
}

// dashCache keeps dashboards by key, and the indicator and problem
// aggregates by their own change counters ("indicators", "problems"), so a
// measure change does not re-read indicators nor an indicator change the
// measures.
type dashCache struct {
	entries map[string]*model.Dashboard
	ind     struct {
		rev int64
		ok  bool
		agg []model.IndicatorAttainment
	}
	prob struct {
		rev int64
		ok  bool
		agg model.ProblemCounts
	}
}

// dashAgg is the part of the live board only the dashboard reads, kept
// change by change like the per-unit totals.
type dashAgg struct {
	themes  map[string]*unitAgg
	leaders map[string]map[string]*unitAgg // leader → lead unit
	// overdue holds the overdue spells as differences by day: a measure is
	// overdue from the day after its due day until the day it was done, so
	// the number overdue on day d is the sum of the differences up to d.
	overdue map[model.Date]int
}

func newDashAgg() *dashAgg {
	return &dashAgg{themes: map[string]*unitAgg{}, leaders: map[string]map[string]*unitAgg{}, overdue: map[model.Date]int{}}
}

func aggOf(m map[string]*unitAgg, key string) *unitAgg {
	u := m[key]
	if u == nil {
		u = &unitAgg{row: newBoardRow(key)}
		m[key] = u
	}
	return u
}

func (d *dashAgg) add(c contribution, sign int) {
	aggOf(d.themes, c.theme).add(c, sign)
	if c.leader != "" {
		byUnit := d.leaders[c.leader]
		if byUnit == nil {
			byUnit = map[string]*unitAgg{}
			d.leaders[c.leader] = byUnit
		}
		aggOf(byUnit, c.unit).add(c, sign)
	}
	if c.cancelled || c.due == 0 {
		return
	}
	from := c.due + 1
	if c.done != 0 && c.done <= from {
		return // done by the day after it was due: never overdue at a day's end
	}
	d.overdue[from] += sign
	if c.done != 0 {
		d.overdue[c.done] -= sign
	}
}

// overdueOn is the number of measures overdue on day: due before it and not
// done by it.
func (d *dashAgg) overdueOn(day model.Date) int {
	n := 0
	for k, v := range d.overdue {
		if k <= day {
			n += v
		}
	}
	return n
}

// counters reads several change counters in one query (0 for any never
// bumped).
func (q Queries) counters(ctx context.Context, names ...string) (map[string]int64, error) {
	marks := marks(len(names))
	args := make([]any, len(names))
	for i, n := range names {
		args[i] = n
	}
	rows, err := q.query(ctx, `SELECT name, value FROM counters WHERE name IN (`+marks+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: counters: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var n string
		var v int64
		if err := rows.Scan(&n, &v); err != nil {
			return nil, err
		}
		out[n] = v
	}
	return out, rows.Err()
}

// Dashboard returns the leaders' dashboard for t. It is assembled from the
// live board's remembered contributions (no measure is re-read unless it
// changed) and kept under the "measures", "indicators" and "problems"
// counters plus the day, so every server agrees and midnight starts afresh.
func (s *Store) Dashboard(ctx context.Context, t model.Today) (*model.Dashboard, error) {
	cs, err := s.counters(ctx, "measures", "indicators", "problems")
	if err != nil {
		return nil, err
	}
	s.board.mu.Lock()
	defer s.board.mu.Unlock()
	lb, err := s.refreshLive(ctx, t, cs["measures"])
	if err != nil {
		return nil, err
	}
	key := fmt.Sprintf("%d|%d|%d|%d|%d|%d", cs["measures"], cs["indicators"], cs["problems"], t.Day, t.Thresholds.YellowPct, t.Thresholds.OrangePct)
	dc := &s.board.dash
	if d := dc.entries[key]; d != nil {
		return d, nil
	}
	b := boardFromUnits(t, lb.units)
	d := &model.Dashboard{Version: key, Today: t, Totals: b.Totals, Units: b.Units}
	if d.Units == nil {
		d.Units = []model.BoardRow{}
	}
	themes := boardFromUnits(t, lb.dash.themes)
	byTheme := map[string]model.BoardRow{}
	for _, r := range themes.Units {
		byTheme[r.Unit] = r
	}
	for _, th := range model.Themes {
		if r, ok := byTheme[th]; ok {
			d.Themes = append(d.Themes, r)
			delete(byTheme, th)
		}
	}
	for _, r := range themes.Units { // an institution's own themes, by code
		if _, ok := byTheme[r.Unit]; ok {
			d.Themes = append(d.Themes, r)
		}
	}
	if d.Themes == nil {
		d.Themes = []model.BoardRow{}
	}
	periods, err := s.Periods(ctx)
	if err != nil {
		return nil, err
	}
	sort.Slice(periods, func(i, j int) bool { return periods[i].End < periods[j].End })
	for _, p := range periods {
		if strings.Contains(p.Code, "-H") && p.End < t.Day {
			d.Trend = append(d.Trend, model.TrendPoint{Period: p.Code, Day: p.End, Overdue: lb.dash.overdueOn(p.End)})
		}
	}
	d.Trend = append(d.Trend, model.TrendPoint{Day: t.Day, Overdue: d.Totals.ByStatus[model.Overdue]})
	if !dc.ind.ok || dc.ind.rev != cs["indicators"] {
		agg, err := s.indicatorAttainment(ctx)
		if err != nil {
			return nil, err
		}
		dc.ind.rev, dc.ind.ok, dc.ind.agg = cs["indicators"], true, agg
	}
	d.Indicators = dc.ind.agg
	if !dc.prob.ok || dc.prob.rev != cs["problems"] {
		agg, err := s.problemCounts(ctx)
		if err != nil {
			return nil, err
		}
		dc.prob.rev, dc.prob.ok, dc.prob.agg = cs["problems"], true, agg
	}
	d.Problems = dc.prob.agg
	if dc.entries == nil || len(dc.entries) > 16 {
		dc.entries = map[string]*model.Dashboard{}
	}
	dc.entries[key] = d
	return d, nil
}

// indicatorAttainment judges every entered indicator value, by period
// (latest first). Indicators are few (hundreds), and this runs only when
// the "indicators" counter moved.
func (s *Store) indicatorAttainment(ctx context.Context) ([]model.IndicatorAttainment, error) {
	rows, err := s.query(ctx, `SELECT i.kind, i.direction, v.period, v.baseline, v.target, v.actual, p.start_day
		FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id JOIN periods p ON p.code = v.period`)
	if err != nil {
		return nil, fmt.Errorf("store: indicator attainment: %w", err)
	}
	defer rows.Close()
	byPeriod := map[string]*model.IndicatorAttainment{}
	starts := map[string]int64{}
	for rows.Next() {
		var ind model.Indicator
		var v model.IndicatorValue
		var base, target, actual sql.NullFloat64
		var start int64
		if err := rows.Scan(&ind.Kind, &ind.Direction, &v.Period, &base, &target, &actual, &start); err != nil {
			return nil, err
		}
		v.Baseline, v.Target, v.Actual = floatPtr(base), floatPtr(target), floatPtr(actual)
		a := byPeriod[v.Period]
		if a == nil {
			a = &model.IndicatorAttainment{Period: v.Period, Basic: map[model.Judgement]int{}, Competitive: map[model.Judgement]int{}}
			byPeriod[v.Period] = a
			starts[v.Period] = start
		}
		j := model.Judge(ind, v).Judgement
		if ind.Kind == model.IndicatorCompetitive {
			a.Competitive[j]++
		} else {
			a.Basic[j]++
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := []model.IndicatorAttainment{}
	for _, a := range byPeriod {
		out = append(out, *a)
	}
	sort.Slice(out, func(i, j int) bool {
		if starts[out[i].Period] != starts[out[j].Period] {
			return starts[out[i].Period] > starts[out[j].Period]
		}
		return out[i].Period < out[j].Period
	})
	return out, nil
}

// problemCounts counts the problems by status, and the open ones (open or
// in progress) by severity and without a linked measure.
func (s *Store) problemCounts(ctx context.Context) (model.ProblemCounts, error) {
	out := model.ProblemCounts{BySeverity: map[string]int{}, ByStatus: map[string]int{}}
	rows, err := s.query(ctx, `SELECT p.status, p.severity, count(*),
		sum(CASE WHEN NOT EXISTS (SELECT 1 FROM problem_measures pm WHERE pm.problem_id = p.id) THEN 1 ELSE 0 END)
		FROM problems p GROUP BY p.status, p.severity`)
	if err != nil {
		return out, fmt.Errorf("store: problem counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var status, sev string
		var n, unlinked int
		if err := rows.Scan(&status, &sev, &n, &unlinked); err != nil {
			return out, err
		}
		out.ByStatus[status] += n
		if status == model.ProblemOpen || status == model.ProblemInProgress {
			out.Open += n
			out.BySeverity[sev] += n
			out.Unlinked += unlinked
		}
	}
	return out, rows.Err()
}

// PortfolioListLimit caps the portfolio's attention list; the count is
// exact and the measures list filtered by leader has the rest.
const PortfolioListLimit = 50

// Portfolio returns what leader is in charge of, from the live board. It
// is kept, as the boards are, until a measure changes or the day does: a
// leader's dashboard otherwise went through every measure and read the
// fifty it shows at each view. The result is shared: callers must not
// change it.
func (s *Store) Portfolio(ctx context.Context, t model.Today, leader string) (*model.PortfolioBoard, error) {
	n, err := s.Counter(ctx, "measures")
	if err != nil {
		return nil, err
	}
	key := fmt.Sprintf("%d|%d|%d|%d|%s", n, t.Day, t.Thresholds.YellowPct, t.Thresholds.OrangePct, leader)
	s.board.mu.Lock()
	lb, err := s.refreshLive(ctx, t, n)
	if err != nil {
		s.board.mu.Unlock()
		return nil, err
	}
	if p := s.board.portfolios[key]; p != nil {
		s.board.mu.Unlock()
		return p, nil
	}
	b := boardFromUnits(t, lb.dash.leaders[leader])
	type pick struct {
		id    int64
		rank  int
		due   model.Date
		alert model.Alert
	}
	rank := map[model.Alert]int{model.AlertRed: 0, model.AlertOrange: 1, model.AlertYellow: 2}
	var picks []pick
	lid, named := lb.nameIDs[leader]
	none := uint8(slices.Index(model.Alerts, model.AlertNone))
	for i, p := range lb.contribs {
		if !named || p.leader != lid || !p.open || p.alert == none {
			continue
		}
		alert := model.Alerts[p.alert]
		picks = append(picks, pick{lb.ids[i], rank[alert], p.due, alert})
	}
	s.board.mu.Unlock()
	sort.Slice(picks, func(i, j int) bool {
		if picks[i].rank != picks[j].rank {
			return picks[i].rank < picks[j].rank
		}
		if picks[i].due != picks[j].due {
			return picks[i].due < picks[j].due
		}
		return picks[i].id < picks[j].id
	})
	p := &model.PortfolioBoard{Leader: leader, Today: t, Totals: b.Totals, Units: b.Units, AttentionCnt: len(picks), Attention: []model.Measure{}}
	if p.Units == nil {
		p.Units = []model.BoardRow{}
	}
	if len(picks) > PortfolioListLimit {
		picks = picks[:PortfolioListLimit]
	}
	keep := func() {
		s.board.mu.Lock()
		defer s.board.mu.Unlock()
		if s.board.portfolios == nil || len(s.board.portfolios) > 64 {
			s.board.portfolios = map[string]*model.PortfolioBoard{}
		}
		s.board.portfolios[key] = p
	}
	if len(picks) == 0 {
		keep()
		return p, nil
	}
	ids := make([]int64, len(picks))
	for i, pk := range picks {
		ids[i] = pk.id
	}
	rows, err := s.query(ctx, `SELECT `+measureCols+` FROM measures m WHERE m.id IN (`+s.d.idSetSQL+`)`, s.d.idSetArg(ids))
	if err != nil {
		return nil, fmt.Errorf("store: portfolio: %w", err)
	}
	ms, err := collectMeasures(rows, t)
	if err != nil {
		return nil, err
	}
	order := map[int64]int{}
	for i, pk := range picks {
		order[pk.id] = i
	}
	sort.Slice(ms, func(i, j int) bool { return order[ms[i].ID] < order[ms[j].ID] })
	p.Attention = ms
	keep()
	return p, nil
}
