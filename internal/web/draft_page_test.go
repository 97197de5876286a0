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

// TestDraftReviewRework covers the reworked review: units chosen with
// pickers (a plain select carrying the words each unit is found by), a
// deadline read from the meeting's day (2024-06-29) shown beside the words
// or refused beside the field, a split at a point that leaves no comma on
// either part, "merged into" naming the row, and the printed table.
func TestDraftReviewRework(t *testing.T) {
	a, srv := newServer(t)
	ctx := t.Context()
	ms, _ := a.Meetings(ctx, app.System)
	mt, _ := a.Meeting(ctx, app.System, ms[0].ID)
	item := mt.Items[0].ID
	base := fmt.Sprintf("/meetings/%d/items/%d", mt.ID, item)
	office := newClient(t, srv.URL)
	office.signIn(apptest.Office)
	if code, _, _ := office.post(base+"/decompose", nil); code != http.StatusSeeOther {
		t.Fatalf("decompose: %d", code)
	}
	_, _, drafts, _ := a.Drafts(ctx, app.System, item)
	if len(drafts) != 2 {
		t.Fatalf("drafts: %+v", drafts)
	}
	d := drafts[0]
	id := fmt.Sprint(d.ID)

	_, body := office.get(base + "/drafts")
	for _, want := range []string{
		`<div class="picker" data-picker data-remove=`,
		`<select id="lead-` + id + `" name="lead-` + id + `">`,
		`<select id="coop-` + id + `" name="coop-` + id + `" multiple size="4">`,
		`<option value="JWC" data-search="教务处 academic affairs office jwc"`,
		`<section class="print-only decomposition-table">`,
		`<th scope="col">责任领导</th>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("review page lacks %s", want)
		}
	}

	row := func(deadline string, action string) url.Values {
		return url.Values{"title-" + id: {d.Title}, "theme-" + id: {d.Theme}, "lead-" + id: {"KJC"},
			"coop-" + id: {"JWC", "RSC"}, "leader-" + id: {""}, "deadline-" + id: {deadline}, "action": {action}}
	}
	// Before the meeting: refused beside the field, nothing saved.
	code, body, _ := office.post(base+"/drafts", row("2024年5月底前", "save:"+id))
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `<span id="due-`+id+`" class="due ferr">“2024年5月底前”读作 2024-05-31，早于会议日期 2024-06-29</span>`) ||
		!strings.Contains(body, `value="2024年5月底前"`) {
		t.Fatalf("a deadline before the meeting: %d\n%s", code, body)
	}
	if _, _, ds, _ := a.Drafts(ctx, app.System, item); ds[0].Deadline != "" || len(ds[0].CooperatingUnits) != 0 {
		t.Errorf("a refused save wrote %+v", ds[0])
	}
	// Said on 2024-06-29, 10月底前 is 2024-10-31 and 一个月内 2024-07-29.
	// (in this order: the printed table below shows the last one saved)
	for _, c := range []struct{ deadline, due string }{{"10月底前", "2024-10-31"}, {"一个月内", "2024-07-29"}} {
		deadline, due := c.deadline, c.due
		code, _, h := office.post(base+"/drafts", row(deadline, "save:"+id))
		if code != http.StatusSeeOther || !strings.HasSuffix(h.Get("Location"), "?done=saved&n=0#draft-1") {
			t.Fatalf("save %s: %d %s", deadline, code, h.Get("Location"))
		}
		_, body = office.get(base + "/drafts")
		if !strings.Contains(body, `<span id="due-`+id+`" class="due">→ `+due+`</span>`) {
			t.Errorf("%s: the day it is read as (%s) is not shown", deadline, due)
		}
	}
	_, _, ds, _ := a.Drafts(ctx, app.System, item)
	if strings.Join(ds[0].CooperatingUnits, ",") != "JWC,RSC" || ds[0].LeadUnit != "KJC" {
		t.Errorf("saved units: %s / %v", ds[0].LeadUnit, ds[0].CooperatingUnits)
	}
	if _, body = office.get(base + "/drafts"); !strings.Contains(body, "<td>科学技术处</td>\n        <td>教务处、人事处</td>") ||
		!strings.Contains(body, "一个月内<br><span class=\"muted\">2024-07-29</span>") {
		t.Errorf("the printed table lacks the units or the deadline:\n%s", body)
	}

	// Split without a point: refused in the reader's language.
	code, body, _ = office.post(base+"/drafts", url.Values{"action": {"split:" + id}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "请把光标放在要拆分的位置") {
		t.Errorf("split without a point: %d", code)
	}
	// Split just before the comma: the second part does not start with it.
	at := len([]rune("要加强有组织科研"))
	code, _, h := office.post(base+"/drafts", url.Values{"action": {"split:" + id}, "at-" + id: {fmt.Sprint(at)}})
	if code != http.StatusSeeOther || !strings.Contains(h.Get("Location"), "done=split") {
		t.Fatalf("split: %d %s", code, h.Get("Location"))
	}
	_, _, ds, _ = a.Drafts(ctx, app.System, item)
	if len(ds) != 3 || ds[0].Title != "要加强有组织科研" || ds[1].Title != "推进重大平台建设" || ds[1].Seq != 2 {
		t.Fatalf("after the split: %+v", ds)
	}
	// Merge rows 2 and 3: row 3 names row 2 as where it went.
	form := url.Values{"action": {"merge"}, "sel": {fmt.Sprint(ds[1].ID), fmt.Sprint(ds[2].ID)}}
	if code, _, _ := office.post(base+"/drafts", form); code != http.StatusSeeOther {
		t.Fatalf("merge: %d", code)
	}
	_, body = office.get(base + "/drafts")
	if !strings.Contains(body, `→ <a href="#draft-2">第 2 条</a>`) {
		t.Errorf("the merged row does not name row 2")
	}
	// The printed table holds no form control.
	printed := body[strings.Index(body, `<section class="print-only decomposition-table">`):]
	for _, tag := range []string{"<input", "<select", "<textarea", "<button", "<form"} {
		if strings.Contains(printed, tag) {
			t.Errorf("the printed table holds %s", tag)
		}
	}
}
