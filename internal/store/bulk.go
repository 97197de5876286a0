package store

import (
	"context"
	"fmt"
	"strings"
)

// Exec runs one statement in the transaction. It exists for bulk loaders
// (the benchmark generator) that write many rows in batched multi-row
// INSERTs; the application's changes go through the named writes instead.
func (tx *Tx) Exec(ctx context.Context, query string, args ...any) error {
	if _, err := tx.exec(ctx, query, args...); err != nil {
		return fmt.Errorf("store: exec: %w", err)
	}
	return nil
}

// maxBulkParams keeps a multi-row INSERT under SQLite's limit on bound
// parameters (32,766 since 3.32) and PostgreSQL's (65,535).
const maxBulkParams = 30000

// BulkInsert writes rows into table in multi-row INSERTs of as many rows as
// the engines' parameter limits allow. Every row must have len(cols) values.
func (tx *Tx) BulkInsert(ctx context.Context, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	per := max(1, maxBulkParams/len(cols))
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	for len(rows) > 0 {
		n := min(per, len(rows))
		var b strings.Builder
		b.WriteString(head)
		args := make([]any, 0, n*len(cols))
		for i, r := range rows[:n] {
			if len(r) != len(cols) {
				return fmt.Errorf("store: bulk insert into %s: row has %d values for %d columns", table, len(r), len(cols))
			}
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(one)
			args = append(args, r...)
		}
		if _, err := tx.exec(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("store: bulk insert into %s: %w", table, err)
		}
		rows = rows[n:]
	}
	return nil
}

// FinishBulkLoad is what a bulk loader calls after writing: audit events
// it inserted itself are sealed into the audit chain (SealAudit), and each
// table's id sequence moves past the largest id in it (PostgreSQL's identity
// columns do not notice explicit ids; SQLite's INTEGER PRIMARY KEY always
// continues from the largest). Once the load has committed, the loader calls
// SettleAfterLoad.
func (tx *Tx) FinishBulkLoad(ctx context.Context, idTables []string) error {
	if _, err := tx.SealAudit(ctx); err != nil {
		return err
	}
	if tx.d.identitySequences {
		for _, t := range idTables {
			q := `SELECT setval(pg_get_serial_sequence('` + t + `', 'id'), coalesce(max(id), 0) + 1, false) FROM ` + t
			if _, err := tx.exec(ctx, q); err != nil {
				return fmt.Errorf("store: sync ids of %s: %w", t, err)
			}
		}
	}
	return nil
}

// SettleAfterLoad is what a bulk loader calls after its load committed. On
// PostgreSQL it vacuums and analyzes the loaded tables, as autovacuum would
// some minutes later: the planner sees their real sizes, and the visibility
// map and hint bits are set, so that the first readers neither rewrite every
// page nor visit the table for what an index holds (the measure list read
// 150 requests/s on a freshly generated large institution, 436/s after).
// VACUUM cannot run inside a transaction, hence a call of its own. SQLite
// needs nothing.
func (s *Store) SettleAfterLoad(ctx context.Context, tables []string) error {
	if !s.d.vacuumAfterLoad || len(tables) == 0 {
		return nil
	}
	if _, err := s.write.ExecContext(ctx, `VACUUM (ANALYZE) `+strings.Join(tables, ", ")); err != nil {
		return fmt.Errorf("store: vacuum after load: %w", err)
	}
	return nil
}
