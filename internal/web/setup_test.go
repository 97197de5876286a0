package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// setupScenarios are the set-up routes for TestRoutes: the checklist, the
// institution, units, people and accounts, portfolios and the calendar.
// They change throw-away units and an account made here, never the
// fixture's, so the scenarios after them still find what they expect.
func setupScenarios(t *testing.T, a *app.App) []scenario {
	ctx := context.Background()
	admin := apptest.Account(t, a, apptest.Admin)
	for _, u := range []model.Unit{{Code: "TMPA", Name: "临时甲", Kind: model.UnitDepartment}, {Code: "TMPB", Name: "临时乙", Kind: model.UnitDepartment}} {
		if err := a.CreateUnit(ctx, admin, u); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.SaveNewAccount(ctx, admin, app.NewAccount{Account: model.Account{Username: "zhangsan", Name: "张三", Role: model.RoleUnit, Unit: "TMPB"}}); err != nil {
		t.Fatal(err)
	}
	unprocessable, conflict := http.StatusUnprocessableEntity, http.StatusConflict
	office := func(admin, office int) want {
		return want{def: denied, role: map[string]int{"anon": see, apptest.Admin: admin, apptest.Office: office}}
	}
	form := func(kv ...string) func() url.Values {
		return func() url.Values {
			v := url.Values{}
			for i := 0; i+1 < len(kv); i += 2 {
				v.Add(kv[i], kv[i+1])
			}
			return v
		}
	}
	term := func(autumnEnd string) func() url.Values {
		return form("year", "2024", "autumn_start", "2024-09-02", "autumn_end", autumnEnd, "winter_start", "2025-01-13", "winter_end", "2025-02-23",
			"spring_start", "2025-02-24", "spring_end", "2025-07-06")
	}
	institution := func(zone string) func() url.Values {
		return form("name", "某某大学", "short_name", "某大", "office_name", "党委办公室", "time_zone", zone)
	}
	return []scenario{
		{"GET /setup", "/setup", nil, officeOnly(ok)},
		{"GET /settings/institution", "/settings/institution", nil, officeOnly(ok)},
		{"POST /settings/institution", "/settings/institution", institution("Asia/Shanghai"), adminOnly(see)},
		{"POST /settings/institution", "/settings/institution", institution("Mars/Olympus"), adminOnly(unprocessable)},
		{"GET /settings/units", "/settings/units", nil, officeOnly(ok)},
		{"GET /settings/units", "/settings/units?merged=TMPA&into=TMPB&measures=2", nil, officeOnly(ok)},
		{"GET /settings/units/new", "/settings/units/new", nil, adminOnly(ok)},
		{"POST /settings/units/new", "/settings/units/new", form("code", "TMPC", "name", "临时丙", "kind", "department", "parent", "TMPB"), adminOnly(see)},
		{"POST /settings/units/new", "/settings/units/new", form("code", "KJC", "name", "另一个科技处", "kind", "department"), adminOnly(conflict)},
		{"GET /settings/units/{code}", "/settings/units/TMPA", nil, adminOnly(ok)},
		{"GET /settings/units/{code}", "/settings/units/NOPE", nil, adminOnly(notFound)},
		{"POST /settings/units/{code}", "/settings/units/TMPA", form("name", "临时甲处", "kind", "department", "aliases", "甲处、临甲"), adminOnly(see)},
		{"POST /settings/units/{code}", "/settings/units/TMPB", form("name", "临时乙", "kind", "department", "parent", "TMPC"), adminOnly(unprocessable)},
		{"POST /settings/units/{code}", "/settings/units/NOPE", form("name", "无", "kind", "department"), adminOnly(notFound)},
		{"GET /settings/units/{code}/merge", "/settings/units/TMPA/merge", nil, adminOnly(ok)},
		{"POST /settings/units/{code}/merge", "/settings/units/TMPA/merge", form("into", "TMPB"), adminOnly(unprocessable)},
		{"POST /settings/units/{code}/merge", "/settings/units/TMPA/merge", form("into", "TMPB", "confirm", "1"), adminOnly(see)},
		{"GET /settings/people", "/settings/people", nil, officeOnly(ok)},
		{"GET /settings/people", "/settings/people?unit=KJC&role=unit", nil, officeOnly(ok)},
		{"GET /settings/people", "/settings/people?role=none", nil, officeOnly(ok)},
		{"GET /settings/people", "/settings/people?role=boss", nil, office(unprocessable, unprocessable)},
		{"GET /settings/people/new", "/settings/people/new", nil, adminOnly(ok)},
		{"POST /settings/people/new", "/settings/people/new", form("username", "lisi", "name", "李四", "role", "unit", "unit", "TMPB"), adminOnly(see)},
		{"POST /settings/people/new", "/settings/people/new", form("username", apptest.UnitKJC, "name", "重名", "role", "unit", "unit", "KJC"), adminOnly(conflict)},
		{"GET /settings/accounts/{username}", "/settings/accounts/zhangsan", nil, adminOnly(ok)},
		{"GET /settings/accounts/{username}", "/settings/accounts/nobody", nil, adminOnly(notFound)},
		{"POST /settings/accounts/{username}", "/settings/accounts/zhangsan", form("name", "张三丰", "role", "unit", "unit", "TMPB", "email", "zs@example.edu.cn"), adminOnly(see)},
		{"POST /settings/accounts/{username}", "/settings/accounts/zhangsan", form("name", "张三丰", "role", "unit", "unit", ""), adminOnly(unprocessable)},
		{"POST /settings/accounts/{username}/reset-password", "/settings/accounts/zhangsan/reset-password", nil, adminOnly(ok)},
		{"POST /settings/accounts/{username}/reset-password", "/settings/accounts/nobody/reset-password", nil, adminOnly(notFound)},
		{"GET /settings/portfolios", "/settings/portfolios", nil,
			want{def: denied, role: map[string]int{"anon": see, apptest.Admin: ok, apptest.Office: ok, apptest.Leader: ok}}},
		{"POST /settings/portfolios", "/settings/portfolios", form("leader", apptest.Leader, "units", "KJC", "units", "JWC", "themes", "research", "from", "2024-09-01"), officeOnly(see)},
		{"POST /settings/portfolios", "/settings/portfolios", form("leader", apptest.Leader, "units", "KJC", "from", "2024-13-01"), officeOnly(unprocessable)},
		{"POST /settings/portfolios", "/settings/portfolios", form("leader", apptest.UnitKJC, "from", "2024-09-01"), officeOnly(unprocessable)},
		{"GET /settings/calendar", "/settings/calendar", nil, officeOnly(ok)},
		{"GET /settings/calendar", "/settings/calendar?year=2025", nil, officeOnly(ok)},
		{"GET /settings/calendar", "/settings/calendar?year=next", nil, office(unprocessable, unprocessable)},
		{"POST /settings/calendar", "/settings/calendar", term("2025-01-12"), officeOnly(see)},
		{"POST /settings/calendar", "/settings/calendar", term("2025-01-20"), officeOnly(unprocessable)},
	}
}

// signInAs signs in through the form with a password and returns the
// status and where it sends the browser.
func signInAs(t *testing.T, c *client, user, password string) (int, string) {
	t.Helper()
	_, body := c.get("/signin")
	m := reCSRFInput.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no csrf on sign-in form")
	}
	code, _, h := c.do("POST", "/signin", url.Values{"csrf": {m[1]}, "username": {user}, "password": {password}})
	return code, h.Get("Location")
}

