package model

import "testing"

func testCalendar() Calendar {
	return Calendar{
		{Year: 2024, Terms: []Term{
			{Term: TermAutumn, Start: Ymd(2024, 9, 2), End: Ymd(2025, 1, 17)},
			{Term: TermSpring, Start: Ymd(2025, 2, 24), End: Ymd(2025, 7, 4)},
		}},
		{Year: 2023, Terms: []Term{
			{Term: TermAutumn, Start: Ymd(2023, 9, 4), End: Ymd(2024, 1, 19)},
			{Term: TermWinter, Start: Ymd(2024, 1, 20), End: Ymd(2024, 2, 25)},
			{Term: TermSpring, Start: Ymd(2024, 2, 26), End: Ymd(2024, 7, 5)},
		}},
	}
}

func TestResolveTerm(t *testing.T) {
	cal := testCalendar()
	for _, c := range []struct {
		text string
		ref  Date
		want Date
		ok   bool
	}{
		{"本学期内", Ymd(2024, 10, 15), Ymd(2025, 1, 17), true},
		{"本学期末", Ymd(2024, 3, 10), Ymd(2024, 7, 5), true},
		// A late-June retreat: the spring term ends within four weeks, so
		// "this term" is the autumn term that follows.
		{"本学期内", Ymd(2024, 6, 29), Ymd(2025, 1, 17), true},
		// In the summer break: the coming term.
		{"本学期", Ymd(2024, 7, 20), Ymd(2025, 1, 17), true},
		{"下学期", Ymd(2024, 10, 15), Ymd(2025, 7, 4), true},
		{"下学期内", Ymd(2024, 3, 1), Ymd(2025, 1, 17), true},
		{"寒假前", Ymd(2024, 10, 15), Ymd(2025, 1, 17), true}, // the gap before spring
		{"寒假前", Ymd(2023, 10, 15), Ymd(2024, 1, 19), true}, // the break as set
		{"暑假前", Ymd(2024, 3, 15), Ymd(2024, 7, 5), true},
		{"暑假前", Ymd(2024, 10, 15), Ymd(2025, 7, 4), false}, // no 2025 autumn term: no summer break known
		{"this term", Ymd(2024, 10, 15), Ymd(2025, 1, 17), true},
		{"下学期", Ymd(2025, 3, 1), 0, false}, // beyond the calendar
		{"2024年12月底前", Ymd(2024, 10, 15), 0, false},
		{"本学期内", 0, 0, false},
	} {
		got, ok := cal.ResolveTerm(c.text, c.ref)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("ResolveTerm(%q, %s) = %s, %v; want %s, %v", c.text, c.ref, got, ok, c.want, c.ok)
		}
	}
}

func TestAcademicYearValidate(t *testing.T) {
	good := AcademicYear{Year: 2024, Terms: []Term{
		{Term: TermSpring, Start: Ymd(2025, 2, 24), End: Ymd(2025, 7, 4)},
		{Term: TermAutumn, Start: Ymd(2024, 9, 2), End: Ymd(2025, 1, 17)},
	}}
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	if good.Terms[0].Term != TermAutumn {
		t.Errorf("terms not put in order: %+v", good.Terms)
	}
	for name, c := range map[string]struct {
		y     AcademicYear
		field string
	}{
		"backwards": {AcademicYear{Year: 2024, Terms: []Term{
			{Term: TermAutumn, Start: Ymd(2024, 9, 2), End: Ymd(2024, 8, 1)},
			{Term: TermSpring, Start: Ymd(2025, 2, 24), End: Ymd(2025, 7, 4)}}}, "terms[autumn].end"},
		"overlap": {AcademicYear{Year: 2024, Terms: []Term{
			{Term: TermAutumn, Start: Ymd(2024, 9, 2), End: Ymd(2025, 3, 1)},
			{Term: TermSpring, Start: Ymd(2025, 2, 24), End: Ymd(2025, 7, 4)}}}, "terms[spring].start"},
		"no spring": {AcademicYear{Year: 2024, Terms: []Term{
			{Term: TermAutumn, Start: Ymd(2024, 9, 2), End: Ymd(2025, 1, 17)}}}, "terms"},
		"twice": {AcademicYear{Year: 2024, Terms: []Term{
			{Term: TermAutumn, Start: Ymd(2024, 9, 2), End: Ymd(2025, 1, 17)},
			{Term: TermAutumn, Start: Ymd(2024, 9, 2), End: Ymd(2025, 1, 17)}}}, "terms[autumn].term"},
		"wrong year": {AcademicYear{Year: 2023, Terms: []Term{
			{Term: TermAutumn, Start: Ymd(2024, 9, 2), End: Ymd(2025, 1, 17)},
			{Term: TermSpring, Start: Ymd(2025, 2, 24), End: Ymd(2025, 7, 4)}}}, "terms[autumn].start"},
		"unknown term": {AcademicYear{Year: 2024, Terms: []Term{
			{Term: "fall", Start: Ymd(2024, 9, 2), End: Ymd(2025, 1, 17)}}}, "terms[0].term"},
	} {
		err := c.y.Validate()
		if e := ErrorOf(err); e == nil || e.Code != EINVALID || e.Field != c.field {
			t.Errorf("%s: got %v, want invalid %s", name, err, c.field)
		}
	}
}

func TestPortfoliosLeaderOf(t *testing.T) {
	ps := Portfolios{
		{Leader: "sun", From: Ymd(2024, 1, 1), Units: []string{"JWC", "YJSY"}, Themes: []string{"talent_training"}},
		{Leader: "zhao", From: Ymd(2024, 1, 1), Units: []string{"KJC"}, Themes: []string{"research"}},
		// 分工调整 on 2024-09-01: JWC moves from sun to zhao.
		{Leader: "sun", From: Ymd(2024, 9, 1), Units: []string{"YJSY"}, Themes: []string{"talent_training"}},
		{Leader: "zhao", From: Ymd(2024, 9, 1), Units: []string{"KJC", "JWC"}, Themes: []string{"research"}},
	}
	for _, c := range []struct {
		unit, theme string
		day         Date
		want        string
	}{
		{"JWC", "", Ymd(2024, 8, 31), "sun"},
		{"JWC", "", Ymd(2024, 9, 1), "zhao"},
		{"RSC", "talent_training", Ymd(2024, 10, 1), "sun"},
		{"RSC", "culture", Ymd(2024, 10, 1), ""},
		{"KJC", "", Ymd(2023, 12, 31), ""},
	} {
		if got := ps.LeaderOf(c.unit, c.theme, c.day); got != c.want {
			t.Errorf("LeaderOf(%s, %s, %s) = %q, want %q", c.unit, c.theme, c.day, got, c.want)
		}
	}
}
