package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// assessCache keeps the counts of a year's assessment keyed by the change
// counters of what they read (measures, indicators, problems), a
// fingerprint of the notices (they have no counter) and the days read, so
// every server agrees and a new day starts afresh.
type assessCache struct {
	mu      sync.Mutex
	entries map[string]map[string]model.AssessmentCounts
}

// AssessmentStored is the row of a year's assessment: its rules and, once
// published, who published it, when, and the frozen result (nil before).
type AssessmentStored struct {
	Rules       model.AssessmentRules
	PublishedAt time.Time
	PublishedBy string
	Result      *model.UnitAssessment
}

// Assessment reads a year's stored assessment; ENOTFOUND when the office
// has set nothing for that year yet.
func (q Queries) Assessment(ctx context.Context, year int) (AssessmentStored, error) {
	var out AssessmentStored
	var rules, result string
	var at sql.NullInt64
	err := q.queryRow(ctx, `SELECT rules, published_at, published_by, result FROM assessments WHERE year = ?`, year).
		Scan(&rules, &at, &out.PublishedBy, &result)
	if err == sql.ErrNoRows {
		return out, model.Errorf(model.ENOTFOUND, "assessment %d not found", year)
	}
	if err != nil {
		return out, fmt.Errorf("store: assessment: %w", err)
	}
	if err := json.Unmarshal([]byte(rules), &out.Rules); err != nil {
		return out, fmt.Errorf("store: assessment %d rules: %w", year, err)
	}
	if at.Valid {
		out.PublishedAt = msTime(at.Int64)
		out.Result = &model.UnitAssessment{}
		if err := json.Unmarshal([]byte(result), out.Result); err != nil {
			return out, fmt.Errorf("store: assessment %d result: %w", year, err)
		}
	}
	return out, nil
}

// AssessmentYears lists the years with a stored assessment and whether
// each is published, latest first.
func (q Queries) AssessmentYears(ctx context.Context) (map[int]bool, error) {
	rows, err := q.query(ctx, `SELECT year, published_at IS NOT NULL FROM assessments`)
	if err != nil {
		return nil, fmt.Errorf("store: assessment years: %w", err)
	}
	defer rows.Close()
	out := map[int]bool{}
	for rows.Next() {
		var y int
		var p bool
		if err := rows.Scan(&y, &p); err != nil {
			return nil, err
		}
		out[y] = p
	}
	return out, rows.Err()
}

// PutAssessmentRules writes a draft year's rules (creating its row).
func (tx *Tx) PutAssessmentRules(ctx context.Context, year int, r model.AssessmentRules) error {
	b, _ := json.Marshal(r)
	_, err := tx.exec(ctx, `INSERT INTO assessments (year, rules, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (year) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at`, year, string(b), tx.now.UnixMilli())
	if err != nil {
		return fmt.Errorf("store: assessment rules: %w", err)
	}
	return nil
}