// invalid matches a form field with the given id marked invalid.
func invalid(id string) *regexp.Regexp {
	return regexp.MustCompile(`id="` + regexp.QuoteMeta(id) + `"[^>]*aria-invalid="true"`)
}

// TestSetupUnits drives the units forms as the admin: create, rename, a
// parent cycle refused by the field with nothing written, then a merge and
// the counts it reports; the office may look but not change.
func TestSetupUnits(t *testing.T) {
	a, srv := newServer(t)
	ctx := t.Context()
	admin := newClient(t, srv.URL)
	admin.signIn(apptest.Admin)
	if code, body := admin.get("/settings/units/new"); code != ok || !strings.Contains(body, `name="code"`) {
		t.Fatalf("new unit form: %d", code)
	}
	code, _, h := admin.post("/settings/units/new", url.Values{"code": {"JXY"}, "name": {"机械学院"}, "name_en": {"School of Mechanical Engineering"},
		"kind": {"school"}, "aliases": {"机械院、机电学院"}})
	if code != see || h.Get("Location") != "/settings/units?saved=JXY#unit-JXY" {
		t.Fatalf("create: %d %s", code, h.Get("Location"))
	}
	code, _, _ = admin.post("/settings/units/new", url.Values{"code": {"JXS"}, "name": {"机械研究所"}, "kind": {"institute"}, "parent": {"JXY"}})
	if code != see {
		t.Fatalf("create child: %d", code)
	}
	_, body := admin.get("/settings/units?saved=JXY")
	for _, want := range []string{`id="saved"`, "机械学院", "机械院、机电学院", `<tr id="unit-JXS">`, `<td class="d1"><a href="/units/JXS">机械研究所</a>`} {
		if !strings.Contains(body, want) {
			t.Errorf("units page lacks %q", want)
		}
	}
	// Rename, keeping the rest.
	code, _, _ = admin.post("/settings/units/JXY", url.Values{"name": {"机械工程学院"}, "name_en": {"School of Mechanical Engineering"},
		"kind": {"school"}, "seq": {"7"}, "aliases": {"机械院, 机电学院"}})
	if u, err := a.Unit(ctx, "JXY"); code != see || err != nil || u.Name != "机械工程学院" || u.Seq != 7 || !slices.Equal(u.Aliases, []string{"机械院", "机电学院"}) {
		t.Fatalf("rename: %d %+v %v", code, u, err)
	}
	// A parent cycle: 422, the message by the parent select, nothing written.
	before := apptest.AuditCount(t, a)
	code, body, _ = admin.post("/settings/units/JXY", url.Values{"name": {"机械工程学院（改）"}, "kind": {"school"}, "parent": {"JXS"}})
	if code != http.StatusUnprocessableEntity || !invalid("u-parent").MatchString(body) || !strings.Contains(body, "会形成循环") ||
		!strings.Contains(body, `value="机械工程学院（改）"`) {
		t.Errorf("cycle: %d\n%s", code, body)
	}
	if u, _ := a.Unit(ctx, "JXY"); u.Parent != "" || u.Name != "机械工程学院" || apptest.AuditCount(t, a) != before {
		t.Errorf("cycle written: %+v", u)
	}
	// A name another unit has: 409 by the name.
	code, body, _ = admin.post("/settings/units/JXS", url.Values{"name": {"教务处"}, "kind": {"institute"}, "parent": {"JXY"}})
	if code != http.StatusConflict || !invalid("u-name").MatchString(body) {
		t.Errorf("taken name: %d", code)
	}

	// The office sees the tree without the buttons; a unit account not at all.
	office := newClient(t, srv.URL)
	office.signIn(apptest.Office)
	if code, body := office.get("/settings/units"); code != ok || strings.Contains(body, `href="/settings/units/new"`) || !strings.Contains(body, "机械工程学院") {
		t.Errorf("office's units page: %d", code)
	}
	if code, _ := office.get("/settings/units/new"); code != denied {
		t.Errorf("office opens the new unit form: %d", code)
	}
	kjc := newClient(t, srv.URL)
	kjc.signIn(apptest.UnitKJC)
	if code, _ := kjc.get("/settings/units"); code != denied {
		t.Errorf("unit account sees unit settings: %d", code)
	}

	// Merge RSC into JWC: the page says what moves, the box must be ticked,
	// then the units page counts what moved.
	code, body = admin.get("/settings/units/RSC/merge")
	if code != ok || !strings.Contains(body, i18n.T("zh-CN", "unit_merge.open_measures", 1)) || !strings.Contains(body, "人事处联络员") {
		t.Fatalf("merge page: %d\n%s", code, body)
	}
	code, body, _ = admin.post("/settings/units/RSC/merge", url.Values{"into": {"JWC"}})
	if code != http.StatusUnprocessableEntity || !invalid("m-confirm").MatchString(body) {
		t.Errorf("merge without confirmation: %d", code)
	}
	if u, _ := a.Unit(ctx, "RSC"); u.Inactive {
		t.Fatal("merged without confirmation")
	}
	code, _, h = admin.post("/settings/units/RSC/merge", url.Values{"into": {"JWC"}, "confirm": {"1"}})
	loc, _ := url.Parse(h.Get("Location"))
	if code != see || loc == nil || loc.Query().Get("merged") != "RSC" || loc.Query().Get("measures") != "1" || loc.Query().Get("accounts") != "1" {
		t.Fatalf("merge: %d %s", code, h.Get("Location"))
	}
	_, body = admin.get(h.Get("Location"))
	for _, want := range []string{`id="merged"`, i18n.T("zh-CN", "unit_merge.moved_measures", 1), i18n.T("zh-CN", "unit_merge.moved_accounts", 1),
		i18n.T("zh-CN", "unit_settings.merged_into", "教务处"), `<tr id="unit-RSC" class="inactive">`} {
		if !strings.Contains(body, want) {
			t.Errorf("after merge, units page lacks %q", want)
		}
	}
	if u, _ := a.Unit(ctx, "RSC"); !u.Inactive || u.MergedInto != "JWC" {
		t.Errorf("RSC after merge: %+v", u)
	}
	// A merged unit's form keeps it inactive.
	if code, body := admin.get("/settings/units/RSC"); code != ok || !strings.Contains(body, `id="u-merged"`) || strings.Contains(body, `name="inactive"`) {
		t.Errorf("merged unit's form: %d", code)
	}
}

