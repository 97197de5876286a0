package store

import (
	"fmt"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// statusSQL is model.Derive written as SQL over the measures alias m, so
// lists can filter and count by status in the database. Only integers from a
// Today are formatted into it. A test (status_test.go) checks it against
// model.Derive at every boundary.
func statusSQL(t model.Today) string {
	return fmt.Sprintf(`CASE WHEN m.cancelled = 1 THEN 'cancelled'
		WHEN m.progress >= 100 THEN 'done'
		WHEN m.due_day IS NOT NULL AND %[1]d > m.due_day THEN 'overdue'
		WHEN %[2]s AND 100 * (m.due_day - %[1]d) <= %[3]d * %[4]s THEN 'at_risk'
		WHEN m.progress <= 0 THEN 'not_started'
		ELSE 'on_track' END`, t.Day, lagSQL(t), t.Thresholds.YellowPct, spanSQL)
}

// alertSQL is the alert half of model.Derive.
func alertSQL(t model.Today) string {
	return fmt.Sprintf(`CASE WHEN m.cancelled = 1 OR m.progress >= 100 THEN 'none'
		WHEN m.due_day IS NOT NULL AND %[1]d > m.due_day THEN 'red'
		WHEN %[2]s AND 100 * (m.due_day - %[1]d) <= %[3]d * %[5]s THEN 'orange'
		WHEN %[2]s AND 100 * (m.due_day - %[1]d) <= %[4]d * %[5]s THEN 'yellow'
		ELSE 'none' END`, t.Day, lagSQL(t), t.Thresholds.OrangePct, t.Thresholds.YellowPct, spanSQL)
}

const spanSQL = `(CASE WHEN m.due_day - m.start_day < 1 THEN 1 ELSE m.due_day - m.start_day END)`

func lagSQL(t model.Today) string {
	return fmt.Sprintf(`m.due_day IS NOT NULL AND m.progress * %s < 100 * (%d - m.start_day)`, spanSQL, t.Day)
}

// openSQL selects measures still being worked on; it matches the partial
// index measures_open_due_reported (due_day first).
const openSQL = `m.cancelled = 0 AND m.progress < 100`

// statusWhere is the predicate for one status, using the partial index where
// the status allows.
func statusWhere(t model.Today, s model.Status) (string, error) {
	switch s {
	case model.Overdue:
		return fmt.Sprintf(`%s AND m.due_day < %d`, openSQL, t.Day), nil
	case model.Done:
		return `m.cancelled = 0 AND m.progress >= 100`, nil
	case model.Cancelled:
		return `m.cancelled = 1`, nil
	case model.NotStarted, model.OnTrack, model.AtRisk:
		return fmt.Sprintf(`%s AND (%s) = '%s'`, openSQL, statusSQL(t), s), nil
	}
	return "", model.Invalid("status", "unknown status %q", s)
}

// alertWhere is the predicate for one alert colour.
func alertWhere(t model.Today, a model.Alert) (string, error) {
	switch a {
	case model.AlertRed:
		return fmt.Sprintf(`%s AND m.due_day < %d`, openSQL, t.Day), nil
	case model.AlertNone, model.AlertYellow, model.AlertOrange:
		return fmt.Sprintf(`(%s) = '%s'`, alertSQL(t), a), nil
	}
	return "", model.Invalid("alert", "unknown alert %q", a)
}
