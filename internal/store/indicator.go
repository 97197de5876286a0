package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/model"
)

const indicatorCols = `id, code, name, kind, measure_unit, direction, owner_unit, theme, description, updated_at`

func scanIndicator(sc interface{ Scan(...any) error }) (model.Indicator, error) {
	var ind model.Indicator
	var updated int64
	err := sc.Scan(&ind.ID, &ind.Code, &ind.Name, &ind.Kind, &ind.MeasureUnit, &ind.Direction, &ind.OwnerUnit, &ind.Theme,
		&ind.Description, &updated)
	ind.Updated = msTime(updated)
	return ind, err
}

// Indicators lists the indicators a filter selects, by code.
func (q Queries) Indicators(ctx context.Context, f model.IndicatorFilter) ([]model.Indicator, error) {
	var where []string
	var args []any
	if f.Kind != "" {
		where, args = append(where, "kind = ?"), append(args, f.Kind)
	}
	if f.Unit != "" {
		where, args = append(where, "owner_unit = ?"), append(args, f.Unit)
	}
	if f.Theme != "" {
		where, args = append(where, "theme = ?"), append(args, f.Theme)
	}
	query := `SELECT ` + indicatorCols + ` FROM indicators`
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, " AND ")
	}
	rows, err := q.query(ctx, query+` ORDER BY code`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: indicators: %w", err)
	}
	defer rows.Close()
	out := []model.Indicator{}
	for rows.Next() {
		ind, err := scanIndicator(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, ind)
	}
	return out, rows.Err()
}

// Indicator returns one indicator by code.
func (q Queries) Indicator(ctx context.Context, code string) (model.Indicator, error) {
	ind, err := scanIndicator(q.queryRow(ctx, `SELECT `+indicatorCols+` FROM indicators WHERE code = ?`, code))
	if err != nil {
		return ind, notFound(err, "indicator", code)
	}
	return ind, nil
}

