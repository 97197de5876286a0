package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// seedProblems registers, as the office, an open problem of KJC in leader1's
// charge addressed by measure A, a second one resolved and ready to be
// closed out, and a budget for measure A. It returns the codes and the
// allocation's id.
func seedProblems(t *testing.T, a *app.App) (open, resolved string, allocation int64) {
	t.Helper()
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	p1 := model.Problem{Title: "高水平科研平台不足", Severity: "high", OwnerUnit: "KJC", Leader: apptest.Leader,
		Measures: []string{apptest.MeasureA}}
	p2 := model.Problem{Title: "实验用房紧张", OwnerUnit: "KJC", Leader: apptest.Leader}
	for _, p := range []*model.Problem{&p1, &p2} {
		if err := a.CreateProblem(ctx, office, p); err != nil {
			t.Fatal(err)
		}
	}
	st := model.ProblemResolved
	if _, err := a.UpdateProblem(ctx, office, p2.Code, app.ProblemPatch{Status: &st}); err != nil {
		t.Fatal(err)
	}
	al := model.Allocation{Kind: "budget", Measure: apptest.MeasureA, Period: "2024-H2", Granted: 10000}
	if err := a.CreateAllocation(ctx, office, &al); err != nil {
		t.Fatal(err)
	}
	return p1.Code, p2.Code, al.ID
}

// problemScenarios are the routes of the problem register and resources.
func problemScenarios(t *testing.T, a *app.App) []scenario {
	open, resolved, alloc := seedProblems(t, a)
	pp := "/problems/" + open
	ap := fmt.Sprintf("/allocations/%d/edit", alloc)
	// Each visitor allowed to links measure B if it is not linked, else unlinks it.
	toggle := func() url.Values {
		d, err := a.Problem(context.Background(), app.System, open)
		if err != nil {
			t.Fatal(err)
		}
		f := url.Values{"measure": {apptest.MeasureB}}
		if slices.Contains(d.Problem.Measures, apptest.MeasureB) {
			f.Set("unlink", "1")
		}
		return f
	}
	raiser := want{def: see, role: map[string]int{apptest.Leader: denied}}
	return []scenario{
		{"GET /problems", "/problems", nil, signedInOnly(ok)},
		{"GET /problems", "/problems?status=open&unit=KJC&severity=high&unlinked=1", nil, signedInOnly(ok)},
		{"GET /problems/new", "/problems/new", nil, want{def: ok, role: map[string]int{"anon": see, apptest.Leader: denied}}},
		{"POST /problems/new", "/problems/new", func() url.Values {
			return url.Values{"title": {"科研用房紧张"}, "severity": {"high"}, "source": {"unit"}, "owner_unit": {"KJC"}}
		}, raiser},
		{"GET /problems/{code}", pp, nil, signedInOnly(ok)},
		{"GET /problems/{code}", "/problems/P2024-999", nil, signedInOnly(notFound)},
		{"GET /problems/{code}/edit", pp + "/edit", nil, involved(ok)},
		{"POST /problems/{code}/edit", pp + "/edit", func() url.Values {
			return url.Values{"title": {"高水平科研平台不足"}, "severity": {"high"}, "source": {"unit"}, "owner_unit": {"KJC"},
				"leader": {apptest.Leader}, "status": {"in_progress"}, "notes": {"已列入年度计划"}}
		}, involved(see)},
		{"POST /problems/{code}/measures", pp + "/measures", toggle, involved(see)},
		// Admin closes it out; the office and the leader in charge then find it closed (409).
		{"POST /problems/{code}/close", "/problems/" + resolved + "/close", func() url.Values { return url.Values{"note": {"已解决"}} },
			want{def: denied, role: map[string]int{"anon": see, apptest.Admin: see, apptest.Office: http.StatusConflict, apptest.Leader: http.StatusConflict}}},
		{"GET /allocations", "/allocations", nil, signedInOnly(ok)},
		{"GET /allocations", "/allocations?kind=budget&unit=KJC&period=2024-H2&flag=idle", nil, signedInOnly(ok)},
		{"GET /allocations/new", "/allocations/new", nil, officeOnly(ok)},
		{"POST /allocations/new", "/allocations/new", func() url.Values {
			return url.Values{"kind": {"posts"}, "unit": {"RSC"}, "period": {"2024-H2"}, "granted": {"3"}}
		}, officeOnly(see)},
		{"GET /allocations/{id}/edit", ap, nil, involved(ok)},
		{"GET /allocations/{id}/edit", "/allocations/999/edit", nil, signedInOnly(notFound)},
		{"POST /allocations/{id}/edit", ap, func() url.Values {
			return url.Values{"kind": {"budget"}, "measure": {apptest.MeasureA}, "period": {"2024-H2"}, "granted": {"100"}, "spent": {"12.5"}}
		}, involved(see)},
	}
}

