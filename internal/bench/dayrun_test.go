package bench

import (
	"context"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// TestFirstDailyRunUnitByUnit makes the generated small institution's
// first daily run, which the job plans and writes unit by unit in several
// transactions: each unit's measures get the notices the rules call for,
// no more and no fewer, they were written in the order of the units'
// codes (so each unit's notices of a kind carry consecutive numbers), and
// a second run issues nothing.
func TestFirstDailyRunUnitByUnit(t *testing.T) {
	ctx := context.Background()
	s, drop, err := store.OpenScratch(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	if err := Generate(ctx, s, Small, 42); err != nil {
		t.Fatal(err)
	}
	a := apptest.BareOn(t, s, Today)
	today, err := a.Today(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rules, err := a.NoticeRules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	units, err := s.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	unsigned, err := s.UnsignedSupervision(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{} // measure notices by lead unit
	for _, u := range units {
		subjects, err := s.NoticeSubjects(ctx, today, u.Code, unsigned)
		if err != nil {
			t.Fatal(err)
		}
		for _, sub := range subjects {
			want[u.Code] += len(model.NoticeTriggers(rules, sub, today.Day))
		}
	}

	run, err := a.RunDay(ctx, "test")
	if err != nil || !run.Ran {
		t.Fatalf("first run: %+v, %v", run, err)
	}
	if run.Notices <= 2*250 {
		t.Fatalf("%d notices: the test wants a run of several transactions", run.Notices)
	}
	var all []model.Notice
	for before := int64(0); ; {
		page, err := s.Notices(ctx, model.NoticeFilter{Before: before, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page...)
		if len(page) < 100 {
			break
		}
		before = page[len(page)-1].ID
	}
	if len(all) != run.Notices {
		t.Fatalf("the run says %d notices, the store holds %d", run.Notices, len(all))
	}
	got := map[string]int{}
	lastNumber := map[string]int{} // kind|unit → its last number
	prevUnit := ""
	for i := len(all) - 1; i >= 0; i-- { // oldest first
		n := all[i]
		if n.Measure != "" {
			got[n.Unit]++
		}
		if n.Unit < prevUnit {
			t.Fatalf("notice %d (unit %s) was written after one to unit %s", n.ID, n.Unit, prevUnit)
		}
		prevUnit = n.Unit
		k := string(n.Kind) + "|" + n.Unit
		if last, ok := lastNumber[k]; ok && n.Number != last+1 {
			t.Errorf("notice %d: %s's %s number %d follows %d", n.ID, n.Unit, n.Kind, n.Number, last)
		}
		lastNumber[k] = n.Number
	}
	for _, u := range units {
		if got[u.Code] != want[u.Code] {
			t.Errorf("unit %s: %d notices about its measures, the rules call for %d", u.Code, got[u.Code], want[u.Code])
		}
	}
	again, err := a.RunDay(ctx, "test")
	if err != nil || again.Notices != 0 {
		t.Errorf("second run: %+v, %v", again, err)
	}
}