// PublishAssessment freezes a year's result; ECONFLICT when it was
// published already (a published result is never overwritten).
func (tx *Tx) PublishAssessment(ctx context.Context, a *model.UnitAssessment) error {
	rules, _ := json.Marshal(a.Rules)
	rows := *a
	rows.Sources = nil
	result, err := json.Marshal(rows)
	if err != nil {
		return fmt.Errorf("store: publish assessment: %w", err)
	}
	now := tx.now.UnixMilli()
	if _, err := tx.exec(ctx, `INSERT INTO assessments (year, rules, updated_at) VALUES (?, ?, ?) ON CONFLICT (year) DO NOTHING`,
		a.Year, string(rules), now); err != nil {
		return fmt.Errorf("store: publish assessment: %w", err)
	}
	res, err := tx.exec(ctx, `UPDATE assessments SET rules = ?, result = ?, published_at = ?, published_by = ?, updated_at = ?
		WHERE year = ? AND published_at IS NULL`, string(rules), string(result), now, a.PublishedBy, now, a.Year)
	if err != nil {
		return fmt.Errorf("store: publish assessment: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.Errorf(model.ECONFLICT, "the %d assessment is published already: its result is frozen", a.Year)
	}
	for unit, src := range a.Sources {
		body, err := json.Marshal(src)
		if err != nil {
			return fmt.Errorf("store: publish assessment: %w", err)
		}
		if _, err := tx.exec(ctx, `INSERT INTO assessment_sources (year, unit, body) VALUES (?, ?, ?)`, a.Year, unit, string(body)); err != nil {
			return fmt.Errorf("store: publish assessment: %w", err)
		}
	}
	a.PublishedAt = msTime(now)
	return nil
}

// FrozenSources reads the records behind a unit's figures as they were
// published (none for a unit with no record then).
func (q Queries) FrozenSources(ctx context.Context, year int, unit string) (model.AssessmentSources, error) {
	var out model.AssessmentSources
	var body string
	err := q.queryRow(ctx, `SELECT body FROM assessment_sources WHERE year = ? AND unit = ?`, year, unit).Scan(&body)
	if err == sql.ErrNoRows {
		return out, nil
	}
	if err != nil {
		return out, fmt.Errorf("store: frozen sources: %w", err)
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		return out, fmt.Errorf("store: frozen sources of %s %d: %w", unit, year, err)
	}
	return out, nil
}

// Adjustments lists a year's adjustments by unit.
func (q Queries) Adjustments(ctx context.Context, year int) (map[string]model.Adjustment, error) {
	rows, err := q.query(ctx, `SELECT unit, points, reason, author, updated_at FROM assessment_adjustments WHERE year = ?`, year)
	if err != nil {
		return nil, fmt.Errorf("store: adjustments: %w", err)
	}
	defer rows.Close()
	out := map[string]model.Adjustment{}
	for rows.Next() {
		var a model.Adjustment
		var at int64
		if err := rows.Scan(&a.Unit, &a.Points, &a.Reason, &a.Author, &at); err != nil {
			return nil, err
		}
		a.Updated = msTime(at)
		out[a.Unit] = a
	}
	return out, rows.Err()
}

// PutAdjustment records (or with zero points removes) a unit's adjustment.
func (tx *Tx) PutAdjustment(ctx context.Context, year int, a model.Adjustment) error {
	var err error
	if a.Points == 0 {
		_, err = tx.exec(ctx, `DELETE FROM assessment_adjustments WHERE year = ? AND unit = ?`, year, a.Unit)
	} else {
		_, err = tx.exec(ctx, `INSERT INTO assessment_adjustments (year, unit, points, reason, author, updated_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (year, unit) DO UPDATE SET points = excluded.points, reason = excluded.reason, author = excluded.author,
		updated_at = excluded.updated_at`, year, a.Unit, int(a.Points), a.Reason, a.Author, tx.now.UnixMilli())
	}
	if err != nil {
		return fmt.Errorf("store: adjustment: %w", err)
	}
	return nil
}

// AssessmentSpan is what a year's assessment reads: the year, its first
// day and the last day read (the year's last, or today while it runs).
type AssessmentSpan struct {
	Year        int
	From, Until model.Date
}

func (sp AssessmentSpan) problemCodes() (string, string) {
	y := strconv.Itoa(sp.Year)
	return "P" + y + "-", "P" + y + "."
}

// The records each component reads, in SQL. Every count and every source
// list is built from these, so a score and its drill-down always agree.
//   - on time: measures not cancelled, due from the year's first day to the
//     last day read; hit when done (100 %) and done by the due day, the day
//     done being that of its latest progress report (withdrawn ones aside),
//     or the due day for one marked done without a report;
//   - reports: measures not cancelled, started by the last day read and not
//     due before the year (ongoing ones included); hit when no 催报通知 (a
//     notice of kind report, not voided) about it is dated in the span;
//   - problems: problems registered in the year (their code's year); hit
//     when closed out;
//   - deductions: 督办单 and 通报 to the unit dated in the span, not voided.
const (
	assessDueWhere     = `m.cancelled = 0 AND m.due_day >= ? AND m.due_day <= ?`
	assessOnTimeSQL    = `m.progress >= 100 AND coalesce(m.last_report_day, m.due_day) <= m.due_day`
	assessReportWhere  = `m.cancelled = 0 AND m.start_day <= ? AND (m.due_day IS NULL OR m.due_day >= ?)`
	assessChasedSQL    = `n.kind = 'report' AND n.voided_at IS NULL AND n.day >= ? AND n.day <= ?`
	assessProblemWhere = `p.code >= ? AND p.code < ?`
	assessDeductWhere  = `n.kind IN ('supervision', 'bulletin') AND n.voided_at IS NULL AND n.day >= ? AND n.day <= ?`
)

// AssessmentCounts counts every unit's records in span (units with none
// are absent), in six grouped queries whatever the number of units, and
// keeps the answer under the change counters.
func (s *Store) AssessmentCounts(ctx context.Context, sp AssessmentSpan) (map[string]model.AssessmentCounts, error) {
	cs, err := s.counters(ctx, "measures", "indicators", "problems")
	if err != nil {
		return nil, err
	}
	var nMax, nVoid int64
	if err := s.queryRow(ctx, `SELECT coalesce(max(id), 0), count(voided_at) FROM notices`).Scan(&nMax, &nVoid); err != nil {
		return nil, fmt.Errorf("store: assessment: %w", err)
	}
	key := fmt.Sprintf("%d|%d|%d|%d|%d|%d|%d|%d", cs["measures"], cs["indicators"], cs["problems"], nMax, nVoid, sp.Year, sp.From, sp.Until)
	s.assess.mu.Lock()
	defer s.assess.mu.Unlock()
	if c, ok := s.assess.entries[key]; ok {
		return c, nil
	}
	out, err := s.CountAssessment(ctx, sp)
	if err != nil {
		return nil, err
	}
	if s.assess.entries == nil || len(s.assess.entries) > 16 {
		s.assess.entries = map[string]map[string]model.AssessmentCounts{}
	}
	s.assess.entries[key] = out
	return out, nil
}

// CountAssessment is AssessmentCounts uncached, on q (a transaction).
func (q Queries) CountAssessment(ctx context.Context, sp AssessmentSpan) (map[string]model.AssessmentCounts, error) {
	out := map[string]model.AssessmentCounts{}
	grouped := func(what, query string, fill func(c *model.AssessmentCounts, a, b int), args ...any) error {
		rows, err := q.query(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("store: assessment %s: %w", what, err)
		}
		defer rows.Close()
		for rows.Next() {
			var unit string
			var a, b int
			if err := rows.Scan(&unit, &a, &b); err != nil {
				return err
			}
			c := out[unit]
			fill(&c, a, b)
			out[unit] = c
		}
		return rows.Err()
	}
	from, until := int64(sp.From), int64(sp.Until)
	if err := grouped("on time", `SELECT m.lead_unit, count(*), coalesce(sum(CASE WHEN `+assessOnTimeSQL+` THEN 1 ELSE 0 END), 0)
		FROM measures m WHERE `+assessDueWhere+` GROUP BY m.lead_unit`,
		func(c *model.AssessmentCounts, n, hits int) { c.OnTime = model.Ratio{Hits: hits, Of: n} }, from, until); err != nil {
		return nil, err
	}
	if err := grouped("reports", `SELECT m.lead_unit, count(*), 0 FROM measures m WHERE `+assessReportWhere+` GROUP BY m.lead_unit`,
		func(c *model.AssessmentCounts, n, _ int) { c.Reports = model.Ratio{Hits: n, Of: n} }, until, from); err != nil {
		return nil, err
	}
	if err := grouped("chased", `SELECT m.lead_unit, count(DISTINCT m.id), 0 FROM notices n JOIN measures m ON m.id = n.measure_id
		WHERE `+assessChasedSQL+` AND `+assessReportWhere+` GROUP BY m.lead_unit`,
		func(c *model.AssessmentCounts, chased, _ int) { c.Reports.Hits -= chased }, from, until, until, from); err != nil {
		return nil, err
	}
	lo, hi := sp.problemCodes()
	if err := grouped("problems", `SELECT p.owner_unit, count(*), coalesce(sum(CASE WHEN p.status = 'closed' THEN 1 ELSE 0 END), 0)
		FROM problems p WHERE `+assessProblemWhere+` GROUP BY p.owner_unit`,
		func(c *model.AssessmentCounts, n, hits int) { c.Problems = model.Ratio{Hits: hits, Of: n} }, lo, hi); err != nil {
		return nil, err
	}
	if err := grouped("deductions", `SELECT n.unit, sum(CASE WHEN n.kind = 'supervision' THEN 1 ELSE 0 END), sum(CASE WHEN n.kind = 'bulletin' THEN 1 ELSE 0 END)
		FROM notices n WHERE `+assessDeductWhere+` GROUP BY n.unit`,
		func(c *model.AssessmentCounts, sup, bul int) { c.Supervision, c.Bulletins = sup, bul }, from, until); err != nil {
		return nil, err
	}
	inds, err := q.assessIndicators(ctx, sp, "")
	if err != nil {
		return nil, err
	}
	for _, x := range inds {
		c := out[x.unit]
		c.Indicators.Of++
		if x.src.Hit {
			c.Indicators.Hits++
		}
		out[x.unit] = c
	}
	return out, nil
}

type unitSource struct {
	unit string
	src  model.AssessmentSource
}

// assessIndicators judges the indicators (of unit, or of every unit when
// "") that count in the year: one query for them and their values.
func (q Queries) assessIndicators(ctx context.Context, sp AssessmentSpan, unit string) ([]unitSource, error) {
	y := strconv.Itoa(sp.Year)
	query := `SELECT i.id, i.code, i.name, i.kind, i.direction, i.owner_unit, v.period, v.baseline, v.target, v.actual
		FROM indicators i JOIN indicator_values v ON v.indicator_id = i.id WHERE v.period IN (?, ?, ?)`
	args := []any{y, y + "-H1", y + "-H2"}
	if unit != "" {
		query += ` AND i.owner_unit = ?`
		args = append(args, unit)
	}
	rows, err := q.query(ctx, query+` ORDER BY i.owner_unit, i.code`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: assessment indicators: %w", err)
	}
	defer rows.Close()
	type entry struct {
		ind  model.Indicator
		vals []model.IndicatorValue
	}
	var order []int64
	byID := map[int64]*entry{}
	for rows.Next() {
		var ind model.Indicator
		var v model.IndicatorValue
		var b, t, a sql.NullFloat64
		if err := rows.Scan(&ind.ID, &ind.Code, &ind.Name, &ind.Kind, &ind.Direction, &ind.OwnerUnit, &v.Period, &b, &t, &a); err != nil {
			return nil, err
		}
		v.Baseline, v.Target, v.Actual = assessFloat(b), assessFloat(t), assessFloat(a)
		e := byID[ind.ID]
		if e == nil {
			e = &entry{ind: ind}
			byID[ind.ID] = e
			order = append(order, ind.ID)
		}
		e.vals = append(e.vals, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []unitSource
	for _, id := range order {
		e := byID[id]
		j, ok := model.YearJudgement(e.ind, e.vals, sp.Year)
		if !ok {
			continue
		}
		out = append(out, unitSource{e.ind.OwnerUnit, model.AssessmentSource{Kind: "indicator", Ref: e.ind.Code, Title: e.ind.Name,
			Hit: model.IndicatorMet(j), Note: string(j)}})
	}
	return out, nil
}

func assessFloat(v sql.NullFloat64) *float64 {
	if !v.Valid {
		return nil
	}
	f := v.Float64
	return &f
}

// AssessmentSources lists the records behind the figures of unit (of every
// unit when ""), by unit: five queries, each on an index of its filter
// (the measures on time: the unit's, or all of them read in one pass when
// every unit's are asked for, as publishing does; migration 0035).
func (q Queries) AssessmentSources(ctx context.Context, sp AssessmentSpan, unit string) (map[string]model.AssessmentSources, error) {
	out := map[string]model.AssessmentSources{}
	add := func(u string, fn func(s *model.AssessmentSources)) {
		s := out[u]
		fn(&s)
		out[u] = s
	}
	from, until := int64(sp.From), int64(sp.Until)
	unitM, unitN, unitP := "", "", ""
	var uarg []any
	if unit != "" {
		unitM, unitN, unitP, uarg = ` AND m.lead_unit = ?`, ` AND n.unit = ?`, ` AND p.owner_unit = ?`, []any{unit}
	}
	list := func(what, query string, args []any, scan func(rows *sql.Rows) error) error {
		rows, err := q.query(ctx, query, append(args, uarg...)...)
		if err != nil {
			return fmt.Errorf("store: assessment %s: %w", what, err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	err := list("on time", `SELECT m.lead_unit, m.code, m.title, m.due_day, m.progress, coalesce(m.last_report_day, 0), CASE WHEN `+assessOnTimeSQL+` THEN 1 ELSE 0 END
		FROM measures m WHERE `+assessDueWhere+unitM+` ORDER BY m.due_day, m.code`, []any{from, until}, func(rows *sql.Rows) error {
		var u string
		var src model.AssessmentSource
		var progress int
		var last int64
		if err := rows.Scan(&u, &src.Ref, &src.Title, &src.Day, &progress, &last, &src.Hit); err != nil {
			return err
		}
		src.Kind = "measure"
		if progress >= 100 {
			done := model.Date(last)
			if last == 0 {
				done = src.Day
			}
			src.Note = "done:" + done.String()
		} else {
			src.Note = "progress:" + strconv.Itoa(progress)
		}
		add(u, func(s *model.AssessmentSources) { s.OnTime = append(s.OnTime, src) })
		return nil
	})
	if err != nil {
		return nil, err
	}
	chased := map[string][]string{} // measure code → its 催报通知
	err = list("chased", `SELECT m.code, n.id, n.number_text FROM notices n JOIN measures m ON m.id = n.measure_id
		WHERE `+assessChasedSQL+` AND `+assessReportWhere+unitM+` ORDER BY n.id`, []any{from, until, until, from}, func(rows *sql.Rows) error {
		var code, text string
		var id int64
		if err := rows.Scan(&code, &id, &text); err != nil {
			return err
		}
		chased[code] = append(chased[code], strconv.FormatInt(id, 10)+":"+text)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = list("reports", `SELECT m.lead_unit, m.code, m.title, coalesce(m.due_day, 0) FROM measures m WHERE `+assessReportWhere+unitM+` ORDER BY m.code`,
		[]any{until, from}, func(rows *sql.Rows) error {
			var u string
			src := model.AssessmentSource{Kind: "measure"}
			if err := rows.Scan(&u, &src.Ref, &src.Title, &src.Day); err != nil {
				return err
			}
			ns := chased[src.Ref]
			src.Hit = len(ns) == 0
			if len(ns) > 0 {
				b, _ := json.Marshal(ns)
				src.Note = "chased:" + string(b)
			}
			add(u, func(s *model.AssessmentSources) { s.Reports = append(s.Reports, src) })
			return nil
		})
	if err != nil {
		return nil, err
	}
	lo, hi := sp.problemCodes()
	err = list("problems", `SELECT p.owner_unit, p.code, p.title, p.status FROM problems p WHERE `+assessProblemWhere+unitP+` ORDER BY p.code`,
		[]any{lo, hi}, func(rows *sql.Rows) error {
			var u string
			src := model.AssessmentSource{Kind: "problem"}
			if err := rows.Scan(&u, &src.Ref, &src.Title, &src.Note); err != nil {
				return err
			}
			src.Hit = src.Note == model.ProblemClosed
			add(u, func(s *model.AssessmentSources) { s.Problems = append(s.Problems, src) })
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = list("deductions", `SELECT n.unit, n.id, n.number_text, n.measure, n.day, n.kind FROM notices n WHERE `+assessDeductWhere+unitN+` ORDER BY n.day, n.id`,
		[]any{from, until}, func(rows *sql.Rows) error {
			var u, text, measure string
			var id int64
			src := model.AssessmentSource{Kind: "notice", Hit: true}
			if err := rows.Scan(&u, &id, &text, &measure, &src.Day, &src.Note); err != nil {
				return err
			}
			src.Ref, src.Title = strconv.FormatInt(id, 10), text+" "+measure
			add(u, func(s *model.AssessmentSources) { s.Deductions = append(s.Deductions, src) })
			return nil
		})
	if err != nil {
		return nil, err
	}
	inds, err := q.assessIndicators(ctx, sp, unit)
	if err != nil {
		return nil, err
	}
	for _, x := range inds {
		add(x.unit, func(s *model.AssessmentSources) { s.Indicators = append(s.Indicators, x.src) })
	}
	for u, s := range out {
		sort.SliceStable(s.Indicators, func(i, j int) bool { return s.Indicators[i].Ref < s.Indicators[j].Ref })
		out[u] = s
	}
	return out, nil
}

// CountsBySQL runs a read query whose rows are (key, a, b) integers after
// the key, for tests that check figures against direct counts in SQL.
func (s *Store) CountsBySQL(ctx context.Context, query string, args ...any) (map[string][2]int, error) {
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][2]int{}
	for rows.Next() {
		var k string
		var a, b int
		if err := rows.Scan(&k, &a, &b); err != nil {
			return nil, err
		}
		out[k] = [2]int{a, b}
	}
	return out, rows.Err()
}
