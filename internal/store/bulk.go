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
// it inserted itself are sealed into the audit chain (SealAudit), each
// table's id sequence moves past the largest id in it (PostgreSQL's identity
// columns do not notice explicit ids; SQLite's INTEGER PRIMARY KEY always
// continues from the largest), and on PostgreSQL loaded tables are analyzed,
// as autovacuum would do a minute later, so the planner sees their real
// sizes right away.
func (tx *Tx) FinishBulkLoad(ctx context.Context, idTables, loaded []string) error {
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
	if tx.d.analyzeAfterLoad {
		if _, err := tx.exec(ctx, `ANALYZE `+strings.Join(loaded, ", ")); err != nil {
			return fmt.Errorf("store: analyze: %w", err)
		}
	}
	return nil
}
