package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestRemindMeasures: the office reminds two measures by hand in one go:
// two reminders numbered one after the other, each to its measure's lead
// unit, carrying the office's note, with their mail queued at once and one
// audit event; the preview then says they were reminded today and a second
// request issues nothing. Only the office reminds; an unknown measure or a
// note too long is refused and nothing is written.
func TestRemindMeasures(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	admin := apptest.Account(t, a, apptest.Admin)
	if err := a.SetMailSettings(ctx, admin, app.MailSettings{Host: "127.0.0.1", Port: 2525, From: "duban@example.edu.cn"}); err != nil {
		t.Fatal(err)
	}
	if err := a.SetEmail(ctx, apptest.Account(t, a, apptest.UnitKJC), "kjc@example.edu.cn"); err != nil {
		t.Fatal(err)
	}
	codes := []string{apptest.MeasureB, apptest.MeasureA}

	events := apptest.AuditCount(t, a)
	for _, c := range []struct {
		who   string
		codes []string
		note  string
		code  string
	}{
		{apptest.Leader, codes, "", model.EFORBIDDEN},
		{apptest.UnitKJC, codes, "", model.EFORBIDDEN},
		{apptest.Office, nil, "", model.EINVALID},
		{apptest.Office, []string{apptest.MeasureA, "2024H2-999"}, "", model.EINVALID},
		{apptest.Office, codes, strings.Repeat("催", model.MaxReminderNote+1), model.EINVALID},
	} {
		if _, err := a.RemindMeasures(ctx, apptest.Account(t, a, c.who), c.codes, c.note); model.ErrorCode(err) != c.code {
			t.Errorf("remind %v as %s: %v, want %s", c.codes, c.who, err, c.code)
		}
	}
	if got := apptest.AuditCount(t, a); got != events {
		t.Fatalf("refused reminders wrote %d audit events", got-events)
	}

	plan, err := a.PlanReminders(ctx, office, append(codes, apptest.MeasureA))
	if err != nil || len(plan) != 2 || plan[0].Skip != "" || plan[1].Skip != "" {
		t.Fatalf("plan: %+v %v", plan, err)
	}
	ns, err := a.RemindMeasures(ctx, office, codes, "请于10月20日前报送进展")
	if err != nil {
		t.Fatal(err)
	}
	if len(ns) != 2 || ns[0].Measure != apptest.MeasureB || ns[1].Measure != apptest.MeasureA || ns[1].Number != ns[0].Number+1 {
		t.Fatalf("issued: %+v", ns)
	}
	if got := apptest.AuditCount(t, a); got != events+1 {
		t.Errorf("reminding wrote %d audit events, want 1", got-events)
	}
	kjc := apptest.Account(t, a, apptest.UnitKJC)
	inbox, err := a.Notices(ctx, kjc, model.NoticeFilter{Recipient: kjc.Username})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, n := range inbox {
		if n.ID == ns[1].ID {
			found = true
			sum := app.NoticeSummary(i18n.Default, n)
			if n.Kind != model.NoticeReminder || n.Snapshot.IssuedBy != apptest.Office || !strings.Contains(sum, "请于10月20日前报送进展") {
				t.Errorf("kjc1's reminder: %+v, summary %q", n, sum)
			}
		}
	}
	if !found {
		t.Errorf("kjc1 did not receive the reminder on %s: %+v", apptest.MeasureA, inbox)
	}
	ds, err := apptest.Store(a).Deliveries(ctx, model.DeliveryPending, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	mailed := 0
	for _, d := range ds {
		if d.Target == kjc.Username && strings.Contains(d.Key, ":hand:") && len(d.Notices) == 1 && d.Notices[0] == ns[1].ID {
			mailed++
		}
	}
	if mailed != 1 {
		t.Errorf("kjc1's reminder mail: %d queued, want 1 (%+v)", mailed, ds)
	}
	// The day's digest, made afterwards, does not mail it again.
	if _, err := a.RunDay(ctx, "test"); err != nil {
		t.Fatal(err)
	}
	if ds, err = apptest.Store(a).Deliveries(ctx, model.DeliveryPending, 0, 100); err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if !strings.Contains(d.Key, ":hand:") && slices.Contains(d.Notices, ns[1].ID) {
			t.Errorf("the day's delivery %s carries the hand reminder again", d.Key)
		}
	}
	events = apptest.AuditCount(t, a) - 1

	plan, err = a.PlanReminders(ctx, office, codes)
	if err != nil || plan[0].Skip != app.RemindSkipReminded || plan[1].Skip != app.RemindSkipReminded {
		t.Fatalf("plan after reminding: %+v %v", plan, err)
	}
	if _, err := a.RemindMeasures(ctx, office, codes, ""); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("reminding again the same day: %v", err)
	}
	if got := apptest.AuditCount(t, a); got != events+1 {
		t.Errorf("a second request wrote %d audit events", got-events-1)
	}
}
