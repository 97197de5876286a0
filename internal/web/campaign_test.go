package web

import (
	"bytes"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// campaignScenarios are the study campaign routes for TestRoutes: everyone
// signed in reads the list and the matrix; the office opens and edits
// campaigns; a unit's page, its sessions and summary are its own accounts'
// and the office's (leaders read them); rsc1 may not touch KJC's.
func campaignScenarios(t *testing.T, a *app.App) []scenario {
	id, people := apptest.StudyCampaign(t, a)
	kjc := apptest.Account(t, a, apptest.UnitKJC)
	s := model.StudySession{Campaign: id, Unit: "KJC", Kind: "group_study", Date: model.Ymd(2024, 9, 12), Topic: "集中学习",
		Attendance: []model.Attendance{{Person: people["KJC"][0], Present: true}},
		Files:      []model.Evidence{{Name: "签到表.pdf", Data: apptest.PDF("签到表")}}}
	if err := a.RecordStudySession(t.Context(), kjc, &s); err != nil {
		t.Fatal(err)
	}
	c := fmt.Sprintf("/campaigns/%d", id)
	campaign := func() url.Values {
		return url.Values{"title": {"党纪学习教育"}, "start": {"2024-09-01"}, "end": {"2024-12-31"}, "summary_due": {"2025-01-10"},
			"units": {"KJC", "JWC", "RSC"}, "req0.kind": {"group_study"}, "req0.title": {"每月至少一次集中学习"}, "req0.count": {"1"}, "req0.monthly": {"1"}}
	}
	session := func() url.Values {
		return url.Values{"kind": {"party_lecture"}, "date": {"2024-10-09"}, "topic": {"专题党课"},
			"person":                                 {fmt.Sprint(people["KJC"][0]), fmt.Sprint(people["KJC"][1])},
			"absent." + fmt.Sprint(people["KJC"][1]): {"1"}, "reason." + fmt.Sprint(people["KJC"][1]): {"出差"}}
	}
	summary := func() url.Values { return url.Values{"body": {"本单位按要求开展党纪学习教育。"}} }
	unitPage := want{def: ok, role: map[string]int{"anon": see, apptest.UnitRSC: denied}}
	return []scenario{
		{"GET /campaigns", "/campaigns", nil, signedInOnly(ok)},
		{"GET /campaigns/new", "/campaigns/new", nil, officeOnly(ok)},
		{"POST /campaigns/new", "/campaigns/new", campaign, officeOnly(see)},
		{"GET /campaigns/{id}", c, nil, signedInOnly(ok)},
		{"GET /campaigns/{id}", "/campaigns/9999", nil, signedInOnly(notFound)},
		{"GET /campaigns/{id}/edit", c + "/edit", nil, officeOnly(ok)},
		{"POST /campaigns/{id}/edit", c + "/edit", campaign, officeOnly(see)},
		{"GET /campaigns/{id}/units/{unit}", c + "/units/KJC", nil, unitPage},
		{"GET /campaigns/{id}/units/{unit}", c + "/units/LDR", nil, want{def: notFound, role: map[string]int{"anon": see}}},
		{"POST /campaigns/{id}/units/{unit}/sessions", c + "/units/KJC/sessions", session, involved(see)},
		{"POST /campaigns/{id}/units/{unit}/summary", c + "/units/KJC/summary", summary, involved(see)},
		{"GET /campaign-files/{id}", fmt.Sprintf("/campaign-files/%d", s.Files[0].ID), nil, unitPage},
		{"GET /campaign-files/{id}", "/campaign-files/9999", nil, signedInOnly(notFound)},
	}
}

// attendanceSheet is a 签到表 as a unit keeps one: 姓名 · 出席情况 · 缺席原因.
func attendanceSheet(t *testing.T, rows [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	all := append([][]string{{"姓名", "出席情况", "缺席原因"}}, rows...)
	for i, row := range all {
		for j, v := range row {
			ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellStr("Sheet1", ref, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// postSession posts the session form as the browser does: multipart, with
// an attendance sheet when sheet is not nil.
func (c *client) postSession(path string, form url.Values, sheet []byte) (int, string) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	form.Set("csrf", c.csrf)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if sheet != nil {
		w, _ := mw.CreateFormFile("attendance_file", "签到表.xlsx")
		w.Write(sheet)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.base+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(res.Body)
	return res.StatusCode, b.String()
}

// TestCampaignPages: a unit's liaison records a session with its
// attendance (one absent, with the reason) and the office's matrix turns
// the unit's cell done; an attendance sheet with bad rows is refused row by
// row, in Chinese, and saves nothing; a good sheet is taken.
func TestCampaignPages(t *testing.T) {
	a, srv := newServer(t)
	id, people := apptest.StudyCampaign(t, a)
	c := fmt.Sprintf("/campaigns/%d", id)
	office := newClient(t, srv.URL)
	office.signIn(apptest.Office)
	cell := regexp.MustCompile(`<tr data-unit="KJC">[\s\S]*?<td data-req="2" data-state="([a-z_]+)"`)
	state := func() string {
		_, body := office.get(c)
		m := cell.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no KJC party lecture cell on the matrix:\n%.2000s", body)
		}
		return m[1]
	}
	if got := state(); got != model.CellDueSoon {
		t.Fatalf("KJC's lecture (due 2024-10-20, today 2024-10-15) is %s before any session, want due_soon", got)
	}
	kjc := newClient(t, srv.URL)
	kjc.signIn(apptest.UnitKJC)
	p0, p1 := fmt.Sprint(people["KJC"][0]), fmt.Sprint(people["KJC"][1])
	form := url.Values{"kind": {"party_lecture"}, "date": {"2024-10-09"}, "topic": {"专题党课：严守纪律规矩"}, "place": {"科技楼"},
		"person": {p0, p1}, "absent." + p1: {"1"}, "reason." + p1: {"出差"}}
	if code, body := kjc.postSession(c+"/units/KJC/sessions", form, nil); code != see {
		t.Fatalf("record a session: %d\n%.1500s", code, body)
	}
	if got := state(); got != model.CellDone {
		t.Errorf("after the lecture KJC's cell is %s, want done", got)
	}
	ss, err := a.StudySessions(t.Context(), apptest.Account(t, a, apptest.Office), id, "KJC")
	if err != nil || len(ss) != 1 {
		t.Fatalf("sessions %v, %v", ss, err)
	}
	if at := ss[0].Attendance; len(at) != 2 || !at[0].Present || at[1].Present || at[1].Reason != "出差" {
		t.Errorf("attendance %+v", at)
	}
	m, err := a.Meeting(t.Context(), app.System, ss[0].Meeting)
	if err != nil || m.Kind != "study" || !strings.Contains(m.OnLeave, "出差") {
		t.Errorf("the session's meeting: %+v, %v", m, err)
	}
	_, unitPage := kjc.get(c + "/units/KJC")
	if !strings.Contains(unitPage, "专题党课：严守纪律规矩") || !strings.Contains(unitPage, "李科（出差）") {
		t.Errorf("the unit's page lacks the session:\n%.3000s", unitPage)
	}

	// A sheet with an unknown person and an absence without its reason.
	bad := attendanceSheet(t, [][]string{{"张科", "出席", ""}, {"王五", "出席", ""}, {"李科", "缺席", ""}})
	form.Set("kind", "group_study")
	code, body := kjc.postSession(c+"/units/KJC/sessions", form, bad)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad sheet: %d, want 422", code)
	}
	table := regexp.MustCompile(`<table id="sheet-errors">[\s\S]*?</table>`).FindString(body)
	rows := regexp.MustCompile(`<tr><td class="num">(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>`).FindAllStringSubmatch(table, -1)
	if len(rows) != 2 || rows[0][1] != "3" || rows[1][1] != "4" {
		t.Fatalf("sheet errors %q, want rows 3 and 4", rows)
	}
	for _, r := range rows {
		text := html.UnescapeString(r[3])
		if w := i18n.LatinWords(text); len(w) > 0 || !strings.ContainsAny(text, "人员缺席原因") {
			t.Errorf("row %s: %q is not a Chinese reason", r[1], text)
		}
	}
	if ss, _ := a.StudySessions(t.Context(), apptest.Account(t, a, apptest.Office), id, "KJC"); len(ss) != 1 {
		t.Errorf("a refused sheet saved a session: %d sessions", len(ss))
	}
	good := attendanceSheet(t, [][]string{{"张科", "出席", ""}, {"李科", "请假", "病假"}})
	if code, body := kjc.postSession(c+"/units/KJC/sessions", form, good); code != see {
		t.Fatalf("good sheet: %d\n%.1500s", code, body)
	}
	ss, _ = a.StudySessions(t.Context(), apptest.Account(t, a, apptest.Office), id, "KJC")
	if len(ss) != 2 || ss[1].Attendance[1].Reason != "病假" || ss[1].Attendance[1].Present {
		t.Errorf("sessions after the sheet: %+v", ss)
	}
	// rsc1 may not record KJC's sessions.
	rsc := newClient(t, srv.URL)
	rsc.signIn(apptest.UnitRSC)
	if code, _ := rsc.postSession(c+"/units/KJC/sessions", form, nil); code != denied {
		t.Errorf("rsc1 records KJC's session: %d, want 403", code)
	}
}
