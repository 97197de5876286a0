package store

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// seedCopy fills s with rows in every kind of table CopyAll must order: a
// unit whose parent was inserted after it, measures with cooperating units,
// progress reports and an audit event.
func seedCopy(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	seedUnits(t, s, "A", "B", "Z")
	err := s.Write(ctx, func(tx *Tx) error {
		// A comes first in the table but is Z's child, and Z is B's.
		if err := tx.Exec(ctx, `UPDATE units SET parent = 'Z' WHERE code = 'A'`); err != nil {
			return err
		}
		if err := tx.Exec(ctx, `UPDATE units SET parent = 'B' WHERE code = 'Z'`); err != nil {
			return err
		}
		p, _ := model.PeriodFromCode("2024-H2")
		for i := range 5 {
			code, err := tx.NextMeasureCode(ctx, p)
			if err != nil {
				return err
			}
			m := model.Measure{Code: code, Title: "copy " + code, Theme: "other", Period: p.Code, LeadUnit: "A",
				CooperatingUnits: []string{"B", "Z"}, Start: p.Start, Due: p.End}
			if err := tx.InsertMeasure(ctx, &m); err != nil {
				return err
			}
			r := model.ProgressReport{Date: p.Start, Percent: 10 * i, Note: "进展 " + code, Author: "x", Review: "pending"}
			if err := tx.InsertProgress(ctx, m.ID, &r); err != nil {
				return err
			}
			if i < 2 {
				// Every byte value, NUL and invalid UTF-8 included, must arrive as it was.
				e := model.Evidence{Name: "佐证材料" + code + ".pdf", Type: "application/pdf", Author: "x", Data: evidenceBytes(i)}
				e.Size = int64(len(e.Data))
				if err := tx.InsertEvidence(ctx, m.ID, r.ID, &e); err != nil {
					return err
				}
			}
		}
		return tx.InsertAudit(ctx, model.AuditEvent{Actor: "x", Action: "seed", Entity: "measure", EntityID: "1"})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// evidenceBytes is a file's worth of every byte value: 256 of them for
// i == 0, and 100 KB for i == 1.
func evidenceBytes(i int) []byte {
	n := 256
	if i == 1 {
		n = 100 << 10
	}
	b := make([]byte, n)
	for j := range b {
		b[j] = byte(j)
	}
	return b
}

// sameRows compares every table but schema_migrations (whose applied_at is
// each database's own) row by row.
func sameRows(t *testing.T, a, b *Store) {
	t.Helper()
	ctx := context.Background()
	tables, err := a.Tables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range tables {
		if table == "schema_migrations" {
			continue
		}
		ra, err1 := a.Dump(ctx, table)
		rb, err2 := b.Dump(ctx, table)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if !slices.Equal(ra, rb) {
			t.Errorf("table %s differs after the copy:\nsource %q\ncopy   %q", table, ra, rb)
		}
	}
}

// TestCopyAll copies a SQLite database into a fresh SQLite database and,
// when LUOSHI_TEST_POSTGRES is set, into a fresh PostgreSQL schema; checks
// every row arrived, that a second copy into the now full target is refused,
// and that new rows in the copy get ids after the copied ones.
func TestCopyAll(t *testing.T) {
	targets := map[string]string{"sqlite": ""}
	if pg := os.Getenv("LUOSHI_TEST_POSTGRES"); pg != "" {
		targets["postgres"] = pg
	} else {
		t.Log("copying to SQLite only: LUOSHI_TEST_POSTGRES is not set")
	}
	for name, url := range targets {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			from, to := openSQLiteStore(t), openScratch(t, url)
			seedCopy(t, from)
			// Small batches by bytes: the evidence files go one per batch.
			defer func(n int) { maxCopyBatchBytes = n }(maxCopyBatchBytes)
			maxCopyBatchBytes = 64 << 10
			copied, err := CopyAll(ctx, from, to)
			if err != nil {
				t.Fatal(err)
			}
			var order []string
			counts := map[string]int{}
			for _, c := range copied {
				order = append(order, c.Table)
				counts[c.Table] = c.Rows
			}
			if !slices.Equal(order, copyOrder) {
				t.Errorf("copied tables %v, want %v", order, copyOrder)
			}
			want := map[string]int{"units": 3, "measures": 5, "measure_units": 10, "progress_reports": 5, "evidence": 2, "audit_events": 1, "periods": 1}
			for table, n := range want {
				if counts[table] != n {
					t.Errorf("copied %d rows of %s, want %d", counts[table], table, n)
				}
			}
			sameRows(t, from, to)
			// The audit chain arrives intact, its head included, and new
			// events in the copy chain on from it.
			writeEvents(t, from, 3)
			if c := verify(t, to); !c.Intact() || c.Events != 1 {
				t.Errorf("audit chain of the copy: %+v", c)
			}
			writeEvents(t, to, 2)
			if c := verify(t, to); !c.Intact() || c.Last != 3 {
				t.Errorf("audit chain of the copy after new events: %+v", c)
			}

			if _, err := CopyAll(ctx, from, to); model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), "not empty") {
				t.Errorf("second copy into a full target: %v, want an invalid error saying it is not empty", err)
			}

			err = to.Write(ctx, func(tx *Tx) error {
				p, _ := model.PeriodFromCode("2024-H2")
				code, err := tx.NextMeasureCode(ctx, p)
				if err != nil {
					return err
				}
				m := model.Measure{Code: code, Title: "after the copy", Theme: "other", Period: p.Code, LeadUnit: "B", Start: p.Start}
				if err := tx.InsertMeasure(ctx, &m); err != nil {
					return err
				}
				if m.ID != 6 || code != "2024H2-006" {
					t.Errorf("new measure in the copy got id %d, code %s; want 6, 2024H2-006", m.ID, code)
				}
				r := model.ProgressReport{Date: p.Start, Percent: 1, Note: "new", Author: "x", Review: "pending"}
				if err := tx.InsertProgress(ctx, m.ID, &r); err != nil {
					return err
				}
				if r.ID != 6 {
					t.Errorf("new progress report in the copy got id %d, want 6", r.ID)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestCopyAllUnknownTable adds a table CopyAll has no place for: the copy
// must fail and name it rather than leave its rows behind.
func TestCopyAllUnknownTable(t *testing.T) {
	ctx := context.Background()
	from, to := openSQLiteStore(t), openSQLiteStore(t)
	for _, s := range []*Store{from, to} {
		if err := s.Write(ctx, func(tx *Tx) error {
			return tx.Exec(ctx, `CREATE TABLE reminders (id INTEGER PRIMARY KEY, body TEXT NOT NULL)`)
		}); err != nil {
			t.Fatal(err)
		}
	}
	_, err := CopyAll(ctx, from, to)
	if err == nil || !strings.Contains(err.Error(), "reminders") || !strings.Contains(err.Error(), "copyOrder") {
		t.Errorf("copy with an unknown table: %v, want an error naming reminders and copyOrder", err)
	}
}