// InsertIndicator adds an indicator; ind gets its id. It, UpdateIndicator
// and SaveIndicatorValue bump the "indicators" counter the dashboard keys on.
func (tx *Tx) InsertIndicator(ctx context.Context, ind *model.Indicator) error {
	now := tx.now.UnixMilli()
	if _, err := tx.Bump(ctx, "indicators"); err != nil {
		return err
	}
	err := tx.queryRow(ctx, `INSERT INTO indicators (code, name, kind, measure_unit, direction, owner_unit, theme, description,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		ind.Code, ind.Name, ind.Kind, ind.MeasureUnit, ind.Direction, ind.OwnerUnit, ind.Theme, ind.Description, now, now).Scan(&ind.ID)
	if err != nil {
		return fmt.Errorf("store: insert indicator: %w", err)
	}
	ind.Updated = msTime(now)
	return nil
}

// UpdateIndicator rewrites an indicator's fields (not its code).
func (tx *Tx) UpdateIndicator(ctx context.Context, ind *model.Indicator) error {
	now := tx.now.UnixMilli()
	if _, err := tx.Bump(ctx, "indicators"); err != nil {
		return err
	}
	res, err := tx.exec(ctx, `UPDATE indicators SET name = ?, kind = ?, measure_unit = ?, direction = ?, owner_unit = ?, theme = ?,
		description = ?, updated_at = ? WHERE id = ?`,
		ind.Name, ind.Kind, ind.MeasureUnit, ind.Direction, ind.OwnerUnit, ind.Theme, ind.Description, now, ind.ID)
	if err != nil {
		return fmt.Errorf("store: update indicator: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.Errorf(model.ENOTFOUND, "indicator %s not found", ind.Code)
	}
	ind.Updated = msTime(now)
	return nil
}

const valueCols = `i.code, v.period, v.baseline, v.target, v.actual, v.note, v.evidence, v.benchmark, v.updated_by, v.updated_at`

func scanValue(sc interface{ Scan(...any) error }) (model.IndicatorValue, error) {
	var v model.IndicatorValue
	var base, target, actual sql.NullFloat64
	var updated int64
	err := sc.Scan(&v.Indicator, &v.Period, &base, &target, &actual, &v.Note, &v.Evidence, &v.Benchmark, &v.UpdatedBy, &updated)
	v.Baseline, v.Target, v.Actual = floatPtr(base), floatPtr(target), floatPtr(actual)
	v.Updated = msTime(updated)
	return v, err
}

func floatPtr(n sql.NullFloat64) *float64 {
	if !n.Valid {
		return nil
	}
	f := n.Float64
	return &f
}

func nullFloat(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// IndicatorValues lists one indicator's values, latest period first.
func (q Queries) IndicatorValues(ctx context.Context, id int64) ([]model.IndicatorValue, error) {
	rows, err := q.query(ctx, `SELECT `+valueCols+` FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id
		JOIN periods p ON p.code = v.period WHERE v.indicator_id = ? ORDER BY p.start_day DESC, v.period`, id)
	if err != nil {
		return nil, fmt.Errorf("store: indicator values: %w", err)
	}
	defer rows.Close()
	out := []model.IndicatorValue{}
	for rows.Next() {
		v, err := scanValue(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// IndicatorValue returns one indicator's value of a period; ok is false
// when none was entered (v is then empty, with its indicator and period).
func (q Queries) IndicatorValue(ctx context.Context, ind model.Indicator, period string) (v model.IndicatorValue, ok bool, err error) {
	v, err = scanValue(q.queryRow(ctx, `SELECT `+valueCols+` FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id
		WHERE v.indicator_id = ? AND v.period = ?`, ind.ID, period))
	if err == sql.ErrNoRows {
		return model.IndicatorValue{Indicator: ind.Code, Period: period}, false, nil
	}
	if err != nil {
		return v, false, fmt.Errorf("store: indicator value: %w", err)
	}
	return v, true, nil
}

// PeriodValues returns every value of a period by indicator code.
func (q Queries) PeriodValues(ctx context.Context, period string) (map[string]model.IndicatorValue, error) {
	rows, err := q.query(ctx, `SELECT `+valueCols+` FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id
		WHERE v.period = ?`, period)
	if err != nil {
		return nil, fmt.Errorf("store: period values: %w", err)
	}
	defer rows.Close()
	out := map[string]model.IndicatorValue{}
	for rows.Next() {
		v, err := scanValue(rows)
		if err != nil {
			return nil, err
		}
		out[v.Indicator] = v
	}
	return out, rows.Err()
}

// SaveIndicatorValue writes an indicator's value of a period, adding it or
// replacing the one there.
func (tx *Tx) SaveIndicatorValue(ctx context.Context, id int64, v *model.IndicatorValue) error {
	now := tx.now.UnixMilli()
	if _, err := tx.Bump(ctx, "indicators"); err != nil { // the dashboard's attainment
		return err
	}
	_, err := tx.exec(ctx, `INSERT INTO indicator_values (indicator_id, period, baseline, target, actual, note, evidence, benchmark,
		updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (indicator_id, period) DO UPDATE SET baseline = excluded.baseline, target = excluded.target,
		actual = excluded.actual, note = excluded.note, evidence = excluded.evidence, benchmark = excluded.benchmark,
		updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		id, v.Period, nullFloat(v.Baseline), nullFloat(v.Target), nullFloat(v.Actual), v.Note, v.Evidence, v.Benchmark, v.UpdatedBy, now)
	if err != nil {
		return fmt.Errorf("store: save indicator value: %w", err)
	}
	v.Updated = msTime(now)
	return nil
}

// InsertIndicatorCorrection records a correction with the value before and
// after it; c gets its id.
func (tx *Tx) InsertIndicatorCorrection(ctx context.Context, id int64, c *model.IndicatorCorrection) error {
	before, err := json.Marshal(c.Before)
	if err != nil {
		return err
	}
	after, err := json.Marshal(c.After)
	if err != nil {
		return err
	}
	c.CreatedAt = msTime(tx.now.UnixMilli())
	err = tx.queryRow(ctx, `INSERT INTO indicator_corrections (indicator_id, period, reason, old_value, new_value, author, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		id, c.Period, c.Reason, string(before), string(after), c.Author, tx.now.UnixMilli()).Scan(&c.ID)
	if err != nil {
		return fmt.Errorf("store: insert indicator correction: %w", err)
	}
	return nil
}

// IndicatorCorrections lists one indicator's corrections, newest first.
func (q Queries) IndicatorCorrections(ctx context.Context, ind model.Indicator) ([]model.IndicatorCorrection, error) {
	rows, err := q.query(ctx, `SELECT id, period, reason, old_value, new_value, author, created_at FROM indicator_corrections
		WHERE indicator_id = ? ORDER BY id DESC`, ind.ID)
	if err != nil {
		return nil, fmt.Errorf("store: indicator corrections: %w", err)
	}
	defer rows.Close()
	out := []model.IndicatorCorrection{}
	for rows.Next() {
		c := model.IndicatorCorrection{Indicator: ind.Code}
		var before, after string
		var at int64
		if err := rows.Scan(&c.ID, &c.Period, &c.Reason, &before, &after, &c.Author, &at); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(before), &c.Before); err != nil {
			return nil, fmt.Errorf("store: correction %d: %w", c.ID, err)
		}
		if err := json.Unmarshal([]byte(after), &c.After); err != nil {
			return nil, fmt.Errorf("store: correction %d: %w", c.ID, err)
		}
		c.CreatedAt = msTime(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// LockPeriod records that a period is closed. Locking a locked period
// keeps the first lock.
func (tx *Tx) LockPeriod(ctx context.Context, period, by string) error {
	_, err := tx.exec(ctx, `INSERT INTO period_locks (period, locked_by, locked_at) VALUES (?, ?, ?) ON CONFLICT (period) DO NOTHING`,
		period, by, tx.now.UnixMilli())
	if err != nil {
		return fmt.Errorf("store: lock period: %w", err)
	}
	return nil
}

// PeriodLock returns a period's lock; ok is false when it is open.
func (q Queries) PeriodLock(ctx context.Context, period string) (l model.PeriodLock, ok bool, err error) {
	var at int64
	err = q.queryRow(ctx, `SELECT period, locked_by, locked_at FROM period_locks WHERE period = ?`, period).Scan(&l.Period, &l.LockedBy, &at)
	if err == sql.ErrNoRows {
		return l, false, nil
	}
	if err != nil {
		return l, false, fmt.Errorf("store: period lock: %w", err)
	}
	l.LockedAt = msTime(at)
	return l, true, nil
}

// PeriodLocks returns every lock by period.
func (q Queries) PeriodLocks(ctx context.Context) (map[string]model.PeriodLock, error) {
	rows, err := q.query(ctx, `SELECT period, locked_by, locked_at FROM period_locks`)
	if err != nil {
		return nil, fmt.Errorf("store: period locks: %w", err)
	}
	defer rows.Close()
	out := map[string]model.PeriodLock{}
	for rows.Next() {
		var l model.PeriodLock
		var at int64
		if err := rows.Scan(&l.Period, &l.LockedBy, &at); err != nil {
			return nil, err
		}
		l.LockedAt = msTime(at)
		out[l.Period] = l
	}
	return out, rows.Err()
}
