package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// A page of measures holds DefaultMeasureLimit measures unless the caller
// asks for another number, at most MaxMeasureLimit; more is refused
// (model.PageLimit), and a caller wanting every measure follows the cursor.
const (
	DefaultMeasureLimit = 100
	MaxMeasureLimit     = 1000
)

const measureCols = `m.id, m.code, m.title, m.detail, m.theme, m.period, m.lead_unit, m.leader, m.owner,
	m.start_day, m.due_day, m.deadline, m.priority, m.milestones, m.progress, m.cancelled,
	coalesce(m.source_item, 0), m.source_start, m.source_end, m.updated_at, m.recur, coalesce(m.recur_prev, 0), m.cooperating_units`

func scanMeasure(sc interface{ Scan(...any) error }) (model.Measure, error) {
	var m model.Measure
	var due sql.NullInt64
	var ms string
	var updated int64
	var coop string
	err := sc.Scan(&m.ID, &m.Code, &m.Title, &m.Detail, &m.Theme, &m.Period, &m.LeadUnit, &m.Leader, &m.Owner,
		&m.Start, &due, &m.Deadline, &m.Priority, &ms, &m.Progress, &m.Cancelled,
		&m.Source.AgendaItem, &m.Source.Start, &m.Source.End, &updated, &m.Recur, &m.RecurPrev, &coop)
	if err != nil {
		return m, err
	}
	m.Due = dayOf(due)
	m.Updated = msTime(updated)
	m.CooperatingUnits = []string{}
	if coop != "" {
		m.CooperatingUnits = strings.Split(coop, ",")
	}
	// Most measures have no milestones: "[]" needs no JSON decoder.
	if ms == "[]" {
		m.Milestones = []model.Milestone{}
	} else if err := json.Unmarshal([]byte(ms), &m.Milestones); err != nil {
		return m, fmt.Errorf("store: milestones of %s: %w", m.Code, err)
	}
	return m, nil
}

// CooperatingText is a measure's cooperating_units column: the codes of
// its rows in measure_units, sorted and joined by commas (0034). Bulk
// loaders that write both tables use it too.
func CooperatingText(units []string) string {
	return strings.Join(slices.Sorted(slices.Values(units)), ",")
}

func msTime(ms int64) time.Time { return time.UnixMilli(ms) }

// where builds the filter's predicate as where []string + args []any.
func measureWhere(f model.MeasureFilter) ([]string, []any, error) {
	var where []string
	var args []any
	if f.Status != "" {
		w, err := statusWhere(f.Today, f.Status)
		if err != nil {
			return nil, nil, err
		}
		where = append(where, w)
	}
	if f.Alert != "" {
		w, err := alertWhere(f.Today, f.Alert)
		if err != nil {
			return nil, nil, err
		}
		where = append(where, w)
	}
	if f.Unit != "" {
		// One set of ids from two indexes (measures_lead_unit and
		// measure_units_unit), not "lead_unit = ? OR id IN (…)": PostgreSQL
		// cannot use an index for that OR and read every measure (40–75 ms
		// for a unit page's counts at the large scale).
		where = append(where, `m.id IN (SELECT id FROM measures WHERE lead_unit = ? UNION ALL SELECT measure_id FROM measure_units WHERE unit = ?)`)
		args = append(args, f.Unit, f.Unit)
	}
	if f.Leader != "" {
		where = append(where, `m.leader = ?`)
		args = append(args, f.Leader)
	}
	if f.Unreported {
		where = append(where, openSQL+` AND m.start_day < ? AND (m.last_report_day IS NULL OR m.last_report_day < ?)`)
		args = append(args, int64(f.ReportSince), int64(f.ReportSince))
	}
	if len(f.Codes) > 0 {
		where = append(where, `m.code IN (`+marks(len(f.Codes))+`)`)
		for _, c := range f.Codes {
			args = append(args, c)
		}
	}
	if f.Theme != "" {
		where = append(where, `m.theme = ?`)
		args = append(args, f.Theme)
	}
	if f.Period != "" {
		where = append(where, `m.period = ?`)
		args = append(args, f.Period)
	}
	if f.Meeting != 0 {
		where = append(where, `m.source_item IN (SELECT id FROM agenda_items WHERE meeting_id = ?)`)
		args = append(args, f.Meeting)
	}
	if t := strings.TrimSpace(f.Text); t != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(t) + "%"
		where = append(where, `(m.title LIKE ? ESCAPE '\' OR m.code LIKE ? ESCAPE '\' OR m.detail LIKE ? ESCAPE '\')`)
		args = append(args, like, like, like)
	}
	return where, args, nil
}

