package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestLinkedIDSet: a list's cooperating units are read with the ids as one
// parameter, on both engines: every page gets each measure's own units,
// and on SQLite the pages share one kept statement instead of one text per
// list of ids.
func TestLinkedIDSet(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	seedUnits(t, s, "L", "A", "B", "C")
	want := map[string][]string{}
	err := s.Write(ctx, func(tx *Tx) error {
		for i := 1; i <= 30; i++ {
			m := model.Measure{Code: fmt.Sprintf("2024H2-%03d", i), Title: "m", Theme: "other", Period: "2024-H2",
				LeadUnit: "L", Start: 19900, Due: 20000}
			// Measure i cooperates with the units of the bits of i % 8.
			for b, u := range []string{"A", "B", "C"} {
				if i%8&(1<<b) != 0 {
					m.CooperatingUnits = append(m.CooperatingUnits, u)
				}
			}
			want[m.Code] = append([]string{}, m.CooperatingUnits...)
			if err := tx.InsertMeasure(ctx, &m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	today := model.Today{Day: 19950, Thresholds: model.DefaultThresholds}
	seen := 0
	var after int64
	for page := 0; page < 10; page++ {
		ms, next, err := s.Measures(ctx, model.MeasureFilter{Today: today, Limit: 7, After: after})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			after = m.ID
			if w := want[m.Code]; !slices.Equal(m.CooperatingUnits, w) {
				t.Errorf("%s: cooperating units %v, want %v", m.Code, m.CooperatingUnits, w)
			}
			seen++
		}
		if next == "" {
			break
		}
	}
	if seen != len(want) {
		t.Errorf("the pages listed %d measures, want %d", seen, len(want))
	}
	if s.rstmts == nil {
		return
	}
	s.rstmts.mu.RLock()
	defer s.rstmts.mu.RUnlock()
	n := 0
	for q := range s.rstmts.m {
		if strings.Contains(q, "FROM measure_units WHERE measure_id IN") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d statements kept for the pages' cooperating units, want 1", n)
	}
}
