package demo_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/demo"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestDemoCalendar: every moment the loaded demo records — audit events,
// progress reports, comments, measures' last change, unit reports'
// submissions and reviews, notices, bulletins — falls in 2024, on or
// before the demo's today, on a workday during office hours; the audit
// trail runs forward; a progress report is written on its own day; and
// Load gives the caller's clock back.
func TestDemoCalendar(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	before := a.Now()
	if _, err := demo.Load(ctx, a); err != nil {
		t.Fatal(err)
	}
	if got := a.Now(); !got.Equal(before) {
		t.Errorf("after Load the app's clock says %s, want the caller's %s", got, before)
	}
	loc := a.Location
	end := demo.Today.AddDays(1).Time()
	hi := time.Date(end.Year(), end.Month(), end.Day(), 0, 0, 0, 0, loc)
	bad := 0
	check := func(what string, at time.Time) {
		t.Helper()
		at = at.In(loc)
		var why string
		switch {
		case at.IsZero():
			why = "no time"
		case at.Year() != 2024 || !at.Before(hi):
			why = "outside 2024 up to " + demo.Today.String()
		case at.Hour() < 8 || at.Hour() >= 18:
			why = "outside office hours"
		case !workday(model.DateOf(at)):
			why = "on a day off"
		default:
			return
		}
		if bad++; bad <= 20 {
			t.Errorf("%s at %s: %s", what, at.Format(time.DateTime), why)
		}
	}

	var prev time.Time
	events := 0
	err := apptest.Store(a).AuditRange(ctx, time.Unix(0, 0), time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), func(ev model.AuditEvent) error {
		events++
		check(fmt.Sprintf("audit event %d (%s %s %s)", ev.Seq, ev.Action, ev.Entity, ev.EntityID), ev.At)
		if ev.At.Before(prev) {
			t.Errorf("audit event %d (%s %s) at %s comes after one at %s", ev.Seq, ev.Action, ev.Entity, ev.At, prev)
		}
		prev = ev.At
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ms, _, err := a.Measures(ctx, app.System, model.MeasureFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	reports, comments := 0, 0
	for _, m := range ms {
		det, err := a.Measure(ctx, app.System, m.Code)
		if err != nil {
			t.Fatal(err)
		}
		check(m.Code+" last change", det.Measure.Updated)
		for _, r := range det.Reports {
			reports++
			check(fmt.Sprintf("%s report %d", m.Code, r.ID), r.CreatedAt)
			if d := model.DateOf(r.CreatedAt.In(loc)); d != r.Date {
				t.Errorf("%s report %d dated %s was written on %s", m.Code, r.ID, r.Date, d)
			}
		}
		for _, c := range det.Comments {
			comments++
			check(fmt.Sprintf("%s comment %d", m.Code, c.ID), c.CreatedAt)
		}
	}
	urs, err := apptest.Store(a).UnitReports(ctx, model.ReportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range urs {
		what := r.Period + " report of " + r.Unit
		check(what, r.Updated)
		if r.State != model.ReportDraft {
			check(what+" submitted", r.SubmittedAt)
		}
		if r.State == model.ReportAccepted || r.State == model.ReportReturned {
			check(what+" reviewed", r.ReviewedAt)
		}
	}
	notices, err := apptest.Store(a).Notices(ctx, model.NoticeFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range notices {
		check(fmt.Sprintf("notice %d-%d", n.Year, n.Number), n.Created)
	}
	office := apptest.Account(t, a, "linxiao")
	bs, err := a.Bulletins(ctx, office)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bs {
		check(b.Title(), b.IssuedAt)
		if b.Voided != nil {
			check(b.Title()+" voided", b.Voided.At)
		}
	}
	t.Logf("checked %d audit events, %d progress reports, %d comments, %d unit reports, %d notices, %d bulletins",
		events, reports, comments, len(urs), len(notices), len(bs))
	if events == 0 || reports == 0 || comments == 0 || len(urs) == 0 || len(notices) == 0 || len(bs) == 0 {
		t.Errorf("nothing to check of some kind")
	}
}

// workday says whether the offices worked on d in 2024: weekdays but the
// National Day holiday, and the two weekend days worked in exchange.
func workday(d model.Date) bool {
	switch {
	case d == model.Ymd(2024, 9, 29) || d == model.Ymd(2024, 10, 12):
		return true
	case d >= model.Ymd(2024, 10, 1) && d <= model.Ymd(2024, 10, 7):
		return false
	}
	wd := d.Time().Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// TestDemoReportsDiffer: no two units' half-year reports are more than 60 %
// the same text (by their longest common subsequence), so that the
// compendium reads as nineteen offices wrote it.
func TestDemoReportsDiffer(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, a); err != nil {
		t.Fatal(err)
	}
	urs, err := apptest.Store(a).UnitReports(ctx, model.ReportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(urs) < 20 {
		t.Fatalf("%d unit reports, want the demo's 2024-H1 and 2024-H2 ones", len(urs))
	}
	text := func(r model.UnitReport) []rune {
		return []rune(r.Achievements + r.Situation + r.Problems + r.NextMeasures)
	}
	worst, pair := 0.0, ""
	for i := range urs {
		for j := i + 1; j < len(urs); j++ {
			if urs[i].Unit == urs[j].Unit {
				continue
			}
			s := similarity(text(urs[i]), text(urs[j]))
			if s > worst {
				worst, pair = s, urs[i].Period+" "+urs[i].Unit+" / "+urs[j].Period+" "+urs[j].Unit
			}
			if s > 0.6 {
				t.Errorf("%s report of %s and %s report of %s are %.0f%% the same", urs[i].Period, urs[i].Unit, urs[j].Period, urs[j].Unit, 100*s)
			}
		}
	}
	t.Logf("most alike: %s, %.0f%%", pair, 100*worst)
}

// similarity is 2·LCS/(len a + len b): 1 for equal texts, near 0 for
// texts with little in common.
func similarity(a, b []rune) float64 {
	if len(a)+len(b) == 0 {
		return 1
	}
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			switch {
			case a[i-1] == b[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return 2 * float64(prev[len(b)]) / float64(len(a)+len(b))
}

// TestDemoChineseSpeech: a meeting besides the retreat carries a speech
// written in Chinese, with the directives (要……, 一是……二是……) the
// decomposer looks for.
func TestDemoChineseSpeech(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, a); err != nil {
		t.Fatal(err)
	}
	meetings, err := a.Meetings(ctx, app.System)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, mt := range meetings {
		if mt.Kind == "retreat" {
			continue
		}
		full, err := a.Meeting(ctx, app.System, mt.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range full.Items {
			if it.Kind != "speech" {
				continue
			}
			han, latin := 0, 0
			for _, r := range it.Text {
				switch {
				case unicode.Is(unicode.Han, r):
					han++
				case r < unicode.MaxASCII && unicode.IsLetter(r):
					latin++
				}
			}
			if han < 600 || latin > 0 || !strings.Contains(it.Text, "要") || !strings.Contains(it.Text, "一是") || !strings.Contains(it.Text, "二是") {
				t.Errorf("%s: speech %q has %d Chinese characters and %d Latin letters, or lacks 要/一是/二是", mt.Title, it.Title, han, latin)
				continue
			}
			found = true
		}
	}
	if !found {
		t.Errorf("no meeting besides the retreat carries a speech in Chinese")
	}
}
