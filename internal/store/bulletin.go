package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// BulletinCandidates returns the measures a bulletin for [from, to] may
// list, with their progress reports dated on or before to (by day, in
// filing order), so app can apply model.Derive and model.CompletedOn as of
// to. A candidate is a measure not cancelled that either had a due day
// before to or close enough to it for an orange light with the thresholds
// of t (and had started), or has a report at 100 % dated within the range.
// The measures' own status fields are derived for t, not for to.
func (q Queries) BulletinCandidates(ctx context.Context, t model.Today, from, to model.Date) ([]model.Measure, map[int64][]model.ProgressPoint, error) {
	pred := fmt.Sprintf(`m.cancelled = 0 AND (
		(m.due_day IS NOT NULL AND m.start_day < %[1]d AND (m.due_day < %[1]d OR 100 * (m.due_day - %[1]d) <= %[2]d * %[3]s))
		OR m.id IN (SELECT measure_id FROM progress_reports WHERE day >= %[4]d AND day <= %[1]d AND percent >= 100 AND review <> 'withdrawn'))`,
		to, t.Thresholds.OrangePct, spanSQL, from)
	rows, err := q.query(ctx, `SELECT `+measureCols+` FROM measures m WHERE `+pred+` ORDER BY m.id`)
	if err != nil {
		return nil, nil, fmt.Errorf("store: bulletin candidates: %w", err)
	}
	ms, err := collectMeasures(rows, t)
	if err != nil {
		return nil, nil, err
	}
	pr, err := q.query(ctx, `SELECT p.measure_id, p.day, p.percent FROM progress_reports p
		WHERE p.day <= `+strconv.Itoa(int(to))+` AND p.review <> 'withdrawn' AND p.measure_id IN (SELECT m.id FROM measures m WHERE `+pred+`)
		ORDER BY p.measure_id, p.day, p.id`)
	if err != nil {
		return nil, nil, fmt.Errorf("store: bulletin reports: %w", err)
	}
	defer pr.Close()
	points := map[int64][]model.ProgressPoint{}
	for pr.Next() {
		var id int64
		var p model.ProgressPoint
		if err := pr.Scan(&id, &p.Day, &p.Percent); err != nil {
			return nil, nil, err
		}
		points[id] = append(points[id], p)
	}
	return ms, points, pr.Err()
}

// NextBulletinNumber reserves the next number of a year's bulletins. The
// counter row is locked until the transaction ends, so two offices issuing
// at once on PostgreSQL get two numbers.
func (tx *Tx) NextBulletinNumber(ctx context.Context, year int) (int, error) {
	n, err := tx.Bump(ctx, "bulletin_seq:"+strconv.Itoa(year))
	return int(n), err
}

// InsertBulletin records an issued bulletin with its lists frozen as JSON.
func (tx *Tx) InsertBulletin(ctx context.Context, b *model.Bulletin) error {
	sec, err := json.Marshal(b.Sections)
	if err != nil {
		return fmt.Errorf("store: bulletin sections: %w", err)
	}
	b.IssuedAt = msTime(tx.now.UnixMilli())
	err = tx.queryRow(ctx, `INSERT INTO bulletins (year, number, number_text, from_day, to_day, issued_on, issued_at, issuer, office, sections, supplement)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		b.Year, b.Number, b.NumberText, int64(b.From), int64(b.To), int64(b.IssuedOn), tx.now.UnixMilli(), b.Issuer, b.Office, string(sec), b2i(b.Supplement)).Scan(&b.ID)
	if err != nil {
		if isUnique(err) {
			return model.Errorf(model.ECONFLICT, "bulletin %d of %d is already issued", b.Number, b.Year)
		}
		return fmt.Errorf("store: insert bulletin: %w", err)
	}
	return nil
}

const bulletinCols = `id, year, number, number_text, from_day, to_day, issued_on, issued_at, issuer, office, sections, supplement,
	voided_at, voided_by, void_reason`

func scanBulletin(sc interface{ Scan(...any) error }) (model.Bulletin, error) {
	var b model.Bulletin
	var at int64
	var sec string
	var voided sql.NullInt64
	var by, reason string
	if err := sc.Scan(&b.ID, &b.Year, &b.Number, &b.NumberText, &b.From, &b.To, &b.IssuedOn, &at, &b.Issuer, &b.Office, &sec, &b.Supplement,
		&voided, &by, &reason); err != nil {
		return b, err
	}
	b.IssuedAt = msTime(at)
	b.Voided = voidOf(voided, by, reason)
	if err := json.Unmarshal([]byte(sec), &b.Sections); err != nil {
		return b, fmt.Errorf("store: sections of bulletin %d: %w", b.ID, err)
	}
	return b, nil
}

// Bulletins lists the issued bulletins, the latest first.
func (q Queries) Bulletins(ctx context.Context) ([]model.Bulletin, error) {
	rows, err := q.query(ctx, `SELECT `+bulletinCols+` FROM bulletins ORDER BY year DESC, number DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: bulletins: %w", err)
	}
	defer rows.Close()
	out := []model.Bulletin{}
	for rows.Next() {
		b, err := scanBulletin(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Bulletin returns an issued bulletin by id.
func (q Queries) Bulletin(ctx context.Context, id int64) (model.Bulletin, error) {
	b, err := scanBulletin(q.queryRow(ctx, `SELECT `+bulletinCols+` FROM bulletins WHERE id = ?`, id))
	if err != nil {
		return b, notFound(err, "bulletin", id)
	}
	return b, nil
}

// OverlappingBulletin returns the standing (not voided) bulletin whose range
// overlaps [from, to], the latest first; ENOTFOUND when none does.
func (q Queries) OverlappingBulletin(ctx context.Context, from, to model.Date) (model.Bulletin, error) {
	b, err := scanBulletin(q.queryRow(ctx, `SELECT `+bulletinCols+` FROM bulletins
		WHERE voided_at IS NULL AND to_day >= ? AND from_day <= ? ORDER BY year DESC, number DESC LIMIT 1`, int64(from), int64(to)))
	if err != nil {
		return b, notFound(err, "bulletin overlapping", from)
	}
	return b, nil
}

// VoidBulletin marks a standing bulletin voided; ECONFLICT when it is
// voided already.
func (tx *Tx) VoidBulletin(ctx context.Context, id int64, by, reason string) error {
	return tx.void(ctx, "bulletins", "bulletin", id, by, reason)
}

// void marks a row of table (bulletins, notices) voided once.
func (tx *Tx) void(ctx context.Context, table, what string, id int64, by, reason string) error {
	res, err := tx.exec(ctx, `UPDATE `+table+` SET voided_at = ?, voided_by = ?, void_reason = ? WHERE id = ? AND voided_at IS NULL`,
		tx.now.UnixMilli(), by, reason, id)
	if err != nil {
		return fmt.Errorf("store: void %s: %w", what, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.Errorf(model.ECONFLICT, "%s %d is voided already", what, id)
	}
	return nil
}

// voidOf is the Void the columns describe, nil when not voided.
func voidOf(at sql.NullInt64, by, reason string) *model.Void {
	if !at.Valid {
		return nil
	}
	return &model.Void{At: msTime(at.Int64), By: by, Reason: reason}
}
