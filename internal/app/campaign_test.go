package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestCampaignReminders: the daily job applies the reminders ladder to a
// campaign's requirements as to a measure. On 2024-10-15 the fixture
// campaign's Party lecture is due in 5 days (a due reminder at the rules'
// 7 days) and September's group study was missed by every unit 15 days ago
// (past the 提醒单 step: a 督办单 to the unit and the office). KJC held its
// lecture already: no lecture reminder for it. A second run issues nothing
// again.
func TestCampaignReminders(t *testing.T) {
	ctx := context.Background()
	a := apptest.New(t)
	id, people := apptest.StudyCampaign(t, a)
	kjc := apptest.Account(t, a, apptest.UnitKJC)
	s := model.StudySession{Campaign: id, Unit: "KJC", Kind: "party_lecture", Date: model.Ymd(2024, 10, 9), Topic: "专题党课",
		Attendance: []model.Attendance{{Person: people["KJC"][0], Present: true}, {Person: people["KJC"][1], Present: false, Reason: "出差"}}}
	if err := a.RecordStudySession(ctx, kjc, &s); err != nil {
		t.Fatal(err)
	}
	if _, err := a.RunDay(ctx, "test"); err != nil {
		t.Fatal(err)
	}
	ns, err := apptest.Store(a).Notices(ctx, model.NoticeFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]model.Notice{}
	for _, n := range ns {
		if n.Snapshot.Campaign == id {
			if n.Measure != "" {
				t.Errorf("campaign notice %d names measure %q", n.ID, n.Measure)
			}
			got[string(n.Kind)+":"+n.Unit+":"+n.Snapshot.Title] = n
		}
	}
	lecture, monthly := "党纪学习教育 · 一次专题党课", "党纪学习教育 · 每月至少一次集中学习"
	want := []string{
		"due:JWC:" + lecture, "due:RSC:" + lecture,
		"supervision:KJC:" + monthly, "supervision:JWC:" + monthly, "supervision:RSC:" + monthly,
	}
	if len(got) != len(want) {
		t.Errorf("campaign notices %v, want %v", keys(got), want)
	}
	for _, k := range want {
		n, ok := got[k]
		if !ok {
			t.Errorf("no notice %s", k)
			continue
		}
		if n, err = apptest.Store(a).Notice(ctx, n.ID, ""); err != nil {
			t.Fatal(err)
		}
		unit := strings.Split(k, ":")[1]
		if !contains(n.Recipients, strings.ToLower(unit)+"1") {
			t.Errorf("%s goes to %v, not the unit's liaison", k, n.Recipients)
		}
		if n.Kind == model.NoticeSupervision && !contains(n.Recipients, apptest.Office) {
			t.Errorf("%s goes to %v, not the office", k, n.Recipients)
		}
		text := app.NoticeSummary("zh-CN", n)
		if w := i18n.LatinWords(text); len(w) > 0 || !strings.Contains(text, "学习教育") {
			t.Errorf("%s says %q", k, text)
		}
	}
	if n := got["due:JWC:"+lecture]; n.Snapshot.Due != model.Ymd(2024, 10, 20) || n.Snapshot.DaysLeft != 5 {
		t.Errorf("JWC's lecture reminder: %+v", n.Snapshot)
	}
	if n := got["supervision:RSC:"+monthly]; n.Snapshot.Due != model.Ymd(2024, 9, 30) || n.Snapshot.DaysOverdue != 15 {
		t.Errorf("RSC's group study notice: %+v", n.Snapshot)
	}
	// The next day's run finds the same occasions issued: nothing new.
	if err := a.PinToday(ctx, app.System, apptest.Today.AddDays(1)); err != nil {
		t.Fatal(err)
	}
	if _, err := a.RunDay(ctx, "test"); err != nil {
		t.Fatal(err)
	}
	again, err := apptest.Store(a).Notices(ctx, model.NoticeFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, x := range again {
		if x.Snapshot.Campaign == id {
			n++
		}
	}
	if n != len(got) {
		t.Errorf("after the next day's run %d campaign notices, want still %d", n, len(got))
	}
}

func keys(m map[string]model.Notice) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
