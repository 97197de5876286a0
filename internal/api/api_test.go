package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"slices"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// The roles every route is tried as: "own" is a unit account of a unit
// involved in the measure a scenario touches (kjc1, which leads 2024H2-001
// and cooperates on 2024H2-002), "other" one of an uninvolved unit (rsc1),
// "none" sends no token.
var roles = []string{"admin", "office", "leader", "own", "other", "none"}

var usernames = map[string]string{
	"admin": apptest.Admin, "office": apptest.Office, "leader": apptest.Leader,
	"own": apptest.UnitKJC, "other": apptest.UnitRSC, "none": "nobody",
}

// env is a running API over a fresh fixture with a token per role.
type env struct {
	t      *testing.T
	a      *app.App
	srv    *httptest.Server
	tokens map[string]string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	a := apptest.New(t)
	srv := httptest.NewServer(New(a))
	t.Cleanup(srv.Close)
	e := &env{t: t, a: a, srv: srv, tokens: map[string]string{}}
	for _, r := range roles {
		if r != "none" {
			e.tokens[r] = e.signIn(usernames[r])
		}
	}
	return e
}

func (e *env) signIn(username string) string {
	e.t.Helper()
	status, body := e.do("POST", "/api/v1/sessions", "", fmt.Sprintf(`{"username":%q,"password":%q}`, username, apptest.Password))
	if status != http.StatusCreated {
		e.t.Fatalf("sign in %s: %d %s", username, status, body)
	}
	var out struct{ Token string }
	mustUnmarshal(e.t, body, &out)
	return out.Token
}

// do sends a request with a raw body ("" for none) and a bearer token ("" for none).
func (e *env) do(method, path, token, body string) (int, []byte) {
	e.t.Helper()
	status, _, b := e.doFull(method, path, token, body)
	return status, b
}

func (e *env) doFull(method, path, token, body string) (int, http.Header, []byte) {
	e.t.Helper()
	return e.doKeyed(method, path, token, "", body)
}