// TestSetupAccounts creates an account through the form, resets its
// password and signs in with the one-time password: every page sends it to
// the password form until the password is changed.
func TestSetupAccounts(t *testing.T) {
	a, srv := newServer(t)
	admin := newClient(t, srv.URL)
	admin.signIn(apptest.Admin)
	base := url.Values{"username": {"wangwu"}, "name": {"王五"}, "role": {"unit"}, "unit": {"JWC"}, "title": {"联络员"},
		"phone": {"010-68910000"}, "staff_no": {"T2024001"}, "email": {"wangwu@example.edu.cn"}}
	with := func(k, v string) url.Values {
		f := url.Values{}
		for key, vs := range base {
			f[key] = slices.Clone(vs)
		}
		f.Set(k, v)
		return f
	}
	before := apptest.AuditCount(t, a)
	code, body, _ := admin.post("/settings/people/new", with("password", "short"))
	if code != http.StatusUnprocessableEntity || !invalid("n-password").MatchString(body) || !strings.Contains(body, i18n.T("zh-CN", "account.password_rule_length")) ||
		!strings.Contains(body, `value="王五"`) || strings.Contains(body, `value="short"`) {
		t.Errorf("short password: %d\n%s", code, body)
	}
	code, body, _ = admin.post("/settings/people/new", with("username", apptest.UnitJWC))
	if code != http.StatusConflict || !invalid("n-username").MatchString(body) {
		t.Errorf("taken username: %d", code)
	}
	if apptest.AuditCount(t, a) != before {
		t.Fatal("refused accounts written")
	}
	code, _, h := admin.post("/settings/people/new", with("password", ""))
	if code != see || h.Get("Location") != "/settings/people?created=wangwu#account-wangwu" {
		t.Fatalf("create: %d %s", code, h.Get("Location"))
	}
	if _, body := admin.get(h.Get("Location")); !strings.Contains(body, `id="created"`) {
		t.Error("no word of the account created")
	}
	_, body = admin.get("/settings/people?unit=JWC")
	for _, want := range []string{`<tr id="account-wangwu">`, "王五", "T2024001", "010-68910000", "教务处联络员"} {
		if !strings.Contains(body, want) {
			t.Errorf("people page lacks %q", want)
		}
	}
	if strings.Contains(body, "科技处联络员") {
		t.Error("unit filter lets KJC's account through")
	}
	if _, body := admin.get("/settings/people?role=leader"); !strings.Contains(body, "王校长") || strings.Contains(body, "王五") {
		t.Error("role filter")
	}
	// Without a password, wangwu cannot sign in.
	ww := newClient(t, srv.URL)
	if code, _ := signInAs(t, ww, "wangwu", ""); code == see {
		t.Fatal("account without password signed in")
	}
	// The admin edits the account; the last admin cannot be demoted.
	code, _, _ = admin.post("/settings/accounts/wangwu", url.Values{"name": {"王五"}, "role": {"unit"}, "unit": {"JWC"}, "email": {"ww@example.edu.cn"}})
	if acct := apptest.Account(t, a, "wangwu"); code != see || acct.Email != "ww@example.edu.cn" {
		t.Errorf("edit: %d %+v", code, acct)
	}
	code, body, _ = admin.post("/settings/accounts/admin", url.Values{"name": {"Admin"}, "role": {"office"}, "unit": {"DB"}})
	if code != http.StatusUnprocessableEntity || !invalid("e-role").MatchString(body) || apptest.Account(t, a, apptest.Admin).Role != model.RoleAdmin {
		t.Errorf("demote the last admin: %d", code)
	}
	office := newClient(t, srv.URL)
	office.signIn(apptest.Office)
	if code, _, _ := office.post("/settings/accounts/wangwu/reset-password", nil); code != denied {
		t.Errorf("office resets a password: %d", code)
	}

	// Reset: the password is on this page only.
	code, body, h = admin.post("/settings/accounts/wangwu/reset-password", nil)
	m := regexp.MustCompile(`id="otp" class="otp" value="([^"]+)"`).FindStringSubmatch(body)
	if code != ok || m == nil || h.Get("Location") != "" || h.Get("Cache-Control") != "no-store" {
		t.Fatalf("reset: %d %v\n%s", code, h, body)
	}
	otp := m[1]
	for k, vs := range h {
		for _, v := range vs {
			if strings.Contains(v, otp) {
				t.Errorf("one-time password in header %s", k)
			}
		}
	}
	if !strings.Contains(body, i18n.T("zh-CN", "account_reset.once")) {
		t.Error("no note that the password shows once")
	}
	if _, body := admin.get("/settings/accounts/wangwu"); strings.Contains(body, otp) || !strings.Contains(body, `id="must-change"`) {
		t.Error("account page shows the password again, or not that it must change")
	}

	// Signed in with it, every page but the password form sends wangwu back.
	if code, loc := signInAs(t, ww, "wangwu", otp); code != see || (loc != "/" && loc != "/todo") {
		t.Fatalf("sign in with the one-time password: %d %s", code, loc)
	}
	for _, path := range []string{"/", "/measures", "/settings/people", "/notices"} {
		if code, _, h := ww.do("GET", path, nil); code != see || h.Get("Location") != "/account" {
			t.Errorf("GET %s: %d %s, want 303 to /account", path, code, h.Get("Location"))
		}
	}
	code, body = ww.get("/account")
	if code != ok || !strings.Contains(body, i18n.T("zh-CN", "account.must_change")) {
		t.Fatalf("account page: %d", code)
	}
	if code, _, h := ww.post("/account/email", url.Values{"email": {"x@example.edu.cn"}}); code != see || h.Get("Location") != "/account" ||
		apptest.Account(t, a, "wangwu").Email != "ww@example.edu.cn" {
		t.Errorf("e-mail changed before the password: %d", code)
	}
	code, _, h = ww.post("/account/password", url.Values{"current_password": {otp}, "new_password": {"Blue-River-Pass-2024"}, "new_password_again": {"Blue-River-Pass-2024"}})
	if code != see || !strings.HasPrefix(h.Get("Location"), "/account?saved=password") {
		t.Fatalf("change password: %d %s", code, h.Get("Location"))
	}
	if code, _ := ww.get("/"); code != ok {
		t.Errorf("board after the change: %d", code)
	}
	if code, _ := ww.get("/account"); code != ok || apptest.Account(t, a, "wangwu").MustChangePassword {
		t.Error("flag not cleared")
	}
}

