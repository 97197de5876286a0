package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/luoshi-edu/luoshi/internal/model"
)

const reportCols = `id, unit, period, state, achievements, situation, problems, next_measures, figures, comment,
	author, submitted_at, reviewer, reviewed_at, updated_at`

func scanReport(sc interface{ Scan(...any) error }) (model.UnitReport, error) {
	var r model.UnitReport
	var figures string
	var submitted, reviewed sql.NullInt64
	var updated int64
	err := sc.Scan(&r.ID, &r.Unit, &r.Period, &r.State, &r.Achievements, &r.Situation, &r.Problems, &r.NextMeasures,
		&figures, &r.Comment, &r.Author, &submitted, &r.Reviewer, &reviewed, &updated)
	if err != nil {
		return r, err
	}
	if figures != "" {
		if err := json.Unmarshal([]byte(figures), &r.Figures); err != nil {
			return r, fmt.Errorf("store: figures of report %s/%s: %w", r.Unit, r.Period, err)
		}
	}
	if submitted.Valid {
		r.SubmittedAt = msTime(submitted.Int64)
	}
	if reviewed.Valid {
		r.ReviewedAt = msTime(reviewed.Int64)
	}
	r.Updated = msTime(updated)
	return r, nil
}

// UnitReports lists the reports matching f by period, then unit.
func (q Queries) UnitReports(ctx context.Context, f model.ReportFilter) ([]model.UnitReport, error) {
	var where []string
	var args []any
	if f.Period != "" {
		where, args = append(where, `period = ?`), append(args, f.Period)
	}
	if f.Unit != "" {
		where, args = append(where, `unit = ?`), append(args, f.Unit)
	}
	if f.State != "" {
		where, args = append(where, `state = ?`), append(args, f.State)
	}
	rows, err := q.query(ctx, `SELECT `+reportCols+` FROM unit_reports`+joinWhere(where)+` ORDER BY period, unit`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unit reports: %w", err)
	}
	defer rows.Close()
	var out []model.UnitReport
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// UnitReport returns a unit's report for a period.
func (q Queries) UnitReport(ctx context.Context, unit, period string) (model.UnitReport, error) {
	r, err := scanReport(q.queryRow(ctx, `SELECT `+reportCols+` FROM unit_reports WHERE unit = ? AND period = ?`, unit, period))
	if err != nil {
		return r, notFound(err, "report", unit+"/"+period)
	}
	return r, nil
}

// SaveUnitReport inserts a report (ID 0) or rewrites it. Figures are stored
// only while the report is frozen; otherwise the column is emptied, so a
// returned report shows live figures again.
func (tx *Tx) SaveUnitReport(ctx context.Context, r *model.UnitReport) error {
	figures := ""
	if r.Frozen() {
		b, err := json.Marshal(r.Figures)
		if err != nil {
			return fmt.Errorf("store: figures: %w", err)
		}
		figures = string(b)
	}
	now := tx.now.UnixMilli()
	if r.ID == 0 {
		err := tx.queryRow(ctx, `INSERT INTO unit_reports (unit, period, state, achievements, situation, problems, next_measures,
			figures, comment, author, submitted_at, reviewer, reviewed_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			r.Unit, r.Period, r.State, r.Achievements, r.Situation, r.Problems, r.NextMeasures, figures, r.Comment, r.Author,
			nullTime(r.SubmittedAt), r.Reviewer, nullTime(r.ReviewedAt), now, now).Scan(&r.ID)
		if err != nil {
			if isUnique(err) {
				return model.Errorf(model.ECONFLICT, "%s already has a report for %s", r.Unit, r.Period)
			}
			return fmt.Errorf("store: insert report: %w", err)
		}
	} else {
		_, err := tx.exec(ctx, `UPDATE unit_reports SET state = ?, achievements = ?, situation = ?, problems = ?, next_measures = ?,
			figures = ?, comment = ?, author = ?, submitted_at = ?, reviewer = ?, reviewed_at = ?, updated_at = ? WHERE id = ?`,
			r.State, r.Achievements, r.Situation, r.Problems, r.NextMeasures, figures, r.Comment, r.Author,
			nullTime(r.SubmittedAt), r.Reviewer, nullTime(r.ReviewedAt), now, r.ID)
		if err != nil {
			return fmt.Errorf("store: update report: %w", err)
		}
	}
	r.Updated = msTime(now)
	return tx.indexReport(ctx, r)
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

// ReportMeasureFigures counts the measures a unit leads in a period by
// status (derived for t) and lists its overdue ones, oldest due first.
func (q Queries) ReportMeasureFigures(ctx context.Context, t model.Today, unit, period string) (model.MeasureFigures, error) {
	out := model.MeasureFigures{ByStatus: map[model.Status]int{}, Overdue: []model.OverdueMeasure{}}
	rows, err := q.query(ctx, `SELECT `+statusSQL(t)+` AS s, count(*) FROM measures m
		WHERE m.lead_unit = ? AND m.period = ? GROUP BY s`, unit, period)
	if err != nil {
		return out, fmt.Errorf("store: report figures: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return out, err
		}
		out.ByStatus[model.Status(s)] = n
		out.Total += n
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	rows.Close()
	od, err := q.query(ctx, `SELECT m.code, m.title, m.due_day, m.progress FROM measures m
		WHERE m.lead_unit = ? AND m.period = ? AND `+openSQL+` AND m.due_day < ? ORDER BY m.due_day, m.code`, unit, period, int64(t.Day))
	if err != nil {
		return out, fmt.Errorf("store: report overdue: %w", err)
	}
	defer od.Close()
	for od.Next() {
		var o model.OverdueMeasure
		if err := od.Scan(&o.Code, &o.Title, &o.Due, &o.Progress); err != nil {
			return out, err
		}
		out.Overdue = append(out.Overdue, o)
	}
	return out, od.Err()
}
