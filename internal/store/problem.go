package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/model"
)

const problemCols = `p.id, p.code, p.title, p.description, p.source, coalesce(p.source_unit, ''), coalesce(p.agenda_item, 0),
	p.severity, p.owner_unit, p.leader, p.status, p.notes, p.closed_by, p.closed_at, p.close_note, p.created_at, p.updated_at`

func scanProblem(sc interface{ Scan(...any) error }) (model.Problem, error) {
	var p model.Problem
	var closed sql.NullInt64
	var created, updated int64
	err := sc.Scan(&p.ID, &p.Code, &p.Title, &p.Description, &p.Source, &p.SourceUnit, &p.AgendaItem,
		&p.Severity, &p.OwnerUnit, &p.Leader, &p.Status, &p.Notes, &p.ClosedBy, &closed, &p.CloseNote, &created, &updated)
	if err != nil {
		return p, err
	}
	if closed.Valid {
		p.ClosedAt = msTime(closed.Int64)
	}
	p.Created, p.Updated = msTime(created), msTime(updated)
	p.Measures = []string{}
	return p, nil
}

func problemWhere(f model.ProblemFilter) ([]string, []any) {
	var where []string
	var args []any
	if f.Status != "" {
		where = append(where, `p.status = ?`)
		args = append(args, f.Status)
	}
	if f.Unit != "" {
		where = append(where, `p.owner_unit = ?`)
		args = append(args, f.Unit)
	}
	if f.Severity != "" {
		where = append(where, `p.severity = ?`)
		args = append(args, f.Severity)
	}
	if f.Leader != "" {
		where = append(where, `p.leader = ?`)
		args = append(args, f.Leader)
	}
	if f.Measure != "" {
		where = append(where, `p.id IN (SELECT problem_id FROM problem_measures WHERE measure = ?)`)
		args = append(args, f.Measure)
	}
	if f.Unlinked {
		where = append(where, `NOT EXISTS (SELECT 1 FROM problem_measures pm WHERE pm.problem_id = p.id)`)
	}
	return where, args
}

// Problems lists the problems matching f, most severe first, then by code.
func (q Queries) Problems(ctx context.Context, f model.ProblemFilter) ([]model.Problem, error) {
	where, args := problemWhere(f)
	rows, err := q.query(ctx, `SELECT `+problemCols+` FROM problems p`+joinWhere(where)+`
		ORDER BY CASE p.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, p.code`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: problems: %w", err)
	}
	return q.collectProblems(ctx, rows)
}

