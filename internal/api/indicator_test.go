package api

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// testIndicator is owned by KJC, the "own" role's unit.
const testIndicator = "ZB-KY"

// seedIndicator adds testIndicator with a baseline and target for 2024-H2.
func seedIndicator(t *testing.T, a *app.App) {
	t.Helper()
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	ind := model.Indicator{Code: testIndicator, Name: "科研经费", Kind: model.IndicatorCompetitive, MeasureUnit: "万元", OwnerUnit: "KJC", Theme: "research"}
	if err := a.CreateIndicator(ctx, office, &ind); err != nil {
		t.Fatal(err)
	}
	base, target := 10000.0, 12000.0
	if _, err := a.SetIndicatorValue(ctx, office, testIndicator, "2024-H2", app.ValuePatch{
		Baseline: app.Figure{Set: true, Value: &base}, Target: app.Figure{Set: true, Value: &target}}); err != nil {
		t.Fatal(err)
	}
}

// TestIndicatorLock: after the office locks the period a unit's write is a
// 409 and changes nothing; the office's correction with a reason is a 200,
// recorded with the old and new value.
func TestIndicatorLock(t *testing.T) {
	e := newEnv(t)
	seedIndicator(t, e.a)
	path := "/api/v1/indicators/" + testIndicator + "/values/2024-H2"
	if st, b := e.do("PUT", path, e.tokens["own"], `{"actual":11000,"evidence":"财务报表"}`); st != http.StatusOK ||
		!strings.Contains(string(b), `"judgement":"behind"`) || !strings.Contains(string(b), `"attainment":50`) {
		t.Fatalf("unit enters actual: %d %s", st, b)
	}
	if st, b := e.do("PUT", path, e.tokens["own"], `{"target":9000}`); st != http.StatusForbidden || apiError(t, b).Field != "target" {
		t.Errorf("unit sets target: %d %s", st, b)
	}
	if st, b := e.do("POST", "/api/v1/periods/2024-H2/lock", e.tokens["office"], ""); st != http.StatusOK || !strings.Contains(string(b), `"locked_by":"office1"`) {
		t.Fatalf("lock: %d %s", st, b)
	}
	before := snapshot(t, e.a)
	for _, role := range []string{"own", "office"} {
		if st, b := e.do("PUT", path, e.tokens[role], `{"actual":12500}`); st != http.StatusConflict || apiError(t, b).Code != model.ECONFLICT {
			t.Errorf("%s writes a locked period: %d %s", role, st, b)
		}
	}
	if st, _ := e.do("PUT", path, e.tokens["own"], `{"actual":12500,"reason":"漏报"}`); st != http.StatusForbidden {
		t.Errorf("unit corrects: %d", st)
	}
	after := snapshot(t, e.a)
	for tb := range before {
		if strings.Join(before[tb], "\n") != strings.Join(after[tb], "\n") {
			t.Errorf("table %s changed by refused writes", tb)
		}
	}
	st, b := e.do("PUT", path, e.tokens["office"], `{"actual":12500,"reason":"补录横向经费"}`)
	if st != http.StatusOK || !strings.Contains(string(b), `"judgement":"met"`) || !strings.Contains(string(b), `"locked":true`) {
		t.Fatalf("correction: %d %s", st, b)
	}
	st, b = e.do("GET", "/api/v1/indicators/"+testIndicator, e.tokens["leader"], "")
	var got indicatorJSON
	mustUnmarshal(t, b, &got)
	if st != http.StatusOK || len(got.Corrections) != 1 || got.Corrections[0].Reason != "补录横向经费" ||
		*got.Corrections[0].Before.Actual != 11000 || *got.Corrections[0].After.Actual != 12500 || len(got.Values) != 1 {
		t.Errorf("indicator after correction: %d %s", st, b)
	}
}

func TestIndicatorValidation(t *testing.T) {
	e := newEnv(t)
	seedIndicator(t, e.a)
	office := e.tokens["office"]
	cases := []struct {
		method, path, body, field string
	}{
		{"POST", "/api/v1/indicators", `{"code":"X1","name":"x","kind":"core","owner_unit":"KJC"}`, "kind"},
		{"POST", "/api/v1/indicators", `{"code":"X1","name":"x","kind":"basic","owner_unit":"NOPE"}`, "owner_unit"},
		{"POST", "/api/v1/indicators", `{"code":"X1","name":"x","kind":"basic","owner_unit":"KJC","direction":"up"}`, "direction"},
		{"POST", "/api/v1/indicators", `{"code":"` + testIndicator + `","name":"x","kind":"basic","owner_unit":"KJC"}`, "code"},
		{"PATCH", "/api/v1/indicators/" + testIndicator, `{"name":null}`, "name"},
		{"PUT", "/api/v1/indicators/" + testIndicator + "/values/2024-H3", `{"actual":1}`, "period"},
		{"PUT", "/api/v1/indicators/" + testIndicator + "/values/2024-H2", `{"actual":"many"}`, "actual"},
		{"PUT", "/api/v1/indicators/" + testIndicator + "/values/2024-H2", `{"actual":1,"reason":"x"}`, "reason"},
		{"GET", "/api/v1/indicators?kind=core", "", "kind"},
		{"GET", "/api/v1/indicators?period=2024", "", ""},
		{"POST", "/api/v1/periods/H2/lock", "", "period"},
	}
	for _, c := range cases {
		st, b := e.do(c.method, c.path, office, c.body)
		want := http.StatusUnprocessableEntity
		if c.field == "" {
			want = http.StatusOK
		}
		if st != want || (c.field != "" && apiError(t, b).Field != c.field) {
			t.Errorf("%s %s %s: %d %s, want %d field %q", c.method, c.path, c.body, st, b, want, c.field)
		}
	}
	if st, _ := e.do("GET", "/api/v1/indicators/NOPE", office, ""); st != http.StatusNotFound {
		t.Errorf("unknown indicator: %d", st)
	}
}
