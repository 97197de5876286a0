package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// PoolStats returns the connection pools' statistics for /metrics: "write"
// and "read" on SQLite, one "main" pool on PostgreSQL (reads and writes
// share it there).
func (s *Store) PoolStats() map[string]sql.DBStats {
	if s.read == s.write {
		return map[string]sql.DBStats{"main": s.write.Stats()}
	}
	return map[string]sql.DBStats{"write": s.write.Stats(), "read": s.read.Stats()}
}

// CountRows returns how many rows a table holds, for tools that report what
// they wrote (luoshi bench gen). table must be one of the schema's own names.
func (s *Store) CountRows(ctx context.Context, table string) (int64, error) {
	var n int64
	if err := s.queryRow(ctx, `SELECT count(*) FROM `+strings.ReplaceAll(table, `"`, ``)).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count %s: %w", table, err)
	}
	return n, nil
}
