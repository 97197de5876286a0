package store

import "context"

// ComputeBoard computes the supervision board from the measures, bypassing
// the cache Board keeps: for benchmarks and for checking the cache.
func (s *Store) ComputeBoard(ctx context.Context, f BoardFilter) (*Board, error) {
	return s.computeBoard(ctx, f)
}
