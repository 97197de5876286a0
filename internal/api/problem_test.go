package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// seedProblems registers, as the office, a problem of KJC in leader1's
// charge addressed by measure A (open), a second one resolved and ready to
// be closed out, and a budget granted to measure A. It returns their codes
// and the allocation's path.
func seedProblems(t *testing.T, a *app.App) (open, resolved, allocation string) {
	t.Helper()
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	p1 := model.Problem{Title: "高水平科研平台不足", Severity: "high", OwnerUnit: "KJC", Leader: apptest.Leader,
		Measures: []string{apptest.MeasureA}}
	p2 := model.Problem{Title: "实验用房紧张", Severity: "medium", OwnerUnit: "KJC", Leader: apptest.Leader}
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
	return p1.Code, p2.Code, fmt.Sprintf("/api/v1/allocations/%d", al.ID)
}

func TestProblemAPI(t *testing.T) {
	e := newEnv(t)
	office, kjc, leader := e.tokens["office"], e.tokens["own"], e.tokens["leader"]
	status, b := e.do("POST", "/api/v1/problems", kjc, `{"title":"科研经费执行率偏低","description":"上半年执行率不足三成"}`)
	if status != http.StatusCreated {
		t.Fatalf("unit raises: %d %s", status, b)
	}
	var p problemJSON
	mustUnmarshal(t, b, &p)
	if p.Code != "P2024-001" || p.OwnerUnit != "KJC" || p.Source != "unit" || p.SourceUnit == nil || *p.SourceUnit != "KJC" ||
		p.Status != "open" || p.Severity != "medium" || !p.Unlinked || len(p.Measures) != 0 || p.CloseOut != nil {
		t.Errorf("created: %+v", p)
	}
	path := "/api/v1/problems/" + p.Code
	status, b = e.do("PATCH", path, office, `{"measures":["`+apptest.MeasureA+`"],"leader":"leader1","status":"in_progress"}`)
	mustUnmarshal(t, b, &p)
	if status != http.StatusOK || p.Unlinked || !slices.Equal(p.Measures, []string{apptest.MeasureA}) || p.Status != "in_progress" {
		t.Fatalf("link: %d %s", status, b)
	}
	// The unit may not take the leader off it, nor close it out.
	if status, b = e.do("PATCH", path, kjc, `{"leader":null}`); status != http.StatusForbidden || apiError(t, b).Field != "leader" {
		t.Errorf("unit changes leader: %d %s", status, b)
	}
	if status, _ = e.do("POST", path+"/close", kjc, `{}`); status != http.StatusForbidden {
		t.Errorf("unit closes out: %d", status)
	}
	// Not resolved yet: no close-out.
	if status, b = e.do("POST", path+"/close", leader, `{"note":"已解决"}`); status != http.StatusConflict {
		t.Errorf("close in progress: %d %s", status, b)
	}
	if status, b = e.do("PATCH", path, kjc, `{"status":"resolved"}`); status != http.StatusOK {
		t.Fatalf("resolve: %d %s", status, b)
	}
	status, b = e.do("POST", path+"/close", leader, `{"note":"平台经费已落实"}`)
	mustUnmarshal(t, b, &p)
	if status != http.StatusOK || p.Status != "closed" || p.CloseOut == nil || p.CloseOut.By != apptest.Leader ||
		p.CloseOut.Note != "平台经费已落实" || p.CloseOut.At.IsZero() {
		t.Fatalf("close out: %d %s", status, b)
	}
	if status, _ = e.do("PATCH", path, office, `{"notes":"x"}`); status != http.StatusConflict {
		t.Errorf("patch closed: %d", status)
	}
	// Filters: one linked and closed, one unlinked.
	e.do("POST", "/api/v1/problems", office, `{"title":"学科交叉融合不够","owner_unit":"JWC","severity":"high"}`)
	for q, want := range map[string][]string{
		"":                        {"P2024-002", "P2024-001"},
		"?unlinked=true":          {"P2024-002"},
		"?status=closed":          {"P2024-001"},
		"?unit=JWC&severity=high": {"P2024-002"},
		"?severity=low":           {},
		"?status=open&unit=KJC":   {},
	} {
		status, b := e.do("GET", "/api/v1/problems"+q, office, "")
		var out list[problemJSON]
		mustUnmarshal(t, b, &out)
		var got []string
		for _, it := range out.Items {
			got = append(got, it.Code)
		}
		if status != http.StatusOK || !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("list %q: %d %v, want %v", q, status, got, want)
		}
	}
	for _, q := range []string{"?status=done", "?severity=urgent", "?unlinked=maybe", "?colour=red"} {
		if status, _ := e.do("GET", "/api/v1/problems"+q, office, ""); status != http.StatusUnprocessableEntity {
			t.Errorf("list %q: %d, want 422", q, status)
		}
	}
}