// doKeyed is doFull with an Idempotency-Key (none when key is "").
func (e *env) doKeyed(method, path, token, key, body string) (int, http.Header, []byte) {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if key != "" {
		req.Header.Set(idempotencyHeader, key)
	}
	if strings.HasPrefix(strings.TrimLeft(body, "\r\n"), "--"+testBoundary) {
		req.Header.Set("Content-Type", "multipart/form-data; boundary="+testBoundary)
	} else if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

// testBoundary separates the parts of multipartBody's bodies; doFull sends
// a body that starts with it as multipart/form-data.
const testBoundary = "luoshi-test-boundary"

// multipartBody is a multipart/form-data body with files in the evidence field.
func multipartBody(files ...apptest.EvidenceFile) string { return multipartFiles("evidence", files...) }

// multipartFiles is a multipart/form-data body with files in one field.
func multipartFiles(field string, files ...apptest.EvidenceFile) string {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.SetBoundary(testBoundary)
	for _, f := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="%s"; filename="%s"`, field, f.Name))
		h.Set("Content-Type", "application/octet-stream")
		w, _ := mw.CreatePart(h)
		w.Write(f.Data)
	}
	mw.Close()
	return b.String()
}

func mustUnmarshal(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("response is not JSON: %v: %s", err, b)
	}
}

// apiError reads an error response.
func apiError(t *testing.T, b []byte) errorJSON {
	t.Helper()
	var out errorBody
	mustUnmarshal(t, b, &out)
	return out.Error
}

// TestRoutesByRole runs every route in the route table as every role and
// fails when a route has no scenario.
func TestRoutesByRole(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	meetings, err := e.a.Meetings(ctx, app.System)
	if err != nil || len(meetings) == 0 {
		t.Fatalf("fixture meetings: %v", err)
	}
	meeting, err := e.a.Meeting(ctx, app.System, meetings[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	rep := model.ProgressReport{Percent: 20, Note: "已启动"}
	if _, err := e.a.ReportProgress(ctx, apptest.Account(t, e.a, apptest.UnitKJC), apptest.MeasureA, &rep); err != nil {
		t.Fatal(err)
	}
	withFile := model.ProgressReport{Percent: 25, Note: "附方案", Evidence: []model.Evidence{{Name: "方案.pdf", Data: apptest.PDF("方案")}}}
	if _, err := e.a.ReportProgress(ctx, apptest.Account(t, e.a, apptest.UnitKJC), apptest.MeasureA, &withFile); err != nil {
		t.Fatal(err)
	}
	// Measure B is led by JWC with KJC cooperating: a report of each unit.
	var leadReport, coopReport model.ProgressReport
	for _, r := range []struct {
		user string
		rep  *model.ProgressReport
	}{{apptest.UnitJWC, &leadReport}, {apptest.UnitKJC, &coopReport}} {
		*r.rep = model.ProgressReport{Percent: 30, Note: "本单位部分已启动"}
		if _, err := e.a.ReportProgress(ctx, apptest.Account(t, e.a, r.user), apptest.MeasureB, r.rep); err != nil {
			t.Fatal(err)
		}
	}
	// A report kjc1 sends, for kjc1 (only) to take back.
	sent := model.ProgressReport{Percent: 15, Note: "误报"}
	if _, err := e.a.ReportProgress(ctx, apptest.Account(t, e.a, apptest.UnitKJC), apptest.MeasureA, &sent); err != nil {
		t.Fatal(err)
	}
	seedIndicator(t, e.a)
	submitReports(t, e.a, apptest.UnitJWC, apptest.UnitRSC) // for the office to return and accept
	meetingBody := fmt.Sprintf(`{"kind":"standing_committee","title":"党委常委会","date":"2024-10-10",
		"agenda":[{"id":%d,"kind":"speech","title":"校长讲话","speaker":"王校长","text":%q}]}`,
		meeting.Items[0].ID, meeting.Items[0].Text)
	m1 := "/api/v1/measures/" + apptest.MeasureA
	m2 := "/api/v1/measures/" + apptest.MeasureB
	openProblem, resolvedProblem, allocation := seedProblems(t, e.a)
	p1 := "/api/v1/problems/" + openProblem
	b1 := seedBulletin(t, e.a)
	// A meeting whose minutes the admin issues and the office then finds
	// standing; and minutes issued already, to void.
	toMinute, minuted := minutesMeeting(t, e.a, model.Ymd(2024, 10, 8)), minutesMeeting(t, e.a, model.Ymd(2024, 10, 9))
	standing, err := e.a.IssueMinutes(ctx, apptest.Account(t, e.a, apptest.Office), minuted, app.MinutesRequest{})
	if err != nil {
		t.Fatal(err)
	}
	n1 := fmt.Sprintf("/api/v1/notices/%d", seedNotices(t, e.a)["bulletin:"+apptest.MeasureB].ID)
	toSign := fmt.Sprintf("/api/v1/notices/%d", apptest.SupervisionNotice(t, e.a, apptest.MeasureA, apptest.Today).ID)
	d1 := fmt.Sprintf("/api/v1/deliveries/%d/retry", failedDelivery(t, e.a))
	// A study campaign of KJC, JWC and RSC (campaign_test.go's fixture).
	campID, campPeople := apptest.StudyCampaign(t, e.a)
	c1 := fmt.Sprintf("/api/v1/campaigns/%d", campID)
	campBody := `{"title":"党纪学习教育 $USER","start":"2024-09-01","end":"2024-12-31","summary_due":"2025-01-10","units":["KJC","RSC"],
		"requirements":[{"kind":"group_study","title":"每月至少一次集中学习","count":1,"monthly":true}]}`
	sessionBody := fmt.Sprintf(`{"unit":"KJC","kind":"group_study","date":"2024-10-10","topic":"学习纪律处分条例","attendance":[{"person":%d,"present":true},{"person":%d,"present":false,"reason":"出差"}]}`,
		campPeople["KJC"][0], campPeople["KJC"][1])
	rt := seedRetreat(t, e.a)
	seedSummaries(t, e.a) // 0029: 2023-H2 issued, retreats to issue into
	// A unit for the admin to merge away, so no other scenario loses its unit.
	if err := e.a.CreateUnit(ctx, app.System, model.Unit{Code: "TMP", Name: "临时机构", Kind: model.UnitInstitute}); err != nil {
		t.Fatal(err)
	}
	const (
		ok      = http.StatusOK
		created = http.StatusCreated
		gone    = http.StatusNoContent
		no      = http.StatusForbidden
		anon    = http.StatusUnauthorized
	)
	everyone := [6]int{ok, ok, ok, ok, ok, anon}
	office := [6]int{ok, ok, no, no, no, anon}
	adminOnly := [6]int{ok, no, no, no, no, anon}
	scenarios := []struct {
		route string // the pattern in the route table
		path  string
		body  string // $USER is replaced by the role's username
		fresh bool   // use a token of its own (the scenario ends its session)
		want  [6]int // by roles
	}{
		{"POST /api/v1/sessions", "/api/v1/sessions", `{"username":"$USER","password":"` + apptest.Password + `"}`, false,
			[6]int{created, created, created, created, created, anon}},
		{"DELETE /api/v1/sessions", "/api/v1/sessions", "", true, [6]int{gone, gone, gone, gone, gone, anon}},
		{"GET /api/v1/units", "/api/v1/units", "", false, everyone},
		{"GET /api/v1/accounts", "/api/v1/accounts", "", false, office},
		// Units, accounts and the profile are the admin's; portfolios and
		// the calendar the office's too; everyone signed in reads them.
		{"POST /api/v1/units", "/api/v1/units", `{"code":"U-$USER","name":"新设学院 $USER","kind":"school","parent":null}`, false,
			[6]int{created, no, no, no, no, anon}},
		{"GET /api/v1/units/{code}", "/api/v1/units/KJC", "", false, everyone},
		{"PATCH /api/v1/units/{code}", "/api/v1/units/KJC", `{"name_en":"S&T Office ($USER)","seq":3}`, false, adminOnly},
		// The admin merges it; the others are refused before anyone looks.
		{"POST /api/v1/units/{code}/merge", "/api/v1/units/TMP/merge", `{"into":"RSC"}`, false, adminOnly},
		{"POST /api/v1/accounts", "/api/v1/accounts", `{"username":"new-$USER","name":"新联络员","role":"unit","unit":"RSC",
			"password":"Tall-Mountain-42"}`, false, [6]int{created, no, no, no, no, anon}},
		{"PATCH /api/v1/accounts/{username}", "/api/v1/accounts/" + apptest.UnitJWC, `{"email":"jwc@example.edu.cn"}`, false, adminOnly},
		{"POST /api/v1/accounts/{username}/password-reset", "/api/v1/accounts/" + apptest.UnitJWC + "/password-reset", "", false, adminOnly},
		{"GET /api/v1/leaders/{username}/portfolio", "/api/v1/leaders/" + apptest.Leader + "/portfolio", "", false, everyone},
		{"PUT /api/v1/leaders/{username}/portfolio", "/api/v1/leaders/" + apptest.Leader + "/portfolio",
			`{"units":["KJC"],"themes":["research"],"from":"2024-07-01"}`, false, office},
		{"GET /api/v1/institution", "/api/v1/institution", "", false, everyone},
		{"PUT /api/v1/institution", "/api/v1/institution", `{"name":"示范大学","name_en":"Example University","short_name":"示大",
			"short_name_en":"EU","office_name":"党委办公室、校长办公室","time_zone":"Asia/Shanghai"}`, false, adminOnly},
		{"GET /api/v1/calendar/{year}", "/api/v1/calendar/2024", "", false, everyone},
		{"PUT /api/v1/calendar/{year}", "/api/v1/calendar/2024", `{"year":2024,"terms":[{"term":"autumn","start":"2024-09-02","end":"2025-01-17"},
			{"term":"spring","start":"2025-02-24","end":"2025-07-04"}]}`, false, office},
		{"GET /api/v1/setup", "/api/v1/setup", "", false, office},
		{"GET /api/v1/meetings", "/api/v1/meetings", "", false, everyone},
		{"POST /api/v1/meetings", "/api/v1/meetings", `{"kind":"president_office","title":"校长办公会","date":"2024-10-08",
			"agenda":[{"kind":"decision","title":"议定事项","text":"要推进实验室安全检查。"}]}`, false,
			[6]int{created, created, no, no, no, anon}},
		{"GET /api/v1/meetings/{id}", fmt.Sprintf("/api/v1/meetings/%d", meeting.ID), "", false, everyone},
		{"PUT /api/v1/meetings/{id}", fmt.Sprintf("/api/v1/meetings/%d", meeting.ID), meetingBody, false, office},
		{"POST /api/v1/meetings/{id}/items/{n}/speech", fmt.Sprintf("/api/v1/meetings/%d/items/1/speech", meeting.ID),
			multipartFiles("file", apptest.EvidenceFile{Name: "讲话.txt", Data: []byte("要推进实验室安全检查。")}), false, office},
		{"POST /api/v1/meetings/{id}/items/{n}/speech", fmt.Sprintf("/api/v1/meetings/%d/items/99/speech", meeting.ID),
			multipartFiles("file", apptest.EvidenceFile{Name: "讲话.txt", Data: []byte("要推进实验室安全检查。")}), false, [6]int{404, 404, no, no, no, anon}},
		{"GET /api/v1/measures", "/api/v1/measures?limit=2", "", false, everyone},
		{"GET /api/v1/measures", "/api/v1/measures?unit=KJC&unreported=1", "", false, everyone},
		{"GET /api/v1/measures", "/api/v1/measures?unreported=yes", "", false, [6]int{422, 422, 422, 422, 422, anon}},
		{"POST /api/v1/measures", "/api/v1/measures", `{"title":"建设校级分析测试中心","theme":"resources","period":"2024-H2",
			"lead_unit":"KJC","leader":"leader1","deadline":"2024年11月底前"}`, false, [6]int{created, created, no, no, no, anon}},
		{"GET /api/v1/measures/{code}", m1, "", false, everyone},
		{"PATCH /api/v1/measures/{code}", m1, `{"detail":"由 $USER 补充的工作安排"}`, false, [6]int{ok, ok, no, ok, no, anon}},
		{"GET /api/v1/measures/{code}/progress", m1 + "/progress", "", false, everyone},
		{"POST /api/v1/measures/{code}/progress", m1 + "/progress", `{"percent":40,"note":"完成平台论证"}`, false,
			[6]int{created, created, no, created, no, anon}},
		// Before the review below accepts the report: each allowed role adds a file.
		{"POST /api/v1/measures/{code}/progress/{id}/evidence", fmt.Sprintf("%s/progress/%d/evidence", m1, rep.ID),
			multipartBody(apptest.EvidenceFile{Name: "签到表.pdf", Data: apptest.PDF("签到表")}), false,
			[6]int{created, created, no, created, no, anon}},
		// On measure B kjc1's unit cooperates: it reports on its part and adds
		// files to its own reports, but changes neither the measure nor the
		// lead unit's reports.
		{"PATCH /api/v1/measures/{code}", m2, `{"owner":"$USER","detail":"由 $USER 补充的工作安排","milestones":[{"title":"完成调研","due":"2024-09-01"}]}`,
			false, office},
		{"POST /api/v1/measures/{code}/progress", m2 + "/progress", `{"percent":35,"note":"协办部分已完成调研"}`, false,
			[6]int{created, created, no, created, no, anon}},
		{"POST /api/v1/measures/{code}/progress/{id}/evidence", fmt.Sprintf("%s/progress/%d/evidence", m2, leadReport.ID),
			multipartBody(apptest.EvidenceFile{Name: "签到表.pdf", Data: apptest.PDF("签到表")}), false,
			[6]int{created, created, no, no, no, anon}},
		{"POST /api/v1/measures/{code}/progress/{id}/evidence", fmt.Sprintf("%s/progress/%d/evidence", m2, coopReport.ID),
			multipartBody(apptest.EvidenceFile{Name: "签到表.pdf", Data: apptest.PDF("签到表")}), false,
			[6]int{created, created, no, created, no, anon}},
		{"POST /api/v1/progress/{id}/review", fmt.Sprintf("/api/v1/progress/%d/review", rep.ID), `{"review":"accepted"}`, false, office},
		{"GET /api/v1/todo", "/api/v1/todo", "", false, everyone},
		{"GET /api/v1/mentions", "/api/v1/mentions?unseen=1", "", false, everyone},
		{"GET /api/v1/mentions", "/api/v1/mentions?unseen=yes", "", false,
			[6]int{http.StatusUnprocessableEntity, http.StatusUnprocessableEntity, http.StatusUnprocessableEntity, http.StatusUnprocessableEntity, http.StatusUnprocessableEntity, anon}},
		{"GET /api/v1/progress", "/api/v1/progress?review=pending", "", false, everyone},
		{"GET /api/v1/progress", "/api/v1/progress?review=nope", "", false, [6]int{422, 422, 422, 422, 422, anon}},
		{"POST /api/v1/progress/review", "/api/v1/progress/review", `{"ids":[],"review":"accepted"}`, false, [6]int{422, 422, no, no, no, anon}},
		{"POST /api/v1/progress/{id}/withdraw", fmt.Sprintf("/api/v1/progress/%d/withdraw", sent.ID), "", false, [6]int{no, no, no, ok, no, anon}},
		// Evidence opens to the office, leaders and the units involved, not rsc1.
		{"GET /api/v1/evidence/{id}", fmt.Sprintf("/api/v1/evidence/%d", withFile.Evidence[0].ID), "", false, [6]int{ok, ok, ok, ok, no, anon}},
		{"GET /api/v1/measures/{code}/comments", m1 + "/comments", "", false, everyone},
		{"GET /api/v1/history/{entity}/{id...}", "/api/v1/history/measure/" + apptest.MeasureA, "", false, [6]int{ok, ok, ok, ok, no, anon}},
		{"GET /api/v1/history/{entity}/{id...}", "/api/v1/history/report/JWC/2024-H2", "", false, [6]int{ok, ok, ok, no, no, anon}},
		{"GET /api/v1/history/{entity}/{id...}", "/api/v1/history/measure/2024H2-999", "", false, [6]int{404, 404, 404, 404, 404, anon}},
		{"POST /api/v1/measures/{code}/comments", m1 + "/comments", `{"text":"请加快进度"}`, false,
			[6]int{created, created, created, created, no, anon}},
		{"GET /api/v1/board", "/api/v1/board", "", false, everyone},
		{"GET /api/v1/dashboard", "/api/v1/dashboard", "", false, everyone},
		{"GET /api/v1/dashboard/portfolio", "/api/v1/dashboard/portfolio?leader=" + apptest.Leader, "", false, everyone},
		// Only a leader has a portfolio of their own.
		{"GET /api/v1/dashboard/portfolio", "/api/v1/dashboard/portfolio", "", false,
			[6]int{http.StatusUnprocessableEntity, http.StatusUnprocessableEntity, ok, http.StatusUnprocessableEntity, http.StatusUnprocessableEntity, anon}},
		{"POST /api/v1/decompose", "/api/v1/decompose", `{"text":"一是要加强有组织科研。二是要深化教学改革。"}`, false, everyone},
		{"GET /api/v1/indicators", "/api/v1/indicators?period=2024-H2&kind=competitive", "", false, everyone},
		{"POST /api/v1/indicators", "/api/v1/indicators", `{"code":"T-$USER","name":"国家级一流课程","kind":"competitive","measure_unit":"门","owner_unit":"JWC"}`, false,
			[6]int{created, created, no, no, no, anon}},
		{"GET /api/v1/indicators/{code}", "/api/v1/indicators/" + testIndicator, "", false, everyone},
		{"PATCH /api/v1/indicators/{code}", "/api/v1/indicators/" + testIndicator, `{"description":"由 $USER 修改"}`, false, office},
		{"PUT /api/v1/indicators/{code}/values/{period}", "/api/v1/indicators/" + testIndicator + "/values/2024-H2", `{"actual":11000,"note":"$USER"}`, false,
			[6]int{ok, ok, no, ok, no, anon}},
		{"POST /api/v1/periods/{code}/lock", "/api/v1/periods/2024-H1/lock", "", false, office},
		{"GET /api/v1/problems", "/api/v1/problems?unlinked=false&severity=high", "", false, everyone},
		{"POST /api/v1/problems", "/api/v1/problems", `{"title":"科研用房紧张","owner_unit":"KJC","severity":"high"}`, false,
			[6]int{created, created, no, created, no, anon}},
		{"GET /api/v1/problems/{code}", p1, "", false, everyone},
		{"PATCH /api/v1/problems/{code}", p1, `{"notes":"由 $USER 补充"}`, false, [6]int{ok, ok, no, ok, no, anon}},
		// Admin closes it out; the office and the leader in charge then find it closed (409).
		{"POST /api/v1/problems/{code}/close", "/api/v1/problems/" + resolvedProblem + "/close", `{"note":"已解决"}`, false,
			[6]int{ok, http.StatusConflict, http.StatusConflict, no, no, anon}},
		{"GET /api/v1/allocations", "/api/v1/allocations?flag=idle", "", false, everyone},
		{"POST /api/v1/allocations", "/api/v1/allocations", `{"kind":"posts","unit":"RSC","period":"2024-H2","granted":3}`, false,
			[6]int{created, created, no, no, no, anon}},
		{"GET /api/v1/allocations/{id}", allocation, "", false, everyone},
		{"PATCH /api/v1/allocations/{id}", allocation, `{"spent":12.5}`, false, [6]int{ok, ok, no, ok, no, anon}},
		{"GET /api/v1/reports", "/api/v1/reports?period=2024-H2", "", false, everyone},
		{"GET /api/v1/reports/{unit}/{period}", "/api/v1/reports/KJC/2024-H2", "", false, [6]int{ok, ok, ok, ok, no, anon}},
		{"PUT /api/v1/reports/{unit}/{period}", "/api/v1/reports/KJC/2024-H2", reportBody, false, [6]int{no, no, no, ok, no, anon}},
		{"POST /api/v1/reports/{unit}/{period}/submit", "/api/v1/reports/KJC/2024-H2/submit", "", false, [6]int{no, no, no, ok, no, anon}},
		{"POST /api/v1/reports/{unit}/{period}/withdraw", "/api/v1/reports/KJC/2024-H2/withdraw", "", false, [6]int{no, no, no, ok, no, anon}},
		// The office's second try finds the report already returned (accepted): 409.
		{"POST /api/v1/reports/{unit}/{period}/return", "/api/v1/reports/JWC/2024-H2/return", `{"comment":"请补充数据"}`, false,
			[6]int{ok, http.StatusConflict, no, no, no, anon}},
		{"POST /api/v1/reports/{unit}/{period}/accept", "/api/v1/reports/RSC/2024-H2/accept", "", false,
			[6]int{ok, http.StatusConflict, no, no, no, anon}},
		{"GET /api/v1/meetings/{id}/minutes", fmt.Sprintf("/api/v1/meetings/%d/minutes", toMinute), "", false, everyone},
		{"GET /api/v1/meetings/{id}/minutes", "/api/v1/meetings/9999/minutes", "", false, [6]int{404, 404, 404, 404, 404, anon}},
		{"POST /api/v1/meetings/{id}/minutes/issue", fmt.Sprintf("/api/v1/meetings/%d/minutes/issue", toMinute), `{"decisions":[]}`, false,
			[6]int{created, http.StatusConflict, no, no, no, anon}},
		{"POST /api/v1/minutes/{id}/void", fmt.Sprintf("/api/v1/minutes/%d/void", standing.ID), `{"reason":"议定事项有误"}`, false,
			[6]int{ok, http.StatusConflict, no, no, no, anon}},
		{"POST /api/v1/minutes/{id}/void", "/api/v1/minutes/9999/void", `{"reason":"议定事项有误"}`, false, [6]int{404, 404, no, no, no, anon}},
		{"GET /api/v1/campaigns", "/api/v1/campaigns?from=2024-10-01&to=2024-10-31", "", false, everyone},
		{"GET /api/v1/campaigns", "/api/v1/campaigns?from=2024-13-01", "", false, [6]int{422, 422, 422, 422, 422, anon}},
		{"POST /api/v1/campaigns", "/api/v1/campaigns", campBody, false, [6]int{created, created, no, no, no, anon}},
		{"GET /api/v1/campaigns/{id}", c1, "", false, everyone},
		{"GET /api/v1/campaigns/{id}", "/api/v1/campaigns/9999", "", false, [6]int{404, 404, 404, 404, 404, anon}},
		{"PUT /api/v1/campaigns/{id}", c1, strings.Replace(campBody, `"units":["KJC","RSC"]`, `"units":["KJC","JWC","RSC"]`, 1), false, office},
		// kjc1 records its own unit's session; rsc1 may not record KJC's.
		{"POST /api/v1/campaigns/{id}/sessions", c1 + "/sessions", sessionBody, false, [6]int{created, created, no, created, no, anon}},
		{"GET /api/v1/campaigns/{id}/sessions", c1 + "/sessions?unit=KJC", "", false, [6]int{ok, ok, ok, ok, no, anon}},
		{"GET /api/v1/campaigns/{id}/sessions", c1 + "/sessions", "", false, everyone},
		{"GET /api/v1/campaigns/{id}/completion", c1 + "/completion", "", false, everyone},
		{"PUT /api/v1/campaigns/{id}/summaries/{unit}", c1 + "/summaries/KJC", `{"body":"本单位按要求开展学习（$USER）"}`, false, [6]int{ok, ok, no, ok, no, anon}},
		{"GET /api/v1/campaigns/{id}/summaries/{unit}", c1 + "/summaries/KJC", "", false, [6]int{ok, ok, ok, ok, no, anon}},
		// Assessments: everyone reads their units' scores; KJC's records
		// are open to the office, to leader1 (KJC is in the portfolio an
		// earlier scenario gave them) and to kjc1, not to rsc1.
		{"GET /api/v1/assessments/{year}", "/api/v1/assessments/2024", "", false, everyone},
		{"GET /api/v1/assessments/{year}", "/api/v1/assessments/abc", "", false, [6]int{404, 404, 404, 404, 404, anon}},
		{"GET /api/v1/assessments/{year}/weights", "/api/v1/assessments/2024/weights", "", false, everyone},
		{"PUT /api/v1/assessments/{year}/weights", "/api/v1/assessments/2024/weights", `{"on_time":40,"reports":20,"indicators":30,"problems":10,
			"per_supervision":1,"per_bulletin":2.5,"mode":"quota","excellent":90,"good":80,"pass":60,"excellent_pct":20,"good_pct":50}`, false, office},
		{"GET /api/v1/assessments/{year}/units/{unit}", "/api/v1/assessments/2024/units/KJC", "", false, [6]int{ok, ok, ok, ok, 404, anon}},
		{"POST /api/v1/assessments/{year}/adjustments", "/api/v1/assessments/2024/adjustments", `{"unit":"KJC","points":1.5,"reason":"承办全省会议"}`, false, office},
		{"POST /api/v1/assessments/{year}/adjustments", "/api/v1/assessments/2024/adjustments", `{"unit":"KJC","points":1.5,"reason":""}`, false,
			[6]int{422, 422, no, no, no, anon}},
		// The admin publishes 2022 first; the office then finds it frozen (409).
		{"POST /api/v1/assessments/{year}/publish", "/api/v1/assessments/2022/publish", "", false, [6]int{created, http.StatusConflict, no, no, no, anon}},
		// A retreat's preparation: the office prepares, everyone reads the
		// topics and groups, a participant submits its own remarks.
		{"GET /api/v1/meetings/{id}/topics", rt.base + "/topics", "", false, everyone},
		{"GET /api/v1/meetings/{id}/topics", "/api/v1/meetings/9999/topics", "", false, [6]int{404, 404, 404, 404, 404, anon}},
		{"POST /api/v1/meetings/{id}/topics", rt.base + "/topics", `{"title":"研讨主题 $USER"}`, false, [6]int{created, created, no, no, no, anon}},
		{"PUT /api/v1/meetings/{id}/topics/{topic}", rt.topic, `{"title":"加快推进高质量发展（$USER）","description":"深入研讨"}`, false, office},
		{"DELETE /api/v1/meetings/{id}/topics/{topic}", rt.topic2, "", false, [6]int{gone, 404, no, no, no, anon}},
		{"GET /api/v1/meetings/{id}/groups", rt.base + "/groups", "", false, everyone},
		{"POST /api/v1/meetings/{id}/groups", rt.base + "/groups", `{"name":"第三组 $USER","units":["RSC"]}`, false, [6]int{created, 422, no, no, no, anon}},
		{"PUT /api/v1/meetings/{id}/groups/{group}", rt.group, `{"name":"第一组 $USER","leaders":["leader1"],"units":["KJC","JWC"],"convener":"leader1","reporter":"KJC"}`, false, office},
		{"DELETE /api/v1/meetings/{id}/groups/{group}", rt.group2, "", false, [6]int{gone, 404, no, no, no, anon}},
		{"GET /api/v1/meetings/{id}/submissions", rt.base + "/submissions", "", false, everyone},
		{"POST /api/v1/meetings/{id}/submissions", rt.base + "/submissions", `{"due":"2024-10-20","participants":[{"kind":"unit","ref":"RSC"}]}`, false,
			[6]int{created, created, no, no, no, anon}},
		{"PUT /api/v1/meetings/{id}/submissions/{sub}", rt.kjc, `{"title":"关于有组织科研","text":"发言（$USER）"}`, false, [6]int{ok, ok, no, ok, no, anon}},
		{"PUT /api/v1/meetings/{id}/submissions/{sub}", rt.leader, `{"text":"发言（$USER）"}`, false, [6]int{ok, ok, ok, no, no, anon}},
		{"DELETE /api/v1/meetings/{id}/submissions/{sub}", rt.jwc, "", false, [6]int{gone, 404, no, no, no, anon}},
		// 0029: the institution's summary; units read only an issued one.
		{"GET /api/v1/summaries/{period}", "/api/v1/summaries/2024-H1", "", false, [6]int{ok, ok, ok, 404, 404, anon}},
		{"GET /api/v1/summaries/{period}", "/api/v1/summaries/2023-H2", "", false, everyone},
		{"POST /api/v1/summaries/{period}", "/api/v1/summaries/2024-H1", `{"sections":[{"key":"overview","text":"上半年总体平稳。"}]}`, false, office},
		{"POST /api/v1/summaries/{period}/issue", "/api/v1/summaries/2024-H2/issue", "", false, [6]int{created, http.StatusConflict, no, no, no, anon}},
		{"POST /api/v1/summaries/{period}/void", "/api/v1/summaries/2023-H2/void", `{"reason":"数据有误"}`, false, [6]int{ok, http.StatusConflict, no, no, no, anon}},
		{"GET /api/v1/meetings/{id}/proposals", fmt.Sprintf("/api/v1/meetings/%d/proposals", meeting.ID), "", false, office},
		{"POST /api/v1/meetings/{id}/proposals", fmt.Sprintf("/api/v1/meetings/%d/proposals", meeting.ID), `{"kind":"problem","ref":"` + openProblem + `"}`, false,
			[6]int{created, ok, no, no, no, anon}},
		{"GET /api/v1/bulletins", "/api/v1/bulletins", "", false, everyone},
		{"POST /api/v1/bulletins", "/api/v1/bulletins", `{"from":"2024-09-01","to":"2024-09-30","supplement":true}`, false, [6]int{created, created, no, no, no, anon}},
		{"POST /api/v1/bulletins", "/api/v1/bulletins", `{"from":"2024-09-01","to":"2024-09-30"}`, false, [6]int{http.StatusConflict, http.StatusConflict, no, no, no, anon}},
		{"GET /api/v1/bulletins/preview", "/api/v1/bulletins/preview?from=2024-10-01&to=2024-10-15", "", false, everyone},
		{"GET /api/v1/bulletins/{id}", b1, "", false, everyone},
		{"POST /api/v1/bulletins/{id}/void", b1 + "/void", `{"reason":"期号错误"}`, false, [6]int{ok, http.StatusConflict, no, no, no, anon}},
		{"POST /api/v1/bulletins/{id}/void", "/api/v1/bulletins/9999/void", `{"reason":"期号错误"}`, false, [6]int{404, 404, no, no, no, anon}},
		{"GET /api/v1/search", "/api/v1/search?q=%E7%A7%91%E7%A0%94&kind=measure&limit=5", "", false, everyone},
		{"GET /api/v1/openapi.json", "/api/v1/openapi.json", "", false, [6]int{ok, ok, ok, ok, ok, ok}},
		{"GET /api/v1/notices", "/api/v1/notices?inbox=1&unread=1", "", false, everyone},
		{"GET /api/v1/notices", "/api/v1/notices?kind=bulletin&unit=JWC&limit=5", "", false, [6]int{ok, ok, ok, no, no, anon}},
		{"GET /api/v1/notices", "/api/v1/notices?kind=memo", "", false,
			[6]int{http.StatusUnprocessableEntity, http.StatusUnprocessableEntity, http.StatusUnprocessableEntity, http.StatusUnprocessableEntity, http.StatusUnprocessableEntity, anon}},
		{"GET /api/v1/notices/{id}", n1, "", false, [6]int{ok, ok, ok, no, no, anon}},
		// A 督办单 to KJC: kjc1 signs for it and answers it; the others may
		// not (another unit does not see it at all).
		{"POST /api/v1/notices/{id}/sign", toSign + "/sign", "", false, [6]int{no, no, no, ok, 404, anon}},
		{"PUT /api/v1/notices/{id}/receipt", toSign + "/receipt", `{"handling":"已部署推进","expected":"2024-11-30"}`, false,
			[6]int{no, no, no, ok, 404, anon}},
		{"PUT /api/v1/notices/{id}/receipt", toSign + "/receipt", `{"handling":"","expected":"2024-01-01"}`, false,
			[6]int{no, no, no, 422, 404, anon}},
		{"POST /api/v1/notices/{id}/void", n1 + "/void", `{"reason":"重复发送"}`, false, [6]int{ok, http.StatusConflict, no, no, no, anon}},
		// The admin reminds measure A by hand; the office's request the same
		// day has nothing left to issue (422).
		{"POST /api/v1/notices/remind", "/api/v1/notices/remind", `{"measures":["` + apptest.MeasureA + `"],"note":"请于本周内报送进展"}`, false,
			[6]int{created, http.StatusUnprocessableEntity, no, no, no, anon}},
		{"POST /api/v1/notices/{id}/read", n1 + "/read", "", false, [6]int{gone, gone, gone, no, no, anon}},
		{"GET /api/v1/deliveries", "/api/v1/deliveries?state=failed", "", false, [6]int{ok, no, no, no, no, anon}},
		// The admin retries it; it is pending after that, but only the admin may try.
		{"POST /api/v1/deliveries/{id}/retry", d1, "", false, [6]int{gone, no, no, no, no, anon}},
	}

	// Every route has a scenario, and each scenario's path reaches its route.
	mux := http.NewServeMux()
	patterns := map[string]bool{}
	for _, rt := range routes() {
		patterns[rt.Pattern] = true
		mux.HandleFunc(rt.Pattern, func(http.ResponseWriter, *http.Request) {})
	}
	covered := map[string]bool{}
	for _, sc := range scenarios {
		if !patterns[sc.route] {
			t.Errorf("scenario for %q: no such route", sc.route)
		}
		method, _, _ := strings.Cut(sc.route, " ")
		req := httptest.NewRequest(method, sc.path, nil)
		if _, p := mux.Handler(req); p != sc.route {
			t.Errorf("%s %s reaches %q, not %q", method, sc.path, p, sc.route)
		}
		covered[sc.route] = true
	}
	for _, rt := range routes() {
		if !covered[rt.Pattern] {
			t.Errorf("route %q has no scenario", rt.Pattern)
		}
	}

	t.Logf("%d routes, %d scenarios × %d visitors = %d cases", len(routes()), len(scenarios), len(roles), len(scenarios)*len(roles))
	for _, sc := range scenarios {
		method, _, _ := strings.Cut(sc.route, " ")
		for i, role := range roles {
			token := e.tokens[role]
			if sc.fresh && role != "none" {
				token = e.signIn(usernames[role])
			}
			body := strings.ReplaceAll(sc.body, "$USER", usernames[role])
			audited := apptest.AuditCount(t, e.a)
			status, h, b := e.doFull(method, sc.path, token, body)
			if status != sc.want[i] {
				t.Errorf("%s as %s: %d, want %d: %.300s", sc.route, role, status, sc.want[i], b)
			}
			// A refused request changes nothing: no audit event, so no change.
			if status >= 400 && apptest.AuditCount(t, e.a) != audited {
				t.Errorf("%s as %s: refused with %d, but wrote an audit event", sc.route, role, status)
			}
			file := status == ok && strings.HasPrefix(sc.route, "GET /api/v1/evidence/")
			if ct := h.Get("Content-Type"); status != gone && !file && ct != contentType {
				t.Errorf("%s as %s: Content-Type %q", sc.route, role, ct)
			}
			if status >= 400 {
				if got := apiError(t, b).Code; got != map[int]string{no: model.EFORBIDDEN, anon: model.EUNAUTHORIZED, http.StatusConflict: model.ECONFLICT,
					http.StatusUnprocessableEntity: model.EINVALID, http.StatusNotFound: model.ENOTFOUND}[status] {
					t.Errorf("%s as %s: error code %q", sc.route, role, got)
				}
			}
			if sc.fresh && role != "none" && status == gone {
				if st, _ := e.do("GET", "/api/v1/units", token, ""); st != anon {
					t.Errorf("%s as %s: token still works after sign-out (%d)", sc.route, role, st)
				}
			}
		}
	}
}

func TestAuthAndNotFound(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		method, path, token, body string
		want                      int
		code                      string
	}{
		{"GET", "/api/v1/units", "not-a-token", "", 401, model.EUNAUTHORIZED},
		{"GET", "/api/v1/units", "", "", 401, model.EUNAUTHORIZED},
		{"POST", "/api/v1/sessions", "", `{"username":"office1","password":"wrong"}`, 401, model.EUNAUTHORIZED},
		{"POST", "/api/v1/sessions", "", `{"username":"office1"}`, 422, model.EINVALID},
		{"GET", "/api/v1/measures/2024H2-999", e.tokens["office"], "", 404, model.ENOTFOUND},
		{"GET", "/api/v1/meetings/abc", e.tokens["office"], "", 404, model.ENOTFOUND},
		{"GET", "/api/v1/meetings/999", e.tokens["office"], "", 404, model.ENOTFOUND},
		{"POST", "/api/v1/progress/999/review", e.tokens["office"], `{"review":"accepted"}`, 404, model.ENOTFOUND},
		{"GET", "/api/v1/nothing-here", e.tokens["office"], "", 404, model.ENOTFOUND},
	}
	for _, c := range cases {
		status, h, b := e.doFull(c.method, c.path, c.token, c.body)
		if status != c.want || apiError(t, b).Code != c.code {
			t.Errorf("%s %s: %d %s, want %d %s", c.method, c.path, status, b, c.want, c.code)
		}
		if ct := h.Get("Content-Type"); ct != contentType {
			t.Errorf("%s %s: Content-Type %q", c.method, c.path, ct)
		}
	}
	// A malformed header is not a session either.
	req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/units", nil)
	req.Header.Set("Authorization", "Basic "+e.tokens["office"])
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 || resp.Header.Get("WWW-Authenticate") == "" {
		t.Errorf("Basic auth: %d %q", resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
	}
}

// snapshot is every row of every table, to prove a rejected request wrote nothing.
func snapshot(t *testing.T, a *app.App) map[string][]string {
	t.Helper()
	ctx := context.Background()
	tables, err := apptest.Store(a).Tables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, tb := range tables {
		if out[tb], err = apptest.Store(a).Dump(ctx, tb); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func TestValidation(t *testing.T) {
	e := newEnv(t)
	office := e.tokens["office"]
	valid := map[string]any{"title": "建设校级分析测试中心", "theme": "resources", "period": "2024-H2",
		"lead_unit": "KJC", "cooperating_units": []string{"JWC"}, "leader": apptest.Leader, "start": "2024-07-01", "due": "2024-12-31"}
	with := func(change func(m map[string]any)) string {
		m := map[string]any{}
		for k, v := range valid {
			m[k] = v
		}
		change(m)
		b, _ := json.Marshal(m)
		return string(b)
	}
	m1 := "/api/v1/measures/" + apptest.MeasureA
	cases := []struct {
		name, method, path, body, field string
	}{
		{"missing title", "POST", "/api/v1/measures", with(func(m map[string]any) { delete(m, "title") }), "title"},
		{"blank title", "POST", "/api/v1/measures", with(func(m map[string]any) { m["title"] = "  " }), "title"},
		{"unknown theme", "POST", "/api/v1/measures", with(func(m map[string]any) { m["theme"] = "space" }), "theme"},
		{"unknown lead unit", "POST", "/api/v1/measures", with(func(m map[string]any) { m["lead_unit"] = "XYZ" }), "lead_unit"},
		{"unknown cooperating unit", "POST", "/api/v1/measures", with(func(m map[string]any) { m["cooperating_units"] = []string{"XYZ"} }), "cooperating_units"},
		{"leader not a leader", "POST", "/api/v1/measures", with(func(m map[string]any) { m["leader"] = apptest.UnitKJC }), "leader"},
		{"unknown owner", "POST", "/api/v1/measures", with(func(m map[string]any) { m["owner"] = "ghost" }), "owner"},
		{"due before start", "POST", "/api/v1/measures", with(func(m map[string]any) { m["start"], m["due"] = "2024-10-01", "2024-09-01" }), "due"},
		{"bad due format", "POST", "/api/v1/measures", with(func(m map[string]any) { m["due"] = "31-12-2024" }), "due"},
		{"impossible start", "POST", "/api/v1/measures", with(func(m map[string]any) { m["start"] = "2024-02-30x" }), "start"},
		{"due as number", "POST", "/api/v1/measures", with(func(m map[string]any) { m["due"] = 20241231 }), "due"},
		{"unreadable deadline", "POST", "/api/v1/measures", with(func(m map[string]any) { m["deadline"] = "尽快" }), "deadline"},
		{"bad period", "POST", "/api/v1/measures", with(func(m map[string]any) { m["period"] = "2024-H3" }), "period"},
		{"priority wrong type", "POST", "/api/v1/measures", with(func(m map[string]any) { m["priority"] = "high" }), "priority"},
		{"priority out of range", "POST", "/api/v1/measures", with(func(m map[string]any) { m["priority"] = 9 }), "priority"},
		{"cooperating units not a list", "POST", "/api/v1/measures", with(func(m map[string]any) { m["cooperating_units"] = "JWC" }), "cooperating_units"},
		{"milestone bad date", "POST", "/api/v1/measures", with(func(m map[string]any) {
			m["milestones"] = []map[string]any{{"title": "论证", "due": "soon"}}
		}), "milestones"},
		{"milestone after due", "POST", "/api/v1/measures", with(func(m map[string]any) {
			m["milestones"] = []map[string]any{{"title": "论证", "due": "2025-03-01"}}
		}), "milestones[0].due"},
		{"unknown field", "POST", "/api/v1/measures", with(func(m map[string]any) { m["colour"] = "red" }), "colour"},
		{"status is derived", "POST", "/api/v1/measures", with(func(m map[string]any) { m["status"] = "done" }), "status"},
		// Named as sent, not Go-quoted (found by FuzzDecode).
		{"unknown field with a quote", "POST", "/api/v1/measures", with(func(m map[string]any) { m["colo\"ur\u007f"] = 1 }), "colo\"ur\u007f"},
		{"unknown nested field", "POST", "/api/v1/measures", with(func(m map[string]any) {
			m["milestones"] = []map[string]any{{"title": "论证", "due": "2024-09-01", "owner": "x"}}
		}), "milestones.owner"},
		{"malformed JSON", "POST", "/api/v1/measures", `{"title": "x",`, ""},
		{"not JSON at all", "POST", "/api/v1/measures", `title=x`, ""},
		{"array body", "POST", "/api/v1/measures", `[]`, ""},
		{"trailing data", "POST", "/api/v1/measures", with(func(map[string]any) {}) + ` {}`, ""},
		{"empty body", "POST", "/api/v1/measures", "", ""},
		{"percent 101", "POST", m1 + "/progress", `{"percent":101,"note":"超额完成"}`, "percent"},
		{"percent negative", "POST", m1 + "/progress", `{"percent":-1,"note":"倒退"}`, "percent"},
		{"percent fraction", "POST", m1 + "/progress", `{"percent":50.5,"note":"一半"}`, "percent"},
		{"progress without note", "POST", m1 + "/progress", `{"percent":50}`, "note"},
		{"progress in the future", "POST", m1 + "/progress", `{"date":"2024-12-01","percent":50,"note":"x"}`, "date"},
		{"progress bad date", "POST", m1 + "/progress", `{"date":"2024-1x-01","percent":50,"note":"x"}`, "date"},
		{"patch title null", "PATCH", m1, `{"title":null}`, "title"},
		{"patch blank title", "PATCH", m1, `{"title":""}`, "title"},
		{"patch bad due", "PATCH", m1, `{"due":"tomorrow"}`, "due"},
		{"patch due before start", "PATCH", m1, `{"due":"2024-01-01"}`, "due"},
		{"patch code", "PATCH", m1, `{"code":"2024H2-100"}`, "code"},
		{"patch unknown unit", "PATCH", m1, `{"lead_unit":"XYZ"}`, "lead_unit"},
		{"review unknown verdict", "POST", "/api/v1/progress/1/review", `{"review":"maybe"}`, "review"},
		{"meeting bad kind", "POST", "/api/v1/meetings", `{"kind":"party","title":"x","date":"2024-10-01"}`, "kind"},
		{"meeting bad date", "POST", "/api/v1/meetings", `{"kind":"other","title":"x","date":"10/01"}`, "date"},
		{"meeting agenda kind", "POST", "/api/v1/meetings", `{"kind":"other","title":"x","date":"2024-10-01","agenda":[{"kind":"song","title":"x"}]}`, "agenda[0].kind"},
		{"comment empty", "POST", m1 + "/comments", `{"text":" "}`, "text"},
	}
	// The review case needs a report to exist.
	if _, err := e.a.ReportProgress(context.Background(), apptest.Account(t, e.a, apptest.UnitKJC), apptest.MeasureA,
		&model.ProgressReport{Percent: 10, Note: "起步"}); err != nil {
		t.Fatal(err)
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
			t.Errorf("table %s changed by rejected requests: %d rows before, %d after", tb, len(before[tb]), len(after[tb]))
		}
	}
	// The valid body itself is accepted, so the cases above failed for their own reason.
	status, b := e.do("POST", "/api/v1/measures", office, with(func(map[string]any) {}))
	if status != http.StatusCreated {
		t.Fatalf("valid measure: %d %s", status, b)
	}
}

func TestMeasureCreateAndPatch(t *testing.T) {
	e := newEnv(t)
	office := e.tokens["office"]
	status, b := e.do("POST", "/api/v1/measures", office, `{"title":"推进学科评估","theme":"discipline","lead_unit":"JWC",
		"cooperating_units":["KJC","RSC"],"leader":"leader1","owner":"jwc1","deadline":"2024年12月底前","priority":2,
		"milestones":[{"title":"自评","due":"2024-11-15"}]}`)
	if status != http.StatusCreated {
		t.Fatalf("create: %d %s", status, b)
	}
	var m measureJSON
	mustUnmarshal(t, b, &m)
	if m.Code != "2024H2-004" || m.Period != "2024-H2" || m.Due != model.Ymd(2024, 12, 31) || m.Deadline != "2024年12月底前" ||
		m.Status != model.NotStarted || m.Alert != model.AlertNone || !slices.Equal(m.CooperatingUnits, []string{"KJC", "RSC"}) ||
		m.Source != nil || len(m.Milestones) != 1 || m.Priority != 2 {
		t.Errorf("created %+v", m)
	}
	// The wire shape: dates as YYYY-MM-DD, source null for a hand-made measure.
	var raw map[string]any
	mustUnmarshal(t, b, &raw)
	if raw["due"] != "2024-12-31" || raw["start"] != "2024-07-01" || raw["source"] != nil {
		t.Errorf("wire: due %v start %v source %v", raw["due"], raw["start"], raw["source"])
	}
	for _, k := range []string{"code", "title", "detail", "theme", "lead_unit", "cooperating_units", "leader", "owner",
		"start", "due", "deadline", "status", "alert", "progress", "source", "period", "priority", "milestones"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("measure JSON lacks %q", k)
		}
	}

	// Merge patch: only the fields present change; due null means ongoing.
	status, b = e.do("PATCH", "/api/v1/measures/"+m.Code, office, `{"due":null,"detail":"分三步推进"}`)
	if status != http.StatusOK {
		t.Fatalf("patch: %d %s", status, b)
	}
	raw = nil
	mustUnmarshal(t, b, &raw)
	if raw["due"] != nil || raw["deadline"] != "长期坚持" || raw["detail"] != "分三步推进" || raw["title"] != "推进学科评估" || raw["priority"] != 2.0 {
		t.Errorf("after patch: %v", raw)
	}
	// The lead unit may change the working fields of its measure, not the
	// deadline; a cooperating unit (KJC) none.
	jwc := e.signIn(apptest.UnitJWC)
	status, b = e.do("PATCH", "/api/v1/measures/"+m.Code, jwc, `{"owner":"jwc1"}`)
	if status != http.StatusOK {
		t.Errorf("jwc1 sets owner: %d %s", status, b)
	}
	status, b = e.do("PATCH", "/api/v1/measures/"+m.Code, jwc, `{"due":"2024-11-30"}`)
	if got := apiError(t, b); status != http.StatusForbidden || got.Field != "due" {
		t.Errorf("jwc1 moves due: %d %+v", status, got)
	}
	status, b = e.do("PATCH", "/api/v1/measures/"+m.Code, e.tokens["own"], `{"owner":"kjc1"}`)
	if got := apiError(t, b); status != http.StatusForbidden || got.Code != model.EFORBIDDEN {
		t.Errorf("kjc1, cooperating, sets owner: %d %s", status, b)
	}

	// Source from a meeting's agenda item is kept and returned.
	meetings, _ := e.a.Meetings(context.Background(), app.System)
	mt, _ := e.a.Meeting(context.Background(), app.System, meetings[0].ID)
	status, b = e.do("POST", "/api/v1/measures", office, fmt.Sprintf(`{"title":"深化教学改革","lead_unit":"JWC","period":"2024-H2",
		"due":"2024-12-31","source":{"agenda_item":%d,"start":0,"end":6}}`, mt.Items[0].ID))
	mustUnmarshal(t, b, &m)
	if status != http.StatusCreated || m.Source == nil || m.Source.AgendaItem != mt.Items[0].ID || m.Source.End != 6 {
		t.Errorf("with source: %d %s", status, b)
	}
}

func TestCursorWalk(t *testing.T) {
	e := newEnv(t)
	seen := map[string]int{}
	cursor, pages := "", 0
	for {
		path := "/api/v1/measures?limit=1"
		if cursor != "" {
			path += "&cursor=" + cursor
		}
		status, b := e.do("GET", path, e.tokens["leader"], "")
		if status != http.StatusOK {
			t.Fatalf("%s: %d %s", path, status, b)
		}
		var page measurePage
		mustUnmarshal(t, b, &page)
		if len(page.Items) > 1 {
			t.Fatalf("limit=1 gave %d items", len(page.Items))
		}
		for _, m := range page.Items {
			seen[m.Code]++
		}
		if pages++; pages > 10 {
			t.Fatal("cursor does not end")
		}
		if page.NextCursor == "" {
			break
		}
		cursor = page.NextCursor
	}
	want := map[string]int{apptest.MeasureA: 1, apptest.MeasureB: 1, apptest.MeasureC: 1}
	if fmt.Sprint(seen) != fmt.Sprint(want) {
		t.Errorf("walk saw %v, want each of the three once", seen)
	}
}

func TestMeasureFilters(t *testing.T) {
	e := newEnv(t)
	codes := func(query string) []string {
		status, b := e.do("GET", "/api/v1/measures"+query, e.tokens["other"], "")
		if status != http.StatusOK {
			t.Fatalf("%s: %d %s", query, status, b)
		}
		var page measurePage
		mustUnmarshal(t, b, &page)
		var out []string
		for _, m := range page.Items {
			out = append(out, m.Code)
		}
		return out
	}
	cases := []struct {
		query string
		want  []string
	}{
		{"?status=overdue", []string{apptest.MeasureB}},
		{"?alert=red", []string{apptest.MeasureB}},
		{"?unit=KJC", []string{apptest.MeasureA, apptest.MeasureB}},
		{"?unit=RSC&status=not_started", []string{apptest.MeasureC}},
		{"?theme=research", []string{apptest.MeasureA}},
		{"?leader=leader1", []string{apptest.MeasureA, apptest.MeasureB}},
		{"?period=2024-H2&q=" + "人才", []string{apptest.MeasureC}},
		{"?status=done", nil},
	}
	for _, c := range cases {
		if got := codes(c.query); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.query, got, c.want)
		}
	}
	bad := map[string]string{
		"?status=late": "status", "?alert=purple": "alert", "?theme=space": "theme", "?period=H2": "period",
		"?limit=-1": "limit", "?limit=1001": "limit", "?limit=ten": "limit", "?cursor=abc": "cursor", "?cursor=-4": "cursor",
		"?stauts=overdue": "stauts", "?unit=KJC&unit=JWC": "unit", "?meeting=x": "meeting",
	}
	for q, field := range bad {
		status, b := e.do("GET", "/api/v1/measures"+q, e.tokens["office"], "")
		if got := apiError(t, b); status != 422 || got.Field != field {
			t.Errorf("%s: %d %+v, want 422 naming %s", q, status, got, field)
		}
	}
	status, b := e.do("GET", "/api/v1/board?theme=space", e.tokens["office"], "")
	if got := apiError(t, b); status != 422 || got.Field != "theme" {
		t.Errorf("board?theme=space: %d %+v", status, got)
	}
}

func TestProgress(t *testing.T) {
	e := newEnv(t)
	path := "/api/v1/measures/" + apptest.MeasureA + "/progress"
	status, b := e.do("POST", path, e.tokens["other"], `{"percent":100,"note":"完成"}`)
	if status != http.StatusForbidden {
		t.Errorf("rsc1 reports on 001: %d %s", status, b)
	}
	status, b = e.do("POST", path, e.tokens["own"], `{"date":"2024-10-14","percent":100,"note":"平台建成并通过验收","risk":false}`)
	if status != http.StatusCreated {
		t.Fatalf("kjc1 reports 100%%: %d %s", status, b)
	}
	var got progressCreated
	mustUnmarshal(t, b, &got)
	if got.Status != model.Done || got.Percent != 100 || got.Author != apptest.UnitKJC || got.Review != model.ReviewPending ||
		got.Date != model.Ymd(2024, 10, 14) || got.ID == 0 {
		t.Errorf("report: %+v", got)
	}
	status, b = e.do("GET", "/api/v1/measures/"+apptest.MeasureA, e.tokens["leader"], "")
	var m measureJSON
	mustUnmarshal(t, b, &m)
	if status != http.StatusOK || m.Status != model.Done || m.Progress != 100 {
		t.Errorf("measure after report: %d %+v", status, m)
	}
	status, b = e.do("GET", "/api/v1/measures?status=done", e.tokens["leader"], "")
	var page measurePage
	mustUnmarshal(t, b, &page)
	if status != http.StatusOK || len(page.Items) != 1 || page.Items[0].Code != apptest.MeasureA {
		t.Errorf("done list: %s", b)
	}

	// The office returns the report with a comment; returning needs a reason.
	review := fmt.Sprintf("/api/v1/progress/%d/review", got.ID)
	status, b = e.do("POST", review, e.tokens["office"], `{"review":"returned"}`)
	if e := apiError(t, b); status != 422 || e.Field != "comment" {
		t.Errorf("return without comment: %d %s", status, b)
	}
	status, b = e.do("POST", review, e.tokens["office"], `{"review":"returned","comment":"请补充验收材料"}`)
	var rv progressJSON
	mustUnmarshal(t, b, &rv)
	if status != http.StatusOK || rv.Review != model.ReviewReturned || rv.Comment != "请补充验收材料" {
		t.Errorf("review: %d %s", status, b)
	}
	status, b = e.do("GET", path, e.tokens["other"], "")
	var reports list[progressJSON]
	mustUnmarshal(t, b, &reports)
	if status != http.StatusOK || len(reports.Items) != 1 || reports.Items[0].Review != model.ReviewReturned {
		t.Errorf("reports: %d %s", status, b)
	}

	// Comments come back as stored, and in the list.
	status, b = e.do("POST", "/api/v1/measures/"+apptest.MeasureA+"/comments", e.tokens["leader"], `{"text":"  很好，继续保持 "}`)
	var c commentJSON
	mustUnmarshal(t, b, &c)
	if status != http.StatusCreated || c.ID == 0 || c.Author != apptest.Leader || c.Text != "很好，继续保持" {
		t.Errorf("comment: %d %s", status, b)
	}
}

func TestReads(t *testing.T) {
	e := newEnv(t)
	status, b := e.do("GET", "/api/v1/units", e.tokens["other"], "")
	var units list[map[string]any]
	mustUnmarshal(t, b, &units)
	if status != 200 || len(units.Items) != 5 {
		t.Fatalf("units: %d %s", status, b)
	}
	if u := units.Items[0]; u["parent"] != nil || u["code"] == "" || u["name_en"] == nil || u["kind"] == nil {
		t.Errorf("unit: %v", u)
	}
	status, b = e.do("GET", "/api/v1/accounts", e.tokens["admin"], "")
	var accts list[accountJSON]
	mustUnmarshal(t, b, &accts)
	if status != 200 || len(accts.Items) != 6 || strings.Contains(string(b), "argon2") {
		t.Errorf("accounts: %d %s", status, b)
	}
	status, b = e.do("GET", "/api/v1/meetings", e.tokens["leader"], "")
	var meetings list[meetingJSON]
	mustUnmarshal(t, b, &meetings)
	if status != 200 || len(meetings.Items) != 1 || meetings.Items[0].Measures == nil || *meetings.Items[0].Measures != 1 {
		t.Fatalf("meetings: %d %s", status, b)
	}
	status, b = e.do("GET", fmt.Sprintf("/api/v1/meetings/%d", meetings.Items[0].ID), e.tokens["leader"], "")
	var mt meetingJSON
	mustUnmarshal(t, b, &mt)
	if status != 200 || len(mt.Agenda) != 1 || mt.Agenda[0].Text == "" || mt.Date != model.Ymd(2024, 6, 29) {
		t.Errorf("meeting: %d %s", status, b)
	}
	// Dropping an agenda item that a measure came from is a conflict, and changes nothing.
	before := snapshot(t, e.a)
	status, b = e.do("PUT", fmt.Sprintf("/api/v1/meetings/%d", mt.ID), e.tokens["office"], `{"kind":"retreat","title":"改名","date":"2024-06-29","agenda":[]}`)
	if status != http.StatusConflict || apiError(t, b).Code != model.ECONFLICT {
		t.Errorf("drop linked agenda item: %d %s", status, b)
	}
	if after := snapshot(t, e.a); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Error("a refused meeting update changed the database")
	}
	status, b = e.do("GET", "/api/v1/board", e.tokens["leader"], "")
	var board boardJSON
	mustUnmarshal(t, b, &board)
	if status != 200 || board.Totals.Total != 3 || board.OverdueCount != 1 || len(board.Overdue) != 1 ||
		board.Overdue[0].Code != apptest.MeasureB || board.Today != apptest.Today || board.Totals.ByStatus[model.Overdue] != 1 {
		t.Errorf("board: %d %s", status, b)
	}
}

// TestInternalError checks that an unexpected error is logged, and shown
// only as "internal error" with the request id.
func TestInternalError(t *testing.T) {
	var logged bytes.Buffer
	a := apptest.New(t)
	a.Log = slogTo(&logged)
	h := &handler{app: a}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/api/v1/units", nil)
	req.Header.Set("X-Request-Id", "abc123")
	h.writeError(rec, req, fmt.Errorf("store: disk on fire: %w", errors.New("secret path /var/x")))
	if rec.Code != 500 {
		t.Fatalf("status %d", rec.Code)
	}
	got := apiError(t, rec.Body.Bytes())
	if got.Code != model.EINTERNAL || got.Message != "系统内部错误（请求编号 abc123）" {
		t.Errorf("error %+v", got)
	}
	if !strings.Contains(logged.String(), "abc123") || !strings.Contains(logged.String(), "disk on fire") {
		t.Errorf("log: %s", logged.String())
	}
}

// slogTo is a logger writing to w, so a test can read what was logged.
func slogTo(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }

// TestDecompose: the API gives the decomposer's output with offsets into the
// text exactly as sent, and names a bad body's field.
func TestDecompose(t *testing.T) {
	e := newEnv(t)
	text := "\ufeff校长指出，一是要加强有组织科研，推进重大平台建设。二是要深化本科教育教学改革。"
	body, _ := json.Marshal(map[string]string{"text": text})
	status, b := e.do("POST", "/api/v1/decompose", e.tokens["leader"], string(body))
	var got struct {
		Drafts []struct {
			Seq        int    `json:"seq"`
			Text       string `json:"text"`
			Start, End int
			Parent     *int    `json:"parent"`
			Theme      string  `json:"theme"`
			Confidence float64 `json:"confidence"`
			Unit       *string `json:"unit"`
		} `json:"drafts"`
	}
	mustUnmarshal(t, b, &got)
	if status != 200 || len(got.Drafts) != 2 {
		t.Fatalf("decompose: %d %s", status, b)
	}
	for _, d := range got.Drafts {
		if text[d.Start:d.End] != d.Text || d.Unit == nil || d.Theme == "" {
			t.Errorf("draft %d: %q at %d-%d, unit %v", d.Seq, d.Text, d.Start, d.End, d.Unit)
		}
	}
	status, b = e.do("POST", "/api/v1/decompose", e.tokens["leader"], `{"txt":"x"}`)
	if status != 422 || !strings.Contains(string(b), `"field":"txt"`) {
		t.Errorf("unknown field: %d %s", status, b)
	}
}

// minutesMeeting records a president's office meeting with a decision item
// and returns its id.
func minutesMeeting(t *testing.T, a *app.App, day model.Date) int64 {
	t.Helper()
	m := model.Meeting{Kind: "president_office", Title: "校长办公会", Date: day, Presider: "陈国强",
		Items: []model.AgendaItem{{Kind: "decision", Title: "实验室安全", Text: "同意开展实验室安全专项检查。"}}}
	if err := a.SaveMeeting(t.Context(), apptest.Account(t, a, apptest.Office), &m); err != nil {
		t.Fatal(err)
	}
	return m.ID
}
