package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"sync"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// summaryCache keeps the half-year summary's live figures by period, the
// change counters they read ("measures", "indicators", "problems",
// "allocations"), the day and the thresholds, so every server agrees and
// a summary page read between changes costs no scan.
type summaryCache struct {
	mu      sync.Mutex
	entries map[string]model.SummaryFigures
}

// SummaryFigures returns the summary's figures for period p as of t, with
// the problems raised from fromMs (the period's first moment) to toMs (the
// end of t's day), cached under the change counters.
func (s *Store) SummaryFigures(ctx context.Context, t model.Today, p model.Period, fromMs, toMs int64) (model.SummaryFigures, error) {
	cs, err := s.counters(ctx, "measures", "indicators", "problems", "allocations", "campaigns")
	if err != nil {
		return model.SummaryFigures{}, err
	}
	key := fmt.Sprintf("%s|%d|%d|%d|%d|%d|%d|%d|%d|%d|%d", p.Code, cs["measures"], cs["indicators"], cs["problems"], cs["allocations"], cs["campaigns"],
		t.Day, t.Thresholds.YellowPct, t.Thresholds.OrangePct, fromMs, toMs)
	c := &s.summary
	c.mu.Lock()
	f, ok := c.entries[key]
	c.mu.Unlock()
	if ok {
		return f, nil
	}
	if f, err = s.ComputeSummaryFigures(ctx, t, p, fromMs, toMs); err != nil {
		return f, err
	}
	c.mu.Lock()
	if c.entries == nil || len(c.entries) > 16 {
		c.entries = map[string]model.SummaryFigures{}
	}
	c.entries[key] = f
	c.mu.Unlock()
	return f, nil
}

// ComputeSummaryFigures reads the summary's figures without the cache (a
// transaction freezing them on issue uses it): one grouped query each for
// the measures, the indicators, the problems and the resources.
func (q Queries) ComputeSummaryFigures(ctx context.Context, t model.Today, p model.Period, fromMs, toMs int64) (model.SummaryFigures, error) {
	f := model.SummaryFigures{AsOf: t.Day, Resources: []model.ResourceFigure{}}
	var err error
	if f.Measures, err = q.summaryMeasures(ctx, t, p.Code); err != nil {
		return f, err
	}
	if f.Indicators, err = q.summaryIndicators(ctx, p.Code); err != nil {
		return f, err
	}
	if f.Problems, err = q.summaryProblems(ctx, fromMs, toMs); err != nil {
		return f, err
	}
	if f.Resources, err = q.summaryResources(ctx, p.Code); err != nil {
		return f, err
	}
	f.Campaigns, err = q.summaryCampaigns(ctx, p, t.Day)
	return f, err
}

// summaryCampaigns judges the study campaigns running in the period as
// they stood at the period's end, or on day if that comes first: a
// half-year's summary reports what was due in the half-year, not the
// months of a campaign that run on after it. A completion matrix each (a
// handful of queries per campaign, and a period has one or two).
func (q Queries) summaryCampaigns(ctx context.Context, p model.Period, day model.Date) ([]model.CampaignFigure, error) {
	cs, err := q.Campaigns(ctx, p.Start, p.End)
	if err != nil {
		return nil, err
	}
	day = min(day, p.End)
	out := []model.CampaignFigure{}
	for i := len(cs) - 1; i >= 0; i-- { // earliest first
		c := cs[i]
		m, err := q.campaignCompletion(ctx, c.ID, day)
		if err != nil {
			return nil, err
		}
		out = append(out, model.CampaignFigure{ID: c.ID, Title: c.Title, Start: c.Start, End: c.End, Units: len(m.Rows),
			UnitsDone: m.UnitsDone, Cells: m.Cells, Done: m.Done, Missed: m.Totals[model.CellMissed], Percent: m.Percent})
	}
	return out, nil
}

