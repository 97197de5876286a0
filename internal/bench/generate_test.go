package bench

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

func generated(t *testing.T, name string, seed int64) (counts map[string]int, first, last string) {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(filepath.Join(t.TempDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := Generate(ctx, s, Tiny, seed); err != nil {
		t.Fatal(err)
	}
	counts = map[string]int{}
	tables, err := s.Tables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range tables {
		rows, err := s.Dump(ctx, tb)
		if err != nil {
			t.Fatal(err)
		}
		counts[tb] = len(rows)
	}
	ms, _, err := s.Measures(ctx, model.MeasureFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return counts, ms[0].Code + " " + ms[0].Title, ms[len(ms)-1].Code + " " + ms[len(ms)-1].Title
}

func TestGenerateDeterministic(t *testing.T) {
	c1, f1, l1 := generated(t, "a.db", 7)
	c2, f2, l2 := generated(t, "b.db", 7)
	for tb, n := range c1 {
		if c2[tb] != n {
			t.Errorf("table %s: %d rows, then %d", tb, n, c2[tb])
		}
	}
	if f1 != f2 || l1 != l2 {
		t.Errorf("first/last measures differ: %q %q vs %q %q", f1, l1, f2, l2)
	}
	if c1["measures"] != Tiny.Measures || c1["progress_reports"] < Tiny.Reports/2 {
		t.Errorf("counts %v", c1)
	}
}
