package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// secretAnswers are the routes whose answer shows a secret (a one-time
// password): a repeat gets the status without the answer, which is never
// kept.
var secretAnswers = map[string]bool{"POST /api/v1/accounts/{username}/password-reset": true}

// notReplayed are the routes that change something yet are not replayed
// under an Idempotency-Key, by design, and what they do instead (which
// TestIdempotencyEveryRoute checks).
var notReplayed = map[string]string{
	// wrap guards only signed-in requests: a key is kept per account, and
	// signing in has none yet. Each sign-in is a new session.
	"POST /api/v1/sessions": "public: no account to keep the key under; a repeat opens another session",
	// The session the repeat would be signed in with is the one the first
	// request ended: the repeat is refused (401) before the guard is asked.
	"DELETE /api/v1/sessions": "ends the session that signs the repeat in: a repeat is 401",
	// app.write claims a key with the first change a request makes; a
	// request that changes nothing claims nothing, and its repeat simply
	// runs again (another body under the key too).
	"POST /api/v1/decompose": "changes nothing, so claims nothing: a repeat runs again",
}

// TestIdempotencyEveryRoute sends every route of the table that changes
// something (POST, PATCH, PUT, DELETE) twice with one Idempotency-Key: the
// repeat gets the first answer again, marked Idempotent-Replayed, and
// writes nothing (no row of any table changes); another body under the key
// is 422 naming the header and writes nothing either. A route added to the
// table without a case here fails the test; the routes notReplayed names
// are checked to do what it says.
func TestIdempotencyEveryRoute(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	kjc := apptest.Account(t, e.a, apptest.UnitKJC)
	meetings, err := e.a.Meetings(ctx, app.System)
	if err != nil || len(meetings) == 0 {
		t.Fatalf("fixture meetings: %v", err)
	}
	meeting, err := e.a.Meeting(ctx, app.System, meetings[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	// Reports of kjc1 on measure A waiting for review: one to review, one
	// to review in bulk, one to withdraw, one to add a file to.
	var toReview, toBulk, toWithdraw, toFile model.ProgressReport
	for _, r := range []*model.ProgressReport{&toReview, &toBulk, &toWithdraw, &toFile} {
		*r = model.ProgressReport{Percent: 20, Note: "已启动"}
		if _, err := e.a.ReportProgress(ctx, kjc, apptest.MeasureA, r); err != nil {
			t.Fatal(err)
		}
	}
	seedIndicator(t, e.a)
	submitReports(t, e.a, apptest.UnitJWC, apptest.UnitRSC) // JWC's to withdraw, RSC's to return
	openProblem, resolvedProblem, allocation := seedProblems(t, e.a)
	seedSummaries(t, e.a) // 0029
	bulletin := seedBulletin(t, e.a)
	notices := seedNotices(t, e.a)
	toRead := notices["bulletin:"+apptest.MeasureB] // addressed to office1
	var toVoid model.Notice
	for _, k := range slices.Sorted(maps.Keys(notices)) {
		if notices[k].ID != toRead.ID {
			toVoid = notices[k]
			break
		}
	}
	if toVoid.ID == 0 {
		t.Fatal("the daily job left no second notice to void")
	}
	delivery := failedDelivery(t, e.a)
	toSign := fmt.Sprintf("/api/v1/notices/%d", apptest.SupervisionNotice(t, e.a, apptest.MeasureA, apptest.Today).ID)
	toMinute, minuted := minutesMeeting(t, e.a, model.Ymd(2024, 10, 8)), minutesMeeting(t, e.a, model.Ymd(2024, 10, 9))
	standingMinutes, err := e.a.IssueMinutes(ctx, apptest.Account(t, e.a, apptest.Office), minuted, app.MinutesRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.a.CreateUnit(ctx, app.System, model.Unit{Code: "TMP", Name: "临时机构", Kind: model.UnitInstitute}); err != nil {
		t.Fatal(err)
	}
	e.tokens["jwc"] = e.signIn(apptest.UnitJWC)
	campID, campPeople := apptest.StudyCampaign(t, e.a)
	c1 := fmt.Sprintf("/api/v1/campaigns/%d", campID)
	campBody := `{"title":"党纪学习教育","start":"2024-09-01","end":"2024-12-31","summary_due":"2025-01-10","units":["KJC","RSC"],
		"requirements":[{"kind":"group_study","title":"每月至少一次集中学习","count":1,"monthly":true}]}`
	sessionBody := fmt.Sprintf(`{"unit":"KJC","kind":"group_study","date":"2024-10-10","topic":"学习纪律处分条例","attendance":[{"person":%d,"present":true}]}`,
		campPeople["KJC"][0])
	rt := seedRetreat(t, e.a)

	m1 := "/api/v1/measures/" + apptest.MeasureA
	meetingBody := fmt.Sprintf(`{"kind":"standing_committee","title":"党委常委会","date":"2024-10-10",
		"agenda":[{"id":%d,"kind":"speech","title":"校长讲话","speaker":"王校长","text":%q}]}`, meeting.Items[0].ID, meeting.Items[0].Text)
	file := func(name string) string {
		return multipartBody(apptest.EvidenceFile{Name: name, Data: apptest.PDF(name)})
	}
	// The cases run in order: KJC's report is written, then sent, then
	// accepted. other is another body for the same key ("{}" where the
	// route takes none).
	cases := []struct {
		route, role, path, body, other string
		want                           int
	}{
		{"POST /api/v1/units", "admin", "/api/v1/units", `{"code":"XY","name":"新设学院","kind":"school","parent":null}`,
			`{"code":"XY","name":"新建学院","kind":"school","parent":null}`, http.StatusCreated},
		{"PATCH /api/v1/units/{code}", "admin", "/api/v1/units/KJC", `{"name_en":"S&T Office","seq":3}`, `{"name_en":"S&T Office","seq":4}`, http.StatusOK},
		{"POST /api/v1/units/{code}/merge", "admin", "/api/v1/units/TMP/merge", `{"into":"RSC"}`, `{"into":"JWC"}`, http.StatusOK},
		{"POST /api/v1/accounts", "admin", "/api/v1/accounts", `{"username":"rsc2","name":"新联络员","role":"unit","unit":"RSC","password":"Tall-Mountain-42"}`,
			`{"username":"rsc3","name":"新联络员","role":"unit","unit":"RSC","password":"Tall-Mountain-42"}`, http.StatusCreated},
		{"PATCH /api/v1/accounts/{username}", "admin", "/api/v1/accounts/" + apptest.UnitJWC, `{"email":"jwc@example.edu.cn"}`, `{"email":"jwc1@example.edu.cn"}`, http.StatusOK},
		{"POST /api/v1/accounts/{username}/password-reset", "admin", "/api/v1/accounts/" + apptest.UnitRSC + "/password-reset", "", "{}", http.StatusOK},
		{"PUT /api/v1/leaders/{username}/portfolio", "office", "/api/v1/leaders/" + apptest.Leader + "/portfolio",
			`{"units":["KJC"],"themes":["research"],"from":"2024-07-01"}`, `{"units":["JWC"],"themes":["research"],"from":"2024-07-01"}`, http.StatusOK},
		{"PUT /api/v1/institution", "admin", "/api/v1/institution", `{"name":"示范大学","name_en":"Example University","short_name":"示大",
			"short_name_en":"EU","office_name":"党委办公室、校长办公室","time_zone":"Asia/Shanghai"}`, `{"name":"示范大学","name_en":"Example University","short_name":"示大",
			"short_name_en":"EU","office_name":"党政办公室","time_zone":"Asia/Shanghai"}`, http.StatusOK},
		{"PUT /api/v1/calendar/{year}", "office", "/api/v1/calendar/2024", `{"year":2024,"terms":[{"term":"autumn","start":"2024-09-02","end":"2025-01-17"},
			{"term":"spring","start":"2025-02-24","end":"2025-07-04"}]}`, `{"year":2024,"terms":[{"term":"autumn","start":"2024-09-02","end":"2025-01-17"},
			{"term":"spring","start":"2025-02-17","end":"2025-07-04"}]}`, http.StatusOK},
		{"POST /api/v1/meetings", "office", "/api/v1/meetings", `{"kind":"president_office","title":"校长办公会","date":"2024-10-08",
			"agenda":[{"kind":"decision","title":"议定事项","text":"要推进实验室安全检查。"}]}`, `{"kind":"president_office","title":"校长办公会","date":"2024-10-09",
			"agenda":[{"kind":"decision","title":"议定事项","text":"要推进实验室安全检查。"}]}`, http.StatusCreated},
		{"PUT /api/v1/meetings/{id}", "office", fmt.Sprintf("/api/v1/meetings/%d", meeting.ID), meetingBody,
			strings.Replace(meetingBody, "党委常委会", "校长办公会", 1), http.StatusOK},
		{"POST /api/v1/meetings/{id}/items/{n}/speech", "office", fmt.Sprintf("/api/v1/meetings/%d/items/1/speech", meeting.ID),
			multipartFiles("file", apptest.EvidenceFile{Name: "讲话.txt", Data: []byte("要推进实验室安全检查。")}),
			multipartFiles("file", apptest.EvidenceFile{Name: "讲话.txt", Data: []byte("要加快实验室安全检查。")}), http.StatusOK},
		{"POST /api/v1/notices/{id}/sign", "own", toSign + "/sign", "", "{}", http.StatusOK},
		{"PUT /api/v1/notices/{id}/receipt", "own", toSign + "/receipt", `{"handling":"已部署推进","expected":"2024-11-30"}`,
			`{"handling":"已部署推进，正在论证","expected":"2024-11-30"}`, http.StatusOK},
		{"POST /api/v1/meetings/{id}/minutes/issue", "office", fmt.Sprintf("/api/v1/meetings/%d/minutes/issue", toMinute), `{"decisions":[]}`,
			`{"decisions":[{"item":1,"part":0,"text":"同意。"}]}`, http.StatusCreated},
		{"POST /api/v1/campaigns", "office", "/api/v1/campaigns", campBody, strings.Replace(campBody, "党纪学习教育", "主题教育", 1), http.StatusCreated},
		{"PUT /api/v1/campaigns/{id}", "office", c1, campBody, strings.Replace(campBody, "党纪学习教育", "主题教育", 1), http.StatusOK},
		{"POST /api/v1/campaigns/{id}/sessions", "own", c1 + "/sessions", sessionBody, strings.Replace(sessionBody, "学习纪律处分条例", "学习准则", 1), http.StatusCreated},
		{"PUT /api/v1/campaigns/{id}/summaries/{unit}", "own", c1 + "/summaries/KJC", `{"body":"本单位按要求开展学习"}`, `{"body":"本单位按要求开展学习，已完成"}`, http.StatusOK},
		{"POST /api/v1/minutes/{id}/void", "office", fmt.Sprintf("/api/v1/minutes/%d/void", standingMinutes.ID), `{"reason":"议定事项有误"}`,
			`{"reason":"议定事项表述有误"}`, http.StatusOK},
		{"PUT /api/v1/assessments/{year}/weights", "office", "/api/v1/assessments/2024/weights", `{"on_time":40,"reports":20,"indicators":30,"problems":10,
			"per_supervision":1,"per_bulletin":2,"mode":"threshold","excellent":90,"good":80,"pass":60,"excellent_pct":20,"good_pct":50}`,
			`{"on_time":50,"reports":10,"indicators":30,"problems":10,"per_supervision":1,"per_bulletin":2,"mode":"threshold","excellent":90,"good":80,
			"pass":60,"excellent_pct":20,"good_pct":50}`, http.StatusOK},
		{"POST /api/v1/assessments/{year}/adjustments", "office", "/api/v1/assessments/2024/adjustments", `{"unit":"KJC","points":1.5,"reason":"承办全省会议"}`,
			`{"unit":"KJC","points":2,"reason":"承办全省会议"}`, http.StatusOK},
		{"POST /api/v1/assessments/{year}/publish", "office", "/api/v1/assessments/2022/publish", "", "{}", http.StatusCreated},
		{"POST /api/v1/measures", "office", "/api/v1/measures", `{"title":"建设校级分析测试中心","theme":"resources","period":"2024-H2",
			"lead_unit":"KJC","leader":"leader1","deadline":"2024年11月底前"}`, `{"title":"建设校级分析测试中心","theme":"resources","period":"2024-H2",
			"lead_unit":"KJC","leader":"leader1","deadline":"2024年12月底前"}`, http.StatusCreated},
		{"PATCH /api/v1/measures/{code}", "office", m1, `{"detail":"分三批推进"}`, `{"detail":"分两批推进"}`, http.StatusOK},
		{"POST /api/v1/measures/{code}/progress", "own", m1 + "/progress", `{"percent":40,"note":"完成平台论证"}`, `{"percent":45,"note":"完成平台论证"}`, http.StatusCreated},
		{"POST /api/v1/progress/review", "office", "/api/v1/progress/review", fmt.Sprintf(`{"ids":[%d],"review":"accepted"}`, toBulk.ID),
			fmt.Sprintf(`{"ids":[%d],"review":"returned","comment":"请补充"}`, toBulk.ID), http.StatusNoContent},
		{"POST /api/v1/progress/{id}/review", "office", fmt.Sprintf("/api/v1/progress/%d/review", toReview.ID), `{"review":"accepted"}`,
			`{"review":"returned","comment":"请补充"}`, http.StatusOK},
		{"POST /api/v1/progress/{id}/withdraw", "own", fmt.Sprintf("/api/v1/progress/%d/withdraw", toWithdraw.ID), "", "{}", http.StatusOK},
		{"POST /api/v1/measures/{code}/progress/{id}/evidence", "own", fmt.Sprintf("%s/progress/%d/evidence", m1, toFile.ID),
			file("签到表.pdf"), file("会议纪要.pdf"), http.StatusCreated},
		{"POST /api/v1/measures/{code}/comments", "office", m1 + "/comments", `{"text":"请加快进度"}`, `{"text":"请按期完成"}`, http.StatusCreated},
		{"POST /api/v1/indicators", "office", "/api/v1/indicators", `{"code":"ZB-KC","name":"国家级一流课程","kind":"competitive","measure_unit":"门","owner_unit":"JWC"}`,
			`{"code":"ZB-KC","name":"省级一流课程","kind":"competitive","measure_unit":"门","owner_unit":"JWC"}`, http.StatusCreated},
		{"PATCH /api/v1/indicators/{code}", "office", "/api/v1/indicators/" + testIndicator, `{"description":"含横向经费"}`, `{"description":"不含横向经费"}`, http.StatusOK},
		{"PUT /api/v1/indicators/{code}/values/{period}", "own", "/api/v1/indicators/" + testIndicator + "/values/2024-H2", `{"actual":11000,"note":"财务报表"}`,
			`{"actual":11500,"note":"财务报表"}`, http.StatusOK},
		{"POST /api/v1/periods/{code}/lock", "office", "/api/v1/periods/2024-H1/lock", "", "{}", http.StatusOK},
		{"POST /api/v1/problems", "office", "/api/v1/problems", `{"title":"科研用房紧张","owner_unit":"KJC","severity":"high"}`,
			`{"title":"科研用房紧张","owner_unit":"KJC","severity":"low"}`, http.StatusCreated},
		{"PATCH /api/v1/problems/{code}", "office", "/api/v1/problems/" + openProblem, `{"notes":"已召开协调会"}`, `{"notes":"已召开两次协调会"}`, http.StatusOK},
		{"POST /api/v1/problems/{code}/close", "office", "/api/v1/problems/" + resolvedProblem + "/close", `{"note":"已解决"}`, `{"note":"已解决，同意销号"}`, http.StatusOK},
		{"POST /api/v1/allocations", "office", "/api/v1/allocations", `{"kind":"posts","unit":"RSC","period":"2024-H2","granted":3}`,
			`{"kind":"posts","unit":"RSC","period":"2024-H2","granted":4}`, http.StatusCreated},
		{"PATCH /api/v1/allocations/{id}", "office", allocation, `{"spent":12.5}`, `{"spent":13}`, http.StatusOK},
		{"PUT /api/v1/reports/{unit}/{period}", "own", "/api/v1/reports/KJC/2024-H2", reportBody, strings.Replace(reportBody, "经费不足", "用房不足", 1), http.StatusOK},
		{"POST /api/v1/reports/{unit}/{period}/submit", "own", "/api/v1/reports/KJC/2024-H2/submit", "", "{}", http.StatusOK},
		{"POST /api/v1/reports/{unit}/{period}/accept", "office", "/api/v1/reports/KJC/2024-H2/accept", "", "{}", http.StatusOK},
		{"POST /api/v1/reports/{unit}/{period}/return", "office", "/api/v1/reports/RSC/2024-H2/return", `{"comment":"请补充数据"}`, `{"comment":"请补充案例"}`, http.StatusOK},
		{"POST /api/v1/reports/{unit}/{period}/withdraw", "jwc", "/api/v1/reports/JWC/2024-H2/withdraw", "", "{}", http.StatusOK},
		{"POST /api/v1/bulletins", "office", "/api/v1/bulletins", `{"from":"2024-10-01","to":"2024-10-14"}`, `{"from":"2024-10-01","to":"2024-10-13"}`, http.StatusCreated},
		{"POST /api/v1/bulletins/{id}/void", "office", bulletin + "/void", `{"reason":"期号错误"}`, `{"reason":"范围错误"}`, http.StatusOK},
		{"POST /api/v1/notices/{id}/void", "office", fmt.Sprintf("/api/v1/notices/%d/void", toVoid.ID), `{"reason":"重复发送"}`, `{"reason":"发错单位"}`, http.StatusOK},
		{"POST /api/v1/notices/remind", "office", "/api/v1/notices/remind", `{"measures":["` + apptest.MeasureA + `"],"note":"请于本周内报送进展"}`,
			`{"measures":["` + apptest.MeasureA + `"],"note":"请于周五前报送进展"}`, http.StatusCreated},
		{"POST /api/v1/notices/{id}/read", "office", fmt.Sprintf("/api/v1/notices/%d/read", toRead.ID), "", "{}", http.StatusNoContent},
		{"POST /api/v1/summaries/{period}", "office", "/api/v1/summaries/2024-H1", `{"sections":[{"key":"overview","text":"上半年总体平稳。"}]}`,
			`{"sections":[{"key":"overview","text":"上半年稳中有进。"}]}`, http.StatusOK},
		{"POST /api/v1/summaries/{period}/issue", "office", "/api/v1/summaries/2024-H2/issue", "", "{}", http.StatusCreated},
		{"POST /api/v1/summaries/{period}/void", "office", "/api/v1/summaries/2023-H2/void", `{"reason":"数据有误"}`, `{"reason":"数据需更正"}`, http.StatusOK},
		{"POST /api/v1/meetings/{id}/proposals", "office", fmt.Sprintf("/api/v1/meetings/%d/proposals", meeting.ID),
			`{"kind":"problem","ref":"` + openProblem + `"}`, `{"kind":"problem","ref":"P2024-999"}`, http.StatusCreated},
		{"POST /api/v1/deliveries/{id}/retry", "admin", fmt.Sprintf("/api/v1/deliveries/%d/retry", delivery), "", "{}", http.StatusNoContent},
		{"POST /api/v1/meetings/{id}/topics", "office", rt.base + "/topics", `{"title":"研讨主题甲"}`, `{"title":"研讨主题乙"}`, http.StatusCreated},
		{"PUT /api/v1/meetings/{id}/topics/{topic}", "office", rt.topic, `{"title":"主题甲"}`, `{"title":"主题乙"}`, http.StatusOK},
		{"DELETE /api/v1/meetings/{id}/topics/{topic}", "office", rt.topic2, "", "{}", http.StatusNoContent},
		{"POST /api/v1/meetings/{id}/groups", "office", rt.base + "/groups", `{"name":"第三组","units":["RSC"]}`, `{"name":"第四组","units":["RSC"]}`, http.StatusCreated},
		{"PUT /api/v1/meetings/{id}/groups/{group}", "office", rt.group, `{"name":"第一组甲","leaders":["leader1"],"units":["KJC","JWC"]}`,
			`{"name":"第一组乙","leaders":["leader1"],"units":["KJC","JWC"]}`, http.StatusOK},
		{"DELETE /api/v1/meetings/{id}/groups/{group}", "office", rt.group2, "", "{}", http.StatusNoContent},
		{"POST /api/v1/meetings/{id}/submissions", "office", rt.base + "/submissions", `{"due":"2024-10-20","participants":[{"kind":"unit","ref":"RSC"}]}`,
			`{"due":"2024-10-21","participants":[{"kind":"unit","ref":"RSC"}]}`, http.StatusCreated},
		{"PUT /api/v1/meetings/{id}/submissions/{sub}", "own", rt.kjc, `{"text":"发言甲"}`, `{"text":"发言乙"}`, http.StatusOK},
		{"DELETE /api/v1/meetings/{id}/submissions/{sub}", "office", rt.jwc, "", "{}", http.StatusNoContent},
	}

	// Every route that changes something has a case or says why not, and
	// each case's path reaches its route.
	mux := http.NewServeMux()
	changes := map[string]bool{}
	for _, rt := range routes() {
		mux.HandleFunc(rt.Pattern, func(http.ResponseWriter, *http.Request) {})
		if method, _, _ := strings.Cut(rt.Pattern, " "); method != http.MethodGet {
			changes[rt.Pattern] = true
		}
	}
	covered := map[string]bool{}
	for _, c := range cases {
		method, _, _ := strings.Cut(c.route, " ")
		if _, p := mux.Handler(httptest.NewRequest(method, c.path, nil)); p != c.route {
			t.Errorf("%s %s reaches %q, not %q", method, c.path, p, c.route)
		}
		if covered[c.route] {
			t.Errorf("%s has two cases", c.route)
		}
		covered[c.route] = true
	}
	for route := range notReplayed {
		if !changes[route] {
			t.Errorf("notReplayed names %q, which is no route that changes something", route)
		}
		covered[route] = true
	}
	for route := range changes {
		if !covered[route] {
			t.Errorf("%s has no replay case: add one, or say in notReplayed why it is not replayed", route)
		}
	}

	for i, c := range cases {
		t.Run(c.route, func(t *testing.T) {
			method, _, _ := strings.Cut(c.route, " ")
			token, key := e.tokens[c.role], fmt.Sprintf("replay-%d", i)
			status, h, first := e.doKeyed(method, c.path, token, key, c.body)
			if status != c.want {
				t.Fatalf("first: %d, want %d: %.300s", status, c.want, first)
			}
			if h.Get("Idempotent-Replayed") != "" {
				t.Errorf("first: marked replayed")
			}
			audited := apptest.AuditCount(t, e.a)
			before := snapshot(t, e.a)

			status2, h2, again := e.doKeyed(method, c.path, token, key, c.body)
			if secretAnswers[c.route] {
				// The answer shows a secret: it is not kept, not in the
				// submissions table nor anywhere else; the repeat is told
				// it was done, without it.
				var answer struct{ Password string }
				if err := json.Unmarshal(first, &answer); err != nil || answer.Password == "" {
					t.Fatalf("first answer: %v %s", err, first)
				}
				for tb, rows := range before {
					for _, row := range rows {
						asBytes := strings.Trim(fmt.Sprint([]byte(answer.Password)), "[]") // how Dump prints a BLOB
						if strings.Contains(row, answer.Password) || strings.Contains(row, asBytes) {
							t.Errorf("table %s keeps the secret answer %s", tb, first)
						}
					}
				}
				first = nil
			}
			if status2 != status || !bytes.Equal(again, first) || h2.Get("Idempotent-Replayed") != "true" {
				t.Errorf("repeat: %d %.300s (replayed %q); want %d and the first answer %.300s", status2, again, h2.Get("Idempotent-Replayed"), status, first)
			}
			for _, k := range []string{"Location", "Content-Type"} {
				if h2.Get(k) != h.Get(k) {
					t.Errorf("repeat: %s %q, first %q", k, h2.Get(k), h.Get(k))
				}
			}
			status3, _, b := e.doKeyed(method, c.path, token, key, c.other)
			if status3 != http.StatusUnprocessableEntity || apiError(t, b).Field != idempotencyHeader {
				t.Errorf("another body under the key: %d %.300s, want 422 naming %s", status3, b, idempotencyHeader)
			}
			if got := apptest.AuditCount(t, e.a); got != audited {
				t.Errorf("the repeats wrote %d audit events", got-audited)
			}
			after := snapshot(t, e.a)
			for tb := range after {
				if !slices.Equal(before[tb], after[tb]) {
					t.Errorf("table %s changed by the repeats: %d rows before, %d after", tb, len(before[tb]), len(after[tb]))
				}
			}
		})
	}

	t.Run("not replayed", func(t *testing.T) {
		// Signing in twice with one key opens two sessions.
		body := fmt.Sprintf(`{"username":%q,"password":%q}`, apptest.Leader, apptest.Password)
		s1, h1, b1 := e.doKeyed("POST", "/api/v1/sessions", "", "sign-in-key", body)
		s2, h2, b2 := e.doKeyed("POST", "/api/v1/sessions", "", "sign-in-key", body)
		if s1 != http.StatusCreated || s2 != http.StatusCreated || bytes.Equal(b1, b2) || h1.Get("Idempotent-Replayed")+h2.Get("Idempotent-Replayed") != "" {
			t.Errorf("sign in twice with one key: %d %s, %d %s", s1, b1, s2, b2)
		}
		// Decomposing writes nothing: a repeat runs again, another body too.
		s1, h1, b1 = e.doKeyed("POST", "/api/v1/decompose", e.tokens["leader"], "decompose-key", `{"text":"一是要加强有组织科研。"}`)
		s2, h2, b2 = e.doKeyed("POST", "/api/v1/decompose", e.tokens["leader"], "decompose-key", `{"text":"一是要加强有组织科研。"}`)
		s3, _, b3 := e.doKeyed("POST", "/api/v1/decompose", e.tokens["leader"], "decompose-key", `{"text":"二是要深化教学改革。"}`)
		if s1 != http.StatusOK || s2 != http.StatusOK || !bytes.Equal(b1, b2) || s3 != http.StatusOK || h1.Get("Idempotent-Replayed")+h2.Get("Idempotent-Replayed") != "" {
			t.Errorf("decompose with one key: %d, %d (%q), another body %d %.200s", s1, s2, h2.Get("Idempotent-Replayed"), s3, b3)
		}
		// Signing out ends the session the repeat would come with.
		token := e.signIn(apptest.Leader)
		s1, _, _ = e.doKeyed("DELETE", "/api/v1/sessions", token, "sign-out-key", "")
		s2, _, b2 = e.doKeyed("DELETE", "/api/v1/sessions", token, "sign-out-key", "")
		if s1 != http.StatusNoContent || s2 != http.StatusUnauthorized {
			t.Errorf("sign out twice with one key: %d, then %d %s", s1, s2, b2)
		}
	})
}
