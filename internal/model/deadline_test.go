package model

import "testing"

func TestParseDeadline(t *testing.T) {
	h2, _ := PeriodFromCode("2024-H2")
	h1, _ := PeriodFromCode("2024-H1")
	cases := []struct {
		text    string
		period  Period
		due     Date
		ongoing bool
	}{
		{"2024-12-31", h2, Ymd(2024, 12, 31), false},
		{"2024/9/30", h2, Ymd(2024, 9, 30), false},
		{"2024年12月底前", h2, Ymd(2024, 12, 31), false},
		{"2024年9月", h2, Ymd(2024, 9, 30), false},
		{"2024年9月底", h2, Ymd(2024, 9, 30), false},
		{"2024年2月底前", h1, Ymd(2024, 2, 29), false},
		{"2024年11月20日前", h2, Ymd(2024, 11, 20), false},
		{"于2024年10月31日前", h2, Ymd(2024, 10, 31), false},
		{"本学期内", h2, Ymd(2024, 12, 31), false},
		{"本学期内", h1, Ymd(2024, 6, 30), false},
		{"长期坚持", h2, 0, true},
		{"持续推进", h2, 0, true},
		{"常态化推进", h2, 0, true},
		{"年底前", h2, Ymd(2024, 12, 31), false},
		{"年底前", h1, Ymd(2024, 12, 31), false},
		{"2024年底前", Period{}, Ymd(2024, 12, 31), false},
		{"10月底前", h2, Ymd(2024, 10, 31), false},
		{"2024年上半年", h2, Ymd(2024, 6, 30), false},
		{"2024年下半年", h1, Ymd(2024, 12, 31), false},
	}
	for _, c := range cases {
		due, ongoing, err := ParseDeadline(c.text, c.period)
		if err != nil {
			t.Errorf("%q: %v", c.text, err)
			continue
		}
		if due != c.due || ongoing != c.ongoing {
			t.Errorf("%q in %s: got %s ongoing=%v, want %s ongoing=%v", c.text, c.period.Code, due, ongoing, c.due, c.ongoing)
		}
	}
	for _, bad := range []string{"2024年13月", "明天", "", "   ", "2024年2月30日", "本学期内前后"} {
		_, _, err := ParseDeadline(bad, h2)
		e := ErrorOf(err)
		if e == nil || e.Code != EINVALID || e.Field != "deadline" {
			t.Errorf("%q: got %v, want an invalid deadline error", bad, err)
		}
	}
	// Without a period, "本学期内" cannot be read.
	if _, _, err := ParseDeadline("本学期内", Period{}); ErrorCode(err) != EINVALID {
		t.Errorf("本学期内 without a period: %v", err)
	}
}

// TestReadDeadline reads deadlines from the day they were said: the next
// such day, spans counted from it, terms by the calendar; a day before the
// meeting is refused but still shown.
func TestReadDeadline(t *testing.T) {
	cal := Calendar{
		{Year: 2024, Terms: []Term{{TermAutumn, Ymd(2024, 9, 2), Ymd(2025, 1, 17)}, {TermSpring, Ymd(2025, 2, 24), Ymd(2025, 7, 4)}}},
	}
	july, nov := Ymd(2024, 7, 10), Ymd(2024, 11, 20)
	cases := []struct {
		text    string
		said    Date
		due     Date
		ongoing bool
	}{
		{"10月底前", july, Ymd(2024, 10, 31), false},
		{"10月底前", nov, Ymd(2025, 10, 31), false},
		{"十月底前", july, Ymd(2024, 10, 31), false},
		{"明年3月底前", july, Ymd(2025, 3, 31), false},
		{"11月15日前", july, Ymd(2024, 11, 15), false},
		{"11月15日前", Ymd(2024, 11, 16), Ymd(2025, 11, 15), false},
		{"年底前", july, Ymd(2024, 12, 31), false},
		{"今年年底前", nov, Ymd(2024, 12, 31), false},
		{"明年底前", nov, Ymd(2025, 12, 31), false},
		{"上半年", july, Ymd(2025, 6, 30), false},
		{"上半年", Ymd(2024, 3, 1), Ymd(2024, 6, 30), false},
		{"下半年", july, Ymd(2024, 12, 31), false},
		{"一个月内", july, Ymd(2024, 8, 10), false},
		{"一个月内", Ymd(2024, 1, 31), Ymd(2024, 2, 29), false},
		{"三周内", july, Ymd(2024, 7, 31), false},
		{"10天内", july, Ymd(2024, 7, 20), false},
		{"本月底前", july, Ymd(2024, 7, 31), false},
		{"本学期内", july, Ymd(2025, 1, 17), false},
		{"本学期内", nov, Ymd(2025, 1, 17), false},
		{"下学期", nov, Ymd(2025, 7, 4), false},
		{"寒假前", nov, Ymd(2025, 1, 17), false},
		{"by March 31", july, Ymd(2025, 3, 31), false},
		{"by March 31", Ymd(2025, 1, 5), Ymd(2025, 3, 31), false},
		{"by 15 November", july, Ymd(2024, 11, 15), false},
		{"before the end of June", july, Ymd(2025, 6, 30), false},
		{"by the end of September", july, Ymd(2024, 9, 30), false},
		{"by the end of the year", july, Ymd(2024, 12, 31), false},
		{"within three weeks", july, Ymd(2024, 7, 31), false},
		{"within a month", july, Ymd(2024, 8, 10), false},
		{"within 10 days", july, Ymd(2024, 7, 20), false},
		{"this term", nov, Ymd(2025, 1, 17), false},
		{"2024年12月底前", july, Ymd(2024, 12, 31), false},
		{"2024-09-30", july, Ymd(2024, 9, 30), false},
		{"长期坚持", july, 0, true},
	}
	for _, c := range cases {
		due, ongoing, err := ReadDeadline(c.text, c.said, cal)
		if err != nil {
			t.Errorf("%q said %s: %v", c.text, c.said, err)
			continue
		}
		if due != c.due || ongoing != c.ongoing {
			t.Errorf("%q said %s: got %s ongoing=%v, want %s ongoing=%v", c.text, c.said, due, ongoing, c.due, c.ongoing)
		}
	}
	// Before the meeting: refused on the deadline, the day still given.
	for _, c := range []struct {
		text string
		due  Date
	}{{"2024年6月底前", Ymd(2024, 6, 30)}, {"2024-07-01", Ymd(2024, 7, 1)}, {"今年3月底前", Ymd(2024, 3, 31)}} {
		due, _, err := ReadDeadline(c.text, july, cal)
		if e := ErrorOf(err); e == nil || e.Code != EINVALID || e.Field != "deadline" || due != c.due {
			t.Errorf("%q said %s: got %s %v, want %s refused", c.text, july, due, err, c.due)
		}
	}
	for _, bad := range []string{"明天", "13月底前", "2月30日前", "by Smarch 3", "within zero weeks"} {
		if _, _, err := ReadDeadline(bad, july, cal); ErrorCode(err) != EINVALID {
			t.Errorf("%q: got %v, want invalid", bad, err)
		}
	}
	for text, want := range map[string]bool{"一个月内": true, "本学期内": true, "within three weeks": true, "11月15日前": true, "by March 31": true, "上半年": true, "10月底前": false, "2024-09-30": false} {
		if SaidDayDeadline(text) != want {
			t.Errorf("SaidDayDeadline(%q) = %v", text, !want)
		}
	}
}
