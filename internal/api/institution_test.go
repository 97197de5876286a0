package api

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// institutionScenario is one request of TestInstitutionAPI. A refusal
// (status ≥ 400) must carry code and field and write nothing; a success
// that changes something writes one audit event, and check reads the
// answer.
type institutionScenario struct {
	name   string
	as     string // a key of env.tokens; "" sends no token
	method string
	path   string
	body   string
	status int
	code   string // for refusals
	field  string // for refusals
	check  func(t *testing.T, e *env, b []byte)
}

// TestInstitutionAPI walks the institution's set-up over HTTP, in order on
// one database: units (create, read, change, refused moves and
// deactivations), accounts (create, change, reset, disable), portfolios,
// the profile, the calendar, the checklist, and last a merge.
func TestInstitutionAPI(t *testing.T) {
	e := newEnv(t)
	e.tokens["jwc"] = e.signIn(apptest.UnitJWC)
	const (
		ok, created                    = http.StatusOK, http.StatusCreated
		invalid, conflict, notFound    = http.StatusUnprocessableEntity, http.StatusConflict, http.StatusNotFound
		unauthorized, forbiddenRequest = http.StatusUnauthorized, http.StatusForbidden
	)
	unit := func(want func(u unitJSON) bool) func(*testing.T, *env, []byte) {
		return func(t *testing.T, _ *env, b []byte) {
			var u unitJSON
			mustUnmarshal(t, b, &u)
			if !want(u) {
				t.Errorf("unit: %s", b)
			}
		}
	}
	account := func(want func(a accountJSON, raw map[string]any) bool) func(*testing.T, *env, []byte) {
		return func(t *testing.T, _ *env, b []byte) {
			var a accountJSON
			var raw map[string]any
			mustUnmarshal(t, b, &a)
			mustUnmarshal(t, b, &raw)
			if _, leaked := raw["password"]; leaked || !want(a, raw) {
				t.Errorf("account: %s", b)
			}
		}
	}
	raw := func(want func(m map[string]any) bool) func(*testing.T, *env, []byte) {
		return func(t *testing.T, _ *env, b []byte) {
			var m map[string]any
			mustUnmarshal(t, b, &m)
			if !want(m) {
				t.Errorf("answer: %s", b)
			}
		}
	}
	units := func(want func(byCode map[string]unitJSON) bool) func(*testing.T, *env, []byte) {
		return func(t *testing.T, _ *env, b []byte) {
			var out list[unitJSON]
			mustUnmarshal(t, b, &out)
			byCode := map[string]unitJSON{}
			for _, u := range out.Items {
				byCode[u.Code] = u
			}
			if !want(byCode) {
				t.Errorf("units: %s", b)
			}
		}
	}
	measures := func(want ...string) func(*testing.T, *env, []byte) {
		return func(t *testing.T, _ *env, b []byte) {
			var page measurePage
			mustUnmarshal(t, b, &page)
			got := []string{}
			for _, m := range page.Items {
				got = append(got, m.Code)
			}
			if !slices.Equal(got, append([]string{}, want...)) {
				t.Errorf("measures %v, want %v", got, want)
			}
		}
	}
	steps := func(done ...string) func(*testing.T, *env, []byte) {
		return func(t *testing.T, _ *env, b []byte) {
			var s setupJSON
			mustUnmarshal(t, b, &s)
			got := []string{}
			for _, st := range s.Steps {
				if st.Done {
					got = append(got, st.Key)
				}
				if st.Link == "" {
					t.Errorf("step %s has no link", st.Key)
				}
			}
			if !slices.Equal(got, done) || len(s.Steps) < 5 || !s.Ready {
				t.Errorf("setup: done %v, want %v: %s", got, done, b)
			}
		}
	}
	year := func(want ...string) func(*testing.T, *env, []byte) {
		return func(t *testing.T, _ *env, b []byte) {
			var y academicYearJSON
			mustUnmarshal(t, b, &y)
			got := []string{}
			for _, tm := range y.Terms {
				got = append(got, tm.Term+" "+tm.Start.String()+" "+tm.End.String())
			}
			if y.Year != 2024 || !slices.Equal(got, append([]string{}, want...)) {
				t.Errorf("calendar: %s, want %v", b, want)
			}
		}
	}
	const (
		autumn = `{"term":"autumn","start":"2024-09-02","end":"2025-01-17"}`
		winter = `{"term":"winter","start":"2025-01-18","end":"2025-02-23"}`
		spring = `{"term":"spring","start":"2025-02-24","end":"2025-07-04"}`
		summer = `{"term":"summer","start":"2025-07-05","end":"2025-08-31"}`
	)
	profile := `{"name":"示范大学","name_en":"Example University","short_name":"示大","short_name_en":"EU",
		"office_name":"党委办公室、校长办公室","time_zone":"Asia/Shanghai"}`
	somAccount := `{"username":"som1","name":"经管学院联络员","unit":"SOM","role":"unit","password":"Quiet-River-2024",
		"email":"som1@example.edu.cn","title":"联络员","staff_no":"20240001","phone":"010-6891"}`
	var oneTime string

	scenarios := []institutionScenario{
		// Set-up starts with units and accounts (the fixture's) done.
		{name: "checklist at first", as: "office", method: "GET", path: "/api/v1/setup", status: ok,
			check: func(t *testing.T, _ *env, b []byte) {
				var s setupJSON
				mustUnmarshal(t, b, &s)
				for _, st := range s.Steps {
					switch st.Key {
					case "units", "people":
						if !st.Done {
							t.Errorf("step %s not done at first", st.Key)
						}
					case "portfolios", "calendar":
						if st.Done {
							t.Errorf("step %s done at first", st.Key)
						}
					}
				}
			}},

		// Units.
		{name: "units carry the new fields", as: "other", method: "GET", path: "/api/v1/units", status: ok,
			check: raw(func(m map[string]any) bool {
				u := m["items"].([]any)[0].(map[string]any)
				return u["parent"] == nil && u["merged_into"] == nil && u["inactive"] == false && u["seq"] != nil &&
					fmt.Sprint(u["aliases"]) == "[]" && u["code"] != "" && u["name_en"] != nil && u["kind"] != nil
			})},
		{name: "create a school", as: "admin", method: "POST", path: "/api/v1/units", status: created,
			body: `{"code":" SOM ","name":"经济管理学院","name_en":"School of Management","kind":"school","parent":null,"seq":2,
				"aliases":["经管学院"," 经管学院 ","管院",""]}`,
			check: unit(func(u unitJSON) bool {
				slices.Sort(u.Aliases)
				return u.Code == "SOM" && u.Parent == nil && u.Seq == 2 && slices.Equal(u.Aliases, []string{"管院", "经管学院"}) && !u.Inactive
			})},
		{name: "create a child unit", as: "admin", method: "POST", path: "/api/v1/units", status: created,
			body:  `{"code":"SOM-MBA","name":"MBA中心","kind":"institute","parent":"SOM"}`,
			check: unit(func(u unitJSON) bool { return u.Parent != nil && *u.Parent == "SOM" && len(u.Aliases) == 0 })},
		{name: "read a unit", as: "other", method: "GET", path: "/api/v1/units/SOM-MBA", status: ok,
			check: unit(func(u unitJSON) bool { return u.Name == "MBA中心" && u.Kind == "institute" && u.MergedInto == nil })},
		{name: "duplicate code", as: "admin", method: "POST", path: "/api/v1/units", status: conflict, code: model.ECONFLICT, field: "code",
			body: `{"code":"KJC","name":"科技处二","kind":"department"}`},
		{name: "duplicate name", as: "admin", method: "POST", path: "/api/v1/units", status: conflict, code: model.ECONFLICT, field: "name",
			body: `{"code":"KJC2","name":"科学技术处","kind":"department"}`},
		{name: "unknown kind", as: "admin", method: "POST", path: "/api/v1/units", status: invalid, code: model.EINVALID, field: "kind",
			body: `{"code":"X1","name":"某中心","kind":"club"}`},
		{name: "unknown parent", as: "admin", method: "POST", path: "/api/v1/units", status: invalid, code: model.EINVALID, field: "parent",
			body: `{"code":"X1","name":"某中心","kind":"institute","parent":"XYZ"}`},
		{name: "unit unknown field", as: "admin", method: "POST", path: "/api/v1/units", status: invalid, code: model.EINVALID, field: "inactive_since",
			body: `{"code":"X1","name":"某中心","kind":"institute","inactive_since":"2024-01-01"}`},
		{name: "unit aliases not a list", as: "admin", method: "POST", path: "/api/v1/units", status: invalid, code: model.EINVALID, field: "aliases",
			body: `{"code":"X1","name":"某中心","kind":"institute","aliases":"中心"}`},
		{name: "rename, reorder, alias", as: "admin", method: "PATCH", path: "/api/v1/units/SOM-MBA", status: ok,
			body: `{"name":"MBA教育中心","seq":1,"aliases":["MBA中心"],"name_en":null}`,
			check: unit(func(u unitJSON) bool {
				return u.Name == "MBA教育中心" && u.Seq == 1 && slices.Equal(u.Aliases, []string{"MBA中心"}) && u.NameEn == "" &&
					u.Parent != nil && *u.Parent == "SOM"
			})},
		{name: "move to the root with null", as: "admin", method: "PATCH", path: "/api/v1/units/SOM-MBA", status: ok, body: `{"parent":null}`,
			check: unit(func(u unitJSON) bool { return u.Parent == nil && u.Name == "MBA教育中心" })},
		{name: "move back under SOM", as: "admin", method: "PATCH", path: "/api/v1/units/SOM-MBA", status: ok, body: `{"parent":"SOM"}`,
			check: unit(func(u unitJSON) bool { return u.Parent != nil && *u.Parent == "SOM" })},
		{name: "move to the root with blank", as: "admin", method: "PATCH", path: "/api/v1/units/SOM-MBA", status: ok, body: `{"parent":""}`,
			check: unit(func(u unitJSON) bool { return u.Parent == nil })},
		{name: "and back again", as: "admin", method: "PATCH", path: "/api/v1/units/SOM-MBA", status: ok, body: `{"parent":"SOM"}`},
		{name: "parent cycle", as: "admin", method: "PATCH", path: "/api/v1/units/SOM", status: invalid, code: model.EINVALID, field: "parent",
			body: `{"parent":"SOM-MBA"}`},
		{name: "own parent", as: "admin", method: "PATCH", path: "/api/v1/units/SOM", status: invalid, code: model.EINVALID, field: "parent",
			body: `{"parent":"SOM"}`},
		{name: "alias taken", as: "admin", method: "PATCH", path: "/api/v1/units/SOM", status: conflict, code: model.ECONFLICT, field: "aliases",
			body: `{"aliases":["MBA中心"]}`},
		{name: "name null", as: "admin", method: "PATCH", path: "/api/v1/units/SOM", status: invalid, code: model.EINVALID, field: "name",
			body: `{"name":null}`},
		{name: "code cannot change", as: "admin", method: "PATCH", path: "/api/v1/units/SOM", status: invalid, code: model.EINVALID, field: "code",
			body: `{"code":"SEM"}`},
		{name: "negative seq", as: "admin", method: "PATCH", path: "/api/v1/units/SOM", status: invalid, code: model.EINVALID, field: "seq",
			body: `{"seq":-1}`},
		{name: "deactivate the last office accounts' unit", as: "admin", method: "PATCH", path: "/api/v1/units/DB", status: invalid,
			code: model.EINVALID, field: "inactive", body: `{"inactive":true}`},
		{name: "deactivate a unit with an active child", as: "admin", method: "PATCH", path: "/api/v1/units/SOM", status: invalid,
			code: model.EINVALID, field: "inactive", body: `{"inactive":true}`},
		{name: "deactivate the child", as: "admin", method: "PATCH", path: "/api/v1/units/SOM-MBA", status: ok, body: `{"inactive":true}`,
			check: unit(func(u unitJSON) bool { return u.Inactive && u.MergedInto == nil })},
		{name: "reactivate it", as: "admin", method: "PATCH", path: "/api/v1/units/SOM-MBA", status: ok, body: `{"inactive":false}`,
			check: unit(func(u unitJSON) bool { return !u.Inactive })},
		{name: "patch an unknown unit", as: "admin", method: "PATCH", path: "/api/v1/units/XYZ", status: notFound, code: model.ENOTFOUND,
			body: `{"seq":1}`},
		{name: "read an unknown unit", as: "other", method: "GET", path: "/api/v1/units/XYZ", status: notFound, code: model.ENOTFOUND},
		{name: "the office may not create units", as: "office", method: "POST", path: "/api/v1/units", status: forbiddenRequest,
			code: model.EFORBIDDEN, body: `{"code":"X1","name":"某中心","kind":"institute"}`},
		{name: "merge into itself", as: "admin", method: "POST", path: "/api/v1/units/SOM/merge", status: invalid, code: model.EINVALID,
			field: "into", body: `{"into":"SOM"}`},
		{name: "merge into its own child", as: "admin", method: "POST", path: "/api/v1/units/SOM/merge", status: invalid, code: model.EINVALID,
			field: "into", body: `{"into":"SOM-MBA"}`},
		{name: "merge into nothing", as: "admin", method: "POST", path: "/api/v1/units/SOM/merge", status: invalid, code: model.EINVALID,
			field: "into", body: `{}`},
		{name: "merge into an unknown unit", as: "admin", method: "POST", path: "/api/v1/units/SOM/merge", status: invalid, code: model.EINVALID,
			field: "into", body: `{"into":"XYZ"}`},
		{name: "merge an unknown unit", as: "admin", method: "POST", path: "/api/v1/units/XYZ/merge", status: notFound, code: model.ENOTFOUND,
			body: `{"into":"SOM"}`},

		// Accounts.
		{name: "create an account", as: "admin", method: "POST", path: "/api/v1/accounts", status: created, body: somAccount,
			check: account(func(a accountJSON, raw map[string]any) bool {
				return a.Username == "som1" && a.Role == "unit" && a.Unit == "SOM" && a.Name == "经管学院联络员" &&
					a.Email == "som1@example.edu.cn" && raw["disabled"] == false
			})},
		{name: "duplicate username", as: "admin", method: "POST", path: "/api/v1/accounts", status: conflict, code: model.ECONFLICT,
			field: "username", body: strings.Replace(somAccount, `"som1"`, `"KJC1"`, 1)},
		{name: "weak password", as: "admin", method: "POST", path: "/api/v1/accounts", status: invalid, code: model.EINVALID,
			field: "password", body: `{"username":"som2","name":"x","unit":"SOM","role":"unit","password":"password"}`},
		{name: "unit account without a unit", as: "admin", method: "POST", path: "/api/v1/accounts", status: invalid, code: model.EINVALID,
			field: "unit", body: `{"username":"som2","name":"x","role":"unit"}`},
		{name: "unknown unit", as: "admin", method: "POST", path: "/api/v1/accounts", status: invalid, code: model.EINVALID,
			field: "unit", body: `{"username":"som2","name":"x","role":"unit","unit":"XYZ"}`},
		{name: "unknown role", as: "admin", method: "POST", path: "/api/v1/accounts", status: invalid, code: model.EINVALID,
			field: "role", body: `{"username":"som2","name":"x","role":"dean","unit":"SOM"}`},
		{name: "bad e-mail", as: "admin", method: "POST", path: "/api/v1/accounts", status: invalid, code: model.EINVALID,
			field: "email", body: `{"username":"som2","name":"x","role":"unit","unit":"SOM","email":"som2 at example"}`},
		{name: "a second leader, without a password", as: "admin", method: "POST", path: "/api/v1/accounts", status: created,
			body:  `{"username":"leader2","name":"李副校长","role":"leader","unit":"LDR","title":"副校长"}`,
			check: account(func(a accountJSON, _ map[string]any) bool { return a.Role == "leader" && !a.Disabled })},
		{name: "accounts list email and disabled", as: "office", method: "GET", path: "/api/v1/accounts", status: ok,
			check: func(t *testing.T, _ *env, b []byte) {
				var out list[map[string]any]
				mustUnmarshal(t, b, &out)
				for _, a := range out.Items {
					if _, ok := a["email"]; !ok || a["disabled"] != false {
						t.Errorf("account item: %v", a)
					}
					if a["username"] == "som1" && a["email"] != "som1@example.edu.cn" {
						t.Errorf("som1: %v", a)
					}
				}
				if len(out.Items) != 8 {
					t.Errorf("%d accounts, want 8", len(out.Items))
				}
			}},
		{name: "change name and clear e-mail", as: "admin", method: "PATCH", path: "/api/v1/accounts/som1", status: ok,
			body: `{"name":"经管学院办公室","email":null}`,
			check: account(func(a accountJSON, _ map[string]any) bool {
				return a.Name == "经管学院办公室" && a.Email == "" && a.Unit == "SOM"
			})},
		{name: "patch an unknown account", as: "admin", method: "PATCH", path: "/api/v1/accounts/ghost", status: notFound,
			code: model.ENOTFOUND, body: `{"name":"x"}`},
		{name: "disable the last admin", as: "admin", method: "PATCH", path: "/api/v1/accounts/admin", status: invalid,
			code: model.EINVALID, field: "disabled", body: `{"disabled":true}`},
		{name: "demote the last admin", as: "admin", method: "PATCH", path: "/api/v1/accounts/admin", status: invalid,
			code: model.EINVALID, field: "role", body: `{"role":"office"}`},
		{name: "role null", as: "admin", method: "PATCH", path: "/api/v1/accounts/som1", status: invalid,
			code: model.EINVALID, field: "role", body: `{"role":null}`},
		{name: "weak new password", as: "admin", method: "PATCH", path: "/api/v1/accounts/som1", status: invalid,
			code: model.EINVALID, field: "password", body: `{"password":"short"}`},
		{name: "move to an unknown unit", as: "admin", method: "PATCH", path: "/api/v1/accounts/som1", status: invalid,
			code: model.EINVALID, field: "unit", body: `{"unit":"XYZ"}`},
		{name: "patch unknown field", as: "admin", method: "PATCH", path: "/api/v1/accounts/som1", status: invalid,
			code: model.EINVALID, field: "username", body: `{"username":"som9"}`},
		{name: "reset an unknown account", as: "admin", method: "POST", path: "/api/v1/accounts/ghost/password-reset", status: notFound,
			code: model.ENOTFOUND},
		{name: "the office may not reset passwords", as: "office", method: "POST", path: "/api/v1/accounts/som1/password-reset",
			status: forbiddenRequest, code: model.EFORBIDDEN},
		{name: "reset a password", as: "admin", method: "POST", path: "/api/v1/accounts/som1/password-reset", status: ok,
			check: func(t *testing.T, e *env, b []byte) {
				var out passwordResetJSON
				mustUnmarshal(t, b, &out)
				if len(out.Password) < 10 {
					t.Fatalf("one-time password %q", out.Password)
				}
				oneTime = out.Password
				status, b := e.do("POST", "/api/v1/sessions", "", fmt.Sprintf(`{"username":"som1","password":%q}`, oneTime))
				if status != http.StatusCreated {
					t.Fatalf("sign in with the one-time password: %d %s", status, b)
				}
				var s signInResponse
				mustUnmarshal(t, b, &s)
				e.tokens["som1"] = s.Token
			}},
		// Until it sets its own password, the one-time password's session
		// may do nothing else: reads and changes are refused with 403.
		{name: "the one-time password's session reads nothing", as: "som1", method: "GET", path: "/api/v1/units/SOM", status: http.StatusForbidden, code: model.EFORBIDDEN, field: "password"},
		{name: "the one-time password's session changes nothing", as: "som1", method: "POST", path: "/api/v1/units", status: http.StatusForbidden, code: model.EFORBIDDEN, field: "password",
			body: `{"code":"X9","name":"改密前新建","kind":"school"}`},
		{name: "a token before disabling works", as: "jwc", method: "GET", path: "/api/v1/units", status: ok},
		{name: "disable an account", as: "admin", method: "PATCH", path: "/api/v1/accounts/" + apptest.UnitJWC, status: ok,
			body:  `{"disabled":true}`,
			check: account(func(a accountJSON, _ map[string]any) bool { return a.Disabled && a.Username == apptest.UnitJWC })},
		{name: "its token is over", as: "jwc", method: "GET", path: "/api/v1/units", status: unauthorized, code: model.EUNAUTHORIZED},
		{name: "and it cannot sign in", method: "POST", path: "/api/v1/sessions", status: unauthorized, code: model.EUNAUTHORIZED,
			body: `{"username":"jwc1","password":"` + apptest.Password + `"}`},

		// Portfolios.
		{name: "no portfolio yet", as: "other", method: "GET", path: "/api/v1/leaders/leader1/portfolio", status: ok,
			check: raw(func(m map[string]any) bool {
				return m["leader"] == "leader1" && fmt.Sprint(m["units"], m["themes"], m["history"]) == "[] [] []" && m["from"] == nil
			})},
		{name: "assign leader1", as: "office", method: "PUT", path: "/api/v1/leaders/leader1/portfolio", status: ok,
			body: `{"units":["KJC","JWC","KJC"],"themes":["research"],"from":"2024-07-01","move_open":false}`,
			check: raw(func(m map[string]any) bool {
				p := m["portfolio"].(map[string]any)
				return p["leader"] == "leader1" && p["from"] == "2024-07-01" && fmt.Sprint(p["units"]) == "[KJC JWC]" &&
					p["by"] == apptest.Office && fmt.Sprint(m["moved_measures"]) == "[]"
			})},
		{name: "reassign leader1 from October", as: "admin", method: "PUT", path: "/api/v1/leaders/leader1/portfolio", status: ok,
			body: `{"units":["KJC"],"themes":[],"from":"2024-10-01"}`},
		{name: "portfolio with history", as: "own", method: "GET", path: "/api/v1/leaders/leader1/portfolio", status: ok,
			check: func(t *testing.T, _ *env, b []byte) {
				var p leaderPortfolioJSON
				mustUnmarshal(t, b, &p)
				if p.From != model.Ymd(2024, 10, 1) || !slices.Equal(p.Units, []string{"KJC"}) || len(p.Themes) != 0 || len(p.History) != 2 ||
					p.History[0].From != model.Ymd(2024, 10, 1) || p.History[1].From != model.Ymd(2024, 7, 1) ||
					p.History[1].By != apptest.Office || p.History[1].At == nil {
					t.Errorf("portfolio: %s", b)
				}
			}},
		{name: "leader2 takes RSC and its open measures", as: "office", method: "PUT", path: "/api/v1/leaders/leader2/portfolio", status: ok,
			body: `{"units":["RSC"],"themes":["talent_team"],"from":"2024-09-01","move_open":true}`,
			check: raw(func(m map[string]any) bool {
				return fmt.Sprint(m["moved_measures"]) == "["+apptest.MeasureC+"]"
			})},
		{name: "the measure moved", as: "other", method: "GET", path: "/api/v1/measures/" + apptest.MeasureC, status: ok,
			check: raw(func(m map[string]any) bool { return m["leader"] == "leader2" })},
		{name: "portfolio of a non-leader", as: "office", method: "PUT", path: "/api/v1/leaders/kjc1/portfolio", status: invalid,
			code: model.EINVALID, field: "leader", body: `{"units":["KJC"],"from":"2024-07-01"}`},
		{name: "portfolio of an unknown account", as: "office", method: "PUT", path: "/api/v1/leaders/ghost/portfolio", status: notFound,
			code: model.ENOTFOUND, body: `{"units":["KJC"],"from":"2024-07-01"}`},
		{name: "read a non-leader's portfolio", as: "office", method: "GET", path: "/api/v1/leaders/kjc1/portfolio", status: notFound,
			code: model.ENOTFOUND},
		{name: "read an unknown leader's portfolio", as: "office", method: "GET", path: "/api/v1/leaders/ghost/portfolio", status: notFound,
			code: model.ENOTFOUND},
		{name: "portfolio without a day", as: "office", method: "PUT", path: "/api/v1/leaders/leader1/portfolio", status: invalid,
			code: model.EINVALID, field: "from", body: `{"units":["KJC"]}`},
		{name: "portfolio with a bad day", as: "office", method: "PUT", path: "/api/v1/leaders/leader1/portfolio", status: invalid,
			code: model.EINVALID, field: "from", body: `{"units":["KJC"],"from":"2024-13-01"}`},
		{name: "portfolio with an unknown unit", as: "office", method: "PUT", path: "/api/v1/leaders/leader1/portfolio", status: invalid,
			code: model.EINVALID, field: "units", body: `{"units":["XYZ"],"from":"2024-07-01"}`},
		{name: "portfolio with an unknown theme", as: "office", method: "PUT", path: "/api/v1/leaders/leader1/portfolio", status: invalid,
			code: model.EINVALID, field: "themes", body: `{"themes":["space"],"from":"2024-07-01"}`},
		{name: "portfolio names its leader in the path only", as: "office", method: "PUT", path: "/api/v1/leaders/leader1/portfolio",
			status: invalid, code: model.EINVALID, field: "leader", body: `{"leader":"leader2","from":"2024-07-01"}`},
		{name: "a unit may not assign", as: "own", method: "PUT", path: "/api/v1/leaders/leader1/portfolio", status: forbiddenRequest,
			code: model.EFORBIDDEN, body: `{"units":["KJC"],"from":"2024-07-01"}`},

		// The institution's profile.
		{name: "the fixture's profile", as: "other", method: "GET", path: "/api/v1/institution", status: ok,
			check: raw(func(m map[string]any) bool {
				for _, k := range []string{"name", "name_en", "short_name", "short_name_en", "office_name"} {
					if _, ok := m[k].(string); !ok {
						return false
					}
				}
				return m["time_zone"] == model.DefaultTimeZone
			})},
		{name: "set the profile", as: "admin", method: "PUT", path: "/api/v1/institution", status: ok, body: profile,
			check: raw(func(m map[string]any) bool {
				return m["name"] == "示范大学" && m["office_name"] == "党委办公室、校长办公室"
			})},
		{name: "everyone reads it", as: "leader", method: "GET", path: "/api/v1/institution", status: ok,
			check: func(t *testing.T, _ *env, b []byte) {
				var in institutionJSON
				mustUnmarshal(t, b, &in)
				if in != (institutionJSON{Name: "示范大学", NameEn: "Example University", ShortName: "示大", ShortNameEn: "EU",
					OfficeName: "党委办公室、校长办公室", TimeZone: "Asia/Shanghai"}) {
					t.Errorf("profile: %+v", in)
				}
			}},
		{name: "profile without an office", as: "admin", method: "PUT", path: "/api/v1/institution", status: invalid,
			code: model.EINVALID, field: "office_name", body: `{"name":"示范大学"}`},
		{name: "profile without a name", as: "admin", method: "PUT", path: "/api/v1/institution", status: invalid,
			code: model.EINVALID, field: "name", body: `{"name":"  ","office_name":"党办"}`},
		{name: "profile in no time zone", as: "admin", method: "PUT", path: "/api/v1/institution", status: invalid,
			code: model.EINVALID, field: "time_zone", body: `{"name":"示范大学","office_name":"党办","time_zone":"Mars/Olympus"}`},
		{name: "profile unknown field", as: "admin", method: "PUT", path: "/api/v1/institution", status: invalid,
			code: model.EINVALID, field: "logo", body: `{"name":"示范大学","office_name":"党办","logo":"x.png"}`},
		{name: "the office may not set the profile", as: "office", method: "PUT", path: "/api/v1/institution", status: forbiddenRequest,
			code: model.EFORBIDDEN, body: profile},

		// The academic calendar.
		{name: "no calendar yet", as: "other", method: "GET", path: "/api/v1/calendar/2024", status: ok, check: year()},
		{name: "set the year", as: "office", method: "PUT", path: "/api/v1/calendar/2024", status: ok,
			body:  `{"year":2024,"terms":[` + summer + `,` + spring + `,` + autumn + `,` + winter + `]}`,
			check: year("autumn 2024-09-02 2025-01-17", "winter 2025-01-18 2025-02-23", "spring 2025-02-24 2025-07-04", "summer 2025-07-05 2025-08-31")},
		{name: "read the year", as: "leader", method: "GET", path: "/api/v1/calendar/2024", status: ok,
			check: year("autumn 2024-09-02 2025-01-17", "winter 2025-01-18 2025-02-23", "spring 2025-02-24 2025-07-04", "summer 2025-07-05 2025-08-31")},
		{name: "the year from the path", as: "admin", method: "PUT", path: "/api/v1/calendar/2024", status: ok,
			body:  `{"terms":[` + autumn + `,` + spring + `]}`,
			check: year("autumn 2024-09-02 2025-01-17", "spring 2025-02-24 2025-07-04")},
		{name: "overlapping terms", as: "office", method: "PUT", path: "/api/v1/calendar/2024", status: invalid, code: model.EINVALID,
			field: "terms[spring].start", body: `{"terms":[` + autumn + `,{"term":"spring","start":"2025-01-10","end":"2025-07-04"}]}`},
		{name: "a term ending before it starts", as: "office", method: "PUT", path: "/api/v1/calendar/2024", status: invalid, code: model.EINVALID,
			field: "terms[autumn].end", body: `{"terms":[{"term":"autumn","start":"2024-09-02","end":"2024-09-01"},` + spring + `]}`},
		{name: "overlapping the year before", as: "office", method: "PUT", path: "/api/v1/calendar/2025", status: invalid, code: model.EINVALID,
			field: "terms[autumn].start", body: `{"terms":[{"term":"autumn","start":"2025-06-01","end":"2026-01-16"},{"term":"spring","start":"2026-02-23","end":"2026-07-03"}]}`},
		{name: "no spring term", as: "office", method: "PUT", path: "/api/v1/calendar/2024", status: invalid, code: model.EINVALID,
			field: "terms", body: `{"terms":[` + autumn + `]}`},
		{name: "unknown term", as: "office", method: "PUT", path: "/api/v1/calendar/2024", status: invalid, code: model.EINVALID,
			field: "terms[0].term", body: `{"terms":[{"term":"fall","start":"2024-09-02","end":"2025-01-17"}]}`},
		{name: "a term with a bad date", as: "office", method: "PUT", path: "/api/v1/calendar/2024", status: invalid, code: model.EINVALID,
			field: "terms", body: `{"terms":[{"term":"autumn","start":"2024-09-31","end":"2025-01-17"}]}`},
		{name: "body and path disagree", as: "office", method: "PUT", path: "/api/v1/calendar/2024", status: invalid, code: model.EINVALID,
			field: "year", body: `{"year":2023,"terms":[` + autumn + `,` + spring + `]}`},
		{name: "no such year", as: "office", method: "GET", path: "/api/v1/calendar/next", status: notFound, code: model.ENOTFOUND},
		{name: "a unit may not set the calendar", as: "own", method: "PUT", path: "/api/v1/calendar/2024", status: forbiddenRequest,
			code: model.EFORBIDDEN, body: `{"terms":[` + autumn + `,` + spring + `]}`},

		// The checklist, now that the steps are done.
		{name: "checklist done", as: "admin", method: "GET", path: "/api/v1/setup", status: ok,
			check: steps("institution", "units", "people", "portfolios", "calendar")},
		{name: "a leader may not see the checklist", as: "leader", method: "GET", path: "/api/v1/setup", status: forbiddenRequest,
			code: model.EFORBIDDEN},

		// A merge, last: KJC into JWC. 001 (led by KJC) moves; JWC's 002
		// loses KJC as a cooperating unit, JWC leading it already.
		{name: "before the merge", as: "office", method: "GET", path: "/api/v1/measures?unit=KJC", status: ok,
			check: measures(apptest.MeasureA, apptest.MeasureB)},
		{name: "merge KJC into JWC", as: "admin", method: "POST", path: "/api/v1/units/KJC/merge", status: ok, body: `{"into":"JWC"}`,
			check: func(t *testing.T, _ *env, b []byte) {
				var m mergeJSON
				mustUnmarshal(t, b, &m)
				if m.From != "KJC" || m.Into != "JWC" || m.Moved.Measures != 1 || m.Moved.Cooperations != 1 || m.Moved.Accounts != 1 ||
					m.Moved.Portfolios == 0 {
					t.Errorf("merge: %s", b)
				}
			}},
		{name: "JWC has the measures", as: "office", method: "GET", path: "/api/v1/measures?unit=JWC", status: ok,
			check: measures(apptest.MeasureA, apptest.MeasureB)},
		{name: "KJC has none", as: "office", method: "GET", path: "/api/v1/measures?unit=KJC", status: ok, check: measures()},
		{name: "KJC shows merged", as: "leader", method: "GET", path: "/api/v1/units", status: ok,
			check: units(func(by map[string]unitJSON) bool {
				k, j := by["KJC"], by["JWC"]
				return k.Inactive && k.MergedInto != nil && *k.MergedInto == "JWC" && !j.Inactive && j.MergedInto == nil &&
					slices.Contains(j.Aliases, "科学技术处")
			})},
		{name: "a merged unit stays inactive", as: "admin", method: "PATCH", path: "/api/v1/units/KJC", status: invalid,
			code: model.EINVALID, field: "inactive", body: `{"inactive":false}`},
		{name: "merged twice", as: "admin", method: "POST", path: "/api/v1/units/KJC/merge", status: invalid,
			code: model.EINVALID, field: "from", body: `{"into":"RSC"}`},
		{name: "merge into a merged unit", as: "admin", method: "POST", path: "/api/v1/units/RSC/merge", status: invalid,
			code: model.EINVALID, field: "into", body: `{"into":"KJC"}`},
	}

	for _, sc := range scenarios {
		audited := apptest.AuditCount(t, e.a)
		var before map[string][]string
		if sc.status >= 400 {
			before = snapshot(t, e.a)
		}
		status, b := e.do(sc.method, sc.path, e.tokens[sc.as], sc.body)
		if status != sc.status {
			t.Errorf("%s: %s %s: %d, want %d: %.400s", sc.name, sc.method, sc.path, status, sc.status, b)
			continue
		}
		writes := apptest.AuditCount(t, e.a) - audited
		if sc.status >= 400 {
			if got := apiError(t, b); got.Code != sc.code || got.Field != sc.field || got.Message == "" {
				t.Errorf("%s: error %+v, want code %q field %q", sc.name, got, sc.code, sc.field)
			}
			if writes != 0 {
				t.Errorf("%s: refused, but wrote %d audit events", sc.name, writes)
			}
			// A refused sign-in counts the failure; everything else writes nothing.
			if sc.path != "/api/v1/sessions" {
				after := snapshot(t, e.a)
				for tb := range before {
					if !slices.Equal(before[tb], after[tb]) {
						t.Errorf("%s: refused, but table %s changed", sc.name, tb)
					}
				}
			}
			continue
		}
		if want := map[bool]int{true: 0, false: 1}[sc.method == "GET"]; writes != want {
			t.Errorf("%s: %d audit events, want %d", sc.name, writes, want)
		}
		if sc.check != nil {
			sc.check(t, e, b)
		}
	}
	if oneTime == "" {
		t.Error("the password reset gave no password")
	}
}
