package app_test

import (
	"context"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

var fullText = app.ReportText{Achievements: "一是建成平台。\n二是获批项目。", Situation: "竞争加剧。", Problems: "经费不足。", NextMeasures: "加快平台建设。"}

// TestReportFreezesOnSubmit submits KJC's report, moves a measure's
// progress and checks the report still shows the counts of the moment it
// was submitted; returned, it is live again; resubmitted, frozen anew.
func TestReportFreezesOnSubmit(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	kjc := apptest.Account(t, a, apptest.UnitKJC)
	office := apptest.Account(t, a, apptest.Office)
	counts := func() (done, notStarted int, state string) {
		t.Helper()
		d, err := a.UnitReport(ctx, office, "KJC", "2024-H2")
		if err != nil {
			t.Fatal(err)
		}
		m := d.Report.Figures.Measures
		return m.Count(model.Done), m.Count(model.NotStarted), d.Report.State
	}
	if _, err := a.SaveReport(ctx, kjc, "KJC", "2024-H2", fullText); err != nil {
		t.Fatal(err)
	}
	if done, ns, st := counts(); done != 0 || ns != 1 || st != model.ReportDraft {
		t.Fatalf("draft: done %d, not started %d, %s", done, ns, st)
	}
	r, err := a.SubmitReport(ctx, kjc, "KJC", "2024-H2")
	if err != nil || r.State != model.ReportSubmitted || r.SubmittedAt.IsZero() {
		t.Fatalf("submit: %+v %v", r, err)
	}
	progress := func(pct int) {
		t.Helper()
		if _, err := a.ReportProgress(ctx, kjc, apptest.MeasureA, &model.ProgressReport{Percent: pct, Note: "进展"}); err != nil {
			t.Fatal(err)
		}
	}
	progress(100)
	if done, ns, st := counts(); done != 0 || ns != 1 || st != model.ReportSubmitted {
		t.Errorf("submitted, after the measure was done: done %d, not started %d (%s); want the frozen 0, 1", done, ns, st)
	}
	if _, err := a.ReturnReport(ctx, office, "KJC", "2024-H2", "请补充数据。"); err != nil {
		t.Fatal(err)
	}
	if done, ns, st := counts(); done != 1 || ns != 0 || st != model.ReportReturned {
		t.Errorf("returned: done %d, not started %d (%s); want live 1, 0", done, ns, st)
	}
	if _, err := a.SubmitReport(ctx, kjc, "KJC", "2024-H2"); err != nil {
		t.Fatal(err)
	}
	progress(50)
	if done, ns, st := counts(); done != 1 || ns != 0 || st != model.ReportResubmitted {
		t.Errorf("resubmitted, then progress fell back: done %d, not started %d (%s); want the new frozen 1, 0", done, ns, st)
	}
	if _, err := a.AcceptReport(ctx, office, "KJC", "2024-H2"); err != nil {
		t.Fatal(err)
	}
	d, err := a.UnitReport(ctx, office, "KJC", "2024-H2")
	if err != nil || d.Report.State != model.ReportAccepted || d.Report.Figures.Measures.Count(model.Done) != 1 {
		t.Errorf("accepted: %+v %v", d.Report, err)
	}
	if d.Report.Comment != "请补充数据。" || d.Report.Achievements != fullText.Achievements {
		t.Errorf("comment or text lost: %+v", d.Report)
	}
	// Every change is one audit event: save, submit, return, submit, accept.
	if len(d.History) != 5 || d.History[0].Action != model.ReportAccept || d.History[4].Action != model.ReportSave {
		t.Errorf("history: %+v", d.History)
	}
}

// TestReportPermissions checks who may read, write and review reports.
func TestReportPermissions(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	acct := func(u string) model.Account { return apptest.Account(t, a, u) }
	kjc, rsc, office, leader, admin := acct(apptest.UnitKJC), acct(apptest.UnitRSC), acct(apptest.Office), acct(apptest.Leader), acct(apptest.Admin)
	for _, who := range []model.Account{rsc, office, leader, admin} {
		if _, err := a.SaveReport(ctx, who, "KJC", "2024-H2", fullText); model.ErrorCode(err) != model.EFORBIDDEN {
			t.Errorf("%s writes KJC's report: %v", who.Username, err)
		}
	}
	if _, err := a.SaveReport(ctx, kjc, "KJC", "2024-H2", fullText); err != nil {
		t.Fatal(err)
	}
	for _, who := range []model.Account{rsc, office, leader} {
		if _, err := a.SubmitReport(ctx, who, "KJC", "2024-H2"); model.ErrorCode(err) != model.EFORBIDDEN {
			t.Errorf("%s submits KJC's report: %v", who.Username, err)
		}
	}
	if _, err := a.SubmitReport(ctx, kjc, "KJC", "2024-H2"); err != nil {
		t.Fatal(err)
	}
	for _, who := range []model.Account{kjc, rsc, leader} {
		if _, err := a.ReturnReport(ctx, who, "KJC", "2024-H2", "改"); model.ErrorCode(err) != model.EFORBIDDEN {
			t.Errorf("%s returns: %v", who.Username, err)
		}
		if _, err := a.AcceptReport(ctx, who, "KJC", "2024-H2"); model.ErrorCode(err) != model.EFORBIDDEN {
			t.Errorf("%s accepts: %v", who.Username, err)
		}
	}
	if _, err := a.ReturnReport(ctx, office, "KJC", "2024-H2", "  "); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("return without a comment: %v", err)
	}
	for _, who := range []model.Account{kjc, office, leader, admin} {
		if _, err := a.UnitReport(ctx, who, "KJC", "2024-H2"); err != nil {
			t.Errorf("%s reads KJC's report: %v", who.Username, err)
		}
	}
	if _, err := a.UnitReport(ctx, rsc, "KJC", "2024-H2"); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("rsc1 reads KJC's report: %v", err)
	}
	if list, err := a.UnitReports(ctx, rsc, model.ReportFilter{}); err != nil || len(list) != 0 {
		t.Errorf("rsc1 lists reports: %v %v", list, err)
	}
	if list, err := a.UnitReports(ctx, leader, model.ReportFilter{Period: "2024-H2"}); err != nil || len(list) != 1 {
		t.Errorf("leader lists reports: %v %v", list, err)
	}
	if _, err := a.ReportOverview(ctx, kjc, "2024-H2"); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("unit sees the overview: %v", err)
	}
	if _, err := a.Compendium(ctx, rsc, "2024-H2"); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("unit reads the compendium: %v", err)
	}
	if _, err := a.SaveReport(ctx, kjc, "KJC", "2024-H2", fullText); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("edit a submitted report: %v", err)
	}
	if _, err := a.SaveReport(ctx, kjc, "KJC", "2024-H9", fullText); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("bad period: %v", err)
	}
}

