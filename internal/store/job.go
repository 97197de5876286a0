package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// ClaimJob leases the job name for owner until until (unix ms) when it has
// not run for day yet and nobody else holds an unexpired lease. It reports
// whether owner now holds it.
func (tx *Tx) ClaimJob(ctx context.Context, name, owner string, day model.Date, now, until int64) (bool, error) {
	if _, err := tx.exec(ctx, `INSERT INTO job_runs (name) VALUES (?) ON CONFLICT (name) DO NOTHING`, name); err != nil {
		return false, fmt.Errorf("store: job %s: %w", name, err)
	}
	res, err := tx.exec(ctx, `UPDATE job_runs SET lease_owner = ?, lease_until = ?
		WHERE name = ? AND day < ? AND (lease_until < ? OR lease_owner = ?)`, owner, until, name, int64(day), now, owner)
	if err != nil {
		return false, fmt.Errorf("store: claim job %s: %w", name, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// FinishJobDay records, inside the transaction that did the day's work, that
// job name ran for day, and drops the lease. It reports false when the day
// was already recorded (another server did it): the caller must then roll
// its work back.
func (tx *Tx) FinishJobDay(ctx context.Context, name string, day model.Date) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE job_runs SET day = ?, lease_owner = '', lease_until = 0 WHERE name = ? AND day < ?`,
		int64(day), name, int64(day))
	if err != nil {
		return false, fmt.Errorf("store: finish job %s: %w", name, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// JobDay returns the last day job name ran for (0: never).
func (q Queries) JobDay(ctx context.Context, name string) (model.Date, error) {
	var d model.Date
	err := q.queryRow(ctx, `SELECT day FROM job_runs WHERE name = ?`, name).Scan(&d)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return d, err
}
