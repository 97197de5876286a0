package model

import "testing"

// TestRequirementJudge: a cell's light on a day, for a requirement by a
// day and for a monthly one (September to December, one a month).
func TestRequirementJudge(t *testing.T) {
	c := Campaign{Start: Ymd(2024, 9, 1), End: Ymd(2024, 12, 31), SummaryDue: Ymd(2025, 1, 10)}
	byDay := Requirement{Kind: "party_lecture", Count: 2, Due: Ymd(2024, 10, 20)}
	monthly := Requirement{Kind: "group_study", Count: 1, Monthly: true, Due: c.End}
	sep, oct, nov := Ymd(2024, 9, 30), Ymd(2024, 10, 31), Ymd(2024, 11, 30)
	cases := []struct {
		name     string
		r        Requirement
		byMonth  map[Date]int
		upTo     int
		today    Date
		held     int
		required int
		state    string
		missed   Date
		due      Date
	}{
		{"by a day, far", byDay, nil, 1, Ymd(2024, 9, 15), 1, 2, CellOpen, 0, byDay.Due},
		{"by a day, due soon", byDay, nil, 1, Ymd(2024, 10, 15), 1, 2, CellDueSoon, 0, byDay.Due},
		{"by a day, met", byDay, nil, 2, Ymd(2024, 10, 15), 2, 2, CellDone, 0, byDay.Due},
		{"by a day, missed", byDay, nil, 1, Ymd(2024, 10, 21), 1, 2, CellMissed, byDay.Due, byDay.Due},
		{"monthly, this month not yet, its end near", monthly, map[Date]int{sep: 1}, 0, Ymd(2024, 10, 20), 1, 2, CellDueSoon, 0, oct},
		{"monthly, this month not yet, its end far", monthly, map[Date]int{sep: 1}, 0, Ymd(2024, 10, 2), 1, 2, CellOpen, 0, oct},
		{"monthly, so far met", monthly, map[Date]int{sep: 2, oct: 1}, 0, Ymd(2024, 10, 20), 2, 2, CellDone, 0, oct},
		{"monthly, a past month short", monthly, map[Date]int{oct: 1, nov: 1}, 0, Ymd(2024, 11, 20), 2, 3, CellMissed, sep, nov},
		{"monthly, all past and met", monthly, map[Date]int{sep: 1, oct: 1, nov: 1, Ymd(2024, 12, 31): 1}, 0, Ymd(2025, 1, 5), 4, 4, CellDone, 0, c.End},
	}
	for _, tc := range cases {
		got := tc.r.Judge(c, tc.byMonth, tc.upTo, tc.today)
		if got.Held != tc.held || got.Required != tc.required || got.State != tc.state || got.Missed != tc.missed || got.Due != tc.due {
			t.Errorf("%s: %+v, want held %d of %d, %s, missed %s, due %s", tc.name, got, tc.held, tc.required, tc.state, tc.missed, tc.due)
		}
	}
	for _, tc := range []struct {
		submitted bool
		today     Date
		state     string
	}{{true, Ymd(2025, 2, 1), CellDone}, {false, Ymd(2025, 1, 11), CellMissed}, {false, Ymd(2025, 1, 1), CellDueSoon}, {false, Ymd(2024, 11, 1), CellOpen}} {
		if got := SummaryCell(c, tc.submitted, tc.today); got.State != tc.state {
			t.Errorf("summary submitted %v on %s: %s, want %s", tc.submitted, tc.today, got.State, tc.state)
		}
	}
}