// TestSetupPortfoliosAndCalendar sets a leader's portfolio and an academic
// year as the office: bad input comes back by its field, nothing written.
func TestSetupPortfoliosAndCalendar(t *testing.T) {
	a, srv := newServer(t)
	ctx := t.Context()
	office := newClient(t, srv.URL)
	office.signIn(apptest.Office)
	code, body := office.get("/settings/portfolios")
	if code != ok || !strings.Contains(body, `id="portfolio-leader1"`) || !strings.Contains(body, i18n.T("zh-CN", "theme.research")) ||
		!strings.Contains(body, `name="from" value="2024-10-15"`) || !strings.Contains(body, i18n.T("zh-CN", "portfolios.move_open")) {
		t.Fatalf("portfolios page: %d\n%s", code, body)
	}
	before := apptest.AuditCount(t, a)
	code, body, _ = office.post("/settings/portfolios", url.Values{"leader": {apptest.Leader}, "units": {"KJC"}, "from": {""}})
	if code != http.StatusUnprocessableEntity || !invalid("pf-leader1-from").MatchString(body) || apptest.AuditCount(t, a) != before {
		t.Errorf("no from date: %d", code)
	}
	code, _, h := office.post("/settings/portfolios", url.Values{"leader": {apptest.Leader}, "units": {"KJC", "RSC"}, "themes": {"research", "talent_team"},
		"from": {"2024-10-01"}, "move_open": {"1"}})
	if code != see || !strings.Contains(h.Get("Location"), "saved=leader1") || !strings.Contains(h.Get("Location"), "moved=1") {
		t.Fatalf("set portfolio: %d %s", code, h.Get("Location"))
	}
	cur, _, err := a.LeaderPortfolio(ctx, app.System, apptest.Leader)
	if err != nil || !slices.Equal(cur.Units, []string{"KJC", "RSC"}) || cur.From != model.Ymd(2024, 10, 1) {
		t.Errorf("portfolio: %+v %v", cur, err)
	}
	if d, _ := a.Measure(ctx, app.System, apptest.MeasureC); d.Measure.Leader != apptest.Leader {
		t.Errorf("measure C not handed over: %q", d.Measure.Leader)
	}
	if _, body := office.get(h.Get("Location")); !strings.Contains(body, i18n.T("zh-CN", "portfolios.moved", 1)) {
		t.Error("no count of moved measures")
	}
	leader := newClient(t, srv.URL)
	leader.signIn(apptest.Leader)
	if code, body := leader.get("/settings/portfolios"); code != ok || strings.Contains(body, `id="portfolio-leader1"`) || !strings.Contains(body, "人事处") {
		t.Errorf("leader's view: %d", code)
	}
	kjc := newClient(t, srv.URL)
	kjc.signIn(apptest.UnitKJC)
	if code, _, _ := kjc.post("/settings/portfolios", url.Values{"leader": {apptest.Leader}, "from": {"2024-10-01"}}); code != denied {
		t.Errorf("unit sets a portfolio: %d", code)
	}

	// The calendar: today (2024-10-15) is in 2024–2025.
	code, body = office.get("/settings/calendar")
	if code != ok || !strings.Contains(body, `name="year" value="2024"`) || !strings.Contains(body, `href="/settings/calendar?year=2025"`) {
		t.Fatalf("calendar page: %d", code)
	}
	year := func(winterStart string) url.Values {
		return url.Values{"year": {"2024"}, "autumn_start": {"2024-09-02"}, "autumn_end": {"2025-01-12"}, "winter_start": {winterStart},
			"winter_end": {"2025-02-23"}, "spring_start": {"2025-02-24"}, "spring_end": {"2025-07-06"}, "summer_start": {"2025-07-07"}, "summer_end": {"2025-08-31"}}
	}
	code, body, _ = office.post("/settings/calendar", year("2025-01-05"))
	if code != http.StatusUnprocessableEntity || !invalid("c-winter_start").MatchString(body) || !strings.Contains(body, "重叠") ||
		!strings.Contains(body, `value="2025-01-05"`) {
		t.Errorf("overlapping terms: %d\n%s", code, body)
	}
	if y, _ := a.AcademicYear(ctx, 2024); len(y.Terms) != 0 {
		t.Errorf("overlapping year written: %+v", y)
	}
	code, body, _ = office.post("/settings/calendar", year("2025-01-xx"))
	if code != http.StatusUnprocessableEntity || !invalid("c-winter_start").MatchString(body) {
		t.Errorf("bad date: %d", code)
	}
	code, _, h = office.post("/settings/calendar", year("2025-01-13"))
	if code != see || h.Get("Location") != "/settings/calendar?year=2024&saved=1" {
		t.Fatalf("good year: %d %s", code, h.Get("Location"))
	}
	if y, _ := a.AcademicYear(ctx, 2024); len(y.Terms) != 4 {
		t.Errorf("year: %+v", y)
	}
	if _, body := office.get(h.Get("Location")); !strings.Contains(body, `id="saved"`) || !strings.Contains(body, `value="2025-07-07"`) {
		t.Error("saved year not shown")
	}
	// The next year's autumn may not start inside this year's summer.
	code, body, _ = office.post("/settings/calendar", url.Values{"year": {"2025"}, "autumn_start": {"2025-08-25"}, "autumn_end": {"2026-01-10"},
		"spring_start": {"2026-03-01"}, "spring_end": {"2026-07-05"}})
	if code != http.StatusUnprocessableEntity || !invalid("c-autumn_start").MatchString(body) {
		t.Errorf("overlap with the year before: %d\n%s", code, body)
	}
}

