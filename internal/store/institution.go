package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// Portfolios lists every leader's assignments (分管), all of history, by
// leader and day. An institution has a dozen leaders and a few
// reassignments a year, so this is read whole.
func (q Queries) Portfolios(ctx context.Context) (model.Portfolios, error) {
	rows, err := q.query(ctx, `SELECT leader, from_day, units, themes, by_account, created_at FROM portfolios ORDER BY leader, from_day`)
	if err != nil {
		return nil, fmt.Errorf("store: portfolios: %w", err)
	}
	defer rows.Close()
	var out model.Portfolios
	for rows.Next() {
		var p model.Portfolio
		var units, themes string
		if err := rows.Scan(&p.Leader, &p.From, &units, &themes, &p.By, &p.At); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(units), &p.Units); err != nil {
			return nil, fmt.Errorf("store: portfolio of %s: %w", p.Leader, err)
		}
		if err := json.Unmarshal([]byte(themes), &p.Themes); err != nil {
			return nil, fmt.Errorf("store: portfolio of %s: %w", p.Leader, err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// PutPortfolio records a leader's assignment from its day; one on the same
// day as an earlier one replaces it (a correction, not a reassignment).
func (tx *Tx) PutPortfolio(ctx context.Context, p model.Portfolio) error {
	units, _ := json.Marshal(p.Units)
	themes, _ := json.Marshal(p.Themes)
	_, err := tx.exec(ctx, `INSERT INTO portfolios (leader, from_day, units, themes, by_account, created_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (leader, from_day) DO UPDATE SET units = excluded.units, themes = excluded.themes,
		by_account = excluded.by_account, created_at = excluded.created_at`,
		p.Leader, int64(p.From), string(units), string(themes), p.By, tx.now.Unix())
	return err
}

// Calendar returns every academic year that has terms set.
func (q Queries) Calendar(ctx context.Context) (model.Calendar, error) {
	rows, err := q.query(ctx, `SELECT year, term, start_day, end_day FROM academic_terms ORDER BY year, start_day`)
	if err != nil {
		return nil, fmt.Errorf("store: calendar: %w", err)
	}
	defer rows.Close()
	var out model.Calendar
	for rows.Next() {
		var y int
		var t model.Term
		if err := rows.Scan(&y, &t.Term, &t.Start, &t.End); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].Year != y {
			out = append(out, model.AcademicYear{Year: y})
		}
		out[len(out)-1].Terms = append(out[len(out)-1].Terms, t)
	}
	return out, rows.Err()
}

// PutAcademicYear replaces one academic year's terms.
func (tx *Tx) PutAcademicYear(ctx context.Context, y model.AcademicYear) error {
	if _, err := tx.exec(ctx, `DELETE FROM academic_terms WHERE year = ?`, y.Year); err != nil {
		return err
	}
	for _, t := range y.Terms {
		if _, err := tx.exec(ctx, `INSERT INTO academic_terms (year, term, start_day, end_day) VALUES (?, ?, ?, ?)`,
			y.Year, t.Term, int64(t.Start), int64(t.End)); err != nil {
			return err
		}
	}
	return nil
}
