package store

import (
	"context"
	"maps"
	"slices"
	"testing"
)

// TestWrittenNote checks which tables a statement counts as written.
func TestWrittenNote(t *testing.T) {
	for _, c := range []struct {
		q     string
		want  []string
		every bool
	}{
		{q: `SELECT a.id FROM accounts a JOIN sessions s ON s.account_id = a.id`},
		{q: `SELECT value FROM settings WHERE key = ? FOR UPDATE`},
		{q: `SAVEPOINT change`},
		{q: `INSERT INTO sessions (token_hash) VALUES (?)`, want: []string{"sessions"}},
		{q: `insert or ignore into "Units" (code) values ($1)`, want: []string{"units"}},
		{q: `UPDATE accounts SET disabled = ? WHERE id = ?`, want: []string{"accounts"}},
		{q: `DELETE FROM sessions WHERE account_id IN (SELECT id FROM accounts WHERE disabled)`, want: []string{"accounts", "sessions"}},
		{q: `INSERT INTO counters (name, value) VALUES (?, 1)
			ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value`, want: []string{"counters", "set"}},
		{q: `INSERT INTO notices (id) SELECT id FROM measures`, want: []string{"notices"}},
		{q: `WITH x AS (SELECT 1) UPDATE measures SET progress = 0`, want: []string{"measures"}},
		{q: `REPLACE INTO settings (key, value) VALUES (?, ?)`, want: []string{"settings"}},
		{q: `CREATE INDEX x ON measures (code)`, every: true},
		{q: `  drop table x`, every: true},
		{q: `TRUNCATE sessions`, every: true},
	} {
		var w written
		w.note(c.q)
		got := slices.Sorted(maps.Keys(w.tables))
		if w.every != c.every || !slices.Equal(got, c.want) {
			t.Errorf("%q: wrote %v (every %t), want %v (every %t)", c.q, got, w.every, c.want, c.every)
		}
	}
}

// TestTablesGeneration writes through the store and checks that a table's
// generation moves with a committed write naming it and with a schema
// change, and not with a write to another table.
func TestTablesGeneration(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	settings := func() int64 { return s.TablesGeneration("settings") }
	units := func() int64 { return s.TablesGeneration("units") }
	set0, units0 := settings(), units()

	if err := s.Write(ctx, func(tx *Tx) error { return tx.SetSetting(ctx, "probe", "1") }); err != nil {
		t.Fatal(err)
	}
	if settings() == set0 {
		t.Error("a committed setting left the settings' generation where it was")
	}
	if units() != units0 {
		t.Error("a setting moved the units' generation")
	}

	set1 := settings()
	seedUnits(t, s, "u1")
	if units() == units0 {
		t.Error("a committed unit left the units' generation where it was")
	}
	if settings() != set1 {
		t.Error("a unit moved the settings' generation")
	}

	before := s.TablesGeneration("measures")
	if err := s.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `CREATE TABLE probe_table (id INTEGER PRIMARY KEY)`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if s.TablesGeneration("measures") == before {
		t.Error("a schema change left a table's generation where it was")
	}
}
