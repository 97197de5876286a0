package app_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestAuditRetentionSetting: only the admin sets it; less than six months,
// or not a number, is refused naming the field.
func TestAuditRetentionSetting(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	admin, office := apptest.Account(t, a, apptest.Admin), apptest.Account(t, a, apptest.Office)
	if n, err := a.AuditRetention(ctx); err != nil || n != app.DefaultAuditRetentionDays {
		t.Fatalf("default retention %d, %v", n, err)
	}
	if err := a.SetAuditRetention(ctx, office, "400"); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("office sets retention: %v", err)
	}
	for _, bad := range []string{"182", "abc", "", "36501"} {
		err := a.SetAuditRetention(ctx, admin, bad)
		if e := model.ErrorOf(err); e == nil || e.Code != model.EINVALID || e.Field != "retention_days" || !strings.Contains(e.Message, "audit.retention_days") {
			t.Errorf("retention %q: %v", bad, err)
		}
	}
	if err := a.SetAuditRetention(ctx, admin, " 183 "); err != nil {
		t.Fatal(err)
	}
	if n, _ := a.AuditRetention(ctx); n != 183 {
		t.Errorf("retention %d, want 183", n)
	}
	evs, _ := apptest.Store(a).AuditEvents(ctx, "setting", "audit.retention_days", 5)
	if len(evs) != 1 || evs[0].After != `{"retention_days":183}` || evs[0].Before != `{"retention_days":1095}` {
		t.Errorf("setting event: %+v", evs)
	}
}

// TestAuditPurgeInDailyJob: the daily job removes events older than the
// retention, records the purge in the chain, and the chain verifies from
// its new anchor; a day with nothing old records nothing.
func TestAuditPurgeInDailyJob(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	if err := a.SetAuditRetention(ctx, apptest.Account(t, a, apptest.Admin), "183"); err != nil {
		t.Fatal(err)
	}
	before, err := apptest.Store(a).VerifyAudit(ctx)
	if err != nil || !before.Intact() || before.First != 1 {
		t.Fatalf("fixture chain: %+v %v", before, err)
	}
	// 200 days later every fixture event (15 October 2024) is too old.
	day := apptest.Today.AddDays(200)
	moveTo(t, a, day)
	apptest.Store(a).Now = a.Now
	runDay(t, a)
	c, err := apptest.Store(a).VerifyAudit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Intact() || c.PurgedBy == 0 || c.First <= before.Last {
		t.Fatalf("after the purge: %+v", c)
	}
	evs, _ := apptest.Store(a).AuditEvents(ctx, model.AuditPurgeEntity, model.AuditPurgeEntityID, 5)
	if len(evs) != 1 || evs[0].Actor != app.Scheduler.Username || !strings.Contains(evs[0].After, `"retention_days":183`) {
		t.Fatalf("purge events: %+v", evs)
	}
	moveTo(t, a, day.AddDays(1))
	apptest.Store(a).Now = a.Now
	runDay(t, a)
	if evs, _ := apptest.Store(a).AuditEvents(ctx, model.AuditPurgeEntity, model.AuditPurgeEntityID, 5); len(evs) != 1 {
		t.Errorf("a day with nothing to purge recorded a purge: %+v", evs)
	}
	if c, _ := apptest.Store(a).VerifyAudit(ctx); !c.Intact() {
		t.Errorf("next day: %+v", c.Broken)
	}
}

