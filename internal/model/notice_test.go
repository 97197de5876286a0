package model

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestNoticeTriggers(t *testing.T) {
	rules := NoticeRules{RemindDays: []int{7, 1}, ReportEvery: 14, Ladder: true}
	start, due := Ymd(2024, 9, 1), Ymd(2024, 10, 31)
	measure := func(progress int) Measure {
		return Measure{Code: "2024H2-001", Start: start, Due: due, Progress: progress}
	}
	// keys lists the occasions of the triggers on day d for a measure with
	// the given progress, reported last on last.
	keys := func(r NoticeRules, m Measure, last, d Date) []string {
		m.Derive(d, DefaultThresholds)
		var out []string
		for _, tr := range NoticeTriggers(r, NoticeSubject{Measure: m, LastReport: last}, d) {
			out = append(out, tr.Key)
		}
		return out
	}
	cases := []struct {
		name     string
		rules    NoticeRules
		progress int
		last     Date
		day      Date
		want     []string
	}{
		{"on track, reported yesterday", rules, 50, Ymd(2024, 10, 1), Ymd(2024, 10, 2), nil},
		{"not started yet", rules, 0, 0, Ymd(2024, 8, 31), nil},
		{"13 days without a report: not yet", rules, 50, Ymd(2024, 9, 18), Ymd(2024, 10, 1), nil},
		{"14 days without a report", rules, 50, Ymd(2024, 9, 17), Ymd(2024, 10, 1), []string{"report:2024H2-001:2024-09-17:1"}},
		{"27 days: still the first cycle", rules, 80, Ymd(2024, 9, 17), Ymd(2024, 10, 14), []string{"report:2024H2-001:2024-09-17:1"}},
		{"never reported: counted from the start", rules, 50, 0, Ymd(2024, 9, 15), []string{"report:2024H2-001:2024-09-01:1"}},
		{"8 days left: no reminder", rules, 90, Ymd(2024, 10, 20), Ymd(2024, 10, 23), nil},
		{"7 days left", rules, 90, Ymd(2024, 10, 20), Ymd(2024, 10, 24), []string{"due:2024H2-001:2024-10-31:7"}},
		{"3 days left: still the 7-day occasion", rules, 90, Ymd(2024, 10, 20), Ymd(2024, 10, 28), []string{"due:2024H2-001:2024-10-31:7", "supervision:2024H2-001:2024-10-31"}},
		{"1 day left, lagging: the ladder too", rules, 95, Ymd(2024, 10, 29), Ymd(2024, 10, 30), []string{"due:2024H2-001:2024-10-31:1", "supervision:2024H2-001:2024-10-31"}},
		{"due today", rules, 99, Ymd(2024, 10, 29), Ymd(2024, 10, 31), []string{"due:2024H2-001:2024-10-31:1", "supervision:2024H2-001:2024-10-31"}},
		{"yellow: lagging with 30 % of the time left", rules, 10, Ymd(2024, 10, 10), Ymd(2024, 10, 14), []string{"reminder:2024H2-001:2024-10-31"}},
		{"orange", rules, 10, Ymd(2024, 10, 10), Ymd(2024, 10, 23), []string{"supervision:2024H2-001:2024-10-31"}},
		{"red: overdue", rules, 10, Ymd(2024, 10, 30), Ymd(2024, 11, 1), []string{"bulletin:2024H2-001:2024-10-31"}},
		{"ladder off", NoticeRules{}, 10, Ymd(2024, 10, 30), Ymd(2024, 11, 1), nil},
		{"done: nothing", rules, 100, 0, Ymd(2024, 11, 20), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := keys(c.rules, measure(c.progress), c.last, c.day)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("day %s: got %q, want %q", c.day, got, c.want)
			}
		})
	}

	t.Run("milestone before the due date", func(t *testing.T) {
		m := measure(60)
		m.Milestones = []Milestone{{Title: "方案印发", Due: Ymd(2024, 10, 10)}, {Title: "已完成", Due: Ymd(2024, 10, 9), Done: true}}
		got := keys(rules, m, Ymd(2024, 10, 5), Ymd(2024, 10, 9))
		want := []string{"milestone:2024H2-001:0:2024-10-10:1"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("a changed due date is a new occasion", func(t *testing.T) {
		m := measure(10)
		m.Due = Ymd(2024, 10, 20)
		a := keys(rules, m, Ymd(2024, 10, 30), Ymd(2024, 11, 1))
		if !reflect.DeepEqual(a, []string{"bulletin:2024H2-001:2024-10-20"}) {
			t.Errorf("got %q", a)
		}
	})
	t.Run("ongoing: supervised by the reporting cycle only", func(t *testing.T) {
		m := measure(10)
		m.Due = 0
		got := keys(rules, m, 0, Ymd(2025, 3, 1))
		if len(got) != 1 || !strings.HasPrefix(got[0], "report:") {
			t.Errorf("got %q", got)
		}
	})
	t.Run("each day of a month gives each occasion once", func(t *testing.T) {
		seen := map[string]Date{}
		m := measure(0)
		for d := start; d <= due+20; d++ {
			for _, k := range keys(rules, m, 0, d) {
				if _, ok := seen[k]; !ok {
					seen[k] = d
				}
			}
		}
		// Reminders at 7 and 1 day, yellow, orange, red, and a report
		// notice per whole 14-day cycle since the start.
		for _, k := range []string{"due:2024H2-001:2024-10-31:7", "due:2024H2-001:2024-10-31:1", "reminder:2024H2-001:2024-10-31",
			"supervision:2024H2-001:2024-10-31", "bulletin:2024H2-001:2024-10-31", "report:2024H2-001:2024-09-01:1", "report:2024H2-001:2024-09-01:5"} {
			if _, ok := seen[k]; !ok {
				t.Errorf("occasion %s never came; got %v", k, seen)
			}
		}
		if d := seen["bulletin:2024H2-001:2024-10-31"]; d != due+1 {
			t.Errorf("the bulletin notice came on %s, want the day after the due date", d)
		}
	})
}

func TestNoticeRulesValidate(t *testing.T) {
	for _, c := range []struct {
		r     NoticeRules
		field string
	}{
		{NoticeRules{RemindDays: []int{1, 7}, ReportEvery: 14, DigestHour: 8}, ""},
		{NoticeRules{RemindDays: []int{7, 7}}, "remind_days"},
		{NoticeRules{RemindDays: []int{-1}}, "remind_days"},
		{NoticeRules{RemindDays: []int{1, 2, 3, 4, 5, 6}}, "remind_days"},
		{NoticeRules{ReportEvery: 2}, "report_every"},
		{NoticeRules{DigestHour: 24}, "digest_hour"},
	} {
		err := c.r.Validate()
		if got := ""; err != nil {
			got = ErrorOf(err).Field
			if got != c.field {
				t.Errorf("%+v: error on %q, want %q", c.r, got, c.field)
			}
		} else if c.field != "" {
			t.Errorf("%+v: no error, want one on %s", c.r, c.field)
		}
	}
	r := NoticeRules{RemindDays: []int{1, 14, 7}}
	if r.Validate(); !reflect.DeepEqual(r.RemindDays, []int{14, 7, 1}) {
		t.Errorf("remind days not sorted longest first: %v", r.RemindDays)
	}
}

func TestNoticeRecipients(t *testing.T) {
	m := Measure{LeadUnit: "KJC", Owner: "zhang", Leader: "chen"}
	units := map[string][]string{"KJC": {"kjc", "zhang"}, "JWC": {"jwc"}}
	office := []string{"linxiao"}
	for k, want := range map[NoticeKind][]string{
		NoticeDue:         {"kjc", "zhang"},
		NoticeReminder:    {"kjc", "zhang"},
		NoticeSupervision: {"chen", "kjc", "zhang"},
		NoticeBulletin:    {"chen", "kjc", "linxiao", "zhang"},
	} {
		if got := NoticeRecipients(k, m, units, office); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %v, want %v", k, got, want)
		}
	}
}

func TestBackoff(t *testing.T) {
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute}
	for i, w := range want {
		if got := Backoff(i + 1); got != w {
			t.Errorf("attempt %d: %s, want %s", i+1, got, w)
		}
	}
	if got := Backoff(100); got != 6*time.Hour {
		t.Errorf("attempt 100: %s, want the 6 h cap", got)
	}
}

