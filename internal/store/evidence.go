package store

import (
	"context"
	"fmt"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// InsertEvidence stores a checked file on progress report reportID of
// measure measureID; e gets its id, report and time.
func (tx *Tx) InsertEvidence(ctx context.Context, measureID, reportID int64, e *model.Evidence) error {
	e.Report, e.CreatedAt = reportID, msTime(tx.now.UnixMilli())
	err := tx.queryRow(ctx, `INSERT INTO evidence (report_id, measure_id, name, media_type, size, sha256, author, created_at, content)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		reportID, measureID, e.Name, e.Type, e.Size, e.SHA256, e.Author, tx.now.UnixMilli(), e.Data).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("store: insert evidence: %w", err)
	}
	return nil
}

// EvidenceCount counts the files of a progress report.
func (q Queries) EvidenceCount(ctx context.Context, reportID int64) (int, error) {
	var n int
	if err := q.queryRow(ctx, `SELECT count(*) FROM evidence WHERE report_id = ?`, reportID).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count evidence: %w", err)
	}
	return n, nil
}

// MeasureEvidence lists the files of a measure's reports, without their
// content, oldest first.
func (q Queries) MeasureEvidence(ctx context.Context, measureID int64, code string) ([]model.Evidence, error) {
	rows, err := q.query(ctx, `SELECT id, report_id, name, media_type, size, sha256, author, created_at FROM evidence
		WHERE measure_id = ? ORDER BY id`, measureID)
	if err != nil {
		return nil, fmt.Errorf("store: evidence of measure %s: %w", code, err)
	}
	defer rows.Close()
	var out []model.Evidence
	for rows.Next() {
		e := model.Evidence{Measure: code}
		var created int64
		if err := rows.Scan(&e.ID, &e.Report, &e.Name, &e.Type, &e.Size, &e.SHA256, &e.Author, &created); err != nil {
			return nil, err
		}
		e.CreatedAt = msTime(created)
		out = append(out, e)
	}
	return out, rows.Err()
}

// ReportEvidence lists the files, without their content, of a measure's
// reports whose ids lie from first to last, oldest first: the files of one
// page of reports.
func (q Queries) ReportEvidence(ctx context.Context, measureID int64, code string, first, last int64) ([]model.Evidence, error) {
	rows, err := q.query(ctx, `SELECT id, report_id, name, media_type, size, sha256, author, created_at FROM evidence
		WHERE measure_id = ? AND report_id BETWEEN ? AND ? ORDER BY id`, measureID, first, last)
	if err != nil {
		return nil, fmt.Errorf("store: evidence of measure %s: %w", code, err)
	}
	defer rows.Close()
	var out []model.Evidence
	for rows.Next() {
		e := model.Evidence{Measure: code}
		var created int64
		if err := rows.Scan(&e.ID, &e.Report, &e.Name, &e.Type, &e.Size, &e.SHA256, &e.Author, &created); err != nil {
			return nil, fmt.Errorf("store: evidence of measure %s: %w", code, err)
		}
		e.CreatedAt = msTime(created)
		out = append(out, e)
	}
	return out, rows.Err()
}

// Evidence returns one file with its content, and the code of its measure.
func (q Queries) Evidence(ctx context.Context, id int64) (model.Evidence, error) {
	var e model.Evidence
	var created int64
	err := q.queryRow(ctx, `SELECT e.id, e.report_id, m.code, e.name, e.media_type, e.size, e.sha256, e.author, e.created_at, e.content
		FROM evidence e JOIN measures m ON m.id = e.measure_id WHERE e.id = ?`, id).
		Scan(&e.ID, &e.Report, &e.Measure, &e.Name, &e.Type, &e.Size, &e.SHA256, &e.Author, &created, &e.Data)
	if err != nil {
		return e, notFound(err, "evidence", id)
	}
	e.CreatedAt = msTime(created)
	return e, nil
}