func TestAllocationAPI(t *testing.T) {
	e := newEnv(t)
	office, kjc, rsc := e.tokens["office"], e.tokens["own"], e.tokens["other"]
	// Today is 2024-10-15: 2024-H2 is more than half over, 2025-H1 has not begun.
	bodies := []string{
		`{"kind":"budget","measure":"2024H2-001","period":"2024-H2","granted":50,"spent":2.5,"note":"平台建设经费"}`,
		`{"kind":"posts","unit":"RSC","period":"2024-H2","granted":5,"spent":6}`,
		`{"kind":"space","unit":"KJC","period":"2025-H1","granted":300.75}`,
	}
	var ids []int64
	for _, body := range bodies {
		status, b := e.do("POST", "/api/v1/allocations", office, body)
		if status != http.StatusCreated {
			t.Fatalf("create %s: %d %s", body, status, b)
		}
		var a allocationJSON
		mustUnmarshal(t, b, &a)
		ids = append(ids, a.ID)
	}
	status, b := e.do("GET", fmt.Sprintf("/api/v1/allocations/%d", ids[0]), kjc, "")
	var a allocationJSON
	mustUnmarshal(t, b, &a)
	if status != http.StatusOK || a.Measure == nil || *a.Measure != apptest.MeasureA || a.Unit != nil || a.AmountUnit != "万元" ||
		a.Granted != 5000 || a.Spent != 250 || !a.Idle || a.OverSpent {
		t.Errorf("budget: %d %s", status, b)
	}
	if !strings.Contains(string(b), `"granted":50,`) || !strings.Contains(string(b), `"spent":2.5,`) {
		t.Errorf("amounts not decimal numbers: %s", b)
	}
	// The lead unit of the measure records spending, nothing else; others not at all.
	path := fmt.Sprintf("/api/v1/allocations/%d", ids[0])
	if status, b = e.do("PATCH", path, kjc, `{"spent":20}`); status != http.StatusOK {
		t.Fatalf("kjc spends: %d %s", status, b)
	}
	mustUnmarshal(t, b, &a)
	if a.Idle || a.Spent != 2000 {
		t.Errorf("after spending: %s", b)
	}
	if status, b = e.do("PATCH", path, kjc, `{"granted":80}`); status != http.StatusForbidden || apiError(t, b).Field != "granted" {
		t.Errorf("kjc grants itself more: %d %s", status, b)
	}
	if status, _ = e.do("PATCH", path, rsc, `{"spent":1}`); status != http.StatusForbidden {
		t.Errorf("rsc spends on KJC's measure: %d", status)
	}
	if status, _ = e.do("PATCH", fmt.Sprintf("/api/v1/allocations/%d", ids[1]), rsc, `{"spent":4}`); status != http.StatusOK {
		t.Errorf("rsc spends its own posts: %d", status)
	}
	// Move a grant from a measure to a unit: one set, the other nulled.
	if status, b = e.do("PATCH", path, office, `{"measure":null,"unit":"JWC"}`); status != http.StatusOK {
		t.Errorf("move to unit: %d %s", status, b)
	}
	e.do("PATCH", fmt.Sprintf("/api/v1/allocations/%d", ids[1]), office, `{"spent":6}`)
	for q, want := range map[string]int{"": 3, "?flag=over_spent": 1, "?flag=idle": 0, "?kind=space": 1, "?unit=RSC": 1,
		"?period=2025-H1": 1, "?measure=2024H2-001": 0, "?unit=JWC&kind=budget": 1} {
		status, b := e.do("GET", "/api/v1/allocations"+q, rsc, "")
		var out list[allocationJSON]
		mustUnmarshal(t, b, &out)
		if status != http.StatusOK || len(out.Items) != want {
			t.Errorf("list %q: %d, %d items, want %d: %s", q, status, len(out.Items), want, b)
		}
	}
	for _, q := range []string{"?flag=red", "?kind=money", "?period=2024-H3", "?owner=x"} {
		if status, _ := e.do("GET", "/api/v1/allocations"+q, office, ""); status != http.StatusUnprocessableEntity {
			t.Errorf("list %q: %d, want 422", q, status)
		}
	}
	if status, _ := e.do("GET", "/api/v1/allocations/999", office, ""); status != http.StatusNotFound {
		t.Errorf("unknown allocation: %d", status)
	}
}

