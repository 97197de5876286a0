package store

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/search"
)

// TestListLimits refuses a limit above a list's maximum or below zero,
// naming limit, on every list of the store; none is quietly replaced.
func TestListLimits(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	refused := func(what string, err error) {
		t.Helper()
		var e *model.Error
		if !errors.As(err, &e) || e.Code != model.EINVALID || e.Field != "limit" {
			t.Errorf("%s: %v, want EINVALID naming limit", what, err)
		}
	}
	lists := []struct {
		name string
		max  int // the most a caller may ask for
		list func(limit int) error
	}{
		{"measures", MaxMeasureLimit, func(n int) error { _, _, err := s.Measures(ctx, model.MeasureFilter{Limit: n}); return err }},
		{"progress", MaxProgressLimit, func(n int) error {
			_, _, err := s.ProgressPage(ctx, ProgressFilter{Measure: 1, Limit: n})
			return err
		}},
		{"search", MaxSearchLimit, func(n int) error {
			_, err := s.Search(ctx, SearchFilter{Query: search.ParseQuery("x"), Limit: n})
			return err
		}},
		// Notices and deliveries take one more, to learn whether a page follows.
		{"notices", MaxNoticeLimit + 1, func(n int) error { _, err := s.Notices(ctx, model.NoticeFilter{Limit: n}); return err }},
		{"deliveries", MaxDeliveryLimit + 1, func(n int) error { _, err := s.Deliveries(ctx, "", 0, n); return err }},
		{"calendar", MaxCalendarLimit, func(n int) error { _, err := s.CalendarMeasures(ctx, CalendarFilter{Limit: n}); return err }},
	}
	for _, l := range lists {
		for _, n := range []int{0, l.max} {
			if err := l.list(n); err != nil {
				t.Errorf("%s, limit %d: %v", l.name, n, err)
			}
		}
		for _, n := range []int{-1, l.max + 1} {
			refused(l.name, l.list(n))
		}
	}
}

// TestProgressPage walks a measure's reports a page at a time through
// progress_reports(measure_id, id): newest first, none twice, none missed,
// and another measure's reports never among them.
func TestProgressPage(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	seedUnits(t, s, "A")
	p, _ := model.PeriodFromCode("2024-H2")
	var ids [2]int64
	var code string
	err := s.Write(ctx, func(tx *Tx) error {
		for k := range ids {
			c, err := tx.NextMeasureCode(ctx, p)
			if err != nil {
				return err
			}
			m := model.Measure{Code: c, Title: "m", Theme: "other", Period: p.Code, LeadUnit: "A", Start: p.Start, Due: p.End}
			if err := tx.InsertMeasure(ctx, &m); err != nil {
				return err
			}
			ids[k], code = m.ID, c
		}
		for i := range 250 {
			for _, id := range ids {
				r := model.ProgressReport{Date: p.Start, Percent: i % 100, Note: "n", Author: "x", Review: "pending"}
				if err := tx.InsertProgress(ctx, id, &r); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	f := ProgressFilter{Measure: ids[1], Code: code, Limit: 100}
	var last int64
	n, pages := 0, 0
	for {
		rs, next, err := s.ProgressPage(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, r := range rs {
			if last != 0 && r.ID >= last {
				t.Fatalf("report %d after %d", r.ID, last)
			}
			if r.Measure != code {
				t.Fatalf("report %d of %q", r.ID, r.Measure)
			}
			last = r.ID
			n++
		}
		if next == "" {
			break
		}
		if _, err := fmt.Sscan(next, &f.Before); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.ProgressReports(ctx, ids[1], code)
	if err != nil {
		t.Fatal(err)
	}
	if n != 250 || len(all) != 250 || pages != 3 {
		t.Errorf("walked %d reports in %d pages; the measure has %d", n, pages, len(all))
	}
}
