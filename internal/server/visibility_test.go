package server

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// The visibility table: what each role sees of each kind of thing, asked of
// the web pages and of the API alike. Both faces render what app returns,
// cut to the reader, so they must agree row by row; a face that filtered on
// its own (as the measure page once showed history rows the history page
// refused) fails here.

// readers are the roles of the table. In the fixture measure B is led by
// JWC with KJC cooperating; RSC has nothing to do with it.
var readers = []string{apptest.Admin, apptest.Office, apptest.Leader, apptest.UnitJWC, apptest.UnitKJC, apptest.UnitRSC}

// sees lists the readers who see a thing; the rest must not.
type sees map[string]bool

func who(users ...string) sees {
	s := sees{}
	for _, u := range users {
		s[u] = true
	}
	return s
}

// probe asks one face whether a reader sees the thing: the request, and the
// text that shows it in a successful answer. A refusal (403), a redirect
// elsewhere (303) or an answer without the text all mean "not seen".
type probe struct {
	path string
	mark string
}

type visibilityRow struct {
	what     string
	web, api probe // a zero probe: the face has no such read
	want     sees
}

func TestVisibilityTable(t *testing.T) {
	a := apptest.New(t)
	srv := httptest.NewServer(New(a))
	t.Cleanup(srv.Close)
	ctx := t.Context()
	as := func(u string) model.Account { return apptest.Account(t, a, u) }

	// JWC reports on measure B with a file; the office comments on it.
	rep := model.ProgressReport{Percent: 30, Note: "教务处部分已启动", Evidence: []model.Evidence{{Name: "教务处签到表.pdf", Data: apptest.PDF("签到")}}}
	if _, err := a.ReportProgress(ctx, as(apptest.UnitJWC), apptest.MeasureB, &rep); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AddComment(ctx, as(apptest.Office), apptest.MeasureB, "请加快推进进度"); err != nil {
		t.Fatal(err)
	}
	// JWC's half-year report, with a phrase to search for.
	text := app.ReportText{Achievements: "课程思政示范课堂建设成效显著", Situation: "形势", Problems: "问题", NextMeasures: "举措"}
	if _, err := a.SaveReport(ctx, as(apptest.UnitJWC), "JWC", "2024-H2", text); err != nil {
		t.Fatal(err)
	}
	// and a report of a unit none of the readers works in.
	if err := a.CreateDemoAccounts(ctx, []model.Account{{Username: "db1", Role: model.RoleUnit, Unit: "DB", Name: "党政办联络员"}}, apptest.Password); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SaveReport(ctx, as("db1"), "DB", "2024-H2", app.ReportText{Achievements: "党政办公室的成绩"}); err != nil {
		t.Fatal(err)
	}

	m := "/measures/" + apptest.MeasureB
	all := who(readers...)
	supervisors := who(apptest.Admin, apptest.Office, apptest.Leader)
	involvedInB := who(apptest.Admin, apptest.Office, apptest.Leader, apptest.UnitJWC, apptest.UnitKJC)
	jwcReport := who(apptest.Admin, apptest.Office, apptest.Leader, apptest.UnitJWC)
	rows := []visibilityRow{
		{"the measure itself", probe{m, "深化本科教育教学改革"}, probe{"/api/v1" + m, "深化本科教育教学改革"}, all},
		{"a comment on it", probe{m, "请加快推进进度"}, probe{"/api/v1" + m + "/comments", "请加快推进进度"}, all},
		{"a report's progress note", probe{m, "教务处部分已启动"}, probe{"/api/v1" + m + "/progress", "教务处部分已启动"}, all},
		{"the name of a report's file", probe{m, "教务处签到表.pdf"}, probe{"/api/v1" + m + "/progress", "教务处签到表.pdf"}, involvedInB},
		{"the measure's history on its page", probe{m, `id="h-history"`}, probe{}, involvedInB},
		{"the measure's history", probe{"/history/measure/" + apptest.MeasureB, "教务处签到表.pdf"},
			probe{"/api/v1/history/measure/" + apptest.MeasureB, "教务处签到表.pdf"}, involvedInB},
		{"a unit's half-year report", probe{"/reports/JWC/2024-H2", "课程思政示范课堂建设成效显著"},
			probe{"/api/v1/reports/JWC/2024-H2", "课程思政示范课堂建设成效显著"}, jwcReport},
		{"a half-year report in search", probe{"/search?q=" + url.QueryEscape("课程思政示范"), "/reports/JWC/2024-H2"},
			probe{"/api/v1/search?q=" + url.QueryEscape("课程思政示范"), "JWC"}, jwcReport},
		{"the report's history", probe{"/history/report/JWC/2024-H2", "课程思政示范课堂建设成效显著"},
			probe{"/api/v1/history/report/JWC/2024-H2", "课程思政示范课堂建设成效显著"}, jwcReport},
		{"the accounts", probe{"/settings/people", apptest.UnitRSC}, probe{"/api/v1/accounts", apptest.UnitRSC}, who(apptest.Admin, apptest.Office)},
		// A unit account is sent from the overview to its own report (303)
		// and lists only its own through the API: never another unit's.
		{"another unit's report in the period's list", probe{"/reports?period=2024-H2", "/reports/DB/2024-H2"},
			probe{"/api/v1/reports?period=2024-H2", `"unit":"DB"`}, supervisors},
	}
	for _, reader := range readers {
		web := signInWeb(t, srv.URL, reader)
		token := signInAPI(t, srv.URL, reader)
		for _, row := range rows {
			for _, face := range []struct {
				name string
				p    probe
				get  func(string) (int, string)
			}{{"web", row.web, web}, {"api", row.api, func(p string) (int, string) { return getAPI(t, srv.URL, token, p) }}} {
				if face.p.path == "" {
					continue
				}
				status, body := face.get(face.p.path)
				if status != http.StatusOK && status != http.StatusForbidden && status != http.StatusSeeOther {
					t.Errorf("%s: %s as %s: GET %s answered %d", row.what, face.name, reader, face.p.path, status)
					continue
				}
				seen := status == http.StatusOK && strings.Contains(body, face.p.mark)
				if seen != row.want[reader] {
					t.Errorf("%s: %s as %s (GET %s, %d): seen %v, want %v", row.what, face.name, reader, face.p.path, status, seen, row.want[reader])
				}
			}
		}
	}
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// signInWeb signs in through the sign-in form and returns a GET for pages.
func signInWeb(t *testing.T, base, user string) func(string) (int, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path string) (int, string) {
		res, err := hc.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	_, form := get("/signin")
	m := csrfInput.FindStringSubmatch(form)
	if m == nil {
		t.Fatal("no csrf on the sign-in form")
	}
	res, err := hc.PostForm(base+"/signin", url.Values{"csrf": {m[1]}, "username": {user}, "password": {apptest.Password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("web sign-in as %s: %d", user, res.StatusCode)
	}
	return get
}

// signInAPI opens an API session and returns its token.
func signInAPI(t *testing.T, base, user string) string {
	t.Helper()
	res, err := http.Post(base+"/api/v1/sessions", "application/json",
		strings.NewReader(`{"username":"`+user+`","password":"`+apptest.Password+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Token string `json:"token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || out.Token == "" {
		t.Fatalf("API sign-in as %s: %d %v", user, res.StatusCode, err)
	}
	return out.Token
}

func getAPI(t *testing.T, base, token, path string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", base+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}
