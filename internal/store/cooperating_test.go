package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestCooperatingUnitsColumn: a list's cooperating units come with each
// measure's row (0034), on both engines: every page gets each measure's own
// units, sorted, after inserts and after an edit that changes them, and the
// column always holds what measure_units, which the unit filters read,
// holds; no list reads measure_units for them.
func TestCooperatingUnitsColumn(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	seedUnits(t, s, "L", "A", "B", "C")
	want := map[string][]string{}
	err := s.Write(ctx, func(tx *Tx) error {
		for i := 1; i <= 30; i++ {
			m := model.Measure{Code: fmt.Sprintf("2024H2-%03d", i), Title: "m", Theme: "other", Period: "2024-H2",
				LeadUnit: "L", Start: 19900, Due: 20000}
			// Measure i cooperates with the units of the bits of i % 8,
			// given in reverse order.
			for b, u := range []string{"C", "B", "A"} {
				if i%8&(1<<b) != 0 {
					m.CooperatingUnits = append(m.CooperatingUnits, u)
				}
			}
			want[m.Code] = slices.Sorted(slices.Values(m.CooperatingUnits))
			if err := tx.InsertMeasure(ctx, &m); err != nil {
				return err
			}
			if i%5 == 0 {
				// An edit moves measure i to the units of (i+3) % 8.
				m.CooperatingUnits = nil
				for b, u := range []string{"A", "B", "C"} {
					if (i+3)%8&(1<<b) != 0 {
						m.CooperatingUnits = append(m.CooperatingUnits, u)
					}
				}
				want[m.Code] = append([]string{}, m.CooperatingUnits...)
				if err := tx.UpdateMeasure(ctx, &m); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := s.query(ctx, `SELECT m.code, m.cooperating_units, coalesce((SELECT
		string_agg(u.unit, ',' ORDER BY u.unit) FROM measure_units u WHERE u.measure_id = m.id), '') FROM measures m`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var code, col, table string
		if err := rows.Scan(&code, &col, &table); err != nil {
			t.Fatal(err)
		}
		if col != table || col != strings.Join(want[code], ",") {
			t.Errorf("%s: column %q, measure_units %q, want %v", code, col, table, want[code])
		}
	}
	rows.Close()
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
	if s.rstmts != nil {
		s.rstmts.mu.RLock()
		defer s.rstmts.mu.RUnlock()
		for q := range s.rstmts.m {
			if strings.Contains(q, "FROM measure_units WHERE measure_id IN") {
				t.Errorf("a list read measure_units: %s", q)
			}
		}
	}
}
