package store

import (
	"context"
	"fmt"

	"github.com/luoshi-edu/luoshi/internal/model"
)

const allocationCols = `a.id, a.kind, coalesce(a.measure, ''), coalesce(a.unit, ''), a.period, a.granted, a.amount_unit,
	a.spent, a.note, a.updated_at`

func scanAllocation(sc interface{ Scan(...any) error }, day model.Date) (model.Allocation, error) {
	var a model.Allocation
	var updated int64
	err := sc.Scan(&a.ID, &a.Kind, &a.Measure, &a.Unit, &a.Period, &a.Granted, &a.AmountUnit, &a.Spent, &a.Note, &updated)
	if err != nil {
		return a, err
	}
	a.Updated = msTime(updated)
	a.Flag(day)
	return a, nil
}

func allocationWhere(f model.AllocationFilter) ([]string, []any, error) {
	var where []string
	var args []any
	if f.Kind != "" {
		where = append(where, `a.kind = ?`)
		args = append(args, f.Kind)
	}
	if f.Unit != "" {
		where = append(where, `(a.unit = ? OR a.measure IN (SELECT code FROM measures WHERE lead_unit = ?))`)
		args = append(args, f.Unit, f.Unit)
	}
	if f.Measure != "" {
		where = append(where, `a.measure = ?`)
		args = append(args, f.Measure)
	}
	if f.Period != "" {
		where = append(where, `a.period = ?`)
		args = append(args, f.Period)
	}
	switch f.Flag {
	case "":
	case model.FlagOverSpent:
		where = append(where, `a.spent > a.granted`)
	case model.FlagIdle:
		// model.Allocation.Flag in SQL: more than half the period passed
		// (model.PeriodMoreThanHalfOver) and less than IdleSpentPercent spent.
		where = append(where, `a.granted > 0 AND a.spent * 100 < a.granted * ?
			AND a.period IN (SELECT code FROM periods WHERE 2 * (? - start_day + 1) > end_day - start_day + 1)`)
		args = append(args, model.IdleSpentPercent, int64(f.Day))
	default:
		return nil, nil, model.Invalid("flag", "unknown flag %q", f.Flag)
	}
	return where, args, nil
}

// Allocations lists the allocations matching f, latest period first, flags
// derived for f.Day.
func (q Queries) Allocations(ctx context.Context, f model.AllocationFilter) ([]model.Allocation, error) {
	where, args, err := allocationWhere(f)
	if err != nil {
		return nil, err
	}
	rows, err := q.query(ctx, `SELECT `+allocationCols+` FROM allocations a`+joinWhere(where)+` ORDER BY a.period DESC, a.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: allocations: %w", err)
	}
	defer rows.Close()
	out := []model.Allocation{}
	for rows.Next() {
		a, err := scanAllocation(rows, f.Day)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Allocation returns one allocation, flags derived for day.
func (q Queries) Allocation(ctx context.Context, id int64, day model.Date) (model.Allocation, error) {
	a, err := scanAllocation(q.queryRow(ctx, `SELECT `+allocationCols+` FROM allocations a WHERE a.id = ?`, id), day)
	if err != nil {
		return a, notFound(err, "allocation", id)
	}
	return a, nil
}

// InsertAllocation adds an allocation; a gets its id.
func (tx *Tx) InsertAllocation(ctx context.Context, a *model.Allocation) error {
	now := tx.now.UnixMilli()
	err := tx.queryRow(ctx, `INSERT INTO allocations (kind, measure, unit, period, granted, amount_unit, spent, note, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		a.Kind, nullString(a.Measure), nullString(a.Unit), a.Period, int64(a.Granted), a.AmountUnit, int64(a.Spent), a.Note, now, now).Scan(&a.ID)
	if err != nil {
		return fmt.Errorf("store: insert allocation: %w", err)
	}
	a.Updated = msTime(now)
	_, err = tx.Bump(ctx, "allocations") // the half-year summary's resources (0029)
	return err
}

// UpdateAllocation rewrites an allocation.
func (tx *Tx) UpdateAllocation(ctx context.Context, a *model.Allocation) error {
	now := tx.now.UnixMilli()
	res, err := tx.exec(ctx, `UPDATE allocations SET kind = ?, measure = ?, unit = ?, period = ?, granted = ?, amount_unit = ?, spent = ?,
		note = ?, updated_at = ? WHERE id = ?`,
		a.Kind, nullString(a.Measure), nullString(a.Unit), a.Period, int64(a.Granted), a.AmountUnit, int64(a.Spent), a.Note, now, a.ID)
	if err != nil {
		return fmt.Errorf("store: update allocation: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.Errorf(model.ENOTFOUND, "allocation %d not found", a.ID)
	}
	a.Updated = msTime(now)
	_, err = tx.Bump(ctx, "allocations") // the half-year summary's resources (0029)
	return err
}
