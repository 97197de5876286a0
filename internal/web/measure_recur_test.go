package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestMeasureFormRecur round-trips the "recurs" select: created monthly,
// shown selected in the edit form, changed to each term, stopped; an
// ongoing measure that recurs comes back with 422 at the select.
func TestMeasureFormRecur(t *testing.T) {
	a, srv := newServer(t)
	office := newClient(t, srv.URL)
	office.signIn(apptest.Office)
	form := func(recur, deadline string) url.Values {
		return url.Values{"title": {"每月召开一次安全生产检查"}, "theme": {"resources"}, "period": {"2024-H2"}, "lead_unit": {"KJC"},
			"priority": {"0"}, "deadline": {deadline}, "recur": {recur}}
	}
	_, body := office.get("/measures/new")
	if !strings.Contains(body, `<label for="f-recur">`) || !strings.Contains(body, `<select id="f-recur" name="recur"`) {
		t.Fatalf("the new measure form has no labelled recur select")
	}
	code, _, h := office.post("/measures/new", form("monthly", "2024年10月底前"))
	if code != see {
		t.Fatalf("create: %d", code)
	}
	mc := strings.TrimPrefix(h.Get("Location"), "/measures/")
	recurOf := func() string {
		t.Helper()
		d, err := a.Measure(t.Context(), app.System, mc)
		if err != nil {
			t.Fatal(err)
		}
		return d.Measure.Recur
	}
	if got := recurOf(); got != model.RecurMonthly {
		t.Fatalf("created %s with recur %q", mc, got)
	}
	_, body = office.get("/measures/" + mc + "/edit")
	if !strings.Contains(body, `<option value="monthly" selected>`) {
		t.Errorf("the edit form does not show monthly selected")
	}
	for _, recur := range []string{model.RecurTerm, ""} {
		f := form(recur, "2024年10月底前") // as the edit form posts it, with its dates
		f.Set("start", "2024-07-01")
		f.Set("due", "2024-10-31")
		if code, _, _ := office.post("/measures/"+mc+"/edit", f); code != see {
			t.Fatalf("edit to %q: %d", recur, code)
		}
		if got := recurOf(); got != recur {
			t.Errorf("after the edit: recur %q, want %q", got, recur)
		}
	}

	code, body, _ = office.post("/measures/new", form("monthly", "长期坚持"))
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `<select id="f-recur" name="recur" aria-describedby="f-recur-hint" aria-invalid="true">`) ||
		!strings.Contains(body, `<option value="monthly" selected>`) || !strings.Contains(body, "不能设重复周期") {
		t.Errorf("ongoing and monthly: %d\n%s", code, body)
	}
	if ms, _, _ := a.Measures(t.Context(), app.System, storeFilter()); len(ms) != 4 {
		t.Errorf("%d measures, want the fixture's 3 and the one created", len(ms))
	}
}