// TestProblemAllocationValidation checks bad input gets 422 naming the
// field, and writes nothing.
func TestProblemAllocationValidation(t *testing.T) {
	e := newEnv(t)
	open, _, alloc := seedProblems(t, e.a)
	office := e.tokens["office"]
	alloc1 := map[string]any{"kind": "budget", "measure": apptest.MeasureA, "period": "2024-H2", "granted": 10}
	with := func(base map[string]any, change func(m map[string]any)) string {
		m := map[string]any{}
		for k, v := range base {
			m[k] = v
		}
		change(m)
		b, _ := json.Marshal(m)
		return string(b)
	}
	prob := map[string]any{"title": "学科布局不优", "owner_unit": "KJC", "severity": "high"}
	pp := "/api/v1/problems/" + open
	cases := []struct{ name, method, path, body, field string }{
		{"problem no title", "POST", "/api/v1/problems", with(prob, func(m map[string]any) { delete(m, "title") }), "title"},
		{"problem bad severity", "POST", "/api/v1/problems", with(prob, func(m map[string]any) { m["severity"] = "urgent" }), "severity"},
		{"problem unknown unit", "POST", "/api/v1/problems", with(prob, func(m map[string]any) { m["owner_unit"] = "XYZ" }), "owner_unit"},
		{"problem no owner", "POST", "/api/v1/problems", with(prob, func(m map[string]any) { delete(m, "owner_unit") }), "owner_unit"},
		{"problem leader not a leader", "POST", "/api/v1/problems", with(prob, func(m map[string]any) { m["leader"] = apptest.UnitKJC }), "leader"},
		{"problem unknown measure", "POST", "/api/v1/problems", with(prob, func(m map[string]any) { m["measures"] = []string{"2024H2-999"} }), "measures"},
		{"problem bad measure code", "POST", "/api/v1/problems", with(prob, func(m map[string]any) { m["measures"] = []string{"x"} }), "measures"},
		{"problem meeting without item", "POST", "/api/v1/problems", with(prob, func(m map[string]any) { m["source"] = "meeting" }), "agenda_item"},
		{"problem unknown item", "POST", "/api/v1/problems", with(prob, func(m map[string]any) { m["source"], m["agenda_item"] = "meeting", 9999 }), "agenda_item"},
		{"problem bad source", "POST", "/api/v1/problems", with(prob, func(m map[string]any) { m["source"] = "rumour" }), "source"},
		{"problem status typed", "POST", "/api/v1/problems", with(prob, func(m map[string]any) { m["status"] = "closed" }), "status"},
		{"patch status closed", "PATCH", pp, `{"status":"closed"}`, "status"},
		{"patch status unknown", "PATCH", pp, `{"status":"done"}`, "status"},
		{"patch title null", "PATCH", pp, `{"title":null}`, "title"},
		{"patch unknown measure", "PATCH", pp, `{"measures":["2024H2-999"]}`, "measures"},
		{"close note not text", "POST", pp + "/close", `{"note":5}`, "note"},
		{"alloc both", "POST", "/api/v1/allocations", with(alloc1, func(m map[string]any) { m["unit"] = "KJC" }), "unit"},
		{"alloc neither", "POST", "/api/v1/allocations", with(alloc1, func(m map[string]any) { delete(m, "measure") }), "measure"},
		{"alloc unknown measure", "POST", "/api/v1/allocations", with(alloc1, func(m map[string]any) { m["measure"] = "2024H2-999" }), "measure"},
		{"alloc unknown unit", "POST", "/api/v1/allocations", with(alloc1, func(m map[string]any) { delete(m, "measure"); m["unit"] = "XYZ" }), "unit"},
		{"alloc negative granted", "POST", "/api/v1/allocations", with(alloc1, func(m map[string]any) { m["granted"] = -1 }), "granted"},
		{"alloc negative spent", "POST", "/api/v1/allocations", with(alloc1, func(m map[string]any) { m["spent"] = -0.5 }), "spent"},
		{"alloc three decimals", "POST", "/api/v1/allocations", with(alloc1, func(m map[string]any) { m["granted"] = 1.005 }), "granted"},
		{"alloc amount as text", "POST", "/api/v1/allocations", with(alloc1, func(m map[string]any) { m["granted"] = "ten" }), "granted"},
		{"alloc bad kind", "POST", "/api/v1/allocations", with(alloc1, func(m map[string]any) { m["kind"] = "money" }), "kind"},
		{"alloc wrong unit of amount", "POST", "/api/v1/allocations", with(alloc1, func(m map[string]any) { m["amount_unit"] = "个" }), "amount_unit"},
		{"alloc bad period", "POST", "/api/v1/allocations", with(alloc1, func(m map[string]any) { m["period"] = "2024-H3" }), "period"},
		{"patch alloc both", "PATCH", alloc, `{"unit":"KJC"}`, "unit"},
		{"patch alloc negative", "PATCH", alloc, `{"spent":-3}`, "spent"},
		{"patch alloc granted null", "PATCH", alloc, `{"granted":null}`, "granted"},
	}
	before := snapshot(t, e.a)
	for _, c := range cases {
		status, b := e.do(c.method, c.path, office, c.body)
		if status != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422: %.300s", c.name, status, b)
			continue
		}
		if got := apiError(t, b); got.Code != model.EINVALID || got.Field != c.field || got.Message == "" {
			t.Errorf("%s: error %+v, want field %q", c.name, got, c.field)
		}
	}
	after := snapshot(t, e.a)
	for tb := range before {
		if !slices.Equal(before[tb], after[tb]) {
			t.Errorf("table %s changed by rejected requests", tb)
		}
	}
}
