package api

import (
	"net/http"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestMeasureRecur reads and writes "recur": set on create, changed and
// cleared (null) by a merge patch, refused on ongoing work (422 naming
// recur) and from a unit (403 naming recur).
func TestMeasureRecur(t *testing.T) {
	e := newEnv(t)
	office := e.tokens["office"]
	status, b := e.do("POST", "/api/v1/measures", office, `{"title":"每月召开一次安全生产检查","lead_unit":"KJC",
		"deadline":"2024年10月底前","recur":"monthly"}`)
	if status != http.StatusCreated {
		t.Fatalf("create: %d %s", status, b)
	}
	var m measureJSON
	mustUnmarshal(t, b, &m)
	if m.Recur != model.RecurMonthly {
		t.Errorf("created with recur %q", m.Recur)
	}
	status, b = e.do("GET", "/api/v1/measures/"+apptest.MeasureA, office, "")
	var raw map[string]any
	mustUnmarshal(t, b, &raw)
	if status != http.StatusOK || raw["recur"] != "" {
		t.Errorf("a measure that does not recur: %d, recur %#v", status, raw["recur"])
	}
	for _, c := range []struct{ body, want string }{
		{`{"recur":"term"}`, model.RecurTerm},
		{`{"recur":null}`, ""},
		{`{"recur":"monthly"}`, model.RecurMonthly},
	} {
		status, b = e.do("PATCH", "/api/v1/measures/"+m.Code, office, c.body)
		var got measureJSON
		mustUnmarshal(t, b, &got)
		if status != http.StatusOK || got.Recur != c.want {
			t.Errorf("patch %s: %d, recur %q", c.body, status, got.Recur)
		}
	}
	for _, c := range []struct{ method, path, body string }{
		{"POST", "/api/v1/measures", `{"title":"长期工作","lead_unit":"KJC","deadline":"长期坚持","recur":"monthly"}`},
		{"POST", "/api/v1/measures", `{"title":"每周例会","lead_unit":"KJC","deadline":"2024年10月底前","recur":"weekly"}`},
		{"PATCH", "/api/v1/measures/" + m.Code, `{"due":null}`},
	} {
		status, b = e.do(c.method, c.path, office, c.body)
		if got := apiError(t, b); status != http.StatusUnprocessableEntity || got.Field != "recur" {
			t.Errorf("%s %s: %d %+v, want 422 naming recur", c.method, c.body, status, got)
		}
	}
	status, b = e.do("PATCH", "/api/v1/measures/"+apptest.MeasureA, e.tokens["own"], `{"recur":"monthly"}`)
	if got := apiError(t, b); status != http.StatusForbidden || got.Field != "recur" {
		t.Errorf("a unit sets recur: %d %+v", status, got)
	}
}
