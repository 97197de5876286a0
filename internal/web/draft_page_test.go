package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestDraftReview decomposes the fixture's speech through the pages,
// refuses an accept that lacks a lead unit (422, typed text kept, nothing
// written), then accepts both drafts with a default deadline and finds the
// measures on the meeting page.
func TestDraftReview(t *testing.T) {
	a, srv := newServer(t)
	ctx := t.Context()
	ms, _ := a.Meetings(ctx, app.System)
	mt, _ := a.Meeting(ctx, app.System, ms[0].ID)
	item := mt.Items[0].ID
	base := fmt.Sprintf("/meetings/%d/items/%d", mt.ID, item)

	office := newClient(t, srv.URL)
	office.signIn(apptest.Office)
	code, _, h := office.post(base+"/decompose", nil)
	if code != http.StatusSeeOther || h.Get("Location") != base+"/drafts" {
		t.Fatalf("decompose: %d %s", code, h.Get("Location"))
	}
	code, body := office.get(base + "/drafts")
	if code != 200 || !strings.Contains(body, `<mark id="span-1"`) || !strings.Contains(body, `<mark id="span-2"`) {
		t.Fatalf("review page without marked speech: %d\n%s", code, body)
	}
	_, _, drafts, err := a.Drafts(ctx, app.System, item)
	if err != nil || len(drafts) != 2 {
		t.Fatalf("drafts: %v %+v", err, drafts)
	}
	row := func(i int, lead string) url.Values {
		id := fmt.Sprint(drafts[i].ID)
		return url.Values{"title-" + id: {drafts[i].Title + "（修改）"}, "theme-" + id: {drafts[i].Theme},
			"lead-" + id: {lead}, "leader-" + id: {apptest.Leader}, "deadline-" + id: {""}, "sel": {id}}
	}
	form := func(lead0, lead1 string) url.Values {
		f := row(0, lead0)
		for k, v := range row(1, lead1) {
			f[k] = append(f[k], v...)
		}
		f.Set("action", "accept-selected")
		f.Set("deadline", "2024年12月底前")
		return f
	}
	before, _, _ := a.Measures(ctx, app.System, storeFilter())
	code, body, _ = office.post(base+"/drafts", form("KJC", ""))
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "第 2 条待确认举措的牵头单位：必填") ||
		!strings.Contains(body, "（修改）") {
		t.Fatalf("accept without a lead unit: %d\n%s", code, body)
	}
	if after, _, _ := a.Measures(ctx, app.System, storeFilter()); len(after) != len(before) {
		t.Fatalf("a refused accept wrote %d measures", len(after)-len(before))
	}
	code, _, h = office.post(base+"/drafts", form("KJC", "JWC"))
	if code != http.StatusSeeOther || !strings.Contains(h.Get("Location"), "done=accepted&n=2") {
		t.Fatalf("accept: %d %s", code, h.Get("Location"))
	}
	_, _, drafts, _ = a.Drafts(ctx, app.System, item)
	for _, d := range drafts {
		if d.State != model.DraftAccepted || d.Measure == "" || !strings.HasSuffix(d.Title, "（修改）") {
			t.Errorf("draft %d: %s %q %q", d.Seq, d.State, d.Measure, d.Title)
		}
	}
	_, body = office.get(fmt.Sprintf("/meetings/%d", mt.ID))
	for _, d := range drafts {
		if !strings.Contains(body, d.Measure) {
			t.Errorf("meeting page does not list %s", d.Measure)
		}
	}
	leader := newClient(t, srv.URL)
	leader.signIn(apptest.Leader)
	if code, _ := leader.get(base + "/drafts"); code != http.StatusForbidden {
		t.Errorf("leader opens the review: %d", code)
	}
}
