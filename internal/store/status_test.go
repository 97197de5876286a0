package store

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sort"
	"strconv"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// openTestStore opens a fresh migrated database: a schema in the PostgreSQL
// named by LUOSHI_TEST_POSTGRES when it is set, else a SQLite file, so the
// same suite runs on both engines.
func openTestStore(t testing.TB) *Store {
	t.Helper()
	return openScratch(t, os.Getenv("LUOSHI_TEST_POSTGRES"))
}

// openSQLiteStore opens a fresh SQLite database, for what only SQLite has.
func openSQLiteStore(t testing.TB) *Store { return openScratch(t, "") }

func openScratch(t testing.TB, pgURL string) *Store {
	t.Helper()
	s, drop, err := OpenScratch(context.Background(), pgURL, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	return s
}

// seedUnits adds the units and period the status test's measures name.
func seedUnits(t testing.TB, s *Store, units ...string) {
	t.Helper()
	ctx := context.Background()
	err := s.Write(ctx, func(tx *Tx) error {
		for _, u := range units {
			if err := tx.InsertUnit(ctx, model.Unit{Code: u, Name: u, Kind: model.UnitDepartment}); err != nil {
				return err
			}
		}
		p, _ := model.PeriodFromCode("2024-H2")
		return tx.EnsurePeriod(ctx, p)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// insertMeasures writes ms (their ids filled in) in one transaction.
func insertMeasures(t testing.TB, s *Store, ms []model.Measure) {
	t.Helper()
	ctx := context.Background()
	err := s.Write(ctx, func(tx *Tx) error {
		for i := range ms {
			if err := tx.InsertMeasure(ctx, &ms[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestStatusSQLMatchesDerive generates measures around every threshold and
// checks that, on each interesting day, filtering by status or alert in SQL
// returns exactly the measures model.Derive puts there, and StatusCounts
// agrees with it too.
func TestStatusSQLMatchesDerive(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	seedUnits(t, s, "U")
	const start = model.Date(19900)
	spans := []int{-3, 0, 1, 2, 7, 10, 33, 100, 183}
	progresses := []int{0, 1, 14, 15, 16, 29, 30, 31, 50, 69, 70, 71, 84, 85, 86, 99, 100}
	var ms []model.Measure
	n := 0
	add := func(due model.Date, p int, cancelled bool) {
		n++
		ms = append(ms, model.Measure{Code: fmt.Sprintf("2024H2-%04d", n), Title: "m", Theme: "other", Period: "2024-H2",
			LeadUnit: "U", Start: start, Due: due, Progress: p, Cancelled: cancelled})
	}
	for _, sp := range spans {
		for _, p := range progresses {
			add(start+model.Date(sp), p, false)
		}
		add(start+model.Date(sp), 50, true)
		add(start+model.Date(sp), 100, true)
	}
	for _, p := range []int{0, 50, 100} { // ongoing
		add(0, p, false)
	}
	add(0, 10, true)
	insertMeasures(t, s, ms)

	// Interesting days: around the start, around each due day, and around
	// the days where the time left crosses each threshold.
	thresholds := []model.Thresholds{model.DefaultThresholds, {YellowPct: 50, OrangePct: 10}}
	days := map[model.Date]bool{}
	for _, d := range []int{-1, 0, 1, 5000} {
		days[start+model.Date(d)] = true
	}
	for _, sp := range spans {
		due := start + model.Date(sp)
		span := max(sp, 1)
		for _, k := range []int{-1, 0, 1} {
			days[due+model.Date(k)] = true
			for _, th := range thresholds {
				for _, pct := range []int{th.YellowPct, th.OrangePct} {
					left := pct * span / 100
					days[due-model.Date(left+k)] = true
				}
			}
		}
	}
	var sorted []model.Date
	for d := range days {
		sorted = append(sorted, d)
	}
	slices.Sort(sorted)

	checked := 0
	for _, th := range thresholds {
		for _, day := range sorted {
			today := model.Today{Day: day, Thresholds: th}
			wantStatus := map[model.Status][]string{}
			wantAlert := map[model.Alert][]string{}
			for _, m := range ms {
				st, al := model.Derive(m.Cancelled, m.Progress, m.Start, m.Due, day, th)
				wantStatus[st] = append(wantStatus[st], m.Code)
				wantAlert[al] = append(wantAlert[al], m.Code)
			}
			for _, st := range model.Statuses {
				got := listCodes(t, s, model.MeasureFilter{Today: today, Status: st, Limit: 1000})
				if !slices.Equal(got, sortedCopy(wantStatus[st])) {
					t.Errorf("day %d %+v status %s: SQL %v, Derive %v", day-start, th, st, got, wantStatus[st])
				}
				checked++
			}
			for _, al := range model.Alerts {
				got := listCodes(t, s, model.MeasureFilter{Today: today, Alert: al, Limit: 1000})
				if !slices.Equal(got, sortedCopy(wantAlert[al])) {
					t.Errorf("day %d %+v alert %s: SQL %v, Derive %v", day-start, th, al, got, wantAlert[al])
				}
				checked++
			}
			counts, err := s.StatusCounts(ctx, model.MeasureFilter{Today: today})
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range model.Statuses {
				if counts[st] != len(wantStatus[st]) {
					t.Errorf("day %d %+v: StatusCounts[%s] = %d, Derive %d", day-start, th, st, counts[st], len(wantStatus[st]))
				}
			}
			// The rows a list returns carry the same derived status.
			var all []model.Measure
			if th == model.DefaultThresholds {
				all = listAll(t, s, model.MeasureFilter{Today: today, Limit: 1000})
			}
			for _, m := range all {
				st, al := model.Derive(m.Cancelled, m.Progress, m.Start, m.Due, day, th)
				if m.Status != st || m.Alert != al {
					t.Errorf("%s read as %s/%s, want %s/%s", m.Code, m.Status, m.Alert, st, al)
				}
			}
			if t.Failed() {
				return
			}
		}
	}
	t.Logf("%d measures, %d days × %d thresholds, %d filter checks", len(ms), len(sorted), len(thresholds), checked)
}

// TestBoardMatchesDerive checks the board's totals against model.Derive.
func TestBoardMatchesDerive(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	seedUnits(t, s, "A", "B")
	day := model.Ymd(2024, 10, 15)
	var ms []model.Measure
	for i := 0; i < 60; i++ {
		m := model.Measure{Code: fmt.Sprintf("2024H2-%03d", i+1), Title: "m", Theme: "other", Period: "2024-H2",
			LeadUnit: []string{"A", "B"}[i%2], Start: model.Ymd(2024, 7, 1), Due: day.AddDays(i - 30), Progress: (i * 37) % 101, Cancelled: i%13 == 0}
		if i%11 == 0 {
			m.Due = 0
		}
		ms = append(ms, m)
	}
	insertMeasures(t, s, ms)
	today := model.Today{Day: day, Thresholds: model.DefaultThresholds}
	b, err := s.Board(ctx, model.BoardFilter{Today: today})
	if err != nil {
		t.Fatal(err)
	}
	want := newBoardRow("")
	overdue, dueSoon := 0, 0
	for _, m := range ms {
		st, al := model.Derive(m.Cancelled, m.Progress, m.Start, m.Due, day, today.Thresholds)
		want.Total++
		want.ByStatus[st]++
		want.ByAlert[al]++
		open := !m.Cancelled && m.Progress < 100
		if open && m.Due != 0 && m.Due < day {
			overdue++
		}
		if open && m.Due >= day && m.Due <= day+model.DueSoonDays {
			dueSoon++
		}
	}
	if b.Totals.Total != want.Total || !countsEqual(b.Totals.ByStatus, want.ByStatus) || !countsEqual(b.Totals.ByAlert, want.ByAlert) {
		t.Errorf("board totals %+v, want %+v", b.Totals, want)
	}
	if b.OverdueCount != overdue || len(b.Overdue) != overdue || b.DueSoonCount != dueSoon {
		t.Errorf("overdue %d (%d listed), due soon %d; want %d, %d", b.OverdueCount, len(b.Overdue), b.DueSoonCount, overdue, dueSoon)
	}
}

func countsEqual[K comparable](a, b map[K]int) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	for k, v := range b {
		if a[k] != v {
			return false
		}
	}
	return true
}

func listAll(t *testing.T, s *Store, f model.MeasureFilter) []model.Measure {
	t.Helper()
	ms, next, err := s.Measures(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	if next != "" {
		t.Fatalf("more than %d measures", f.Limit)
	}
	return ms
}

func listCodes(t *testing.T, s *Store, f model.MeasureFilter) []string {
	t.Helper()
	out := []string{}
	for _, m := range listAll(t, s, f) {
		out = append(out, m.Code)
	}
	sort.Strings(out)
	return out
}

func sortedCopy(c []string) []string {
	out := append([]string{}, c...)
	sort.Strings(out)
	return out
}

// TestStatusCountsByUnit: a unit's counts take the measures it leads and
// the ones it cooperates on, each once, with the filter's other
// conditions applied to both, on both engines.
func TestStatusCountsByUnit(t *testing.T) {
	s, ms, day := unitMeasures(t)
	ctx := context.Background()
	today := model.Today{Day: day, Thresholds: model.DefaultThresholds}
	for _, f := range []model.MeasureFilter{{Unit: "A"}, {Unit: "B"}, {Unit: "A", Theme: "research"}, {Unit: "C", Theme: "culture"}, {Unit: "Z"}} {
		f.Today = today
		want := map[model.Status]int{}
		for _, m := range ms {
			if (m.LeadUnit == f.Unit || slices.Contains(m.CooperatingUnits, f.Unit)) && (f.Theme == "" || m.Theme == f.Theme) {
				st, _ := model.Derive(m.Cancelled, m.Progress, m.Start, m.Due, day, today.Thresholds)
				want[st]++
			}
		}
		got, err := s.StatusCounts(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if !countsEqual(got, want) {
			t.Errorf("unit %s theme %q: counts %v, want %v", f.Unit, f.Theme, got, want)
		}
	}
}

// unitMeasures stores 48 measures led by units A, B and C in turn, most of
// B's and C's with A cooperating and some of A's with B.
func unitMeasures(t *testing.T) (*Store, []model.Measure, model.Date) {
	s := openTestStore(t)
	seedUnits(t, s, "A", "B", "C")
	day := model.Ymd(2024, 10, 15)
	var ms []model.Measure
	for i := 0; i < 48; i++ {
		m := model.Measure{Code: fmt.Sprintf("2024H2-%03d", i+1), Title: "m", Theme: []string{"research", "culture"}[i%2], Period: "2024-H2",
			LeadUnit: []string{"A", "B", "C"}[i%3], Start: model.Ymd(2024, 7, 1), Due: day.AddDays(i - 24), Progress: (i * 29) % 101, Cancelled: i%11 == 0}
		if m.LeadUnit != "A" && i%4 != 0 {
			m.CooperatingUnits = []string{"A"}
		}
		if m.LeadUnit == "A" && i%5 == 0 {
			m.CooperatingUnits = []string{"B"}
		}
		ms = append(ms, m)
	}
	insertMeasures(t, s, ms)
	return s, ms, day
}

// TestMeasuresByUnitPages: a unit's list, led and cooperating measures
// merged, pages through exactly the unit's measures that match the other
// filters, in id order, each once, with its cooperating units.
func TestMeasuresByUnitPages(t *testing.T) {
	s, ms, day := unitMeasures(t)
	ctx := context.Background()
	today := model.Today{Day: day, Thresholds: model.DefaultThresholds}
	for _, f := range []model.MeasureFilter{{Unit: "A"}, {Unit: "B"}, {Unit: "A", Theme: "research"}, {Unit: "A", Status: model.Overdue},
		{Unit: "C", Theme: "culture", Status: model.Done}, {Unit: "Z"}} {
		f.Today = today
		var want []string
		for _, m := range ms {
			st, _ := model.Derive(m.Cancelled, m.Progress, m.Start, m.Due, day, today.Thresholds)
			if (m.LeadUnit == f.Unit || slices.Contains(m.CooperatingUnits, f.Unit)) && (f.Theme == "" || m.Theme == f.Theme) && (f.Status == "" || st == f.Status) {
				want = append(want, m.Code)
			}
		}
		var got []string
		f.Limit = 4
		for pages := 0; pages < 20; pages++ {
			page, next, err := s.Measures(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range page {
				got = append(got, m.Code)
				if m.LeadUnit != f.Unit && !slices.Contains(m.CooperatingUnits, f.Unit) {
					t.Errorf("unit %s: %s led by %s with %v", f.Unit, m.Code, m.LeadUnit, m.CooperatingUnits)
				}
			}
			if next == "" {
				break
			}
			if f.After, err = strconv.ParseInt(next, 10, 64); err != nil {
				t.Fatal(err)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("unit %s theme %q status %q: pages give %v, want %v", f.Unit, f.Theme, f.Status, got, want)
		}
	}
}
