package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// Units lists every unit in display order.
func (q Queries) Units(ctx context.Context) ([]model.Unit, error) {
	rows, err := q.query(ctx, `SELECT code, name, name_en, kind, coalesce(parent, '') FROM units ORDER BY seq, code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Unit
	for rows.Next() {
		var u model.Unit
		if err := rows.Scan(&u.Code, &u.Name, &u.NameEn, &u.Kind, &u.Parent); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// Unit returns one unit by code.
func (q Queries) Unit(ctx context.Context, code string) (model.Unit, error) {
	var u model.Unit
	err := q.queryRow(ctx, `SELECT code, name, name_en, kind, coalesce(parent, '') FROM units WHERE code = ?`, code).
		Scan(&u.Code, &u.Name, &u.NameEn, &u.Kind, &u.Parent)
	if err != nil {
		return u, notFound(err, "unit", code)
	}
	return u, nil
}

// InsertUnit adds a unit at the end of the display order.
func (tx *Tx) InsertUnit(ctx context.Context, u model.Unit) error {
	_, err := tx.exec(ctx, `INSERT INTO units (code, name, name_en, kind, parent, seq)
		VALUES (?, ?, ?, ?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM units))`,
		u.Code, u.Name, u.NameEn, u.Kind, nullString(u.Parent))
	return err
}

// UnitExists reports whether a unit code is known.
func (q Queries) UnitExists(ctx context.Context, code string) (bool, error) {
	var n int
	err := q.queryRow(ctx, `SELECT count(*) FROM units WHERE code = ?`, code).Scan(&n)
	return n > 0, err
}

// InsertPerson adds a person and returns its id.
func (tx *Tx) InsertPerson(ctx context.Context, p model.Person) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, `INSERT INTO people (name, unit, title, email) VALUES (?, ?, ?, ?) RETURNING id`,
		p.Name, p.Unit, p.Title, p.Email).Scan(&id)
	return id, err
}

// Setting returns a setting's value, or def when unset.
func (q Queries) Setting(ctx context.Context, key, def string) (string, error) {
	var v string
	err := q.queryRow(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if err == sql.ErrNoRows {
		return def, nil
	}
	return v, err
}

// Settings returns the values of the keys that are set.
func (q Queries) Settings(ctx context.Context, keys ...string) (map[string]string, error) {
	out := make(map[string]string, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(keys)), ", ")
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k
	}
	rows, err := q.query(ctx, `SELECT key, value FROM settings WHERE key IN (`+marks+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: settings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, rows.Err()
}

// SetSetting writes a setting.
func (tx *Tx) SetSetting(ctx context.Context, key, value string) error {
	_, err := tx.exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

// Counter returns a change counter's value (0 when never bumped).
func (q Queries) Counter(ctx context.Context, name string) (int64, error) {
	var v int64
	err := q.queryRow(ctx, `SELECT value FROM counters WHERE name = ?`, name).Scan(&v)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return v, err
}

// Bump increments a counter and returns its new value.
func (tx *Tx) Bump(ctx context.Context, name string) (int64, error) {
	var v int64
	err := tx.queryRow(ctx, `INSERT INTO counters (name, value) VALUES (?, 1)
		ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value`, name).Scan(&v)
	return v, err
}

// Periods lists the periods, latest first.
func (q Queries) Periods(ctx context.Context) ([]model.Period, error) {
	rows, err := q.query(ctx, `SELECT code, name, start_day, end_day FROM periods ORDER BY start_day DESC, code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Period
	for rows.Next() {
		var p model.Period
		if err := rows.Scan(&p.Code, &p.Name, &p.Start, &p.End); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// EnsurePeriod records a period if it is not known yet.
func (tx *Tx) EnsurePeriod(ctx context.Context, p model.Period) error {
	_, err := tx.exec(ctx, `INSERT INTO periods (code, name, start_day, end_day) VALUES (?, ?, ?, ?) ON CONFLICT (code) DO NOTHING`,
		p.Code, p.Name, int64(p.Start), int64(p.End))
	return err
}