// TestReportSubmitNeedsEverySection refuses an incomplete submission and
// writes nothing.
func TestReportSubmitNeedsEverySection(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	kjc := apptest.Account(t, a, apptest.UnitKJC)
	if _, err := a.SubmitReport(ctx, kjc, "KJC", "2024-H2"); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("submit a report never started: %v", err)
	}
	if _, err := a.SaveReport(ctx, kjc, "KJC", "2024-H2", app.ReportText{Achievements: "只写了成绩"}); err != nil {
		t.Fatal(err)
	}
	_, err := a.SubmitReport(ctx, kjc, "KJC", "2024-H2")
	if e := model.ErrorOf(err); e == nil || e.Code != model.EINVALID || e.Field != "situation" {
		t.Fatalf("incomplete submit: %v", err)
	}
	d, _ := a.UnitReport(ctx, kjc, "KJC", "2024-H2")
	if d.Report.State != model.ReportDraft || len(d.History) != 1 {
		t.Errorf("after a refused submit: %s, %d events", d.Report.State, len(d.History))
	}
}

// TestReportOverview lists every unit but the leadership group with its
// state, and names those that have not submitted.
func TestReportOverview(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	kjc, jwc := apptest.Account(t, a, apptest.UnitKJC), apptest.Account(t, a, apptest.UnitJWC)
	for _, u := range []model.Account{kjc, jwc} {
		if _, err := a.SaveReport(ctx, u, u.Unit, "2024-H2", fullText); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.SubmitReport(ctx, kjc, "KJC", "2024-H2"); err != nil {
		t.Fatal(err)
	}
	rows, err := a.ReportOverview(ctx, apptest.Account(t, a, apptest.Leader), "2024-H2")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows {
		got[r.Unit.Code] = r.Report.State
	}
	want := map[string]string{"DB": model.ReportNotStarted, "KJC": model.ReportSubmitted, "JWC": model.ReportDraft, "RSC": model.ReportNotStarted}
	if len(got) != len(want) {
		t.Errorf("overview units: %v", got)
	}
	for u, s := range want {
		if got[u] != s {
			t.Errorf("%s: %q, want %q", u, got[u], s)
		}
	}
	var missing []string
	for _, u := range app.NotSubmitted(rows) {
		missing = append(missing, u.Code)
	}
	if len(missing) != 3 || contains(missing, "KJC") || contains(missing, "LDR") {
		t.Errorf("not submitted: %v", missing)
	}
	comp, err := a.Compendium(ctx, apptest.Account(t, a, apptest.Office), "2024-H2")
	if err != nil || len(comp) != 1 || comp[0].Unit.Code != "KJC" {
		t.Errorf("compendium: %+v %v", comp, err)
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
