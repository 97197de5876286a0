package store

import (
	"context"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// ComputeBoard computes the supervision board from the measures, bypassing
// the cache Board keeps: for benchmarks and for checking the cache.
func (s *Store) ComputeBoard(ctx context.Context, f model.BoardFilter) (*model.Board, error) {
	return s.computeBoard(ctx, f)
}
