package store

import "context"

// CountSQL runs a counting query on the reader pool, for the external
// tests that check an aggregate against the rows it counts.
func (s *Store) CountSQL(ctx context.Context, query string, args ...any) (int, error) {
	var n int
	err := s.queryRow(ctx, query, args...).Scan(&n)
	return n, err
}
