package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestBulletinOverlapAndVoid: a range overlapping an issued bulletin is
// refused naming its number unless marked a supplement; a void keeps the
// number used (the next bulletin does not reuse it), keeps the bulletin
// readable with who and why, refuses a second void and lets the range be
// issued again; only the office voids, with a reason. One audit event each.
func TestBulletinOverlapAndVoid(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	sep1, sep30, sep15 := model.Ymd(2024, 9, 1), model.Ymd(2024, 9, 30), model.Ymd(2024, 9, 15)

	first, err := a.IssueBulletin(ctx, office, app.BulletinRequest{From: sep1, To: sep30})
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.IssueBulletin(ctx, office, app.BulletinRequest{From: sep15, To: model.Ymd(2024, 10, 10)})
	if e := model.ErrorOf(err); e == nil || e.Code != model.ECONFLICT || e.Field != "supplement" || !strings.Contains(e.Message, "2024-1") {
		t.Fatalf("overlapping range: %v", err)
	}
	supp, err := a.IssueBulletin(ctx, office, app.BulletinRequest{From: sep15, To: model.Ymd(2024, 10, 10), Supplement: true})
	if err != nil || !supp.Supplement || supp.Number != 2 {
		t.Fatalf("supplement: %+v %v", supp, err)
	}

	for _, c := range []struct {
		who, reason string
		code        string
	}{{apptest.Leader, "错误", model.EFORBIDDEN}, {apptest.UnitKJC, "错误", model.EFORBIDDEN}, {apptest.Office, "  ", model.EINVALID}} {
		if _, err := a.VoidBulletin(ctx, apptest.Account(t, a, c.who), first.ID, c.reason); model.ErrorCode(err) != c.code {
			t.Errorf("void as %s with %q: %v, want %s", c.who, c.reason, err, c.code)
		}
	}
	events := apptest.AuditCount(t, a)
	voided, err := a.VoidBulletin(ctx, office, first.ID, "统计口径有误，重新印发")
	if err != nil {
		t.Fatal(err)
	}
	if v := voided.Voided; v == nil || v.By != apptest.Office || v.Reason != "统计口径有误，重新印发" || voided.Number != 1 {
		t.Fatalf("voided: %+v", voided)
	}
	if got := apptest.AuditCount(t, a); got != events+1 {
		t.Errorf("a void wrote %d audit events, want 1", got-events)
	}
	if _, err := a.VoidBulletin(ctx, office, first.ID, "再次作废"); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("second void: %v", err)
	}
	if _, err := a.VoidBulletin(ctx, office, 9999, "不存在"); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("void of no bulletin: %v", err)
	}
	read, err := a.Bulletin(ctx, apptest.Account(t, a, apptest.UnitRSC), first.ID)
	if err != nil || read.Voided == nil || len(read.Sections.Overdue)+len(read.Sections.Orange)+len(read.Sections.Completed) != len(first.Sections.Overdue)+len(first.Sections.Orange)+len(first.Sections.Completed) {
		t.Errorf("a voided bulletin stays readable as issued: %+v %v", read, err)
	}
	// The supplement still stands over part of September; voided, the
	// range is free again, and the next number is 3: 1 is never reused.
	if _, err := a.VoidBulletin(ctx, office, supp.ID, "并入重新印发的通报"); err != nil {
		t.Fatal(err)
	}
	again, err := a.IssueBulletin(ctx, office, app.BulletinRequest{From: sep1, To: sep30})
	if err != nil || again.Number != 3 || again.Supplement {
		t.Fatalf("re-issue after the voids: %+v %v", again, err)
	}
}

// TestNoticeVoid: a voided notice stays readable, struck from its
// recipients' unread counts and the missed-report counts; a reason is
// required and only the office voids.
func TestNoticeVoid(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	if run, err := a.RunDay(ctx, "test"); err != nil || !run.Ran {
		t.Fatalf("daily job: %+v %v", run, err)
	}
	ns, err := a.Notices(ctx, office, model.NoticeFilter{})
	if err != nil || len(ns) == 0 {
		t.Fatalf("notices: %d %v", len(ns), err)
	}
	var n model.Notice
	for _, x := range ns {
		if len(x.Recipients) > 0 || x.Unit != "" {
			n = x
			break
		}
	}
	full, err := a.Notice(ctx, office, n.ID)
	if err != nil || len(full.Recipients) == 0 {
		t.Fatalf("notice %d has no recipients: %v", n.ID, err)
	}
	who := apptest.Account(t, a, full.Recipients[0])
	before, err := a.UnreadNotices(ctx, who)
	if err != nil || before == 0 {
		t.Fatalf("unread before: %d %v", before, err)
	}
	if _, err := a.VoidNotice(ctx, who, n.ID, "发错了"); who.Role != model.RoleOffice && model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("void by its recipient %s: %v", who.Username, err)
	}
	if _, err := a.VoidNotice(ctx, office, n.ID, ""); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("void without a reason: %v", err)
	}
	v, err := a.VoidNotice(ctx, office, n.ID, "事项已调整，提醒作废")
	if err != nil || v.Voided == nil || v.Number != n.Number {
		t.Fatalf("void: %+v %v", v, err)
	}
	if after, _ := a.UnreadNotices(ctx, who); after != before-1 {
		t.Errorf("unread %d → %d, want one fewer", before, after)
	}
	if _, err := a.Notice(ctx, who, n.ID); err != nil {
		t.Errorf("a voided notice stays readable: %v", err)
	}

	// A voided bulletin notice is no longer proposed for carrying over, and
	// a voided report notice no longer counts its unit's missed cycle.
	for _, kind := range []model.NoticeKind{model.NoticeBulletin, model.NoticeReport} {
		var x model.Notice
		for _, y := range ns {
			if y.Kind == kind && y.ID != n.ID {
				x = y
				break
			}
		}
		if x.ID == 0 {
			t.Fatalf("the fixture's day gave no %s notice", kind)
		}
		inProposals := func() bool {
			ps, err := a.CarryOverProposals(ctx, office)
			if err != nil {
				t.Fatal(err)
			}
			return slices.ContainsFunc(ps, func(p model.Notice) bool { return p.ID == x.ID })
		}
		missed := func() int {
			m, err := a.MissedReports(ctx, office)
			if err != nil {
				t.Fatal(err)
			}
			return m[x.Unit]
		}
		proposed, missedBefore := inProposals(), missed()
		if kind == model.NoticeBulletin && !proposed || kind == model.NoticeReport && missedBefore == 0 {
			t.Fatalf("%s notice %d counts nowhere before its void: proposed %v, missed %d", kind, x.ID, proposed, missedBefore)
		}
		if _, err := a.VoidNotice(ctx, office, x.ID, "重复发送"); err != nil {
			t.Fatal(err)
		}
		if kind == model.NoticeBulletin && inProposals() {
			t.Errorf("voided bulletin notice %d is still proposed for carrying over", x.ID)
		}
		if kind == model.NoticeReport && missed() != missedBefore-1 {
			t.Errorf("voided report notice %d: missed reports of %s %d → %d, want one fewer", x.ID, x.Unit, missedBefore, missed())
		}
	}
}
