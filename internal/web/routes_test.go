package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// roles are the visitors every scenario runs as: no session, then one
// account per role, plus a unit account involved in measures A (leads) and
// B (cooperates), kjc1, and one involved in nothing (rsc1).
var roles = []string{"anon", apptest.Admin, apptest.Office, apptest.Leader, apptest.UnitKJC, apptest.UnitRSC}

// want gives the expected status per role; missing roles expect def.
type want struct {
	def  int
	role map[string]int
}

func (w want) of(role string) int {
	if s, ok := w.role[role]; ok {
		return s
	}
	return w.def
}

const (
	ok       = http.StatusOK
	see      = http.StatusSeeOther
	denied   = http.StatusForbidden
	notFound = http.StatusNotFound
)

// signedInOnly: 303 to sign-in without a session, s for every account.
func signedInOnly(s int) want { return want{def: s, role: map[string]int{"anon": see}} }

// officeOnly: 303 without a session, s for office and admin, 403 for others.
func officeOnly(s int) want {
	return want{def: denied, role: map[string]int{"anon": see, apptest.Admin: s, apptest.Office: s}}
}

// involved: s for office, admin and kjc1 (leads measure A, cooperates on
// measure B).
func involved(s int) want {
	return want{def: denied, role: map[string]int{"anon": see, apptest.Admin: s, apptest.Office: s, apptest.UnitKJC: s}}
}

type scenario struct {
	route string // "METHOD pattern" as in routes
	path  string
	form  func() url.Values
	want  want
}

