package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestProblemsAndAllocations writes problems with linked measures and
// allocations and reads them back through every filter, on the engine
// LUOSHI_TEST_POSTGRES chooses.
func TestProblemsAndAllocations(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	seedUnits(t, s, "A", "B")
	p, _ := model.PeriodFromCode("2024-H2")
	closedAt := time.UnixMilli(time.Date(2024, 10, 1, 8, 0, 0, 0, time.UTC).UnixMilli())
	var codes []string
	var allocs []model.Allocation
	err := s.Write(ctx, func(tx *Tx) error {
		for _, lead := range []string{"A", "B"} {
			code, err := tx.NextMeasureCode(ctx, p)
			if err != nil {
				return err
			}
			m := model.Measure{Code: code, Title: "m", Theme: "other", Period: p.Code, LeadUnit: lead, Start: p.Start, Due: p.End}
			if err := tx.InsertMeasure(ctx, &m); err != nil {
				return err
			}
			codes = append(codes, code)
		}
		probs := []model.Problem{
			{Title: "linked", Source: model.SourceUnit, SourceUnit: "A", Severity: "medium", OwnerUnit: "A", Leader: "boss",
				Status: model.ProblemOpen, Measures: []string{codes[0], codes[1]}},
			{Title: "unlinked", Source: model.SourceUnit, SourceUnit: "B", Severity: "high", OwnerUnit: "B", Status: model.ProblemInProgress},
			{Title: "closed", Source: model.SourceUnit, SourceUnit: "A", Severity: "low", OwnerUnit: "A", Status: model.ProblemClosed,
				ClosedBy: "boss", ClosedAt: closedAt, CloseNote: "ok", Measures: []string{codes[1]}},
		}
		for i := range probs {
			code, err := tx.NextProblemCode(ctx, 2024)
			if err != nil {
				return err
			}
			probs[i].Code = code
			if err := tx.InsertProblem(ctx, &probs[i]); err != nil {
				return err
			}
		}
		allocs = []model.Allocation{
			{Kind: "budget", Measure: codes[0], Period: p.Code, Granted: 10000, AmountUnit: "万元", Spent: 500},
			{Kind: "posts", Unit: "B", Period: p.Code, Granted: 300, AmountUnit: "个", Spent: 400},
			{Kind: "space", Unit: "A", Period: p.Code, Granted: 5000, AmountUnit: "平方米", Spent: 4000},
		}
		for i := range allocs {
			if err := tx.InsertAllocation(ctx, &allocs[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	titles := func(f model.ProblemFilter) []string {
		t.Helper()
		ps, err := s.Problems(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range ps {
			out = append(out, p.Title)
		}
		return out
	}
	for _, c := range []struct {
		f    model.ProblemFilter
		want []string
	}{
		{model.ProblemFilter{}, []string{"unlinked", "linked", "closed"}},
		{model.ProblemFilter{Unlinked: true}, []string{"unlinked"}},
		{model.ProblemFilter{Unit: "A"}, []string{"linked", "closed"}},
		{model.ProblemFilter{Status: model.ProblemClosed}, []string{"closed"}},
		{model.ProblemFilter{Severity: "high"}, []string{"unlinked"}},
		{model.ProblemFilter{Measure: codes[1]}, []string{"linked", "closed"}},
		{model.ProblemFilter{Leader: "boss", Unit: "A", Status: model.ProblemOpen}, []string{"linked"}},
	} {
		if got := titles(c.f); !slices.Equal(got, c.want) {
			t.Errorf("%+v: %v, want %v", c.f, got, c.want)
		}
	}
	got, err := s.Problem(ctx, "P2024-003")
	if err != nil {
		t.Fatal(err)
	}
	if got.ClosedBy != "boss" || !got.ClosedAt.Equal(closedAt) || !slices.Equal(got.Measures, []string{codes[1]}) || got.Created.IsZero() {
		t.Errorf("closed problem read back: %+v", got)
	}
	if _, err := s.Problem(ctx, "P2024-999"); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("unknown problem: %v", err)
	}
	// Unlinking every measure flags the problem.
	err = s.Write(ctx, func(tx *Tx) error {
		p, err := tx.Problem(ctx, "P2024-001")
		if err != nil {
			return err
		}
		p.Measures = nil
		return tx.UpdateProblem(ctx, &p)
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := titles(model.ProblemFilter{Unlinked: true}); !slices.Equal(got, []string{"unlinked", "linked"}) {
		t.Errorf("after unlinking: %v", got)
	}
	// A problem may not link a measure that does not exist.
	err = s.Write(ctx, func(tx *Tx) error {
		p := model.Problem{Code: "P2024-100", Title: "x", Source: "unit", Severity: "low", OwnerUnit: "A", Status: "open", Measures: []string{"2024H2-999"}}
		return tx.InsertProblem(ctx, &p)
	})
	if err == nil {
		t.Error("a link to an unknown measure was stored")
	}

	day := model.Ymd(2024, 10, 15)
	ids := func(f model.AllocationFilter) []int64 {
		t.Helper()
		f.Day = day
		as, err := s.Allocations(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, a := range as {
			out = append(out, a.ID)
		}
		return out
	}
	for _, c := range []struct {
		f    model.AllocationFilter
		want []int64
	}{
		{model.AllocationFilter{}, []int64{allocs[0].ID, allocs[1].ID, allocs[2].ID}},
		{model.AllocationFilter{Flag: model.FlagIdle}, []int64{allocs[0].ID}},
		{model.AllocationFilter{Flag: model.FlagOverSpent}, []int64{allocs[1].ID}},
		{model.AllocationFilter{Unit: "A"}, []int64{allocs[0].ID, allocs[2].ID}},
		{model.AllocationFilter{Measure: codes[0]}, []int64{allocs[0].ID}},
		{model.AllocationFilter{Kind: "posts", Period: "2024-H2"}, []int64{allocs[1].ID}},
		{model.AllocationFilter{Period: "2025-H1"}, nil},
	} {
		if got := ids(c.f); !slices.Equal(got, c.want) {
			t.Errorf("%+v: %v, want %v", c.f, got, c.want)
		}
	}
	// Early in the period nothing is idle yet.
	if as, _ := s.Allocations(ctx, model.AllocationFilter{Day: model.Ymd(2024, 8, 1), Flag: model.FlagIdle}); len(as) != 0 {
		t.Errorf("idle in August: %v", as)
	}
	a, err := s.Allocation(ctx, allocs[0].ID, day)
	if err != nil || !a.Idle || a.OverSpent || a.Granted != 10000 || a.Measure != codes[0] || a.Unit != "" {
		t.Errorf("allocation read back: %+v %v", a, err)
	}
	if _, err := s.Allocation(ctx, 9999, day); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("unknown allocation: %v", err)
	}
	// The schema itself refuses a grant to both a measure and a unit.
	err = s.Write(ctx, func(tx *Tx) error {
		a := model.Allocation{Kind: "budget", Measure: codes[0], Unit: "A", Period: "2024-H2", Granted: 1, AmountUnit: "万元"}
		return tx.InsertAllocation(ctx, &a)
	})
	if err == nil {
		t.Error("an allocation to both a measure and a unit was stored")
	}
}