func newStatusRow(key string) *model.StatusRow {
	return &model.StatusRow{Key: key, ByStatus: map[model.Status]int{}}
}

// summaryMeasures counts the period's measures by theme, lead unit and
// status (derived for t) in one grouped query.
func (q Queries) summaryMeasures(ctx context.Context, t model.Today, period string) (model.SummaryMeasures, error) {
	out := model.SummaryMeasures{All: *newStatusRow(""), ByTheme: []model.StatusRow{}, ByUnit: []model.StatusRow{}}
	rows, err := q.query(ctx, `SELECT m.theme, m.lead_unit, `+statusSQL(t)+` AS s, count(*) FROM measures m
		WHERE m.period = ? GROUP BY m.theme, m.lead_unit, s`, period)
	if err != nil {
		return out, fmt.Errorf("store: summary measures: %w", err)
	}
	defer rows.Close()
	themes, units := map[string]*model.StatusRow{}, map[string]*model.StatusRow{}
	add := func(m map[string]*model.StatusRow, k string, s model.Status, n int) {
		r := m[k]
		if r == nil {
			r = newStatusRow(k)
			m[k] = r
		}
		r.ByStatus[s] += n
		r.Total += n
	}
	for rows.Next() {
		var theme, unit, s string
		var n int
		if err := rows.Scan(&theme, &unit, &s, &n); err != nil {
			return out, err
		}
		add(themes, theme, model.Status(s), n)
		add(units, unit, model.Status(s), n)
		out.All.ByStatus[model.Status(s)] += n
		out.All.Total += n
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	for _, th := range model.Themes {
		if r := themes[th]; r != nil {
			out.ByTheme = append(out.ByTheme, *r)
			delete(themes, th)
		}
	}
	own := make([]string, 0, len(themes))
	for k := range themes { // an institution's own themes, by code
		own = append(own, k)
	}
	sort.Strings(own)
	for _, k := range own {
		out.ByTheme = append(out.ByTheme, *themes[k])
	}
	codes := make([]string, 0, len(units))
	for k := range units {
		codes = append(codes, k)
	}
	sort.Strings(codes)
	for _, k := range codes {
		out.ByUnit = append(out.ByUnit, *units[k])
	}
	return out, nil
}

// summaryIndicators judges every indicator on its value for the period (no
// value: not reported), by the register's rule.
func (q Queries) summaryIndicators(ctx context.Context, period string) (model.SummaryIndicators, error) {
	out := model.SummaryIndicators{Basic: map[model.Judgement]int{}, Competitive: map[model.Judgement]int{},
		Fell: []model.IndicatorFigure{}, Behind: []model.IndicatorFigure{}, Met: []model.IndicatorFigure{}}
	figs, err := q.judgedIndicators(ctx, period, "")
	if err != nil {
		return out, err
	}
	for _, f := range figs {
		j := model.Judgement(f.Judgement)
		if f.Kind == model.IndicatorCompetitive {
			out.Competitive[j]++
		} else {
			out.Basic[j]++
		}
		switch j {
		case model.Fell:
			out.Fell = append(out.Fell, f)
		case model.Behind:
			out.Behind = append(out.Behind, f)
		case model.Met:
			out.Met = append(out.Met, f)
		}
	}
	return out, nil
}

// judgedIndicators lists the indicators (of one kind, or all with kind "")
// with their value for period, judged, by code.
func (q Queries) judgedIndicators(ctx context.Context, period, kind string) ([]model.IndicatorFigure, error) {
	where, args := "", []any{period}
	if kind != "" {
		where, args = ` WHERE i.kind = ?`, append(args, kind)
	}
	rows, err := q.query(ctx, `SELECT i.code, i.name, i.kind, i.direction, i.measure_unit, i.owner_unit, v.baseline, v.target, v.actual
		FROM indicators i LEFT JOIN indicator_values v ON v.indicator_id = i.id AND v.period = ?`+where+` ORDER BY i.code`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: judged indicators: %w", err)
	}
	defer rows.Close()
	var out []model.IndicatorFigure
	for rows.Next() {
		var ind model.Indicator
		var v model.IndicatorValue
		var base, target, actual sql.NullFloat64
		if err := rows.Scan(&ind.Code, &ind.Name, &ind.Kind, &ind.Direction, &ind.MeasureUnit, &ind.OwnerUnit, &base, &target, &actual); err != nil {
			return nil, err
		}
		v.Baseline, v.Target, v.Actual = floatPtr(base), floatPtr(target), floatPtr(actual)
		a := model.Judge(ind, v)
		out = append(out, model.IndicatorFigure{Code: ind.Code, Name: ind.Name, Kind: ind.Kind, Unit: ind.MeasureUnit, Owner: ind.OwnerUnit,
			Baseline: v.Baseline, Target: v.Target, Actual: v.Actual, Judgement: string(a.Judgement), Attainment: a.Attainment})
	}
	return out, rows.Err()
}

// summaryProblems counts the problems raised in [fromMs, toMs) by where
// they stand, and names the open ones of high severity.
func (q Queries) summaryProblems(ctx context.Context, fromMs, toMs int64) (model.SummaryProblems, error) {
	out := model.SummaryProblems{OpenHigh: []model.ProblemLine{}}
	rows, err := q.query(ctx, `SELECT p.code, p.title, p.owner_unit, p.severity, p.status FROM problems p
		WHERE p.created_at >= ? AND p.created_at < ? ORDER BY p.id`, fromMs, toMs)
	if err != nil {
		return out, fmt.Errorf("store: summary problems: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var l model.ProblemLine
		var status string
		if err := rows.Scan(&l.Code, &l.Title, &l.OwnerUnit, &l.Severity, &status); err != nil {
			return out, err
		}
		out.Raised++
		switch status {
		case model.ProblemResolved, model.ProblemClosed:
			out.Resolved++
		default:
			out.Open++
			if l.Severity == "high" {
				out.OpenHigh = append(out.OpenHigh, l)
			}
		}
	}
	return out, rows.Err()
}

// summaryResources sums the period's grants by kind and amount unit.
func (q Queries) summaryResources(ctx context.Context, period string) ([]model.ResourceFigure, error) {
	rows, err := q.query(ctx, `SELECT a.kind, a.amount_unit, count(*), sum(a.granted), sum(a.spent) FROM allocations a
		WHERE a.period = ? GROUP BY a.kind, a.amount_unit`, period)
	if err != nil {
		return nil, fmt.Errorf("store: summary resources: %w", err)
	}
	defer rows.Close()
	out := []model.ResourceFigure{}
	for rows.Next() {
		var r model.ResourceFigure
		var granted, spent int64
		if err := rows.Scan(&r.Kind, &r.AmountUnit, &r.Grants, &granted, &spent); err != nil {
			return nil, err
		}
		r.Granted, r.Spent = model.Amount(granted), model.Amount(spent)
		out = append(out, r)
	}
	order := map[string]int{}
	for i, k := range model.AllocationKinds {
		order[k] = i + 1
	}
	sort.Slice(out, func(i, j int) bool {
		if order[out[i].Kind] != order[out[j].Kind] {
			return order[out[i].Kind] < order[out[j].Kind]
		}
		return out[i].AmountUnit < out[j].AmountUnit
	})
	return out, rows.Err()
}

const summaryCols = `period, state, sections, figures, meeting_id, agenda_item, author, issued_by, issued_at, updated_at`

// Summary returns the stored summary of a period.
func (q Queries) Summary(ctx context.Context, period string) (model.Summary, error) {
	var s model.Summary
	var sections, figures string
	var meeting, item, issued sql.NullInt64
	var updated int64
	err := q.queryRow(ctx, `SELECT `+summaryCols+` FROM summaries WHERE period = ?`, period).Scan(&s.Period, &s.State, &sections, &figures,
		&meeting, &item, &s.Author, &s.IssuedBy, &issued, &updated)
	if err != nil {
		return s, notFound(err, "summary", period)
	}
	if err := json.Unmarshal([]byte(sections), &s.Sections); err != nil {
		return s, fmt.Errorf("store: sections of summary %s: %w", period, err)
	}
	if figures != "" {
		if err := json.Unmarshal([]byte(figures), &s.Figures); err != nil {
			return s, fmt.Errorf("store: figures of summary %s: %w", period, err)
		}
	}
	s.Meeting, s.AgendaItem = meeting.Int64, item.Int64
	if issued.Valid {
		s.IssuedAt = msTime(issued.Int64)
	}
	s.Updated = msTime(updated)
	return s, nil
}

// SaveSummary writes a period's summary, inserting it the first time.
// Figures are stored only while it is issued (frozen).
func (tx *Tx) SaveSummary(ctx context.Context, s *model.Summary) error {
	sections, err := json.Marshal(s.Sections)
	if err != nil {
		return fmt.Errorf("store: summary sections: %w", err)
	}
	figures := ""
	if s.Frozen() {
		b, err := json.Marshal(s.Figures)
		if err != nil {
			return fmt.Errorf("store: summary figures: %w", err)
		}
		figures = string(b)
	}
	now := tx.now.UnixMilli()
	_, err = tx.exec(ctx, `INSERT INTO summaries (period, state, sections, figures, meeting_id, agenda_item, author, issued_by, issued_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (period) DO UPDATE SET state = excluded.state, sections = excluded.sections, figures = excluded.figures,
		meeting_id = excluded.meeting_id, agenda_item = excluded.agenda_item, author = excluded.author, issued_by = excluded.issued_by,
		issued_at = excluded.issued_at, updated_at = excluded.updated_at`,
		s.Period, s.State, string(sections), figures, nullInt(s.Meeting), nullInt(s.AgendaItem), s.Author, s.IssuedBy, nullTime(s.IssuedAt), now, now)
	if err != nil {
		return fmt.Errorf("store: save summary: %w", err)
	}
	s.Updated = msTime(now)
	return nil
}

// RetreatOf returns the retreat meeting a period's summary opens: the
// latest retreat held in the period, else the first one after it ends.
func (q Queries) RetreatOf(ctx context.Context, p model.Period) (int64, error) {
	var id int64
	err := q.queryRow(ctx, `SELECT id FROM meetings WHERE kind = 'retreat' AND day >= ? AND day <= ? ORDER BY day DESC, id DESC LIMIT 1`,
		int64(p.Start), int64(p.End)).Scan(&id)
	if err == sql.ErrNoRows {
		err = q.queryRow(ctx, `SELECT id FROM meetings WHERE kind = 'retreat' AND day > ? ORDER BY day, id LIMIT 1`, int64(p.End)).Scan(&id)
	}
	if err == sql.ErrNoRows {
		return 0, model.Errorf(model.ENOTFOUND, "no retreat meeting in or after %s: record the retreat first", p.Code)
	}
	return id, err
}

// CountQuery runs a query that returns one integer (a count or a sum, NULL
// read as 0), as written: tests compare the summary's aggregates with
// direct counts.
func (s *Store) CountQuery(ctx context.Context, query string, args ...any) (int64, error) {
	var n sql.NullInt64
	if err := s.queryRow(ctx, query, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count: %w", err)
	}
	return n.Int64, nil
}

// LatestIssuedSummary returns the period of the latest issued summary, or
// "" when none is.
func (q Queries) LatestIssuedSummary(ctx context.Context) (string, error) {
	var period string
	err := q.queryRow(ctx, `SELECT s.period FROM summaries s JOIN periods p ON p.code = s.period
		WHERE s.state = 'issued' ORDER BY p.end_day DESC, p.start_day DESC LIMIT 1`).Scan(&period)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return period, err
}