func joinWhere(where []string) string {
	if len(where) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(where, " AND ")
}

// Measures returns one page of measures in id order and the cursor of the
// next page ("" at the end). Status and alert are filled in for f.Today.
func (q Queries) Measures(ctx context.Context, f model.MeasureFilter) ([]model.Measure, string, error) {
	limit, err := model.PageLimit(f.Limit, DefaultMeasureLimit, MaxMeasureLimit)
	if err != nil {
		return nil, "", err
	}
	unit := f.Unit
	f.Unit = ""
	where, args, err := measureWhere(f)
	if err != nil {
		return nil, "", err
	}
	var query string
	if unit == "" {
		if f.After > 0 {
			where = append(where, `m.id > ?`)
			args = append(args, f.After)
		}
		query = `SELECT ` + measureCols + ` FROM measures m` + joinWhere(where) + ` ORDER BY m.id`
	} else {
		// A unit's measures are the ones it leads and the ones it
		// cooperates on (never both), each read in id order from its
		// index and merged: a page reads its rows and stops, where a set
		// of all the unit's ids (measureWhere's) was built and sorted
		// first, some 1,000 at the large scale. The second part's first
		// column is measure_units' own, so its index gives the order.
		lead := append([]string{`m.lead_unit = ?`}, where...)
		coop := append([]string{`mu.unit = ?`}, where...)
		largs := append([]any{unit}, args...)
		cargs := append([]any{unit}, args...)
		if f.After > 0 {
			lead, largs = append(lead, `m.id > ?`), append(largs, f.After)
			coop, cargs = append(coop, `mu.measure_id > ?`), append(cargs, f.After)
		}
		query = `SELECT ` + measureCols + ` FROM measures m` + q.d.byLeadUnit + joinWhere(lead) +
			` UNION ALL SELECT mu.measure_id` + strings.TrimPrefix(measureCols, "m.id") +
			` FROM measure_units mu JOIN measures m ON m.id = mu.measure_id` + joinWhere(coop) + ` ORDER BY 1`
		args = append(largs, cargs...)
	}
	rows, err := q.query(ctx, query+` LIMIT `+strconv.Itoa(limit+1), args...)
	if err != nil {
		return nil, "", fmt.Errorf("store: measures: %w", err)
	}
	out, err := collectMeasures(rows, f.Today)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		next = strconv.FormatInt(out[limit-1].ID, 10)
	}
	return out, next, nil
}

