package web

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/sso/ssotest"
)

// setSSO changes the sign-in settings as the admin.
func setSSO(t *testing.T, a *app.App, change func(*app.SSOSettings)) {
	t.Helper()
	admin := apptest.Account(t, a, apptest.Admin)
	s, err := a.SSOSettings(context.Background(), admin)
	if err != nil {
		t.Fatal(err)
	}
	change(&s)
	if err := a.SetSSOSettings(context.Background(), admin, s); err != nil {
		t.Fatal(err)
	}
}

// browse follows redirects from an absolute URL as a browser does, across
// luoshi and the identity service, and returns the last answer and its URL.
func (c *client) browse(start string) (int, string, string) {
	c.t.Helper()
	u := start
	for range 10 {
		res, err := c.hc.Get(u)
		if err != nil {
			c.t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if m := reCSRFMeta.FindSubmatch(b); m != nil {
			c.csrf = string(m[1])
		}
		loc := res.Header.Get("Location")
		if res.StatusCode/100 != 3 || loc == "" {
			return res.StatusCode, string(b), u
		}
		next, err := res.Request.URL.Parse(loc)
		if err != nil {
			c.t.Fatal(err)
		}
		u = next.String()
	}
	c.t.Fatalf("too many redirects from %s", start)
	return 0, "", ""
}

// step makes one request to an absolute URL and returns its status and
// Location.
func (c *client) step(u string) (int, string) {
	c.t.Helper()
	res, err := c.hc.Get(u)
	if err != nil {
		c.t.Fatal(err)
	}
	res.Body.Close()
	loc := res.Header.Get("Location")
	if loc != "" {
		l, _ := res.Request.URL.Parse(loc)
		loc = l.String()
	}
	return res.StatusCode, loc
}

// whoami is the signed-in account's username ("" when not signed in).
func whoami(t *testing.T, a *app.App, c *client) string {
	t.Helper()
	u, _ := url.Parse(c.base)
	for _, ck := range c.hc.Jar.Cookies(u) {
		if ck.Name == sessionCookie {
			s, err := a.Session(context.Background(), ck.Value)
			if err != nil {
				return ""
			}
			return s.Account.Username
		}
	}
	return ""
}

var unitMap = []app.UnitMapping{{Value: "科学技术处", Unit: "KJC"}, {Value: "教务处", Unit: "JWC"}}

// TestCASSignIn runs the browser's CAS flow against a CAS server on
// loopback: an existing account is matched, a new person is given an
// account in the mapped unit, an unmapped unit is refused with a message
// naming it, and a replayed ticket, a ticket for another service and a
// return with another state all fail.
func TestCASSignIn(t *testing.T) {
	a, srv := newServer(t)
	ctx := context.Background()
	cas := ssotest.NewCAS(t)
	setSSO(t, a, func(s *app.SSOSettings) {
		s.SiteURL, s.CASEnabled, s.CASURL, s.CASVersion, s.CASUnitAttr, s.UnitMap = srv.URL, true, cas.URL, "3.0", "ou", unitMap
	})

	c := newClient(t, srv.URL)
	if _, body := c.get("/signin?next=/measures"); !strings.Contains(body, `id="signin-cas" href="/signin/cas?next=%2fmeasures"`) {
		t.Fatalf("no CAS button on the sign-in page:\n%s", body)
	}
	cas.SignInAs(apptest.UnitKJC, map[string][]string{"cn": {"科技处联络员"}, "ou": {"科学技术处"}})
	code, _, at := c.browse(srv.URL + "/signin/cas?next=/measures")
	if code != http.StatusOK || at != srv.URL+"/measures" || whoami(t, a, c) != apptest.UnitKJC {
		t.Fatalf("existing account: %d at %s as %q", code, at, whoami(t, a, c))
	}

	// A new person: an account in the mapped unit, without a password.
	c = newClient(t, srv.URL)
	cas.SignInAs("zhangsan", map[string][]string{"cn": {"张三"}, "mail": {"zhangsan@example.edu.cn"}, "ou": {"图书馆", "科学技术处"}})
	code, _, at = c.browse(srv.URL + "/signin/cas?next=//evil.example.com/")
	if code != http.StatusOK || at != srv.URL+"/todo" || whoami(t, a, c) != "zhangsan" { // a unit account's landing
		t.Fatalf("new account: %d at %s as %q", code, at, whoami(t, a, c))
	}
	acct := apptest.Account(t, a, "zhangsan")
	if acct.Role != "unit" || acct.Unit != "KJC" || acct.Name != "张三" || acct.Email != "zhangsan@example.edu.cn" {
		t.Errorf("provisioned %+v", acct)
	}
	if src, _ := apptest.Store(a).AccountSource(ctx, "zhangsan"); src != "cas" {
		t.Errorf("source %q", src)
	}
	if _, err := a.SignIn(ctx, "zhangsan", ""); err == nil {
		t.Errorf("a provisioned account signs in without a password")
	}

	// An unmapped unit: refused, the value named, nothing created.
	c = newClient(t, srv.URL)
	cas.SignInAs("lisi", map[string][]string{"cn": {"李四"}, "ou": {"图书馆"}})
	code, body, _ := c.browse(srv.URL + "/signin/cas")
	want := i18n.T("zh-CN", "signin.sso_unmapped", "图书馆")
	if code != http.StatusUnauthorized || !strings.Contains(body, want) || whoami(t, a, c) != "" {
		t.Errorf("unmapped unit: %d, message %q missing:\n%.2000s", code, want, body)
	}
	if _, err := apptest.Store(a).Account(ctx, "lisi"); err == nil {
		t.Errorf("an account was created for an unmapped unit")
	}

	// A replayed ticket: the same return, flow cookie and all, a second time.
	cas.SignInAs(apptest.UnitKJC, nil)
	c = newClient(t, srv.URL)
	_, toCAS := c.step(srv.URL + "/signin/cas")
	_, back := c.step(toCAS)
	flow := cookieValue(c, srv.URL+"/signin/cas/callback", ssoFlowCookie)
	if code, _ := c.step(back); code != http.StatusSeeOther || whoami(t, a, c) != apptest.UnitKJC {
		t.Fatalf("first use of the ticket: %d", code)
	}
	replay := newClient(t, srv.URL)
	setCookieValue(replay, srv.URL+"/signin", ssoFlowCookie, flow)
	code, body, _ = replay.browse(back)
	if code != http.StatusUnauthorized || !strings.Contains(body, i18n.T("zh-CN", "signin.sso_rejected")) || whoami(t, a, replay) != "" {
		t.Errorf("replayed ticket: %d\n%.1500s", code, body)
	}

	// A ticket issued for another service, brought back with a good state.
	c = newClient(t, srv.URL)
	_, toCAS = c.step(srv.URL + "/signin/cas")
	service, _ := url.Parse(mustQuery(t, toCAS, "service"))
	state := service.Query().Get("state")
	other := cas.Issue("https://other.example.edu.cn/")
	code, body, _ = c.browse(srv.URL + "/signin/cas/callback?" + url.Values{"state": {state}, "ticket": {other}}.Encode())
	if code != http.StatusUnauthorized || whoami(t, a, c) != "" || !strings.Contains(body, "signin-error") {
		t.Errorf("ticket for another service: %d", code)
	}

	// A return whose state is not this browser's (login CSRF).
	c = newClient(t, srv.URL)
	_, toCAS = c.step(srv.URL + "/signin/cas")
	_, back = c.step(toCAS)
	u, _ := url.Parse(back)
	q := u.Query()
	q.Set("state", "someone-elses")
	u.RawQuery = q.Encode()
	if code, _, _ := c.browse(u.String()); code != http.StatusUnauthorized || whoami(t, a, c) != "" {
		t.Errorf("another state: %d", code)
	}
	if n := cas.Validations(); n != 6 {
		t.Errorf("%d validations, want 6: a return with another state must not reach the CAS server", n)
	}
}

func mustQuery(t *testing.T, u, key string) string {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	return p.Query().Get(key)
}

func cookieValue(c *client, u, name string) string {
	p, _ := url.Parse(u)
	for _, ck := range c.hc.Jar.Cookies(p) {
		if ck.Name == name {
			return ck.Value
		}
	}
	c.t.Fatalf("no cookie %s for %s", name, u)
	return ""
}

func setCookieValue(c *client, u, name, value string) {
	p, _ := url.Parse(u)
	c.hc.Jar.SetCookies(p, []*http.Cookie{{Name: name, Value: value, Path: "/signin"}})
}

// TestOIDCSignIn runs the browser's OpenID Connect flow against mockoidc:
// an existing account is matched, a new person is provisioned, and a
// return with another state, without the flow cookie, or with the
// provider's error fails.
func TestOIDCSignIn(t *testing.T) {
	a, srv := newServer(t)
	ctx := context.Background()
	m := ssotest.NewOIDC(t)
	setSSO(t, a, func(s *app.SSOSettings) {
		s.SiteURL, s.OIDCEnabled, s.OIDCIssuer, s.OIDCClientID, s.OIDCClientSecret = srv.URL, true, m.Issuer(), m.ClientID, m.ClientSecret
		s.OIDCUnitClaim, s.UnitMap = "department", unitMap
	})
	c := newClient(t, srv.URL)
	if _, body := c.get("/signin"); !strings.Contains(body, `id="signin-oidc" href="/signin/oidc"`) || strings.Contains(body, "signin-cas") {
		t.Fatalf("sign-in page buttons:\n%s", body)
	}
	m.QueueUser(&ssotest.OIDCUser{Subject: "s-1", Username: apptest.UnitJWC, Name: "教务处联络员", Department: "教务处"})
	code, _, at := c.browse(srv.URL + "/signin/oidc?next=/measures/" + apptest.MeasureB)
	if code != http.StatusOK || at != srv.URL+"/measures/"+apptest.MeasureB || whoami(t, a, c) != apptest.UnitJWC {
		t.Fatalf("existing account: %d at %s as %q", code, at, whoami(t, a, c))
	}
	if got := cookieOf(c, srv.URL+"/signin/oidc/callback", ssoFlowCookie); got != "" {
		t.Errorf("the flow cookie outlives the sign-in")
	}

	c = newClient(t, srv.URL)
	m.QueueUser(&ssotest.OIDCUser{Subject: "s-2", Username: "WangWu", Name: "王五", Email: "wangwu@example.edu.cn", Department: "教务处"})
	if code, _, _ := c.browse(srv.URL + "/signin/oidc"); code != http.StatusOK || whoami(t, a, c) != "wangwu" {
		t.Fatalf("new account: %d as %q", code, whoami(t, a, c))
	}
	if acct := apptest.Account(t, a, "wangwu"); acct.Unit != "JWC" || acct.Role != "unit" || acct.Name != "王五" {
		t.Errorf("provisioned %+v", acct)
	}
	if src, _ := apptest.Store(a).AccountSource(ctx, "wangwu"); src != "oidc" {
		t.Errorf("source %q", src)
	}

	// Another state: the provider's answer is not for this sign-in.
	c = newClient(t, srv.URL)
	m.QueueUser(&ssotest.OIDCUser{Subject: "s-1", Username: apptest.UnitJWC, Department: "教务处"})
	_, toIdP := c.step(srv.URL + "/signin/oidc")
	if mustQuery(t, toIdP, "code_challenge_method") != "S256" || mustQuery(t, toIdP, "nonce") == "" {
		t.Errorf("no PKCE or nonce: %s", toIdP)
	}
	flow := cookieValue(c, srv.URL+"/signin/oidc/callback", ssoFlowCookie)
	_, back := c.step(toIdP)
	u, _ := url.Parse(back)
	q := u.Query()
	q.Set("state", "forged")
	u.RawQuery = q.Encode()
	code, body, _ := c.browse(u.String())
	if code != http.StatusUnauthorized || whoami(t, a, c) != "" || !strings.Contains(body, i18n.T("zh-CN", "signin.sso_rejected")) {
		t.Errorf("wrong state: %d\n%.1500s", code, body)
	}
	// The right state, but from a browser that did not start the sign-in.
	stranger := newClient(t, srv.URL)
	if code, _, _ := stranger.browse(back); code != http.StatusUnauthorized || whoami(t, a, stranger) != "" {
		t.Errorf("no flow cookie: %d", code)
	}
	// The provider's error (the person declined) ends the sign-in.
	setCookieValue(stranger, srv.URL+"/signin", ssoFlowCookie, flow)
	if code, _, _ := stranger.browse(srv.URL + "/signin/oidc/callback?error=access_denied&state=" + url.QueryEscape(mustQuery(t, back, "state"))); code != http.StatusUnauthorized {
		t.Errorf("provider error: %d", code)
	}

	// With OpenID Connect off, its routes are not there.
	setSSO(t, a, func(s *app.SSOSettings) { s.OIDCEnabled = false })
	if code, _ := newClient(t, srv.URL).step(srv.URL + "/signin/oidc"); code != http.StatusNotFound {
		t.Errorf("off: %d", code)
	}
}

func cookieOf(c *client, u, name string) string {
	p, _ := url.Parse(u)
	for _, ck := range c.hc.Jar.Cookies(p) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// formSignIn posts the sign-in form and returns the status and the page.
func formSignIn(c *client, user, password string) (int, string) {
	c.t.Helper()
	_, body := c.get("/signin")
	m := reCSRFInput.FindStringSubmatch(body)
	if m == nil {
		c.t.Fatal("no csrf on sign-in form")
	}
	code, body, _ := c.do("POST", "/signin", url.Values{"csrf": {m[1]}, "username": {user}, "password": {password}})
	return code, body
}

// TestLDAPSignIn signs in through the form against an LDAP directory on
// loopback: the right password signs in (and provisions), a wrong one does
// not, with the same message as an unknown user; the admin still signs in
// with the local password; an injection-like username matches nobody.
func TestLDAPSignIn(t *testing.T) {
	a, srv := newServer(t)
	ctx := context.Background()
	dir := ssotest.NewDirectory(t, ssotest.Plain, nil,
		ssotest.Entry{DN: "uid=zhangsan,ou=people,dc=example,dc=edu,dc=cn", Password: "zs-ldap-pw",
			Attrs: map[string][]string{"uid": {"zhangsan"}, "cn": {"张三"}, "ou": {"科学技术处"}}},
		ssotest.Entry{DN: "uid=kjc1,ou=people,dc=example,dc=edu,dc=cn", Password: "kjc-ldap-pw",
			Attrs: map[string][]string{"uid": {"kjc1"}, "cn": {"科技处联络员"}, "ou": {"科学技术处"}}},
		ssotest.Entry{DN: "uid=admin,ou=people,dc=example,dc=edu,dc=cn", Password: "admin-ldap-pw",
			Attrs: map[string][]string{"uid": {"admin"}, "cn": {"管理员"}, "ou": {"科学技术处"}}},
	)
	setSSO(t, a, func(s *app.SSOSettings) {
		s.LocalPasswords = false
		s.LDAPEnabled, s.LDAPURL, s.LDAPSecurity, s.LDAPBindDN, s.LDAPBindPassword = true, dir.URL, "none", dir.BindDN, dir.BindPassword
		s.LDAPBaseDN, s.LDAPFilter, s.LDAPUnitAttr, s.UnitMap = "ou=people,dc=example,dc=edu,dc=cn", "(uid=%s)", "ou", unitMap
	})
	failed := i18n.T("zh-CN", "signin.failed")

	c := newClient(t, srv.URL)
	if code, body := formSignIn(c, "zhangsan", "zs-ldap-pw"); code != http.StatusSeeOther || whoami(t, a, c) != "zhangsan" {
		t.Fatalf("LDAP password: %d\n%.1500s", code, body)
	}
	if acct := apptest.Account(t, a, "zhangsan"); acct.Unit != "KJC" || acct.Name != "张三" {
		t.Errorf("provisioned %+v", acct)
	}
	if src, _ := apptest.Store(a).AccountSource(ctx, "zhangsan"); src != "ldap" {
		t.Errorf("source %q", src)
	}

	wrong := func(user, pw string) string {
		t.Helper()
		c := newClient(t, srv.URL)
		code, body := formSignIn(c, user, pw)
		if code != http.StatusUnauthorized || whoami(t, a, c) != "" || !strings.Contains(body, failed) {
			t.Errorf("%s/%s: %d, signed in as %q\n%.1500s", user, pw, code, whoami(t, a, c), body)
		}
		i := strings.Index(body, `id="signin-error"`)
		return body[i : i+strings.Index(body[i:], "</p>")]
	}
	msg := wrong("zhangsan", "wrong")
	if other := wrong("nobody", "zs-ldap-pw"); other != msg {
		t.Errorf("an unknown user gets another message than a wrong password: %q vs %q", other, msg)
	}
	// Local passwords are off for everyone but the admin.
	wrong(apptest.UnitKJC, apptest.Password)
	c = newClient(t, srv.URL)
	if code, _ := formSignIn(c, apptest.UnitKJC, "kjc-ldap-pw"); code != http.StatusSeeOther || whoami(t, a, c) != apptest.UnitKJC {
		t.Errorf("existing account with its LDAP password: %d", code)
	}
	// The admin signs in locally, never against the directory.
	wrong(apptest.Admin, "admin-ldap-pw")
	c = newClient(t, srv.URL)
	if code, _ := formSignIn(c, apptest.Admin, apptest.Password); code != http.StatusSeeOther || whoami(t, a, c) != apptest.Admin {
		t.Errorf("admin with the local password: %d", code)
	}
	// An injection-like username reaches the directory as a value, and
	// matches nobody.
	wrong("*)(uid=*", "zs-ldap-pw")
	wrong("*", "zs-ldap-pw")
	found := false
	for _, s := range dir.Searches() {
		found = found || s == "(uid=*)(uid=*)"
	}
	if !found {
		t.Errorf("searches %q", dir.Searches())
	}

	// With local passwords on again, a luoshi password is the fallback.
	setSSO(t, a, func(s *app.SSOSettings) { s.LocalPasswords = true })
	c = newClient(t, srv.URL)
	if code, _ := formSignIn(c, apptest.UnitRSC, apptest.Password); code != http.StatusSeeOther || whoami(t, a, c) != apptest.UnitRSC {
		t.Errorf("local fallback: %d", code)
	}
}

// TestLDAPUnavailable: a directory that cannot be reached is said so, not
// reported as a wrong password.
func TestLDAPUnavailable(t *testing.T) {
	a, srv := newServer(t)
	down := httptest.NewServer(http.NotFoundHandler())
	addr := strings.TrimPrefix(down.URL, "http://")
	down.Close()
	setSSO(t, a, func(s *app.SSOSettings) {
		s.LocalPasswords = false
		s.LDAPEnabled, s.LDAPURL, s.LDAPSecurity = true, "ldap://"+addr, "none"
		s.LDAPBaseDN, s.LDAPFilter, s.UnitMap = "dc=example,dc=edu,dc=cn", "(uid=%s)", unitMap
	})
	c := newClient(t, srv.URL)
	code, body := formSignIn(c, "zhangsan", "pw")
	if code != http.StatusUnauthorized || !strings.Contains(body, i18n.T("zh-CN", "signin.sso_unavailable")) {
		t.Errorf("directory down: %d\n%.1500s", code, body)
	}
}

// TestSigninSettingsPage: secrets are never shown back and a blank one
// keeps the stored one; a bad address is 422 naming its field, and nothing
// changes.
func TestSigninSettingsPage(t *testing.T) {
	a, srv := newServer(t)
	ctx := context.Background()
	c := newClient(t, srv.URL)
	c.signIn(apptest.Admin)
	form := func() url.Values {
		return url.Values{"local_passwords": {"1"}, "site_url": {"https://duban.example.edu.cn/"},
			"cas_enabled": {"1"}, "cas_url": {"https://cas.example.edu.cn/cas"}, "cas_version": {"3.0"}, "cas_unit_attr": {"ou"},
			"oidc_issuer": {"https://id.example.edu.cn/realms/campus"}, "oidc_client_id": {"luoshi"}, "oidc_client_secret": {"oidc-s3cret"},
			"oidc_scopes": {"openid profile"}, "oidc_username_claim": {"preferred_username"},
			"ldap_url": {"ldaps://ldap.example.edu.cn"}, "ldap_security": {"ldaps"}, "ldap_bind_dn": {"cn=luoshi,dc=example,dc=edu,dc=cn"},
			"ldap_bind_password": {"bind-s3cret"}, "ldap_base_dn": {"dc=example,dc=edu,dc=cn"}, "ldap_filter": {"(uid=%s)"},
			"provision": {"create"}, "provision_role": {"unit"}, "unit_map": {"科学技术处 = KJC\r\nou=教务处,dc=example,dc=edu,dc=cn\tJWC\r\n"}}
	}
	stored := func() string {
		v, err := apptest.Store(a).Setting(ctx, "signin.sso", "")
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if code, body, h := c.post("/settings/signin", form()); code != http.StatusSeeOther || h.Get("Location") != "/settings/signin?saved=1" {
		t.Fatalf("save: %d\n%.2000s", code, body)
	}
	code, body := c.get("/settings/signin?saved=1")
	if code != http.StatusOK || strings.Contains(body, "s3cret") || !strings.Contains(body, i18n.T("zh-CN", "signin_settings.secret_stored")) ||
		!strings.Contains(body, "ou=教务处,dc=example,dc=edu,dc=cn = JWC") || !strings.Contains(body, "https://duban.example.edu.cn/signin/cas/callback") {
		t.Errorf("page after save:\n%s", body)
	}
	f := form()
	f.Set("oidc_client_secret", "")
	f.Set("ldap_bind_password", "")
	if code, _, _ := c.post("/settings/signin", f); code != http.StatusSeeOther {
		t.Fatalf("save with blank secrets: %d", code)
	}
	if v := stored(); !strings.Contains(v, "oidc-s3cret") || !strings.Contains(v, "bind-s3cret") {
		t.Errorf("blank secrets did not keep the stored ones: %s", v)
	}
	before := stored()
	for field, bad := range map[string]string{
		"cas_url":       "cas.example.edu.cn",
		"site_url":      "duban",
		"oidc_issuer":   "id.example.edu.cn",
		"ldap_url":      "http://ldap.example.edu.cn",
		"ldap_security": "none",
		"ldap_filter":   "(uid=zhangsan)",
		"unit_map":      "科学技术处 = NOPE",
	} {
		f := form()
		f.Set(field, bad)
		f.Set("oidc_client_secret", "changed")
		code, body, _ := c.post("/settings/signin", f)
		id := `id="s-` + strings.ReplaceAll(field, "_", "-") + `"`
		i := strings.Index(body, id)
		if code != http.StatusUnprocessableEntity || i < 0 || !strings.Contains(body[i:i+600], `aria-invalid="true"`) {
			t.Errorf("%s=%q: %d, field not marked\n%.3000s", field, bad, code, body)
		}
		if strings.Contains(body, "changed") || strings.Contains(body, "s3cret") {
			t.Errorf("%s: a secret shown back", field)
		}
	}
	if stored() != before {
		t.Errorf("a refused form changed the settings")
	}
}

// TestSSOMessagesExist: every refusal the sign-in page may show has its
// text in both languages.
func TestSSOMessagesExist(t *testing.T) {
	for _, lang := range i18n.Languages {
		for _, r := range []string{"rejected", "unavailable", "no_account", "no_unit", "unmapped", "username"} {
			if !i18n.Has(lang, "signin.sso_"+r) {
				t.Errorf("%s: no signin.sso_%s", lang, r)
			}
		}
		for _, k := range []string{"starttls", "ldaps", "none"} {
			if !i18n.Has(lang, "signin_settings.ldap_security_"+k) {
				t.Errorf("%s: no ldap_security_%s", lang, k)
			}
		}
	}
}

// ssoScenarios are the sign-in settings and single sign-on routes for
// TestRoutes. The identity services are off there: their routes are 404.
func ssoScenarios() []scenario {
	unprocessable := http.StatusUnprocessableEntity
	settings := func(casURL string) func() url.Values {
		return func() url.Values {
			return url.Values{"local_passwords": {"1"}, "cas_url": {casURL}, "cas_version": {"3.0"}, "ldap_security": {"starttls"},
				"provision": {"create"}, "provision_role": {"unit"}, "unit_map": {"科学技术处 = KJC"}}
		}
	}
	return []scenario{
		{"GET /signin/cas", "/signin/cas", nil, want{def: notFound}},
		{"GET /signin/cas/callback", "/signin/cas/callback?state=x&ticket=ST-1", nil, want{def: notFound}},
		{"GET /signin/oidc", "/signin/oidc?next=/measures", nil, want{def: notFound}},
		{"GET /signin/oidc/callback", "/signin/oidc/callback?state=x&code=y", nil, want{def: notFound}},
		{"GET /settings/signin", "/settings/signin", nil, adminOnly(ok)},
		{"POST /settings/signin", "/settings/signin", settings(""), adminOnly(see)},
		{"POST /settings/signin", "/settings/signin", settings("cas.example.edu.cn"), adminOnly(unprocessable)},
	}
}
