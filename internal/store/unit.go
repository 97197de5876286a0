package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"

	"github.com/luoshi-edu/luoshi/internal/model"
)

const unitCols = `code, name, name_en, kind, coalesce(parent, ''), seq, active, merged_into`

func scanUnit(sc interface{ Scan(...any) error }) (model.Unit, error) {
	var u model.Unit
	var active bool
	err := sc.Scan(&u.Code, &u.Name, &u.NameEn, &u.Kind, &u.Parent, &u.Seq, &active, &u.MergedInto)
	u.Inactive = !active
	u.Aliases = []string{}
	return u, err
}

// Units lists every unit, active or not, in display order, each with its
// aliases (two queries, whatever the number of units).
func (q Queries) Units(ctx context.Context) ([]model.Unit, error) {
	rows, err := q.query(ctx, `SELECT `+unitCols+` FROM units ORDER BY seq, code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Unit
	at := map[string]int{}
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, err
		}
		at[u.Code] = len(out)
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	aliases, err := q.UnitAliases(ctx)
	if err != nil {
		return nil, err
	}
	for alias, code := range aliases {
		if i, ok := at[code]; ok {
			out[i].Aliases = append(out[i].Aliases, alias)
		}
	}
	for i := range out {
		sort.Strings(out[i].Aliases)
	}
	return out, nil
}

// Unit returns one unit by code, with its aliases.
func (q Queries) Unit(ctx context.Context, code string) (model.Unit, error) {
	u, err := q.UnitState(ctx, code)
	if err != nil {
		return u, err
	}
	u.Aliases, err = q.strings(ctx, `SELECT alias FROM unit_aliases WHERE unit = ?`, code)
	if u.Aliases == nil {
		u.Aliases = []string{}
	}
	// Sorted in Go, as Units does: the same order on both engines.
	sort.Strings(u.Aliases)
	return u, err
}

// UnitState returns a unit without its aliases (one query), for checks
// that only need whether it is active.
func (q Queries) UnitState(ctx context.Context, code string) (model.Unit, error) {
	u, err := scanUnit(q.queryRow(ctx, `SELECT `+unitCols+` FROM units WHERE code = ?`, code))
	if err != nil {
		return u, notFound(err, "unit", code)
	}
	return u, nil
}

// UnitAliases maps every alias to the code of its unit.
func (q Queries) UnitAliases(ctx context.Context) (map[string]string, error) {
	rows, err := q.query(ctx, `SELECT alias, unit FROM unit_aliases`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var a, u string
		if err := rows.Scan(&a, &u); err != nil {
			return nil, err
		}
		out[a] = u
	}
	return out, rows.Err()
}

// InsertUnit adds a unit; a zero Seq puts it after the others.
func (tx *Tx) InsertUnit(ctx context.Context, u model.Unit) error {
	q, args := `INSERT INTO units (code, name, name_en, kind, parent, seq) VALUES (?, ?, ?, ?, ?, ?)`,
		[]any{u.Code, u.Name, u.NameEn, u.Kind, nullString(u.Parent), u.Seq}
	if u.Seq == 0 {
		q, args = `INSERT INTO units (code, name, name_en, kind, parent, seq)
		VALUES (?, ?, ?, ?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM units))`, args[:5]
	}
	if _, err := tx.exec(ctx, q, args...); err != nil {
		return err
	}
	return tx.SetUnitAliases(ctx, u.Code, u.Aliases)
}

// UpdateUnit writes a unit's names, kind, parent, order, state and aliases.
func (tx *Tx) UpdateUnit(ctx context.Context, u model.Unit) error {
	_, err := tx.exec(ctx, `UPDATE units SET name = ?, name_en = ?, kind = ?, parent = ?, seq = ?, active = ?, merged_into = ? WHERE code = ?`,
		u.Name, u.NameEn, u.Kind, nullString(u.Parent), u.Seq, b2i(!u.Inactive), u.MergedInto, u.Code)
	if err != nil {
		return err
	}
	return tx.SetUnitAliases(ctx, u.Code, u.Aliases)
}

// SetUnitAliases replaces a unit's aliases.
func (tx *Tx) SetUnitAliases(ctx context.Context, code string, aliases []string) error {
	if _, err := tx.exec(ctx, `DELETE FROM unit_aliases WHERE unit = ?`, code); err != nil {
		return err
	}
	for _, a := range aliases {
		if _, err := tx.exec(ctx, `INSERT INTO unit_aliases (alias, unit) VALUES (?, ?)`, a, code); err != nil {
			return err
		}
	}
	return nil
}

// CountActiveUnits counts the units in use.
func (q Queries) CountActiveUnits(ctx context.Context) (int, error) {
	var n int
	err := q.queryRow(ctx, `SELECT count(*) FROM units WHERE active = 1`).Scan(&n)
	return n, err
}

// UnitExists reports whether a unit code is known.
func (q Queries) UnitExists(ctx context.Context, code string) (bool, error) {
	var n int
	err := q.queryRow(ctx, `SELECT count(*) FROM units WHERE code = ?`, code).Scan(&n)
	return n > 0, err
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
	marks := marks(len(keys))
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

// Bump increments a counter and returns its new value. The transaction's
// first bump of a counter writes it (and, on PostgreSQL, holds its row);
// later ones move it in memory, written when the transaction finishes
// (deferred.go).
func (tx *Tx) Bump(ctx context.Context, name string) (int64, error) {
	if c := tx.later.counter(name); c != nil {
		c.value++
		c.moved = true
		return c.value, nil
	}
	var v int64
	err := tx.queryRow(ctx, `INSERT INTO counters (name, value) VALUES (?, 1)
		ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value`, name).Scan(&v)
	if err != nil {
		return 0, err
	}
	tx.later.counters = append(tx.later.counters, counterValue{name: name, value: v})
	return v, nil
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

// MoveUnitRecords moves what a merged unit still works on to the unit that
// takes it over: its indicators, its problems not closed out, its half-year
// reports for periods the other unit has none of (the others stay with the
// merged unit, as history), its accounts and people, its open drafts, its
// child units and its place in leaders' portfolios. Measures move in app,
// one by one, through the ordinary update (their search entries and the
// board's counter follow).
func (tx *Tx) MoveUnitRecords(ctx context.Context, from, into string) (model.UnitMove, error) {
	var m model.UnitMove
	// The reports that move keep their text; their search documents move
	// with them (the unit's readers find their own reports by unit).
	moving, err := tx.strings(ctx, `SELECT period FROM unit_reports WHERE unit = ? AND period NOT IN (SELECT period FROM unit_reports WHERE unit = ?)`, from, into)
	if err != nil {
		return m, err
	}
	steps := []struct {
		n   *int
		sql string
	}{
		{&m.Indicators, `UPDATE indicators SET owner_unit = ? WHERE owner_unit = ?`},
		{&m.Problems, `UPDATE problems SET owner_unit = ? WHERE owner_unit = ? AND status <> 'closed'`},
		{&m.Reports, `UPDATE unit_reports SET unit = ? WHERE unit = ? AND period NOT IN (SELECT period FROM unit_reports WHERE unit = ?)`},
		{&m.Accounts, `UPDATE accounts SET unit = ? WHERE unit = ?`},
		{&m.People, `UPDATE people SET unit = ? WHERE unit = ?`},
		{&m.Drafts, `UPDATE drafts SET lead_unit = ? WHERE lead_unit = ? AND state = 'draft'`},
		{&m.ChildUnits, `UPDATE units SET parent = ? WHERE parent = ?`},
	}
	for _, st := range steps {
		args := []any{into, from}
		if st.n == &m.Reports {
			args = append(args, into)
		}
		res, err := tx.exec(ctx, st.sql, args...)
		if err != nil {
			return m, fmt.Errorf("store: merge %s into %s: %w", from, into, err)
		}
		n, _ := res.RowsAffected()
		*st.n = int(n)
	}
	if m.Indicators > 0 {
		if _, err := tx.Bump(ctx, "indicators"); err != nil {
			return m, err
		}
	}
	if m.Problems > 0 {
		if _, err := tx.Bump(ctx, "problems"); err != nil {
			return m, err
		}
	}
	for _, period := range moving {
		if err := tx.unindexDoc(ctx, model.SearchReport, from+"/"+period); err != nil {
			return m, err
		}
		r, err := tx.UnitReport(ctx, into, period)
		if err != nil {
			return m, err
		}
		if err := tx.indexReport(ctx, &r); err != nil {
			return m, err
		}
	}
	err = tx.queryRow(ctx, `SELECT count(*) FROM unit_reports WHERE unit = ?`, from).Scan(&m.ReportsKept)
	return m, err
}

// CountUnitRecords counts the records that name a unit, per kind (the
// merge's tests count before and after).
func (q Queries) CountUnitRecords(ctx context.Context, code string) (map[string]int, error) {
	out := map[string]int{}
	for name, sql := range map[string]string{
		"measures_lead":     `SELECT count(*) FROM measures WHERE lead_unit = ?`,
		"measures_open":     `SELECT count(*) FROM measures m WHERE m.lead_unit = ? AND ` + openSQL,
		"measure_units":     `SELECT count(*) FROM measure_units WHERE unit = ?`,
		"indicators":        `SELECT count(*) FROM indicators WHERE owner_unit = ?`,
		"problems":          `SELECT count(*) FROM problems WHERE owner_unit = ?`,
		"unit_reports":      `SELECT count(*) FROM unit_reports WHERE unit = ?`,
		"accounts":          `SELECT count(*) FROM accounts WHERE unit = ?`,
		"people":            `SELECT count(*) FROM people WHERE unit = ?`,
		"drafts":            `SELECT count(*) FROM drafts WHERE lead_unit = ?`,
		"units_child":       `SELECT count(*) FROM units WHERE parent = ?`,
		"allocations":       `SELECT count(*) FROM allocations WHERE unit = ?`,
		"problems_source":   `SELECT count(*) FROM problems WHERE source_unit = ?`,
		"unit_aliases":      `SELECT count(*) FROM unit_aliases WHERE unit = ?`,
		"notices":           `SELECT count(*) FROM notices WHERE unit = ?`,
		"measures_not_open": `SELECT count(*) FROM measures WHERE lead_unit = ? AND (cancelled = 1 OR progress >= 100)`,
	} {
		var n int
		if err := q.queryRow(ctx, sql, code).Scan(&n); err != nil {
			return nil, fmt.Errorf("store: count %s: %w", name, err)
		}
		out[name] = n
	}
	return out, nil
}

// OpenMeasureCodesOfUnit lists the codes of the open measures (neither done
// nor cancelled) a unit leads or cooperates on.
func (q Queries) OpenMeasureCodesOfUnit(ctx context.Context, unit string) ([]string, error) {
	return q.strings(ctx, `SELECT m.code FROM measures m WHERE `+openSQL+` AND
		(m.lead_unit = ? OR m.id IN (SELECT measure_id FROM measure_units WHERE unit = ?)) ORDER BY m.id`, unit, unit)
}