// TestRoutes runs every UI route for every role and checks the status. It
// fails when a route in the table has no scenario, so new routes cannot
// skip their permission check.
func TestRoutes(t *testing.T) {
	a, srv := newServer(t)
	reportID := fileReport(t, a, apptest.MeasureA)
	// A report kjc1 sends, for kjc1 (only) to take back.
	sent := model.ProgressReport{Percent: 15, Note: "误报"}
	if _, err := a.ReportProgress(t.Context(), apptest.Account(t, a, apptest.UnitKJC), apptest.MeasureA, &sent); err != nil {
		t.Fatal(err)
	}
	evidenceID := fileEvidence(t, a)
	seedIndicator(t, a)
	submitUnitReports(t, a, apptest.UnitJWC, apptest.UnitRSC) // for the office to return and accept
	meeting, err := a.Meetings(t.Context(), app.System)
	if err != nil || len(meeting) != 1 {
		t.Fatal(err)
	}
	mt, _ := a.Meeting(t.Context(), app.System, meeting[0].ID)
	mid := fmt.Sprint(mt.ID)
	iid := fmt.Sprint(mt.Items[0].ID)
	itemPath := "/meetings/" + mid + "/items/" + iid
	// The speech came as a text file, kept with the item for anyone to
	// download.
	if _, err := a.SetSpeech(t.Context(), apptest.Account(t, a, apptest.Office), mt.ID, mt.Items[0].Seq,
		model.SpeechFile{Name: "讲话.txt", Data: []byte(mt.Items[0].Text)}); err != nil {
		t.Fatal(err)
	}
	speechItem := mt.Items[0].ID
	meetingForm := func() url.Values {
		return url.Values{"kind": {"retreat"}, "title": {"暑期工作研讨会"}, "date": {"2024-06-29"}, "items": {"1"},
			"item.0.id": {fmt.Sprint(mt.Items[0].ID)}, "item.0.kind": {"speech"}, "item.0.title": {"校长讲话"}, "item.0.text": {mt.Items[0].Text}}
	}
	measureForm := func() url.Values {
		return url.Values{"title": {"推进重大科研平台建设"}, "detail": {"按计划推进"}, "theme": {"research"}, "period": {"2024-H2"},
			"lead_unit": {"KJC"}, "leader": {apptest.Leader}, "deadline": {"2024年12月底前"}, "priority": {"1"}, "milestones": {"0"}}
	}
	// Measure B is led by JWC with KJC cooperating: kjc1 reports on it but
	// does not change it. The office's form keeps B as it is but its detail.
	b, err := a.Measure(t.Context(), app.System, apptest.MeasureB)
	if err != nil {
		t.Fatal(err)
	}
	measureBForm := func() url.Values {
		m := b.Measure
		return url.Values{"title": {m.Title}, "detail": {"教务处补充的工作安排"}, "theme": {m.Theme}, "period": {m.Period}, "lead_unit": {m.LeadUnit},
			"cooperating_units": m.CooperatingUnits, "leader": {m.Leader}, "start": {m.Start.String()}, "due": {m.Due.String()},
			"deadline": {m.Deadline}, "priority": {"0"}, "milestones": {"0"}}
	}
	scenarios := []scenario{
		{"GET /static/{file}", "/static/luoshi.css", nil, want{def: ok}},
		{"GET /static/{file}", "/static/nope.js", nil, want{def: notFound}},
		{"GET /signin", "/signin", nil, want{def: ok}},
		{"POST /signin", "/signin", func() url.Values { return url.Values{"username": {"office1"}, "password": {apptest.Password}} }, want{def: denied}},
		{"POST /lang", "/lang", func() url.Values { return url.Values{"lang": {"en"}, "next": {"/measures"}} }, signedInOnly(see)},
		{"GET /{$}", "/", nil, signedInOnly(ok)},
		{"GET /{$}", "/?sort=total&theme=research&period=2024-H2", nil, signedInOnly(ok)},
		{"GET /dashboard", "/dashboard", nil, signedInOnly(ok)},
		{"GET /dashboard", "/dashboard?leader=" + apptest.Leader, nil, signedInOnly(ok)},
		{"GET /dashboard", "/dashboard?leader=" + apptest.UnitKJC, nil, signedInOnly(notFound)}, // not a leader
		{"GET /dashboard/data.json", "/dashboard/data.json", nil, signedInOnly(ok)},
		{"GET /meetings", "/meetings", nil, signedInOnly(ok)},
		{"GET /meetings/new", "/meetings/new", nil, officeOnly(ok)},
		{"POST /meetings/new", "/meetings/new", func() url.Values { f := meetingForm(); f.Del("item.0.id"); return f }, officeOnly(see)},
		{"GET /meetings/{id}", "/meetings/" + mid, nil, signedInOnly(ok)},
		{"GET /meetings/{id}", "/meetings/9999", nil, signedInOnly(notFound)},
		{"GET /meetings/{id}/edit", "/meetings/" + mid + "/edit", nil, officeOnly(ok)},
		{"POST /meetings/{id}/edit", "/meetings/" + mid + "/edit", meetingForm, officeOnly(see)},
		{"GET /meetings/{id}/export.xlsx", "/meetings/" + mid + "/export.xlsx", nil, officeOnly(ok)},
		{"GET /meetings/{id}/export.xlsx", "/meetings/9999/export.xlsx", nil, officeOnly(notFound)},
		{"GET /meetings/{id}/items/{item}/file", fmt.Sprintf("/meetings/%s/items/%d/file", mid, speechItem), nil, signedInOnly(ok)},
		{"GET /meetings/{id}/items/{item}/file", fmt.Sprintf("/meetings/%s/items/%d/file", mid, 9999), nil, signedInOnly(notFound)},
		{"POST /meetings/{id}/items/{item}/decompose", itemPath + "/decompose", nil, officeOnly(see)},
		{"POST /meetings/{id}/items/{item}/decompose", "/meetings/9999/items/" + iid + "/decompose", nil,
			want{def: notFound, role: map[string]int{"anon": see}}},
		{"GET /meetings/{id}/items/{item}/drafts", itemPath + "/drafts", nil, officeOnly(ok)},
		{"POST /meetings/{id}/items/{item}/drafts", itemPath + "/drafts",
			func() url.Values { return url.Values{"action": {"save-all"}} }, officeOnly(see)},
		{"GET /measures", "/measures", nil, signedInOnly(ok)},
		{"GET /measures", "/measures?unit=KJC&status=overdue&q=%E6%94%B9%E9%9D%A9", nil, signedInOnly(ok)},
		{"GET /measures/new", "/measures/new", nil, officeOnly(ok)},
		{"POST /measures/new", "/measures/new", measureForm, officeOnly(see)},
		{"GET /measures/export.xlsx", "/measures/export.xlsx", nil, officeOnly(ok)},
		{"GET /measures/export.xlsx", "/measures/export.xlsx?theme=research&status=not_started&meeting=" + mid, nil, officeOnly(ok)},
		{"GET /measures/import", "/measures/import", nil, officeOnly(ok)},
		// A form without a file: the office is asked for one (422).
		{"POST /measures/import", "/measures/import", nil, officeOnly(http.StatusUnprocessableEntity)},
		{"GET /measures/{code}", "/measures/" + apptest.MeasureA, nil, signedInOnly(ok)},
		{"GET /measures/{code}", "/measures/2024H2-999", nil, signedInOnly(notFound)},
		{"GET /measures/{code}/edit", "/measures/" + apptest.MeasureA + "/edit", nil, involved(ok)},
		{"POST /measures/{code}/edit", "/measures/" + apptest.MeasureA + "/edit", measureForm, involved(see)},
		{"POST /measures/{code}/progress", "/measures/" + apptest.MeasureA + "/progress",
			func() url.Values { return url.Values{"percent": {"40"}, "note": {"完成方案论证"}} }, involved(see)},
		{"GET /measures/{code}/edit", "/measures/" + apptest.MeasureB + "/edit", nil, officeOnly(ok)},
		{"POST /measures/{code}/edit", "/measures/" + apptest.MeasureB + "/edit", measureBForm, officeOnly(see)},
		{"POST /measures/{code}/progress", "/measures/" + apptest.MeasureB + "/progress",
			func() url.Values { return url.Values{"percent": {"30"}, "note": {"协办部分已完成调研"}} }, involved(see)},
		{"POST /measures/{code}/comments", "/measures/" + apptest.MeasureA + "/comments",
			func() url.Values { return url.Values{"text": {"请加快进度"}} },
			want{def: see, role: map[string]int{apptest.UnitRSC: denied}}},
		{"POST /progress/{id}/review", fmt.Sprintf("/progress/%d/review", reportID),
			func() url.Values { return url.Values{"review": {"accepted"}} }, officeOnly(see)},
		{"GET /todo", "/todo", nil, signedInOnly(ok)},
		{"GET /mentions", "/mentions?unseen=1", nil, signedInOnly(ok)},
		// Reminders by hand: the office previews what would be issued; an
		// unknown measure is refused beside the list (422).
		{"POST /notices/remind", "/notices/remind", func() url.Values { return url.Values{"measure": {apptest.MeasureA}} }, officeOnly(ok)},
		{"POST /notices/remind", "/notices/remind", func() url.Values { return url.Values{"measure": {"2099H1-999"}, "confirm": {"1"}} }, officeOnly(unprocessable)},
		{"GET /progress", "/progress", nil, want{def: ok, role: map[string]int{"anon": see}}},
		{"GET /progress", "/progress?review=returned&unit=KJC", nil, want{def: ok, role: map[string]int{"anon": see}}},
		{"GET /progress", "/progress?review=nope", nil, want{def: unprocessable, role: map[string]int{"anon": see}}},
		// Nothing chosen: the queue again with the reason (422); rsc1 and the
		// leader may not review.
		{"POST /progress/review", "/progress/review", nil, want{def: denied, role: map[string]int{"anon": see, apptest.Admin: unprocessable, apptest.Office: unprocessable}}},
		{"POST /progress/{id}/withdraw", fmt.Sprintf("/progress/%d/withdraw", sent.ID), nil,
			want{def: denied, role: map[string]int{"anon": see, apptest.UnitKJC: see}}},
		{"POST /progress/{id}/withdraw", "/progress/9999/withdraw", nil, signedInOnly(notFound)},
		// Evidence opens to the office, leaders and the units involved; rsc1 is
		// not (403: a file's existence is no secret, ids count up). Unknown: 404.
		{"GET /evidence/{id}", fmt.Sprintf("/evidence/%d", evidenceID), nil, want{def: ok, role: map[string]int{"anon": see, apptest.UnitRSC: denied}}},
		{"GET /evidence/{id}", "/evidence/9999", nil, signedInOnly(notFound)},
		{"GET /evidence/{id}", "/evidence/abc", nil, signedInOnly(notFound)},
		{"GET /settings/themes", "/settings/themes", nil, officeOnly(ok)},
		{"POST /settings/themes", "/settings/themes", func() url.Values { return url.Values{"unit-research": {"KJC"}} }, officeOnly(see)},
		{"POST /settings/themes", "/settings/themes", func() url.Values { return url.Values{"unit-research": {"NOPE"}} },
			want{def: denied, role: map[string]int{"anon": see, apptest.Admin: http.StatusUnprocessableEntity, apptest.Office: http.StatusUnprocessableEntity}}},
		{"GET /units", "/units", nil, signedInOnly(ok)},
		{"GET /units/{code}", "/units/KJC", nil, signedInOnly(ok)},
		{"GET /units/{code}", "/units/NOPE", nil, signedInOnly(notFound)},
		{"GET /indicators", "/indicators", nil, signedInOnly(ok)},
		{"GET /indicators", "/indicators?kind=competitive&unit=KJC&theme=research&period=2024-H2", nil, signedInOnly(ok)},
		{"GET /indicators/new", "/indicators/new", nil, officeOnly(ok)},
		{"POST /indicators/new", "/indicators/new", newIndicatorForm(), officeOnly(see)},
		{"GET /indicators/export.xlsx", "/indicators/export.xlsx?period=2024-H2", nil, signedInOnly(ok)},
		{"GET /indicators/import", "/indicators/import", nil, officeOnly(ok)},
		{"POST /indicators/import", "/indicators/import", nil, officeOnly(http.StatusUnprocessableEntity)},
		{"GET /indicators/{code}", "/indicators/" + webIndicator, nil, signedInOnly(ok)},
		{"GET /indicators/{code}", "/indicators/NOPE", nil, signedInOnly(notFound)},
		{"GET /indicators/{code}/edit", "/indicators/" + webIndicator + "/edit", nil, officeOnly(ok)},
		{"POST /indicators/{code}/edit", "/indicators/" + webIndicator + "/edit", func() url.Values {
			return url.Values{"name": {"科研经费"}, "kind": {"competitive"}, "measure_unit": {"万元"}, "direction": {"higher"}, "owner_unit": {"KJC"}, "theme": {"research"}}
		}, officeOnly(see)},
		{"POST /indicators/{code}/values", "/indicators/" + webIndicator + "/values",
			func() url.Values {
				return url.Values{"period": {"2024-H2"}, "actual": {"11000"}, "note": {"已统计"}}
			}, involved(see)},
		{"POST /periods/{code}/lock", "/periods/2024-H1/lock", nil, officeOnly(see)},
		{"GET /reports", "/reports", nil, want{def: ok, role: map[string]int{"anon": see, apptest.UnitKJC: see, apptest.UnitRSC: see}}},
		{"GET /reports", "/reports?period=2024-H1", nil, want{def: ok, role: map[string]int{"anon": see, apptest.UnitKJC: see, apptest.UnitRSC: see}}},
		{"GET /reports/compendium", "/reports/compendium?period=2024-H2", nil, readAllReports(ok)},
		{"GET /reports/compendium.docx", "/reports/compendium.docx?period=2024-H2", nil, readAllReports(ok)},
		{"GET /reports/compendium.xlsx", "/reports/compendium.xlsx?period=2024-H2", nil, readAllReports(ok)},
		{"GET /reports/{unit}/{period}", "/reports/KJC/2024-H2", nil, want{def: ok, role: map[string]int{"anon": see, apptest.UnitRSC: denied}}},
		{"GET /reports/{unit}/{period}", "/reports/NOPE/2024-H2", nil, readAllReports(notFound)},
		{"GET /reports/{unit}/{period}/edit", "/reports/KJC/2024-H2/edit", nil, reportWriter(ok)},
		{"POST /reports/{unit}/{period}/edit", "/reports/KJC/2024-H2/edit", func() url.Values {
			return url.Values{"achievements": {"一是……\n二是……"}, "situation": {"形势"}, "problems": {"问题"}, "next_measures": {"举措"}, "action": {"save"}}
		}, reportWriter(see)},
		{"POST /reports/{unit}/{period}/submit", "/reports/KJC/2024-H2/submit", nil, reportWriter(see)},
		{"POST /reports/{unit}/{period}/withdraw", "/reports/KJC/2024-H2/withdraw", nil, reportWriter(see)},
		// The office's second try finds the report already returned (accepted): 409.
		{"POST /reports/{unit}/{period}/return", "/reports/JWC/2024-H2/return", func() url.Values { return url.Values{"comment": {"请补充数据"}} },
			want{def: denied, role: map[string]int{"anon": see, apptest.Admin: see, apptest.Office: http.StatusConflict}}},
		{"POST /reports/{unit}/{period}/accept", "/reports/RSC/2024-H2/accept", nil,
			want{def: denied, role: map[string]int{"anon": see, apptest.Admin: see, apptest.Office: http.StatusConflict}}},
		{"GET /search", "/search", nil, signedInOnly(ok)},
		{"GET /search", "/search?q=%E7%A7%91%E7%A0%94&kind=measure&from=20", nil, signedInOnly(ok)},
		// The new password typed twice differently: 422, nothing counted.
		{"POST /account/password", "/account/password", func() url.Values {
			return url.Values{"current_password": {apptest.Password}, "new_password": {"Good-Pass-2024x"}, "new_password_again": {"Good-Pass-2024y"}}
		}, signedInOnly(http.StatusUnprocessableEntity)},
		{" /", "/no/such/page", nil, want{def: notFound}},
		// Sign-out last: it ends the sessions the scenarios above use.
		{"POST /signout", "/signout", nil, signedInOnly(see)},
	}
	scenarios = beforeSignOut(scenarios, problemScenarios(t, a))
	scenarios = beforeSignOut(scenarios, bulletinScenarios(t, a))
	scenarios = beforeSignOut(scenarios, minutesScenarios(t, a))
	scenarios = beforeSignOut(scenarios, campaignScenarios(t, a))
	scenarios = beforeSignOut(scenarios, assessmentScenarios())
	scenarios = beforeSignOut(scenarios, retreatScenarios(t, a))
	scenarios = beforeSignOut(scenarios, summaryScenarios(t, a)) // 0029
	scenarios = beforeSignOut(scenarios, noticeScenarios(t, a))
	scenarios = beforeSignOut(scenarios, receiptScenarios(t, a))
	scenarios = beforeSignOut(scenarios, documentScenarios())
	scenarios = beforeSignOut(scenarios, ssoScenarios())
	scenarios = beforeSignOut(scenarios, auditScenarios(t, a))
	scenarios = beforeSignOut(scenarios, institutionSheetScenarios())
	scenarios = beforeSignOut(scenarios, setupScenarios(t, a))

	covered := map[string]bool{}
	for _, s := range scenarios {
		covered[s.route] = true
	}
	for _, rt := range routes {
		if key := rt.method + " " + rt.pattern; !covered[key] {
			t.Errorf("route %q has no scenario", key)
		}
	}

	t.Logf("%d routes, %d scenarios × %d visitors = %d cases", len(routes), len(scenarios), len(roles), len(scenarios)*len(roles))
	clients := map[string]*client{}
	for _, role := range roles {
		c := newClient(t, srv.URL)
		if role != "anon" {
			c.signIn(role)
		}
		clients[role] = c
	}
	for _, s := range scenarios {
		for _, role := range roles {
			c := clients[role]
			method := strings.Fields(s.route)[0]
			if s.route == " /" {
				method = "GET"
			}
			var code int
			var body string
			var h http.Header
			audited := apptest.AuditCount(t, a)
			if method == "POST" {
				var form url.Values
				if s.form != nil {
					form = s.form()
				}
				if s.route == "POST /signin" {
					code, body, h = c.do("POST", s.path, form)
				} else {
					code, body, h = c.post(s.path, form)
				}
			} else {
				code, body, h = c.do(method, s.path, nil)
			}
			if w := s.want.of(role); code != w {
				t.Errorf("%s %s as %s: %d, want %d\n%.300s", method, s.path, role, code, w, body)
				continue
			}
			// A refused request changes nothing: no audit event, so no change.
			if refused := code >= 400 || role == "anon"; refused && apptest.AuditCount(t, a) != audited {
				t.Errorf("%s %s as %s: refused with %d, but wrote an audit event", method, s.path, role, code)
			}
			if role == "anon" && code == see && !strings.HasPrefix(h.Get("Location"), "/signin") {
				t.Errorf("%s %s without session: to %q, want /signin", method, s.path, h.Get("Location"))
			}
		}
	}
}

