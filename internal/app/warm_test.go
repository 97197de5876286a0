package app_test

import (
	"context"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// TestWarm: before anyone has looked, the board's aggregates are not of
// today; Warm computes them (and the dashboard) so that the first view
// does not. When the day changes they are of yesterday until warmed again.
func TestWarm(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	s := apptest.Store(a)
	today, err := a.Today(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.BoardReadyFor(today) {
		t.Fatal("the board is ready before anyone looked or warmed it")
	}
	if err := a.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	if !s.BoardReadyFor(today) {
		t.Error("Warm left the board to the first view")
	}
	if err := s.Write(ctx, func(tx *store.Tx) error { return tx.SetSetting(ctx, "clock.today", "2024-10-25") }); err != nil {
		t.Fatal(err)
	}
	next, err := a.Today(ctx)
	if err != nil || next == today {
		t.Fatalf("the day did not move: %v", err)
	}
	if s.BoardReadyFor(next) {
		t.Fatal("the board is ready for a day nobody warmed")
	}
	if err := a.Warm(ctx); err != nil || !s.BoardReadyFor(next) {
		t.Errorf("Warm on the new day: %v", err)
	}
}
