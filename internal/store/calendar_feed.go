package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// SetCalendarToken sets (or with "" clears) an account's calendar secret.
func (tx *Tx) SetCalendarToken(ctx context.Context, accountID int64, token string) error {
	_, err := tx.exec(ctx, `UPDATE accounts SET calendar_token = ? WHERE id = ?`, nullString(token), accountID)
	return err
}

// CalendarToken returns an account's calendar secret ("" when none).
func (q Queries) CalendarToken(ctx context.Context, accountID int64) (string, error) {
	var t sql.NullString
	err := q.queryRow(ctx, `SELECT calendar_token FROM accounts WHERE id = ?`, accountID).Scan(&t)
	return t.String, err
}

// AccountByCalendarToken returns the enabled account whose calendar secret
// is token.
func (q Queries) AccountByCalendarToken(ctx context.Context, token string) (model.Account, error) {
	a, err := scanAccount(q.queryRow(ctx, `SELECT `+accountCols+` FROM accounts a WHERE a.calendar_token = ? AND a.disabled = 0`, token))
	if err != nil {
		return a, notFound(err, "calendar", "token")
	}
	return a, nil
}

// SetAccountEmail changes an account's e-mail address.
func (tx *Tx) SetAccountEmail(ctx context.Context, accountID int64, email string) error {
	_, err := tx.exec(ctx, `UPDATE accounts SET email = ? WHERE id = ?`, email, accountID)
	return err
}

// CalendarFilter selects the measures of a calendar feed.
type CalendarFilter struct {
	model.Today
	Unit   string // lead or cooperating unit
	Leader string
	Limit  int // 0: MaxCalendarLimit; at most MaxCalendarLimit
}

// MaxCalendarLimit is the most measures one calendar feed holds: a feed
// cannot be paged, and a calendar client polls it whole.
const MaxCalendarLimit = 2000

// CalendarMeasures lists open measures with a due date, soonest first
// (measures_open_due_reported serves the unfiltered list).
func (q Queries) CalendarMeasures(ctx context.Context, f CalendarFilter) ([]model.Measure, error) {
	where := []string{`m.cancelled = 0`, `m.progress < 100`, `m.due_day IS NOT NULL`}
	var args []any
	if f.Unit != "" {
		where = append(where, `(m.lead_unit = ? OR m.id IN (SELECT measure_id FROM measure_units WHERE unit = ?))`)
		args = append(args, f.Unit, f.Unit)
	}
	if f.Leader != "" {
		where, args = append(where, `m.leader = ?`), append(args, f.Leader)
	}
	var err error
	if f.Limit, err = model.PageLimit(f.Limit, MaxCalendarLimit, MaxCalendarLimit); err != nil {
		return nil, err
	}
	rows, err := q.query(ctx, `SELECT `+measureCols+` FROM measures m`+joinWhere(where)+
		` ORDER BY m.due_day, m.id LIMIT `+strconv.Itoa(f.Limit), args...)
	if err != nil {
		return nil, fmt.Errorf("store: calendar: %w", err)
	}
	return collectMeasures(rows, f.Today)
}
