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