// TestSetupInstitution saves the profile as the admin: the short name then
// heads the navigation; a bad time zone comes back by its field. The office
// sees the profile read-only.
func TestSetupInstitution(t *testing.T) {
	a, srv := newServer(t)
	admin := newClient(t, srv.URL)
	admin.signIn(apptest.Admin)
	if _, body := admin.get("/"); !strings.Contains(body, `<span id="brand-school">测大</span>`) {
		t.Error("no short name in the navigation")
	}
	f := url.Values{"name": {"某某大学"}, "short_name": {"某大"}, "name_en": {"Example University"}, "short_name_en": {"ExU"},
		"office_name": {"党委办公室、校长办公室"}, "time_zone": {"Mars/Olympus"}}
	code, body, _ := admin.post("/settings/institution", f)
	if code != http.StatusUnprocessableEntity || !invalid("i-time-zone").MatchString(body) || !strings.Contains(body, `value="某某大学"`) {
		t.Errorf("bad zone: %d\n%s", code, body)
	}
	if in, _ := a.Institution(t.Context()); in.Name != "测试大学" {
		t.Fatal("bad profile written")
	}
	f.Set("time_zone", "Asia/Shanghai")
	code, _, h := admin.post("/settings/institution", f)
	if code != see || h.Get("Location") != "/settings/institution?saved=1" {
		t.Fatalf("save: %d %s", code, h.Get("Location"))
	}
	if _, body := admin.get("/"); !strings.Contains(body, `<span id="brand-school">某大</span>`) {
		t.Error("the navigation keeps the old short name")
	}
	admin.post("/lang", url.Values{"lang": {"en"}, "next": {"/"}})
	if _, body := admin.get("/"); !strings.Contains(body, `<span id="brand-school">ExU</span>`) {
		t.Error("no English short name in the English navigation")
	}
	office := newClient(t, srv.URL)
	office.signIn(apptest.Office)
	code, body = office.get("/settings/institution")
	if code != ok || strings.Contains(body, `id="institution-form"`) || !strings.Contains(body, "党委办公室、校长办公室") {
		t.Errorf("office's view: %d", code)
	}
	if code, _, _ := office.post("/settings/institution", f); code != denied {
		t.Errorf("office saves the profile: %d", code)
	}
}

