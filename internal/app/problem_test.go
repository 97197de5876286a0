package app_test

import (
	"context"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestProblemPermissions tries every change to the problem register and to
// allocations as every role.
func TestProblemPermissions(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	acct := func(u string) model.Account { return apptest.Account(t, a, u) }
	office := acct(apptest.Office)
	users := []string{apptest.Admin, apptest.Office, apptest.Leader, apptest.UnitKJC, apptest.UnitRSC}

	// Raising a problem owned by KJC: office, admin and KJC itself.
	wantRaise := map[string]bool{apptest.Admin: true, apptest.Office: true, apptest.UnitKJC: true}
	for _, u := range users {
		p := model.Problem{Title: "用房紧张", OwnerUnit: "KJC"}
		err := a.CreateProblem(ctx, acct(u), &p)
		if (err == nil) != wantRaise[u] || (err != nil && model.ErrorCode(err) != model.EFORBIDDEN) {
			t.Errorf("%s raises for KJC: %v", u, err)
		}
	}
	// A unit's problem defaults to its own unit.
	own := model.Problem{Title: "编制不足"}
	if err := a.CreateProblem(ctx, acct(apptest.UnitRSC), &own); err != nil || own.OwnerUnit != "RSC" {
		t.Errorf("rsc raises its own: %v %q", err, own.OwnerUnit)
	}

	p := model.Problem{Title: "平台不足", OwnerUnit: "KJC", Leader: apptest.Leader}
	if err := a.CreateProblem(ctx, office, &p); err != nil {
		t.Fatal(err)
	}
	wantEdit := map[string]bool{apptest.Admin: true, apptest.Office: true, apptest.UnitKJC: true}
	for _, u := range users {
		n := "说明 " + u
		_, err := a.UpdateProblem(ctx, acct(u), p.Code, app.ProblemPatch{Notes: &n})
		if (err == nil) != wantEdit[u] {
			t.Errorf("%s edits: %v", u, err)
		}
		_, err = a.LinkProblemMeasure(ctx, acct(u), p.Code, apptest.MeasureA, true)
		if (err == nil) != wantEdit[u] {
			t.Errorf("%s links: %v", u, err)
		}
		if err == nil {
			if _, err := a.LinkProblemMeasure(ctx, acct(u), p.Code, apptest.MeasureA, false); err != nil {
				t.Errorf("%s unlinks: %v", u, err)
			}
		}
	}
	// The unit cannot hand its problem to another unit.
	rsc := "RSC"
	if _, err := a.UpdateProblem(ctx, acct(apptest.UnitKJC), p.Code, app.ProblemPatch{OwnerUnit: &rsc}); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("kjc gives its problem away: %v", err)
	}
	resolved := model.ProblemResolved
	if _, err := a.UpdateProblem(ctx, acct(apptest.UnitKJC), p.Code, app.ProblemPatch{Status: &resolved}); err != nil {
		t.Fatal(err)
	}
	// Close-out: not the units; the leader in charge may.
	for _, u := range []string{apptest.UnitKJC, apptest.UnitRSC} {
		if _, err := a.CloseProblem(ctx, acct(u), p.Code, ""); model.ErrorCode(err) != model.EFORBIDDEN {
			t.Errorf("%s closes out: %v", u, err)
		}
	}
	closed, err := a.CloseProblem(ctx, acct(apptest.Leader), p.Code, "已解决")
	if err != nil || closed.ClosedBy != apptest.Leader || closed.Status != model.ProblemClosed || !closed.ClosedAt.Equal(a.Now()) {
		t.Fatalf("leader closes out: %v %+v", err, closed)
	}
	// A leader not in charge may not close out.
	other := model.Problem{Title: "其他", OwnerUnit: "JWC"}
	if err := a.CreateProblem(ctx, office, &other); err != nil {
		t.Fatal(err)
	}
	a.UpdateProblem(ctx, office, other.Code, app.ProblemPatch{Status: &resolved})
	if _, err := a.CloseProblem(ctx, acct(apptest.Leader), other.Code, ""); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("leader not in charge closes out: %v", err)
	}
	d, err := a.Problem(ctx, app.System, p.Code)
	if err != nil {
		t.Fatal(err)
	}
	actions := map[string]int{}
	for _, ev := range d.History {
		actions[ev.Action]++
	}
	if actions["create"] != 1 || actions["close_out"] != 1 || actions["link_measure"] != 3 || actions["unlink_measure"] != 3 {
		t.Errorf("audit of %s: %v", p.Code, actions)
	}

	// Allocations: the office grants; the lead unit of the measure records spending.
	for _, u := range users {
		al := model.Allocation{Kind: "budget", Measure: apptest.MeasureA, Period: "2024-H2", Granted: 1000}
		err := a.CreateAllocation(ctx, acct(u), &al)
		if (err == nil) != app.IsOffice(acct(u)) {
			t.Errorf("%s grants: %v", u, err)
		}
	}
	al := model.Allocation{Kind: "budget", Measure: apptest.MeasureA, Period: "2024-H2", Granted: 1000}
	if err := a.CreateAllocation(ctx, office, &al); err != nil {
		t.Fatal(err)
	}
	wantSpend := map[string]bool{apptest.Admin: true, apptest.Office: true, apptest.UnitKJC: true}
	for _, u := range users {
		spent := model.Amount(100)
		_, err := a.UpdateAllocation(ctx, acct(u), al.ID, app.AllocationPatch{Spent: &spent})
		if (err == nil) != wantSpend[u] {
			t.Errorf("%s spends: %v", u, err)
		}
		if got := a.CanSpend(ctx, acct(u), al); got != wantSpend[u] {
			t.Errorf("CanSpend(%s) = %v", u, got)
		}
	}
}