// collectProblems scans rows of problemCols and loads the linked measures of
// all of them in one query.
func (q Queries) collectProblems(ctx context.Context, rows *sql.Rows) ([]model.Problem, error) {
	defer rows.Close()
	out := []model.Problem{}
	for rows.Next() {
		p, err := scanProblem(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	ids := make([]int64, len(out))
	for i, p := range out {
		ids[i] = p.ID
	}
	measures, err := q.linked(ctx, `SELECT problem_id, measure FROM problem_measures WHERE problem_id IN (%s) ORDER BY problem_id, measure`, ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if m := measures[out[i].ID]; m != nil {
			out[i].Measures = m
		}
	}
	return out, nil
}

// Problem returns one problem by code.
func (q Queries) Problem(ctx context.Context, code string) (model.Problem, error) {
	rows, err := q.query(ctx, `SELECT `+problemCols+` FROM problems p WHERE p.code = ?`, code)
	if err != nil {
		return model.Problem{}, fmt.Errorf("store: problem: %w", err)
	}
	out, err := q.collectProblems(ctx, rows)
	if err != nil {
		return model.Problem{}, err
	}
	if len(out) == 0 {
		return model.Problem{}, model.Errorf(model.ENOTFOUND, "problem %s not found", code)
	}
	return out[0], nil
}

// NextProblemCode reserves the next code of a year ("P2024-008").
func (tx *Tx) NextProblemCode(ctx context.Context, year int) (string, error) {
	for {
		n, err := tx.Bump(ctx, "problem_seq:"+strconv.Itoa(year))
		if err != nil {
			return "", err
		}
		code := model.ProblemCode(year, int(n))
		var used int
		if err := tx.queryRow(ctx, `SELECT count(*) FROM problems WHERE code = ?`, code).Scan(&used); err != nil {
			return "", err
		}
		if used == 0 {
			return code, nil
		}
	}
}

// InsertProblem adds a problem (its code already set) with its linked measures.
func (tx *Tx) InsertProblem(ctx context.Context, p *model.Problem) error {
	now := tx.now.UnixMilli()
	err := tx.queryRow(ctx, `INSERT INTO problems (code, title, description, source, source_unit, agenda_item, severity, owner_unit,
		leader, status, notes, closed_by, closed_at, close_note, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		p.Code, p.Title, p.Description, p.Source, nullString(p.SourceUnit), nullInt(p.AgendaItem), p.Severity, p.OwnerUnit,
		p.Leader, p.Status, p.Notes, p.ClosedBy, closedAt(p), p.CloseNote, now, now).Scan(&p.ID)
	if err != nil {
		if isUnique(err) {
			return model.Invalid("code", "problem code %s is already used", p.Code)
		}
		return fmt.Errorf("store: insert problem: %w", err)
	}
	p.Created, p.Updated = msTime(now), msTime(now)
	if err := tx.setProblemMeasures(ctx, p); err != nil {
		return err
	}
	return tx.indexProblem(ctx, p)
}

// UpdateProblem rewrites a problem's fields (not its code) and its links.
func (tx *Tx) UpdateProblem(ctx context.Context, p *model.Problem) error {
	now := tx.now.UnixMilli()
	res, err := tx.exec(ctx, `UPDATE problems SET title = ?, description = ?, source = ?, source_unit = ?, agenda_item = ?, severity = ?,
		owner_unit = ?, leader = ?, status = ?, notes = ?, closed_by = ?, closed_at = ?, close_note = ?, updated_at = ? WHERE id = ?`,
		p.Title, p.Description, p.Source, nullString(p.SourceUnit), nullInt(p.AgendaItem), p.Severity,
		p.OwnerUnit, p.Leader, p.Status, p.Notes, p.ClosedBy, closedAt(p), p.CloseNote, now, p.ID)
	if err != nil {
		return fmt.Errorf("store: update problem: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.Errorf(model.ENOTFOUND, "problem %s not found", p.Code)
	}
	p.Updated = msTime(now)
	if _, err := tx.exec(ctx, `DELETE FROM problem_measures WHERE problem_id = ?`, p.ID); err != nil {
		return fmt.Errorf("store: update problem: %w", err)
	}
	if err := tx.setProblemMeasures(ctx, p); err != nil {
		return err
	}
	return tx.indexProblem(ctx, p)
}

// setProblemMeasures writes a problem's links; it ends every problem write,
// so it bumps the "problems" counter the dashboard keys on.
func (tx *Tx) setProblemMeasures(ctx context.Context, p *model.Problem) error {
	if _, err := tx.Bump(ctx, "problems"); err != nil {
		return err
	}
	for _, m := range p.Measures {
		if _, err := tx.exec(ctx, `INSERT INTO problem_measures (problem_id, measure) VALUES (?, ?)`, p.ID, m); err != nil {
			return fmt.Errorf("store: problem %s measure %s: %w", p.Code, m, err)
		}
	}
	return nil
}

func closedAt(p *model.Problem) any {
	if p.ClosedAt.IsZero() {
		return nil
	}
	return p.ClosedAt.UnixMilli()
}

// MeasureCodesExist returns which of the given measure codes exist.
func (q Queries) MeasureCodesExist(ctx context.Context, codes []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(codes) == 0 {
		return out, nil
	}
	marks := marks(len(codes))
	args := make([]any, len(codes))
	for i, c := range codes {
		args[i] = c
	}
	rows, err := q.query(ctx, `SELECT code FROM measures WHERE code IN (`+marks+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: measure codes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out[c] = true
	}
	return out, rows.Err()
}
