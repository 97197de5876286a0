package model

import "testing"

func TestDerive(t *testing.T) {
	const s = Date(20000) // start; due = s+100 unless said otherwise: span 100 days
	th := DefaultThresholds
	cases := []struct {
		name      string
		cancelled bool
		progress  int
		start     Date
		due       Date
		today     Date
		th        Thresholds
		status    Status
		alert     Alert
	}{
		{"cancelled wins over overdue", true, 10, s, s + 100, s + 200, th, Cancelled, AlertNone},
		{"cancelled wins over done", true, 100, s, s + 100, s + 50, th, Cancelled, AlertNone},
		{"done wins over overdue", false, 100, s, s + 100, s + 200, th, Done, AlertNone},
		{"over 100 is done", false, 120, s, s + 100, s + 50, th, Done, AlertNone},
		{"day after due is overdue", false, 99, s, s + 100, s + 101, th, Overdue, AlertRed},
		{"overdue at 0 %", false, 0, s, s + 100, s + 101, th, Overdue, AlertRed},
		{"due day, lagging: orange, not overdue", false, 50, s, s + 100, s + 100, th, AtRisk, AlertOrange},
		{"due day at 99 %: still lags", false, 99, s, s + 100, s + 100, th, AtRisk, AlertOrange},
		{"day before due, 0 %", false, 0, s, s + 100, s + 99, th, AtRisk, AlertOrange},
		// 15 % of 100 days left = 15 days: today = s+85.
		{"orange edge, lagging", false, 84, s, s + 100, s + 85, th, AtRisk, AlertOrange},
		{"orange edge, progress equals time", false, 85, s, s + 100, s + 85, th, OnTrack, AlertNone},
		{"one day before orange: yellow", false, 50, s, s + 100, s + 84, th, AtRisk, AlertYellow},
		// 30 % left = 30 days: today = s+70.
		{"yellow edge, lagging", false, 69, s, s + 100, s + 70, th, AtRisk, AlertYellow},
		{"yellow edge, progress equals time", false, 70, s, s + 100, s + 70, th, OnTrack, AlertNone},
		{"yellow edge at 0 %", false, 0, s, s + 100, s + 70, th, AtRisk, AlertYellow},
		{"one day before yellow, lagging", false, 10, s, s + 100, s + 69, th, OnTrack, AlertNone},
		{"one day before yellow, 0 %", false, 0, s, s + 100, s + 69, th, NotStarted, AlertNone},
		{"ahead of time in yellow window", false, 90, s, s + 100, s + 80, th, OnTrack, AlertNone},
		{"before start", false, 0, s, s + 100, s - 5, th, NotStarted, AlertNone},
		{"start day", false, 0, s, s + 100, s, th, NotStarted, AlertNone},
		{"negative progress counts as not started", false, -1, s, s + 100, s + 10, th, NotStarted, AlertNone},
		// Span 0 counts as one day.
		{"span 0 on its day", false, 0, s, s, s, th, NotStarted, AlertNone},
		{"span 0 at 50 % on its day", false, 50, s, s, s, th, OnTrack, AlertNone},
		{"span 0 the day after", false, 50, s, s, s + 1, th, Overdue, AlertRed},
		{"span 0 the day before", false, 0, s, s, s - 1, th, NotStarted, AlertNone},
		// Span 1: on the start day 100 % of the time is left.
		{"span 1 on the start day", false, 0, s, s + 1, s, th, NotStarted, AlertNone},
		{"span 1 on the due day", false, 50, s, s + 1, s + 1, th, AtRisk, AlertOrange},
		{"span 1 on the due day at 0 %", false, 0, s, s + 1, s + 1, th, AtRisk, AlertOrange},
		{"span 1 the day after", false, 50, s, s + 1, s + 2, th, Overdue, AlertRed},
		// Due before start: span taken as 1.
		{"due before start, before due", false, 0, s, s - 3, s - 4, th, NotStarted, AlertNone},
		{"due before start, due day", false, 0, s, s - 3, s - 3, th, NotStarted, AlertNone},
		// Ongoing: no due day.
		{"ongoing at 0 %", false, 0, s, 0, s + 5000, th, NotStarted, AlertNone},
		{"ongoing at 50 %", false, 50, s, 0, s + 5000, th, OnTrack, AlertNone},
		{"ongoing done", false, 100, s, 0, s + 5000, th, Done, AlertNone},
		// Other thresholds.
		{"thresholds 0/0: due day lagging is orange", false, 10, s, s + 100, s + 100, Thresholds{0, 0}, AtRisk, AlertOrange},
		{"thresholds 0/0: day before due is fine", false, 10, s, s + 100, s + 99, Thresholds{0, 0}, OnTrack, AlertNone},
		{"thresholds 100/50: first day after start, lagging", false, 0, s, s + 100, s + 1, Thresholds{100, 50}, AtRisk, AlertYellow},
		{"thresholds 100/50: half-way is orange", false, 0, s, s + 100, s + 50, Thresholds{100, 50}, AtRisk, AlertOrange},
		{"thresholds 100/50: start day does not lag", false, 0, s, s + 100, s, Thresholds{100, 50}, NotStarted, AlertNone},
		// Spans that do not divide evenly: 183 days (a half-year), 30 % = 54.9 days.
		{"183 days, 55 left", false, 10, s, s + 183, s + 128, th, OnTrack, AlertNone},
		{"183 days, 54 left", false, 10, s, s + 183, s + 129, th, AtRisk, AlertYellow},
		{"183 days, 28 left", false, 10, s, s + 183, s + 155, th, AtRisk, AlertYellow},
		{"183 days, 27 left", false, 10, s, s + 183, s + 156, th, AtRisk, AlertOrange},
	}
	for _, c := range cases {
		st, al := Derive(c.cancelled, c.progress, c.start, c.due, c.today, c.th)
		if st != c.status || al != c.alert {
			t.Errorf("%s: got %s/%s, want %s/%s", c.name, st, al, c.status, c.alert)
		}
	}
}

func TestMeasureDerive(t *testing.T) {
	m := Measure{Progress: 30, Start: Ymd(2024, 7, 1), Due: Ymd(2024, 9, 30)}
	m.Derive(Ymd(2024, 10, 15), DefaultThresholds)
	if m.Status != Overdue || m.Alert != AlertRed {
		t.Errorf("got %s/%s", m.Status, m.Alert)
	}
}
