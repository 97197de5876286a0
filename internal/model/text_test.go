package model

import (
	"strings"
	"testing"
)

// TestUnfitText checks every Validate refuses invalid UTF-8, NUL and the
// other C0 control characters, naming the field, and allows tab, CR and LF
// in multi-line texts only.
func TestUnfitText(t *testing.T) {
	measure := func(change func(m *Measure)) error {
		m := Measure{Title: "建设校级分析测试中心", Period: "2024-H2", LeadUnit: "KJC"}
		change(&m)
		return m.Normalize()
	}
	unit := func(change func(u *Unit)) error {
		u := Unit{Code: "KJC", Name: "科学技术处", Kind: UnitDepartment}
		change(&u)
		return u.Validate()
	}
	cases := []struct {
		name  string
		err   error
		field string
	}{
		{"NUL in a title", measure(func(m *Measure) { m.Title = "建设\x00中心" }), "title"},
		{"invalid UTF-8 in a title", measure(func(m *Measure) { m.Title = "建设\xff中心" }), "title"},
		{"an encoded surrogate", measure(func(m *Measure) { m.Title = "建设\xed\xa0\x80" }), "title"},
		{"bell in a detail", measure(func(m *Measure) { m.Detail = "一是\a二是" }), "detail"},
		{"escape in a milestone", measure(func(m *Measure) {
			m.Milestones = []Milestone{{Title: "论证\x1b[31m", Due: Ymd(2024, 9, 1)}}
		}), "milestones[0].title"},
		{"NUL in a progress note", func() error {
			r := ProgressReport{Percent: 1, Note: "起步\x00"}
			return r.Validate(Ymd(2024, 10, 15))
		}(), "note"},
		{"NUL in a unit name", unit(func(u *Unit) { u.Name = "科学\x00技术处" }), "name"},
		{"line break in an English name", unit(func(u *Unit) { u.NameEn = "Science\nOffice" }), "name_en"},
		{"NUL in an alias", unit(func(u *Unit) { u.Aliases = []string{"科技\x00处"} }), "aliases"},
		{"line break in a person's title", func() error {
			p := Person{Name: "王五", Unit: "KJC", Title: "处长\n副处长"}
			return p.Validate()
		}(), "title"},
		{"NUL in an institution's name", func() error {
			in := Institution{Name: "某某\x00大学", OfficeName: "党政办公室"}
			return in.Validate()
		}(), "name"},
		{"NUL in a meeting's speech", func() error {
			m := Meeting{Kind: MeetingKinds[0], Title: "党委常委会", Date: Ymd(2024, 10, 10),
				Items: []AgendaItem{{Kind: AgendaKinds[0], Title: "讲话", Text: "要\x00加强"}}}
			return m.Validate()
		}(), "agenda[0].text"},
	}
	for _, c := range cases {
		e := ErrorOf(c.err)
		if e == nil || e.Code != EINVALID || e.Field != c.field || e.Message == "" {
			t.Errorf("%s: %v, want an invalid error naming %s", c.name, c.err, c.field)
		}
	}
	// Fit text passes: tabs and line breaks in a multi-line text, U+FFFD
	// and other characters outside the C0 range anywhere.
	if err := measure(func(m *Measure) { m.Title, m.Detail = "建设\uFFFD中心\u0085", "一是\n\t二是\r\n三是" }); err != nil {
		t.Errorf("fit text refused: %v", err)
	}
	if err := unit(func(u *Unit) { u.NameEn, u.Aliases = "Science & Technology", []string{"科技处"} }); err != nil {
		t.Errorf("fit names refused: %v", err)
	}
}

func TestCheckInput(t *testing.T) {
	for _, ok := range []string{"", "建设", "a\tb\nc", "\uFFFD"} {
		if err := CheckInput("q", ok); err != nil {
			t.Errorf("CheckInput(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"\x00", "建设\x00", "\xff", "建\xe5"} {
		e := ErrorOf(CheckInput("q", bad))
		if e == nil || e.Field != "q" || !strings.HasPrefix(e.Message, "q ") {
			t.Errorf("CheckInput(%q): %v, want an error naming q", bad, e)
		}
	}
}

// TestPeriodYears checks a period's year is one a date may have: 0000-H1
// and 9999-H2 were accepted while a due date in 1900 was not.
func TestPeriodYears(t *testing.T) {
	for _, code := range []string{"0000-H1", "9999-H2", "1970-H2", "3000", "1900"} {
		if _, err := PeriodFromCode(code); ErrorOf(err) == nil || ErrorOf(err).Field != "period" || !strings.Contains(err.Error(), "1971") {
			t.Errorf("PeriodFromCode(%q): %v, want a period error giving the years", code, err)
		}
	}
	for _, code := range []string{"1971-H1", "2024-H2", "2999-H2", "2999"} {
		p, err := PeriodFromCode(code)
		if err != nil || p.Code != code {
			t.Errorf("PeriodFromCode(%q) = %+v, %v", code, p, err)
		}
	}
	for _, s := range []string{"1970-12-31", "3000-01-01"} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) accepted", s)
		}
	}
	if p := HalfYearOf(Ymd(2999, 12, 31)); p.Code != "2999-H2" || p.End != Ymd(2999, 12, 31) {
		t.Errorf("HalfYearOf(2999-12-31) = %+v", p)
	}
}

// TestAmountTooLarge checks an amount beyond MaxAmount is called too large
// with the maximum: 1e300 wrapped to a negative int64 and was told it
// "cannot be negative".
func TestAmountTooLarge(t *testing.T) {
	for _, in := range []string{"1e300", "-1e300", "1e19", "10000000000000.01", "1e400"} {
		_, err := ParseAmount(in)
		if err == nil || !strings.Contains(err.Error(), "too large") || !strings.Contains(err.Error(), "10000000000000") {
			t.Errorf("ParseAmount(%q): %v, want too large with the maximum", in, err)
		}
	}
	var a Amount
	if err := a.UnmarshalJSON([]byte("1e300")); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("UnmarshalJSON(1e300): %v (%d), want too large", err, a)
	}
	for _, in := range []string{"Inf", "NaN", "ten"} {
		if _, err := ParseAmount(in); err == nil || !strings.Contains(err.Error(), "not a number") {
			t.Errorf("ParseAmount(%q): %v, want not a number", in, err)
		}
	}
	if a, err := ParseAmount("10000000000000"); err != nil || a != Amount(MaxAmount*100) {
		t.Errorf("ParseAmount(max) = %d, %v", a, err)
	}
}