// TestNoSessionKeepsNext checks a page visited without a session comes
// back after sign-in.
func TestNoSessionKeepsNext(t *testing.T) {
	_, srv := newServer(t)
	c := newClient(t, srv.URL)
	_, _, h := c.do("GET", "/measures?unit=KJC", nil)
	if got := h.Get("Location"); got != "/signin?next="+url.QueryEscape("/measures?unit=KJC") {
		t.Errorf("redirect to %q", got)
	}
}

// TestCSRF checks a session form without its token (or with a wrong one)
// is refused with 403 and changes nothing, and that the htmx header works.
func TestCSRF(t *testing.T) {
	a, srv := newServer(t)
	c := newClient(t, srv.URL)
	c.signIn(apptest.Office)
	count := func() int {
		d, err := a.Measure(t.Context(), app.System, apptest.MeasureA)
		if err != nil {
			t.Fatal(err)
		}
		return len(d.Comments)
	}
	for _, token := range []string{"", "wrong"} {
		code, _, _ := c.do("POST", "/measures/"+apptest.MeasureA+"/comments", url.Values{"csrf": {token}, "text": {"x"}})
		if code != denied {
			t.Errorf("token %q: %d, want 403", token, code)
		}
	}
	if n := count(); n != 0 {
		t.Fatalf("comments written without CSRF: %d", n)
	}
	req, _ := http.NewRequest("POST", srv.URL+"/measures/"+apptest.MeasureA+"/comments", strings.NewReader("text=ok"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-CSRF-Token", c.csrf)
	req.Header.Set("HX-Request", "true")
	res, err := c.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != see || count() != 1 {
		t.Errorf("htmx header: %d, %d comments", res.StatusCode, count())
	}
}

// TestValidation checks bad input gets 422, the message by its field, the
// input kept, and nothing written.
func TestValidation(t *testing.T) {
	a, srv := newServer(t)
	kjc := newClient(t, srv.URL)
	kjc.signIn(apptest.UnitKJC)
	code, body, _ := kjc.post("/measures/"+apptest.MeasureA+"/progress", url.Values{"percent": {"150"}, "note": {"保留这段话"}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("percent 150: %d", code)
	}
	if !strings.Contains(body, `id="p-percent" name="percent" min="0" max="100" step="1" value="150" required aria-invalid="true"`) ||
		!strings.Contains(body, "应在 0 到 100 之间") || !strings.Contains(body, "保留这段话") {
		t.Errorf("percent 150: form without message or input:\n%s", body)
	}
	if d, _ := a.Measure(t.Context(), app.System, apptest.MeasureA); len(d.Reports) != 0 || d.Measure.Progress != 0 {
		t.Errorf("bad report written: %d reports, progress %d", len(d.Reports), d.Measure.Progress)
	}

	office := newClient(t, srv.URL)
	office.signIn(apptest.Office)
	base := func() url.Values {
		return url.Values{"title": {"新举措"}, "theme": {"research"}, "period": {"2024-H2"}, "lead_unit": {"KJC"}, "priority": {"0"}}
	}
	f := base()
	f.Set("start", "2024-12-01")
	f.Set("due", "2024-11-01")
	code, body, _ = office.post("/measures/new", f)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-due" name="due" value="2024-11-01" aria-invalid="true"`) ||
		!strings.Contains(body, "早于开始日期") {
		t.Errorf("due before start: %d\n%s", code, body)
	}
	f = base()
	f.Set("lead_unit", "NOPE")
	code, body, _ = office.post("/measures/new", f)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `没有单位 &#34;NOPE&#34;`) || !strings.Contains(body, `value="新举措"`) {
		t.Errorf("unknown lead unit: %d\n%s", code, body)
	}
	if ms, _, _ := a.Measures(t.Context(), app.System, storeFilter()); len(ms) != 3 {
		t.Errorf("invalid measures written: %d measures", len(ms))
	}
}

// TestReportChangesStatus files a report as kjc1 and sees the status move
// on the measure page.
func TestReportChangesStatus(t *testing.T) {
	_, srv := newServer(t)
	c := newClient(t, srv.URL)
	c.signIn(apptest.UnitKJC)
	_, before := c.get("/measures/" + apptest.MeasureA)
	notStarted, onTrack := i18n.T("zh-CN", "status.not_started"), i18n.T("zh-CN", "status.on_track")
	if !strings.Contains(before, notStarted) || strings.Contains(before, onTrack) {
		t.Fatalf("before: not started expected")
	}
	code, _, h := c.post("/measures/"+apptest.MeasureA+"/progress", url.Values{"date": {"2024-10-14"}, "percent": {"60"}, "note": {"平台方案已通过论证"}})
	if code != see || h.Get("Location") != "/measures/"+apptest.MeasureA+"#progress" {
		t.Fatalf("report: %d %s", code, h.Get("Location"))
	}
	_, after := c.get("/measures/" + apptest.MeasureA)
	if !strings.Contains(after, onTrack) || !strings.Contains(after, "平台方案已通过论证") {
		t.Errorf("after: status or report missing")
	}
}

// TestMeetingAddItem checks "add item" works without JavaScript: the form
// comes back with one more empty agenda item and nothing is saved.
func TestMeetingAddItem(t *testing.T) {
	a, srv := newServer(t)
	c := newClient(t, srv.URL)
	c.signIn(apptest.Office)
	code, body, _ := c.post("/meetings/new", url.Values{"kind": {"other"}, "title": {"校长办公会"}, "date": {"2024-10-10"}, "items": {"1"},
		"item.0.kind": {"speech"}, "item.0.title": {"讲话"}, "item.0.text": {"要抓落实"}, "add_item": {"1"}})
	if code != ok || !strings.Contains(body, `name="item.1.title"`) || !strings.Contains(body, "要抓落实") {
		t.Fatalf("add item: %d", code)
	}
	if ms, _ := a.Meetings(t.Context(), app.System); len(ms) != 1 {
		t.Errorf("add item saved a meeting")
	}
	code, body, h := c.post("/meetings/new", url.Values{"kind": {"other"}, "title": {"校长办公会"}, "date": {"2024-10-10"}, "items": {"2"},
		"item.0.kind": {"speech"}, "item.0.title": {"讲话"}, "item.0.text": {"要抓落实\n一是……"}, "item.1.kind": {"decision"}, "item.1.title": {""}})
	if code != see {
		t.Fatalf("save: %d %s", code, body)
	}
	_, body = c.get(h.Get("Location"))
	if !strings.Contains(body, "要抓落实\n一是……") {
		t.Errorf("speech text not kept with its line breaks")
	}
}

// TestEveryEnumHasText checks the catalog keys built at run time (statuses,
// lights, themes, kinds, board sorts) exist in both languages, which the
// template scan cannot see.
func TestEveryEnumHasText(t *testing.T) {
	var keys []string
	for _, s := range model.Statuses {
		keys = append(keys, "status."+string(s))
	}
	for _, s := range model.Alerts {
		keys = append(keys, "alert."+string(s))
	}
	add := func(prefix string, vs []string) {
		for _, v := range vs {
			keys = append(keys, prefix+v)
		}
	}
	add("theme.", model.Themes)
	add("role.", model.Roles)
	add("meeting_kind.", model.MeetingKinds)
	add("agenda_kind.", model.AgendaKinds)
	add("unit_kind.", model.UnitKinds)
	add("review.", []string{model.ReviewPending, model.ReviewAccepted, model.ReviewReturned})
	add("draft_state.", []string{model.DraftOpen, model.DraftAccepted, model.DraftRejected, model.DraftMerged})
	add("drafts.done_", draftDone)
	add("board.sorted_", boardSorts)
	add("action.", []string{"create", "update", "report_progress", "review_progress", "comment", "add_evidence"})
	add("field.", []string{"progress", "note", "review", "comment", "title", "detail", "theme", "period", "lead_unit",
		"cooperating_units", "leader", "owner", "start", "due", "deadline", "priority", "milestones", "cancelled", "source", "code", "evidence"})
	add("", []string{"board.card_total", "board.card_done", "board.card_on_track", "board.card_yellow", "board.card_orange", "board.card_red", "signin.title"})
	for _, lang := range i18n.Languages {
		for _, k := range keys {
			if !i18n.Has(lang, k) {
				t.Errorf("%s: no %q", lang, k)
			}
		}
	}
}
