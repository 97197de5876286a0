package store

import (
	"context"
	"fmt"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// reviewWhere is the review queue's predicate over progress_reports p,
// measures m and the author's account a. A returned report waits for its
// unit only while that unit has not reported on the measure since.
func reviewWhere(f model.ReviewFilter) ([]string, []any, error) {
	switch f.Review {
	case model.ReviewPending, model.ReviewReturned:
	default:
		return nil, nil, model.Invalid("review", "must be pending or returned")
	}
	where, args := []string{`p.review = ?`, `m.cancelled = 0`}, []any{f.Review}
	if f.Unit != "" {
		where, args = append(where, `a.unit = ?`), append(args, f.Unit)
	}
	if f.Review == model.ReviewReturned {
		where = append(where, `NOT EXISTS (SELECT 1 FROM progress_reports p2 JOIN accounts a2 ON a2.username = p2.author
			WHERE p2.measure_id = p.measure_id AND p2.id > p.id AND p2.review <> 'withdrawn' AND a2.unit = a.unit)`)
	}
	return where, args, nil
}

const reviewFrom = ` FROM progress_reports p JOIN measures m ON m.id = p.measure_id LEFT JOIN accounts a ON a.username = p.author`

// ReviewQueue lists one page of the reports f selects, newest first, and
// the cursor of the next page ("" at the end).
func (q Queries) ReviewQueue(ctx context.Context, f model.ReviewFilter) ([]model.QueuedReport, string, error) {
	limit, err := model.PageLimit(f.Limit, model.DefaultReviewLimit, model.MaxReviewLimit)
	if err != nil {
		return nil, "", err
	}
	where, args, err := reviewWhere(f)
	if err != nil {
		return nil, "", err
	}
	if f.After > 0 {
		where, args = append(where, `p.id < ?`), append(args, f.After)
	}
	rows, err := q.query(ctx, `SELECT p.id, p.day, p.percent, p.note, p.risk, p.author, p.review, p.comment, p.created_at,
		m.code, m.title, m.lead_unit, coalesce(a.unit, '')`+reviewFrom+joinWhere(where)+` ORDER BY p.id DESC LIMIT `+strconv.Itoa(limit+1), args...)
	if err != nil {
		return nil, "", fmt.Errorf("store: review queue: %w", err)
	}
	defer rows.Close()
	out := []model.QueuedReport{}
	for rows.Next() {
		var r model.QueuedReport
		var created int64
		if err := rows.Scan(&r.ID, &r.Date, &r.Percent, &r.Note, &r.Risk, &r.Author, &r.Review, &r.Comment, &created,
			&r.Measure, &r.Title, &r.LeadUnit, &r.Unit); err != nil {
			return nil, "", fmt.Errorf("store: review queue: %w", err)
		}
		r.CreatedAt = msTime(created)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("store: review queue: %w", err)
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		next = strconv.FormatInt(out[limit-1].ID, 10)
	}
	return out, next, nil
}

// CountReviewQueue counts the reports f selects (its cursor and limit
// aside), up to model.MaxTodoCount: a queue that long reads "999+", and
// counting it whole would cost every page that shows the number.
func (q Queries) CountReviewQueue(ctx context.Context, f model.ReviewFilter) (int, error) {
	where, args, err := reviewWhere(f)
	if err != nil {
		return 0, err
	}
	var n int
	if err := q.queryRow(ctx, `SELECT count(*) FROM (SELECT 1`+reviewFrom+joinWhere(where)+` LIMIT `+strconv.Itoa(model.MaxTodoCount)+`) c`, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count review queue: %w", err)
	}
	return n, nil
}

// CountMeasures counts the measures f selects (its cursor and limit aside),
// up to model.MaxTodoCount.
func (q Queries) CountMeasures(ctx context.Context, f model.MeasureFilter) (int, error) {
	f.After = 0
	where, args, err := measureWhere(f)
	if err != nil {
		return 0, err
	}
	var n int
	if err := q.queryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM measures m`+joinWhere(where)+` LIMIT `+strconv.Itoa(model.MaxTodoCount)+`) c`, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count measures: %w", err)
	}
	return n, nil
}