// TestSetupChecklist starts from an institution with nothing but its
// admin: the board sends the admin to the checklist until units, an office
// and a leader account exist.
func TestSetupChecklist(t *testing.T) {
	ctx := context.Background()
	a := apptest.Bare(t, apptest.OpenStore(t))
	if err := a.CreateDemoAccounts(ctx, []model.Account{{Username: apptest.Admin, Role: model.RoleAdmin, Name: "Admin"}}, apptest.Password); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(a))
	t.Cleanup(srv.Close)
	c := newClient(t, srv.URL)
	if code, loc := signInAs(t, c, apptest.Admin, apptest.Password); code != see || loc != "/" {
		t.Fatalf("sign in: %d %s", code, loc)
	}
	if code, _, h := c.do("GET", "/", nil); code != see || h.Get("Location") != "/setup" {
		t.Fatalf("board of an empty institution: %d %s", code, h.Get("Location"))
	}
	code, body := c.get("/setup")
	if code != ok || !strings.Contains(body, `id="setup-not-ready"`) || !strings.Contains(body, `<a href="/settings/units">`) ||
		!strings.Contains(body, i18n.T("zh-CN", "setup.optional")) || strings.Contains(body, i18n.T("zh-CN", "setup.done")) {
		t.Fatalf("checklist: %d\n%s", code, body)
	}
	admin := apptest.Account(t, a, apptest.Admin)
	if err := a.CreateUnit(ctx, admin, model.Unit{Code: "DB", Name: "党政办公室", Kind: model.UnitDepartment}); err != nil {
		t.Fatal(err)
	}
	for _, acct := range []model.Account{{Username: "office1", Name: "林晓", Role: model.RoleOffice, Unit: "DB"}, {Username: "leader1", Name: "王校长", Role: model.RoleLeader}} {
		if _, err := a.SaveNewAccount(ctx, admin, app.NewAccount{Account: acct}); err != nil {
			t.Fatal(err)
		}
	}
	if code, _ := c.get("/"); code != ok {
		t.Errorf("board once ready: %d", code)
	}
	if _, body := c.get("/setup"); !strings.Contains(body, `id="setup-ready"`) || !strings.Contains(body, i18n.T("zh-CN", "setup.done")) {
		t.Error("checklist once ready")
	}
}

// TestSetupKeys checks the catalog keys the set-up pages build at run time.
func TestSetupKeys(t *testing.T) {
	var keys []string
	for _, k := range []string{"institution", "units", "people", "portfolios", "calendar", "signin", "notices", "mail"} {
		keys = append(keys, "setup.step_"+k, "setup.step_"+k+"_hint")
	}
	for _, k := range mergeKinds {
		keys = append(keys, "unit_merge.moved_"+k)
	}
	for _, k := range model.TermKinds {
		keys = append(keys, "term."+k)
	}
	for _, lang := range i18n.Languages {
		for _, k := range keys {
			if !i18n.Has(lang, k) {
				t.Errorf("%s: no %q", lang, k)
			}
		}
	}
}