// TestHistoryPermissions: who reads which entity's history.
func TestHistoryPermissions(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	p := model.Problem{Title: "科研平台用房不足", OwnerUnit: "KJC"}
	if err := a.CreateProblem(ctx, office, &p); err != nil {
		t.Fatal(err)
	}
	ms, _ := a.Meetings(ctx, app.System)
	meeting := strconv.FormatInt(ms[0].ID, 10)
	const (
		ok       = ""
		denied   = model.EFORBIDDEN
		notFound = model.ENOTFOUND
	)
	cases := []struct {
		entity, id string
		want       map[string]string // role → error code; missing: ok
	}{
		{"measure", apptest.MeasureA, map[string]string{apptest.UnitRSC: denied}},
		{"measure", apptest.MeasureB, map[string]string{apptest.UnitRSC: denied}}, // KJC cooperates
		{"measure", apptest.MeasureC, map[string]string{apptest.UnitKJC: denied}},
		{"measure", "2024H2-999", map[string]string{apptest.Admin: notFound, apptest.Office: notFound, apptest.Leader: notFound, apptest.UnitKJC: notFound, apptest.UnitRSC: notFound}},
		{"meeting", meeting, map[string]string{apptest.UnitKJC: denied, apptest.UnitRSC: denied}},
		{"problem", p.Code, map[string]string{apptest.UnitRSC: denied}},
		{"report", "KJC/2024-H2", map[string]string{apptest.UnitRSC: denied}},
		{"report", "KJC/2024-X9", map[string]string{apptest.Admin: notFound, apptest.Office: notFound, apptest.Leader: notFound, apptest.UnitKJC: notFound, apptest.UnitRSC: notFound}},
		{"account", apptest.UnitKJC, map[string]string{apptest.Leader: denied, apptest.UnitKJC: denied, apptest.UnitRSC: denied}},
		{"account", "nobody", map[string]string{apptest.Admin: notFound, apptest.Office: notFound, apptest.Leader: denied, apptest.UnitKJC: denied, apptest.UnitRSC: denied}},
	}
	for _, c := range cases {
		for _, role := range []string{apptest.Admin, apptest.Office, apptest.Leader, apptest.UnitKJC, apptest.UnitRSC} {
			h, err := a.History(ctx, apptest.Account(t, a, role), c.entity, c.id)
			want := c.want[role]
			if got := code(err); got != want {
				t.Errorf("%s history of %s %s: %v, want %q", role, c.entity, c.id, err, want)
			}
			if err == nil && c.entity == "measure" && len(h.Events) == 0 {
				t.Errorf("%s history of %s %s: no events", role, c.entity, c.id)
			}
		}
	}
	h, err := a.History(ctx, office, "measure", apptest.MeasureA)
	if err != nil || h.Events[0].Action != "create" || h.Events[0].Seq == 0 {
		t.Errorf("measure history: %+v %v", h, err)
	}
}

func code(err error) string {
	if err == nil {
		return ""
	}
	return model.ErrorCode(err)
}

// TestAuditExportRange: dates are checked by field, the range is of whole
// days in the institution's zone, and the office and admin alone export.
func TestAuditExportRange(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	bad := []struct{ from, to, field string }{
		{"", "2024-10-15", "from"},
		{"2024-13-01", "2024-10-15", "from"},
		{"2024-10-01", "tomorrow", "to"},
		{"2024-10-16", "2024-10-15", "to"},
	}
	for _, b := range bad {
		_, err := a.AuditExport(ctx, office, b.from, b.to, func(model.AuditEvent) error { return nil })
		if e := model.ErrorOf(err); e == nil || e.Code != model.EINVALID || e.Field != b.field {
			t.Errorf("export %q–%q: %v, want invalid %s", b.from, b.to, err, b.field)
		}
	}
	if _, err := a.AuditExport(ctx, apptest.Account(t, a, apptest.Leader), "2024-10-15", "2024-10-15", nil); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("leader exports: %v", err)
	}
	count := func(from, to string) int {
		n := 0
		c, err := a.AuditExport(ctx, office, from, to, func(ev model.AuditEvent) error { n++; return nil })
		if err != nil || !c.Intact() {
			t.Fatalf("export %s–%s: %v %+v", from, to, err, c)
		}
		return n
	}
	all, _ := apptest.Store(a).VerifyAudit(ctx)
	if n := count("2024-10-15", "2024-10-15"); int64(n) != all.Events || n == 0 {
		t.Errorf("the fixture's day holds %d events, the chain %d", n, all.Events)
	}
	if n := count("2024-10-16", "2024-12-31"); n != 0 {
		t.Errorf("after the fixture's day: %d events", n)
	}
}

// TestHistoryReadersSeeEvidence: a measure's history names its reports'
// evidence files, so whoever reads it must be allowed to see them.
func TestHistoryReadersSeeEvidence(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	for _, code := range []string{apptest.MeasureA, apptest.MeasureB, apptest.MeasureC} {
		d, err := a.Measure(ctx, app.System, code)
		if err != nil {
			t.Fatal(err)
		}
		m := d.Measure
		for _, user := range []string{apptest.Admin, apptest.Office, apptest.Leader, apptest.UnitKJC, apptest.UnitJWC, apptest.UnitRSC} {
			acct := apptest.Account(t, a, user)
			if app.CanSeeHistory(acct, "measure", append([]string{m.LeadUnit}, m.CooperatingUnits...)...) && !app.CanSeeEvidence(acct, m) {
				t.Errorf("%s reads the history of %s but may not see its evidence", user, code)
			}
		}
	}
}