// collectMeasures scans rows of measureCols and derives their status.
func collectMeasures(rows *sql.Rows, t model.Today) ([]model.Measure, error) {
	defer rows.Close()
	var out []model.Measure
	for rows.Next() {
		m, err := scanMeasure(rows)
		if err != nil {
			return nil, err
		}
		m.Derive(t.Day, t.Thresholds)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// linked reads a link table's values for many parents in one query (query
// has one %s for the id list): lists load many-valued fields this way,
// never with a query per row.
func (q Queries) linked(ctx context.Context, query string, ids []int64) (map[int64][]string, error) {
	out := map[int64][]string{}
	if len(ids) == 0 {
		return out, nil
	}
	// One parent (a measure's page, a change) is a parameter, and a list
	// of them one parameter too (idSetSQL): the statement is the same each
	// time and stays prepared. Written into the SQL, each list of ids was a
	// new text to parse (and, for a list asked for again, such as a deep
	// page, a statement to keep: the large institution's bench left 300 of
	// them, 8 MB a reader connection).
	var rows *sql.Rows
	var err error
	if len(ids) == 1 {
		rows, err = q.query(ctx, fmt.Sprintf(query, "?"), ids[0])
	} else {
		rows, err = q.query(ctx, fmt.Sprintf(query, q.d.idSetSQL), q.d.idSetArg(ids))
	}
	if err != nil {
		return nil, fmt.Errorf("store: linked: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var v string
		if err := rows.Scan(&id, &v); err != nil {
			return nil, err
		}
		out[id] = append(out[id], v)
	}
	return out, rows.Err()
}

// StatusCounts counts the measures matching f (ignoring its status, cursor
// and limit) by status.
func (q Queries) StatusCounts(ctx context.Context, f model.MeasureFilter) (map[model.Status]int, error) {
	f.Status = ""
	unit := f.Unit
	f.Unit = ""
	where, args, err := measureWhere(f)
	if err != nil {
		return nil, err
	}
	query := `SELECT ` + statusSQL(f.Today) + ` AS s, count(*) FROM measures m` + joinWhere(where) + ` GROUP BY s`
	if unit != "" {
		// A unit's measures counted in two parts, the ones it leads and
		// the ones it cooperates on (a lead unit is never among its
		// measure's cooperating units), rather than by one set of ids:
		// the first part reads only measures_board, never a row. A unit
		// page's counts at the large scale: 0.37 ms instead of 1.37
		// (sqlite3).
		st := `SELECT ` + statusSQL(f.Today) + ` AS s FROM `
		query = `SELECT s, count(*) FROM (` +
			st + `measures m` + joinWhere(append([]string{`m.lead_unit = ?`}, where...)) + ` UNION ALL ` +
			st + `measure_units mu JOIN measures m ON m.id = mu.measure_id` + joinWhere(append([]string{`mu.unit = ?`, `m.lead_unit <> ?`}, where...)) +
			`) c GROUP BY s`
		args = append(append(append([]any{unit}, args...), unit, unit), args...)
	}
	rows, err := q.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: status counts: %w", err)
	}
	defer rows.Close()
	out := map[model.Status]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[model.Status(s)] = n
	}
	return out, rows.Err()
}

// Measure returns one measure by code, status derived for t.
func (q Queries) Measure(ctx context.Context, code string, t model.Today) (model.Measure, error) {
	rows, err := q.query(ctx, `SELECT `+measureCols+` FROM measures m WHERE m.code = ?`, code)
	if err != nil {
		return model.Measure{}, err
	}
	out, err := collectMeasures(rows, t)
	if err != nil {
		return model.Measure{}, err
	}
	if len(out) == 0 {
		return model.Measure{}, model.Errorf(model.ENOTFOUND, "measure %s not found", code)
	}
	return out[0], nil
}

// RecurringDue lists the recurring measures that are not cancelled, were due
// before day and have no next occurrence yet, soonest due first: the ones
// the daily job renews. measures_recur_due and measures_recur_prev serve it.
func (q Queries) RecurringDue(ctx context.Context, t model.Today) ([]model.Measure, error) {
	rows, err := q.query(ctx, `SELECT `+measureCols+` FROM measures m
		WHERE m.recur <> '' AND m.due_day < ? AND m.cancelled = 0
		AND NOT EXISTS (SELECT 1 FROM measures n WHERE n.recur_prev = m.id)
		ORDER BY m.due_day, m.id`, int64(t.Day))
	if err != nil {
		return nil, fmt.Errorf("store: recurring due: %w", err)
	}
	return collectMeasures(rows, t)
}

// NextMeasureCode reserves the next code of a period ("2024H2-018").
func (tx *Tx) NextMeasureCode(ctx context.Context, p model.Period) (string, error) {
	for {
		n, err := tx.Bump(ctx, "measure_seq:"+p.Code)
		if err != nil {
			return "", err
		}
		code := model.MeasureCode(p, int(n))
		var used int
		if err := tx.queryRow(ctx, `SELECT count(*) FROM measures WHERE code = ?`, code).Scan(&used); err != nil {
			return "", err
		}
		if used == 0 {
			return code, nil
		}
	}
}

// InsertMeasure adds a measure (its code already set) with its cooperating
// units and bumps the board's change counter.
func (tx *Tx) InsertMeasure(ctx context.Context, m *model.Measure) error {
	ms, _ := json.Marshal(milestonesOrEmpty(m.Milestones))
	now := tx.now.UnixMilli()
	rev, err := tx.Bump(ctx, "measures")
	if err != nil {
		return err
	}
	var src, prev any
	if m.Source.AgendaItem != 0 {
		src = m.Source.AgendaItem
	}
	if m.RecurPrev != 0 {
		prev = m.RecurPrev
	}
	err = tx.queryRow(ctx, `INSERT INTO measures (code, title, detail, theme, period, lead_unit, leader, owner, start_day, due_day,
		deadline, priority, milestones, progress, cancelled, source_item, source_start, source_end, created_at, updated_at, rev,
		recur, recur_prev, cooperating_units)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		m.Code, m.Title, m.Detail, m.Theme, m.Period, m.LeadUnit, m.Leader, m.Owner, int64(m.Start), nullDay(m.Due),
		m.Deadline, m.Priority, string(ms), m.Progress, b2i(m.Cancelled), src, m.Source.Start, m.Source.End, now, now, rev,
		m.Recur, prev, CooperatingText(m.CooperatingUnits)).Scan(&m.ID)
	if err != nil {
		if isUnique(err) && strings.Contains(err.Error(), "recur_prev") {
			return model.Errorf(model.ECONFLICT, "the occurrence this measure follows already has a next one")
		}
		if isUnique(err) {
			return model.Invalid("code", "measure code %s is already used", m.Code)
		}
		return fmt.Errorf("store: insert measure: %w", err)
	}
	m.Updated = msTime(now)
	if err := tx.setCooperating(ctx, m); err != nil {
		return err
	}
	return tx.indexMeasure(ctx, m)
}

// UpdateMeasure rewrites a measure's fields (not its code, source or the
// occurrence it follows) and bumps the board's change counter.
func (tx *Tx) UpdateMeasure(ctx context.Context, m *model.Measure) error {
	ms, _ := json.Marshal(milestonesOrEmpty(m.Milestones))
	now := tx.now.UnixMilli()
	rev, err := tx.Bump(ctx, "measures")
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `UPDATE measures SET title = ?, detail = ?, theme = ?, period = ?, lead_unit = ?, leader = ?, owner = ?,
		start_day = ?, due_day = ?, deadline = ?, priority = ?, milestones = ?, progress = ?, cancelled = ?, recur = ?, updated_at = ?, rev = ?,
		cooperating_units = ?
		WHERE id = ?`,
		m.Title, m.Detail, m.Theme, m.Period, m.LeadUnit, m.Leader, m.Owner, int64(m.Start), nullDay(m.Due),
		m.Deadline, m.Priority, string(ms), m.Progress, b2i(m.Cancelled), m.Recur, now, rev, CooperatingText(m.CooperatingUnits), m.ID)
	if err != nil {
		return fmt.Errorf("store: update measure: %w", err)
	}
	m.Updated = msTime(now)
	if _, err := tx.exec(ctx, `DELETE FROM measure_units WHERE measure_id = ?`, m.ID); err != nil {
		return err
	}
	if err := tx.setCooperating(ctx, m); err != nil {
		return err
	}
	return tx.indexMeasure(ctx, m)
}

// setCooperating writes m's rows of measure_units; its cooperating_units
// column is written by the statement that writes the measure.
func (tx *Tx) setCooperating(ctx context.Context, m *model.Measure) error {
	for _, u := range m.CooperatingUnits {
		if _, err := tx.exec(ctx, `INSERT INTO measure_units (measure_id, unit) VALUES (?, ?)`, m.ID, u); err != nil {
			return fmt.Errorf("store: cooperating unit %s: %w", u, err)
		}
	}
	return nil
}

func milestonesOrEmpty(ms []model.Milestone) []model.Milestone {
	if ms == nil {
		return []model.Milestone{}
	}
	return ms
}

func isUnique(err error) bool {
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint") || strings.Contains(s, "duplicate key")
}

// ReportTarget is what filing a progress report checks of its measure
// before the report goes in.
type ReportTarget struct {
	ID        int64
	Cancelled bool
	Start     model.Date
	Due       model.Date // 0 for an ongoing measure
	Progress  int
	// Involved: the unit asked about leads or cooperates on the measure.
	Involved bool
}

// ReportTarget reads, in the change's transaction, what a report on the
// measure code checks, and whether unit ("" for none) takes part in it:
// one indexed row, so the single writer does not load the whole measure
// (its columns, milestones and cooperating units) for each report.
func (tx *Tx) ReportTarget(ctx context.Context, code, unit string) (ReportTarget, error) {
	var t ReportTarget
	var start int64
	var due sql.NullInt64
	err := tx.queryRow(ctx, `SELECT id, cancelled, start_day, due_day, progress,
		? <> '' AND (lead_unit = ? OR EXISTS (SELECT 1 FROM measure_units u WHERE u.measure_id = m.id AND u.unit = ?))
		FROM measures m WHERE code = ?`, unit, unit, unit, code).Scan(&t.ID, &t.Cancelled, &start, &due, &t.Progress, &t.Involved)
	if errors.Is(err, sql.ErrNoRows) {
		return t, model.Errorf(model.ENOTFOUND, "measure %s not found", code)
	}
	if err != nil {
		return t, fmt.Errorf("store: measure %s: %w", code, err)
	}
	t.Start, t.Due = model.Date(start), dayOf(due)
	return t, nil
}

// InsertProgress adds a progress report, moves the measure's progress to it
// and bumps the board's change counter.
func (tx *Tx) InsertProgress(ctx context.Context, measureID int64, r *model.ProgressReport) error {
	// The report carries the counter's value, not its measure's rev: the
	// board finds the measure through it (refreshLive, migration 0035).
	rev, err := tx.Bump(ctx, "measures")
	if err != nil {
		return err
	}
	err = tx.queryRow(ctx, `INSERT INTO progress_reports (measure_id, day, percent, note, risk, author, review, comment, created_at, rev)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		measureID, int64(r.Date), r.Percent, r.Note, b2i(r.Risk), r.Author, r.Review, r.Comment, tx.now.UnixMilli(), rev).Scan(&r.ID)
	if err != nil {
		return fmt.Errorf("store: insert progress: %w", err)
	}
	r.CreatedAt = msTime(tx.now.UnixMilli())
	_, err = tx.exec(ctx, `UPDATE measures SET progress = ?, updated_at = ?,
		last_report_day = CASE WHEN last_report_day IS NULL OR last_report_day < ? THEN ? ELSE last_report_day END WHERE id = ?`,
		r.Percent, tx.now.UnixMilli(), int64(r.Date), int64(r.Date), measureID)
	return err
}

// RefreshLastReports sets every measure's last_report_day from its reports,
// for loaders that write progress reports in bulk.
func (tx *Tx) RefreshLastReports(ctx context.Context) error {
	_, err := tx.exec(ctx, `UPDATE measures SET last_report_day = (SELECT MAX(p.day) FROM progress_reports p
		WHERE p.measure_id = measures.id AND p.review <> 'withdrawn')`)
	if err != nil {
		return fmt.Errorf("store: refresh last reports: %w", err)
	}
	return nil
}

// ReviewProgress records the office's acceptance or return of a report.
func (tx *Tx) ReviewProgress(ctx context.Context, id int64, review, comment string) error {
	res, err := tx.exec(ctx, `UPDATE progress_reports SET review = ?, comment = ? WHERE id = ?`, review, comment, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.Errorf(model.ENOTFOUND, "progress report %d not found", id)
	}
	return nil
}

// WithdrawProgress marks a report not yet reviewed withdrawn and moves its
// measure's progress back to the latest report still counting (0 when none
// is left); ECONFLICT when the report was reviewed (or withdrawn) already.
func (tx *Tx) WithdrawProgress(ctx context.Context, id, measureID int64) (int, error) {
	res, err := tx.exec(ctx, `UPDATE progress_reports SET review = ? WHERE id = ? AND review = ?`, model.ReviewWithdrawn, id, model.ReviewPending)
	if err != nil {
		return 0, fmt.Errorf("store: withdraw progress: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, model.Errorf(model.ECONFLICT, "progress report %d was reviewed or withdrawn already: only a report waiting for review can be withdrawn", id)
	}
	var pct int
	err = tx.queryRow(ctx, `SELECT coalesce((SELECT percent FROM progress_reports WHERE measure_id = ? AND review <> ? ORDER BY id DESC LIMIT 1), 0)`,
		measureID, model.ReviewWithdrawn).Scan(&pct)
	if err != nil {
		return 0, fmt.Errorf("store: withdraw progress: %w", err)
	}
	rev, err := tx.Bump(ctx, "measures")
	if err != nil {
		return 0, err
	}
	_, err = tx.exec(ctx, `UPDATE measures SET progress = ?, updated_at = ?, rev = ?,
		last_report_day = (SELECT MAX(day) FROM progress_reports WHERE measure_id = ? AND review <> 'withdrawn') WHERE id = ?`,
		pct, tx.now.UnixMilli(), rev, measureID, measureID)
	return pct, err
}

// ProgressReports lists a measure's reports, newest first.
func (q Queries) ProgressReports(ctx context.Context, measureID int64, code string) ([]model.ProgressReport, error) {
	rows, err := q.query(ctx, `SELECT id, day, percent, note, risk, author, review, comment, created_at FROM progress_reports
		WHERE measure_id = ? ORDER BY id DESC`, measureID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []model.ProgressReport{}
	for rows.Next() {
		r := model.ProgressReport{Measure: code}
		var created int64
		if err := rows.Scan(&r.ID, &r.Date, &r.Percent, &r.Note, &r.Risk, &r.Author, &r.Review, &r.Comment, &created); err != nil {
			return nil, err
		}
		r.CreatedAt = msTime(created)
		out = append(out, r)
	}
	return out, rows.Err()
}

// ProgressFilter selects one page of a measure's reports, newest first.
type ProgressFilter struct {
	Measure int64  // the measure's id
	Code    string // the measure's code, copied into each report
	Limit   int    // 0: DefaultProgressLimit; at most MaxProgressLimit
	Before  int64  // cursor: reports with a smaller id
}

// A page of progress reports holds DefaultProgressLimit reports unless the
// caller asks for another number, at most MaxProgressLimit; more is refused.
const (
	DefaultProgressLimit = 100
	MaxProgressLimit     = 500
)

// ProgressPage returns one page of a measure's reports, newest first, and
// the cursor of the next page ("" at the end); progress_reports(measure_id,
// id) serves it.
func (q Queries) ProgressPage(ctx context.Context, f ProgressFilter) ([]model.ProgressReport, string, error) {
	limit, err := model.PageLimit(f.Limit, DefaultProgressLimit, MaxProgressLimit)
	if err != nil {
		return nil, "", err
	}
	where, args := []string{`measure_id = ?`}, []any{f.Measure}
	if f.Before > 0 {
		where, args = append(where, `id < ?`), append(args, f.Before)
	}
	rows, err := q.query(ctx, `SELECT id, day, percent, note, risk, author, review, comment, created_at FROM progress_reports`+
		joinWhere(where)+` ORDER BY id DESC LIMIT `+strconv.Itoa(limit+1), args...)
	if err != nil {
		return nil, "", fmt.Errorf("store: progress of measure %s: %w", f.Code, err)
	}
	defer rows.Close()
	out := []model.ProgressReport{}
	for rows.Next() {
		r := model.ProgressReport{Measure: f.Code}
		var created int64
		if err := rows.Scan(&r.ID, &r.Date, &r.Percent, &r.Note, &r.Risk, &r.Author, &r.Review, &r.Comment, &created); err != nil {
			return nil, "", fmt.Errorf("store: progress of measure %s: %w", f.Code, err)
		}
		r.CreatedAt = msTime(created)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("store: progress of measure %s: %w", f.Code, err)
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		next = strconv.FormatInt(out[limit-1].ID, 10)
	}
	return out, next, nil
}

// ProgressReport returns one report and the id of its measure.
func (q Queries) ProgressReport(ctx context.Context, id int64) (model.ProgressReport, int64, error) {
	var r model.ProgressReport
	var measure, created int64
	err := q.queryRow(ctx, `SELECT p.id, p.day, p.percent, p.note, p.risk, p.author, p.review, p.comment, p.created_at, p.measure_id, m.code
		FROM progress_reports p JOIN measures m ON m.id = p.measure_id WHERE p.id = ?`, id).
		Scan(&r.ID, &r.Date, &r.Percent, &r.Note, &r.Risk, &r.Author, &r.Review, &r.Comment, &created, &measure, &r.Measure)
	if err != nil {
		return r, 0, notFound(err, "progress report", id)
	}
	r.CreatedAt = msTime(created)
	return r, measure, nil
}

// InsertComment adds a comment on a measure; c gets its id and time.
func (tx *Tx) InsertComment(ctx context.Context, measureID int64, c *model.Comment) error {
	c.CreatedAt = msTime(tx.now.UnixMilli())
	return tx.queryRow(ctx, `INSERT INTO comments (measure_id, author, body, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
		measureID, c.Author, c.Text, c.CreatedAt.UnixMilli()).Scan(&c.ID)
}

// Comments lists a measure's comments, oldest first.
func (q Queries) Comments(ctx context.Context, measureID int64, code string) ([]model.Comment, error) {
	rows, err := q.query(ctx, `SELECT id, author, body, created_at FROM comments WHERE measure_id = ? ORDER BY id`, measureID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []model.Comment{}
	for rows.Next() {
		c := model.Comment{Measure: code}
		var created int64
		if err := rows.Scan(&c.ID, &c.Author, &c.Text, &created); err != nil {
			return nil, err
		}
		c.CreatedAt = msTime(created)
		out = append(out, c)
	}
	return out, rows.Err()
}