// TestUnsignedClimbs: a 督办单 no one signed for within SignWithin working
// days climbs to 通报 for its measure (the same occasion red would give,
// so it is issued once); within the days, signed, or with the step off,
// nothing new.
func TestUnsignedClimbs(t *testing.T) {
	m := Measure{Code: "2024H2-001", Start: Ymd(2024, 9, 1), Due: Ymd(2024, 12, 31), Progress: 60}
	rules := NoticeRules{Ladder: true, SignWithin: 3}
	issued := Ymd(2024, 10, 10) // a Thursday
	keys := func(r NoticeRules, unsigned, day Date) []string {
		mm := m
		mm.Derive(day, DefaultThresholds)
		var out []string
		for _, tr := range NoticeTriggers(r, NoticeSubject{Measure: mm, LastReport: day, UnsignedSince: unsigned}, day) {
			out = append(out, tr.Key)
		}
		return out
	}
	for _, c := range []struct {
		name     string
		rules    NoticeRules
		unsigned Date
		day      Date
		want     []string
	}{
		{"three working days (Fri, Mon, Tue): not yet", rules, issued, Ymd(2024, 10, 15), nil},
		{"the fourth working day", rules, issued, Ymd(2024, 10, 16), []string{"bulletin:2024H2-001:2024-12-31"}},
		{"signed for", rules, 0, Ymd(2024, 10, 16), nil},
		{"the step off", NoticeRules{Ladder: true}, issued, Ymd(2024, 10, 30), nil},
	} {
		if got := keys(c.rules, c.unsigned, c.day); !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	for _, c := range []struct {
		from, to Date
		want     int
	}{{Ymd(2024, 10, 11), Ymd(2024, 10, 14), 1}, {Ymd(2024, 10, 11), Ymd(2024, 10, 11), 0}, {Ymd(2024, 10, 7), Ymd(2024, 10, 21), 10}} {
		if got := WorkingDays(c.from, c.to); got != c.want {
			t.Errorf("WorkingDays(%s, %s) = %d, want %d", c.from, c.to, got, c.want)
		}
	}
}

// TestCheckReceipt: a receipt tells the handling and a day no earlier than
// the notice's; both problems are named at once.
func TestCheckReceipt(t *testing.T) {
	n := Notice{Day: Ymd(2024, 10, 15)}
	ok := Receipt{Handling: " 已部署 ", Expected: Ymd(2024, 10, 15)}
	if err := CheckReceipt(&ok, n); err != nil || ok.Handling != "已部署" {
		t.Errorf("a fit receipt: %v %q", err, ok.Handling)
	}
	bad := Receipt{Expected: Ymd(2024, 10, 14)}
	errs := ErrorsOf(CheckReceipt(&bad, n))
	if len(errs) != 2 || errs[0].Field != "handling" || errs[1].Field != "expected" {
		t.Errorf("a bad receipt: %+v", errs)
	}
}
