package app_test

import (
	"context"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestWithdrawProgress: a unit takes back a report not yet reviewed; it
// stays, marked withdrawn, the measure's progress goes back to the latest
// report still counting, and it cannot be reviewed or withdrawn again.
// Another unit may not take it back, nor anyone a reviewed report.
func TestWithdrawProgress(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	kjc, office := apptest.Account(t, a, apptest.UnitKJC), apptest.Account(t, a, apptest.Office)
	first := model.ProgressReport{Percent: 30, Note: "方案论证完成"}
	if _, err := a.ReportProgress(ctx, kjc, apptest.MeasureA, &first); err != nil {
		t.Fatal(err)
	}
	if err := a.ReviewProgress(ctx, office, first.ID, model.ReviewAccepted, ""); err != nil {
		t.Fatal(err)
	}
	wrong := model.ProgressReport{Percent: 90, Note: "填错了百分比"}
	if _, err := a.ReportProgress(ctx, kjc, apptest.MeasureA, &wrong); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{apptest.UnitRSC, apptest.Leader, apptest.Office} {
		if _, err := a.WithdrawProgress(ctx, apptest.Account(t, a, who), wrong.ID); model.ErrorCode(err) != model.EFORBIDDEN {
			t.Errorf("%s withdraws kjc1's report: %v", who, err)
		}
	}
	det, err := a.Measure(ctx, kjc, apptest.MeasureA)
	if err != nil || !det.Reports[0].MayWithdraw || det.Reports[1].MayWithdraw {
		t.Fatalf("the page offers to withdraw the pending report only: %+v %v", det.Reports, err)
	}
	if d, _ := a.Measure(ctx, apptest.Account(t, a, apptest.UnitRSC), apptest.MeasureA); d.Reports[0].MayWithdraw {
		t.Error("another unit is offered to withdraw kjc1's report")
	}
	m, err := a.WithdrawProgress(ctx, kjc, wrong.ID)
	if err != nil || m.Progress != 30 {
		t.Fatalf("withdrawn: progress %d, %v; want 30", m.Progress, err)
	}
	det, _ = a.Measure(ctx, office, apptest.MeasureA)
	if det.Reports[0].ID != wrong.ID || det.Reports[0].Review != model.ReviewWithdrawn {
		t.Errorf("the withdrawn report stays, marked: %+v", det.Reports[0])
	}
	if _, err := a.WithdrawProgress(ctx, kjc, wrong.ID); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("withdrawn twice: %v", err)
	}
	if err := a.ReviewProgress(ctx, office, wrong.ID, model.ReviewAccepted, ""); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("a withdrawn report reviewed: %v", err)
	}
	if _, err := a.WithdrawProgress(ctx, kjc, first.ID); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("a reviewed report withdrawn: %v", err)
	}
}

// TestWithdrawReport: a submitted half-year report goes back to a draft
// (a resubmitted one to returned) and can be sent again; an accepted one
// cannot be taken back; only its unit withdraws it.
func TestWithdrawReport(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	kjc, office := apptest.Account(t, a, apptest.UnitKJC), apptest.Account(t, a, apptest.Office)
	text := app.ReportText{Achievements: "成绩", Situation: "形势", Problems: "问题", NextMeasures: "举措"}
	if _, err := a.SaveReport(ctx, kjc, "KJC", "2024-H2", text); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SubmitReport(ctx, kjc, "KJC", "2024-H2"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.WithdrawReport(ctx, apptest.Account(t, a, apptest.UnitRSC), "KJC", "2024-H2"); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("another unit withdraws: %v", err)
	}
	r, err := a.WithdrawReport(ctx, kjc, "KJC", "2024-H2")
	if err != nil || r.State != model.ReportDraft || !r.Editable() || r.Frozen() {
		t.Fatalf("withdrawn: %s %v", r.State, err)
	}
	if _, err := a.SubmitReport(ctx, kjc, "KJC", "2024-H2"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ReturnReport(ctx, office, "KJC", "2024-H2", "请补充数据"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SubmitReport(ctx, kjc, "KJC", "2024-H2"); err != nil {
		t.Fatal(err)
	}
	if r, err := a.WithdrawReport(ctx, kjc, "KJC", "2024-H2"); err != nil || r.State != model.ReportReturned {
		t.Fatalf("a second reading withdrawn: %s %v, want returned", r.State, err)
	}
	if _, err := a.SubmitReport(ctx, kjc, "KJC", "2024-H2"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AcceptReport(ctx, office, "KJC", "2024-H2"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.WithdrawReport(ctx, kjc, "KJC", "2024-H2"); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("an accepted report withdrawn: %v", err)
	}
}
