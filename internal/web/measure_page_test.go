package web

import (
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/apptest"
)

// TestMeasurePageEditButton: the measure page offers the edit button to
// those app.CanEdit lets change the measure, the office and the lead unit,
// and the progress form to every unit involved: kjc1 cooperates on measure
// B, so it gets the form there but not the button.
func TestMeasurePageEditButton(t *testing.T) {
	_, srv := newServer(t)
	cases := []struct {
		user, code   string
		edit, report bool
	}{
		{apptest.Office, apptest.MeasureB, true, true},
		{apptest.UnitJWC, apptest.MeasureB, true, true},  // leads B
		{apptest.UnitKJC, apptest.MeasureB, false, true}, // cooperates on B
		{apptest.UnitKJC, apptest.MeasureA, true, true},  // leads A
		{apptest.UnitRSC, apptest.MeasureB, false, false},
		{apptest.Leader, apptest.MeasureB, false, false},
	}
	for _, c := range cases {
		cl := newClient(t, srv.URL)
		cl.signIn(c.user)
		code, body := cl.get("/measures/" + c.code)
		if code != ok {
			t.Fatalf("%s on %s: %d", c.user, c.code, code)
		}
		if got := strings.Contains(body, `href="/measures/`+c.code+`/edit"`); got != c.edit {
			t.Errorf("%s on %s: edit button %v, want %v", c.user, c.code, got, c.edit)
		}
		if got := strings.Contains(body, `id="report-form"`); got != c.report {
			t.Errorf("%s on %s: progress form %v, want %v", c.user, c.code, got, c.report)
		}
	}
}