// TestProblemPages checks the register's flag, the close-out record, the
// measure page's new section, and that bad allocation input is shown by
// its field with nothing written.
func TestProblemPages(t *testing.T) {
	a, srv := newServer(t)
	open, resolved, alloc := seedProblems(t, a)
	office := newClient(t, srv.URL)
	office.signIn(apptest.Office)
	if code, body, _ := office.post("/problems/new", url.Values{"title": {"学科交叉不够"}, "owner_unit": {"JWC"}, "severity": {"low"}}); code != see {
		t.Fatalf("register: %d %s", code, body)
	}
	_, body := office.get("/problems?unlinked=1")
	if !strings.Contains(body, "学科交叉不够") || !strings.Contains(body, "无举措对应") || strings.Contains(body, open) {
		t.Errorf("unlinked filter:\n%s", body)
	}
	leader := newClient(t, srv.URL)
	leader.signIn(apptest.Leader)
	if code, _, _ := leader.post("/problems/"+resolved+"/close", url.Values{"note": {"经费已落实"}}); code != see {
		t.Fatalf("leader closes out: %d", code)
	}
	_, body = office.get("/problems/" + resolved)
	if !strings.Contains(body, "王校长 于") || !strings.Contains(body, "经费已落实") {
		t.Errorf("close-out record missing:\n%s", body)
	}
	_, body = office.get("/measures/" + apptest.MeasureA)
	if !strings.Contains(body, open) || !strings.Contains(body, "已用 0 / 100 万元") || !strings.Contains(body, "闲置") {
		t.Errorf("measure page lacks its problems and allocations:\n%s", body)
	}
	if code, body, _ := office.post("/problems/"+open+"/measures", url.Values{"measure": {"2024H2-999"}}); code != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "没有举措 2024H2-999") {
		t.Errorf("link unknown measure: %d", code)
	}
	before, _ := a.Allocations(context.Background(), app.System, storeAllocationFilter())
	for _, c := range []struct {
		form  url.Values
		field string
	}{
		{url.Values{"kind": {"budget"}, "measure": {apptest.MeasureA}, "unit": {"KJC"}, "period": {"2024-H2"}, "granted": {"1"}}, "unit"},
		{url.Values{"kind": {"budget"}, "period": {"2024-H2"}, "granted": {"1"}}, "measure"},
		{url.Values{"kind": {"budget"}, "measure": {"2024H2-999"}, "period": {"2024-H2"}, "granted": {"1"}}, "measure"},
		{url.Values{"kind": {"budget"}, "unit": {"KJC"}, "period": {"2024-H2"}, "granted": {"-5"}}, "granted"},
		{url.Values{"kind": {"budget"}, "unit": {"KJC"}, "period": {"2024-H2"}, "granted": {"5"}, "spent": {"abc"}}, "spent"},
	} {
		code, body, _ := office.post("/allocations/new", c.form)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-`+c.field+`"`) ||
			!strings.Contains(body, `name="`+c.field+`"`) || !strings.Contains(body, `class="ferr"`) {
			t.Errorf("%v: %d, want 422 at %s", c.form, code, c.field)
		}
	}
	after, _ := a.Allocations(context.Background(), app.System, storeAllocationFilter())
	if len(after) != len(before) {
		t.Errorf("bad input wrote allocations: %d → %d", len(before), len(after))
	}
	// The lead unit records spending only.
	kjc := newClient(t, srv.URL)
	kjc.signIn(apptest.UnitKJC)
	if code, _, _ := kjc.post(fmt.Sprintf("/allocations/%d/edit", alloc), url.Values{"spent": {"60"}, "granted": {"999"}}); code != see {
		t.Fatalf("kjc records spending: %d", code)
	}
	al, _ := a.Allocation(context.Background(), app.System, alloc)
	if al.Spent != 6000 || al.Granted != 10000 || al.Idle {
		t.Errorf("after kjc's spending: %+v", al)
	}
}

func storeAllocationFilter() model.AllocationFilter { return model.AllocationFilter{} }

// beforeSignOut inserts extra scenarios before the last one, the sign-out
// that ends every session.
func beforeSignOut(scenarios, extra []scenario) []scenario {
	n := len(scenarios) - 1
	return append(append(scenarios[:n:n], extra...), scenarios[n])
}
