package app_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestCanEdit: the office and the lead unit change a measure; a
// cooperating unit reports on it but does not change it; nobody else does
// either.
func TestCanEdit(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	cases := []struct {
		user, code   string
		edit, report bool
	}{
		{apptest.Admin, apptest.MeasureB, true, true},
		{apptest.Office, apptest.MeasureB, true, true},
		{apptest.Leader, apptest.MeasureB, false, false},
		{apptest.UnitJWC, apptest.MeasureB, true, true},  // leads B
		{apptest.UnitKJC, apptest.MeasureB, false, true}, // cooperates on B
		{apptest.UnitRSC, apptest.MeasureB, false, false},
		{apptest.UnitKJC, apptest.MeasureA, true, true}, // leads A
		{apptest.UnitJWC, apptest.MeasureA, false, false},
	}
	for _, c := range cases {
		d, err := a.Measure(ctx, app.System, c.code)
		if err != nil {
			t.Fatal(err)
		}
		acct := apptest.Account(t, a, c.user)
		if got := app.CanEdit(acct, d.Measure); got != c.edit {
			t.Errorf("CanEdit(%s, %s) = %v, want %v", c.user, c.code, got, c.edit)
		}
		if got := app.CanReport(acct, d.Measure); got != c.report {
			t.Errorf("CanReport(%s, %s) = %v, want %v", c.user, c.code, got, c.report)
		}
	}
}

// TestCooperatingUnitChangesNothing: kjc1, whose unit cooperates on
// measure B, may change none of its fields, not even the working ones the
// lead unit may (owner, detail, milestones), and nothing is written; it
// still reports progress on its part.
func TestCooperatingUnitChangesNothing(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	kjc, jwc := apptest.Account(t, a, apptest.UnitKJC), apptest.Account(t, a, apptest.UnitJWC)
	before, err := a.Measure(ctx, app.System, apptest.MeasureB)
	if err != nil {
		t.Fatal(err)
	}
	owner, detail := apptest.UnitKJC, "由协办单位改写的工作安排"
	milestones := []model.Milestone{{Title: "协办单位的节点", Due: model.Ymd(2024, 9, 1)}}
	for what, p := range map[string]app.MeasurePatch{
		"owner": {Owner: &owner}, "detail": {Detail: &detail}, "milestones": {Milestones: &milestones},
	} {
		if _, err := a.UpdateMeasure(ctx, kjc, apptest.MeasureB, p); model.ErrorCode(err) != model.EFORBIDDEN {
			t.Errorf("cooperating unit changes the %s: %v, want forbidden", what, err)
		}
	}
	after, err := a.Measure(ctx, app.System, apptest.MeasureB)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("measure B changed (-before +after):\n%s", diff)
	}

	// The lead unit changes the working fields, not what was asked.
	if _, err := a.UpdateMeasure(ctx, jwc, apptest.MeasureB, app.MeasurePatch{Detail: &detail, Milestones: &milestones}); err != nil {
		t.Errorf("lead unit changes the detail and milestones: %v", err)
	}
	title := "新标题"
	if _, err := a.UpdateMeasure(ctx, jwc, apptest.MeasureB, app.MeasurePatch{Title: &title}); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("lead unit changes the title: %v", err)
	}
	if _, err := a.ReportProgress(ctx, kjc, apptest.MeasureB, &model.ProgressReport{Percent: 30, Note: "协办部分已完成调研"}); err != nil {
		t.Errorf("cooperating unit reports on its part: %v", err)
	}
}

// TestEvidenceOnOwnReports: a unit adds files to its own unit's reports on
// a measure, the lead's and the cooperating unit's alike, and to no other
// unit's (nor the office's); the office adds to any report.
func TestEvidenceOnOwnReports(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	if err := a.CreateAccount(ctx, apptest.Account(t, a, apptest.Admin),
		model.Account{Username: "kjc2", Role: model.RoleUnit, Unit: "KJC", Name: "科技处第二联络员"}, "Tall-Mountain-42"); err != nil {
		t.Fatal(err)
	}
	report := func(user string) int64 {
		t.Helper()
		r := model.ProgressReport{Percent: 20, Note: user + " 的进展"}
		if _, err := a.ReportProgress(ctx, apptest.Account(t, a, user), apptest.MeasureB, &r); err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	byLead, byCooperating, byOffice := report(apptest.UnitJWC), report(apptest.UnitKJC), report(apptest.Office)
	cases := []struct {
		user   string
		report int64
		want   string
	}{
		{apptest.UnitKJC, byLead, model.EFORBIDDEN}, // the probe's finding
		{apptest.UnitKJC, byOffice, model.EFORBIDDEN},
		{apptest.UnitJWC, byCooperating, model.EFORBIDDEN},
		{apptest.UnitRSC, byCooperating, model.EFORBIDDEN},
		{apptest.Leader, byLead, model.EFORBIDDEN},
		{apptest.UnitKJC, byCooperating, ""},
		{"kjc2", byCooperating, ""}, // the same unit
		{apptest.UnitJWC, byLead, ""},
		{apptest.Office, byLead, ""},
		{apptest.Admin, byCooperating, ""},
	}
	for _, c := range cases {
		files := []model.Evidence{{Name: "材料.pdf", Data: apptest.PDF(c.user)}}
		_, err := a.AddEvidence(ctx, apptest.Account(t, a, c.user), apptest.MeasureB, c.report, files)
		if got := model.ErrorCode(err); got != c.want {
			t.Errorf("%s adds evidence to report %d: %v, want %q", c.user, c.report, err, c.want)
		}
	}
}
