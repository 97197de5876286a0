package web

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/store"
)

var pathParam = regexp.MustCompile(`\{[^}]*\}`)

// concrete fills a route pattern's wildcards with "1" ({$} with nothing).
func concrete(pattern string) string {
	return pathParam.ReplaceAllStringFunc(pattern, func(p string) string {
		if p == "{$}" {
			return ""
		}
		return "1"
	})
}

// dumpAll is every row of every table, to see that nothing changed.
func dumpAll(t *testing.T, s *store.Store) map[string][]string {
	t.Helper()
	ctx := context.Background()
	tables, err := s.Tables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, tb := range tables {
		if out[tb], err = s.Dump(ctx, tb); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestEveryPostNeedsCSRF walks every POST route of the table, as a signed-in
// office clerk, without the CSRF token, with a wrong one and with a wrong
// htmx header: each is refused with 403 and the database is unchanged.
func TestEveryPostNeedsCSRF(t *testing.T) {
	a, srv := newServer(t)
	c := newClient(t, srv.URL)
	c.signIn(apptest.Office)
	before := dumpAll(t, apptest.Store(a))
	n := 0
	for _, rt := range routes {
		if rt.method != "POST" {
			continue
		}
		n++
		path := concrete(rt.pattern)
		form := url.Values{"text": {"x"}, "title": {"x"}, "username": {apptest.Office}, "password": {apptest.Password}}
		for _, token := range []string{"", "wrong"} {
			f := url.Values{}
			for k, v := range form {
				f[k] = v
			}
			if token != "" {
				f.Set("csrf", token)
			}
			if code, body, h := c.do("POST", path, f); code != http.StatusForbidden {
				t.Errorf("POST %s with csrf %q: %d, want 403\n%.200s", path, token, code, body)
			} else {
				checkHTMLHeaders(t, "POST "+path, h, body)
			}
		}
		req, _ := http.NewRequest("POST", srv.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("HX-Request", "true")
		req.Header.Set("X-CSRF-Token", "wrong")
		res, err := c.hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("POST %s with a wrong X-CSRF-Token: %d, want 403", path, res.StatusCode)
		}
	}
	if n < 30 {
		t.Fatalf("only %d POST routes walked", n)
	}
	after := dumpAll(t, apptest.Store(a))
	for tb, rows := range before {
		if !slices.Equal(rows, after[tb]) {
			t.Errorf("table %s changed by POSTs without a CSRF token", tb)
		}
	}
}

var (
	reInlineScript = regexp.MustCompile(`(?is)<script\b([^>]*)>(.*?)</script>`)
	reEventAttr    = regexp.MustCompile(`(?is)<[a-z][^>]*\son[a-z]+\s*=`)
	reStyleAttr    = regexp.MustCompile(`(?is)<[a-z][^>]*\sstyle\s*=`)
	reStyleElem    = regexp.MustCompile(`(?i)<style\b`)
	reJSURL        = regexp.MustCompile(`(?i)(href|src|action)\s*=\s*"\s*javascript:`)
)

// inlineCode names the inline script or style HTML holds ("" for none): the
// CSP would block it, so a page relying on it is broken, and it should not
// be there.
func inlineCode(html string) string {
	for _, m := range reInlineScript.FindAllStringSubmatch(html, -1) {
		if strings.TrimSpace(m[2]) != "" || !strings.Contains(m[1], "src=") {
			return "inline <script>: " + m[0]
		}
	}
	for name, re := range map[string]*regexp.Regexp{"on* attribute": reEventAttr, "style attribute": reStyleAttr,
		"<style> element": reStyleElem, "javascript: URL": reJSURL} {
		if m := re.FindString(html); m != "" {
			return name + ": " + m
		}
	}
	return ""
}

// TestTemplatesNoInlineCode: no template has an inline script, an event
// handler attribute, a style attribute or element, or a javascript: URL.
func TestTemplatesNoInlineCode(t *testing.T) {
	files, err := filepath.Glob("templates/*.html")
	if err != nil || len(files) < 20 {
		t.Fatalf("templates: %v (%d)", err, len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if what := inlineCode(string(b)); what != "" {
			t.Errorf("%s: %.200s", filepath.Base(f), what)
		}
	}
	if inlineCode(`<p onclick="x()">`) == "" || inlineCode(`<div style="color:red">`) == "" ||
		inlineCode(`<script>alert(1)</script>`) == "" || inlineCode(`<script src="/static/htmx.min.js"></script>`) != "" {
		t.Error("inlineCode does not tell inline code")
	}
}

// checkHTMLHeaders checks an HTML response carries the security headers and
// no inline code.
func checkHTMLHeaders(t *testing.T, what string, h http.Header, body string) {
	t.Helper()
	if !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
		return
	}
	csp := h.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("%s: CSP %q lacks %s", what, csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("%s: CSP %q allows inline code", what, csp)
	}
	for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin"} {
		if h.Get(k) != v {
			t.Errorf("%s: %s %q, want %q", what, k, h.Get(k), v)
		}
	}
	if code := inlineCode(body); code != "" {
		t.Errorf("%s: page has %.200s", what, code)
	}
}

// TestSecurityHeaders walks every GET route, signed in and not, and checks
// each HTML response (pages, 404s, 403s, the sign-in form) for the headers
// and for inline code.
func TestSecurityHeaders(t *testing.T) {
	a, srv := newServer(t)
	fileReport(t, a, apptest.MeasureA)
	office := newClient(t, srv.URL)
	office.signIn(apptest.Office)
	anon := newClient(t, srv.URL)
	paths := []string{"/measures/" + apptest.MeasureA, "/units/KJC", "/no/such/page", "/signin?next=/measures"}
	for _, rt := range routes {
		if rt.method == "GET" {
			paths = append(paths, concrete(rt.pattern))
		}
	}
	html := 0
	for _, c := range []*client{office, anon} {
		for _, p := range paths {
			_, body, h := c.do("GET", p, nil)
			if strings.HasPrefix(h.Get("Content-Type"), "text/html") {
				html++
			}
			checkHTMLHeaders(t, "GET "+p, h, body)
			if h.Get("Strict-Transport-Security") != "" {
				t.Errorf("GET %s over plain http: HSTS %q", p, h.Get("Strict-Transport-Security"))
			}
		}
	}
	if html < 40 {
		t.Errorf("only %d HTML responses checked", html)
	}
}

// signInWith posts the sign-in form with a password and returns the answer.
func (c *client) signInWith(user, password string) (int, string, http.Header) {
	c.t.Helper()
	_, body := c.get("/signin")
	m := reCSRFInput.FindStringSubmatch(body)
	if m == nil {
		c.t.Fatal("no csrf on sign-in form")
	}
	return c.do("POST", "/signin", url.Values{"csrf": {m[1]}, "username": {user}, "password": {password}})
}

var reAlert = regexp.MustCompile(`<p class="alert-box" role="alert" id="signin-error">([^<]*)</p>`)

// TestSigninSameAnswer: unknown user, wrong password and locked account get
// the same status and message on the form; after too many failures from one
// address, 429 with Retry-After.
func TestSigninSameAnswer(t *testing.T) {
	_, srv := newServer(t)
	c := newClient(t, srv.URL)
	for range app.UserMaxFailures {
		c.signInWith(apptest.UnitJWC, "wrong-password")
	}
	want := i18n.T("zh-CN", "signin.failed")
	for _, try := range []struct{ user, password string }{
		{"nobody", "wrong-password"}, {apptest.UnitKJC, "wrong-password"}, {apptest.UnitJWC, apptest.Password},
	} {
		code, body, h := c.signInWith(try.user, try.password)
		m := reAlert.FindStringSubmatch(body)
		if code != http.StatusUnauthorized || m == nil || m[1] != want || h.Get("Set-Cookie") == "" {
			t.Errorf("sign in %s: %d %v, want 401 and %q", try.user, code, m, want)
		}
	}
	for {
		code, body, h := c.signInWith("nobody", "wrong-password")
		if code == http.StatusUnauthorized {
			continue
		}
		m := reAlert.FindStringSubmatch(body)
		if code != http.StatusTooManyRequests || h.Get("Retry-After") != "600" || m == nil || m[1] != i18n.T("zh-CN", "signin.too_many") {
			t.Errorf("over the address limit: %d, Retry-After %q, %v", code, h.Get("Retry-After"), m)
		}
		break
	}
}

// sessionToken is the session cookie the client's jar holds.
func (c *client) sessionToken() string {
	u, _ := url.Parse(c.base)
	for _, k := range c.hc.Jar.Cookies(u) {
		if k.Name == sessionCookie {
			return k.Value
		}
	}
	return ""
}

// TestSigninRotatesSession: signing in again in a browser that has a
// session gives a new token and ends the old one; the cookie's flags.
func TestSigninRotatesSession(t *testing.T) {
	_, srv := newServer(t)
	c := newClient(t, srv.URL)
	c.signIn(apptest.Office)
	old := c.sessionToken()
	_, _, h := c.signInWith(apptest.Office, apptest.Password)
	cookie := h.Get("Set-Cookie")
	for _, want := range []string{"luoshi_session=", "Path=/", "HttpOnly", "SameSite=Lax"} {
		if !strings.Contains(strings.Join(h.Values("Set-Cookie"), "\n"), want) {
			t.Errorf("session cookie %q lacks %s", cookie, want)
		}
	}
	if strings.Contains(strings.Join(h.Values("Set-Cookie"), "\n"), "Secure") {
		t.Errorf("Secure cookie over plain http: %q", h.Values("Set-Cookie"))
	}
	if now := c.sessionToken(); now == "" || now == old {
		t.Fatalf("token after signing in again: %q (old %q)", now, old)
	}
	stale := newClient(t, srv.URL)
	u, _ := url.Parse(srv.URL)
	stale.hc.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: old, Path: "/"}})
	if code, _, h := stale.do("GET", "/", nil); code != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/signin") {
		t.Errorf("the old token still works: %d %s", code, h.Get("Location"))
	}
}

// TestAccountPassword: the account page states the rules; a weak new
// password, a wrong current one and a mistyped repeat come back with 422 on
// their field; a good change keeps this session and ends the others.
func TestAccountPassword(t *testing.T) {
	_, srv := newServer(t)
	c := newClient(t, srv.URL)
	c.signIn(apptest.UnitKJC)
	other := newClient(t, srv.URL)
	other.signIn(apptest.UnitKJC)
	_, body := c.get("/account")
	if !strings.Contains(body, `action="/account/password"`) || !strings.Contains(body, i18n.T("zh-CN", "account.password_rules", app.MinPasswordLen, app.PassphraseLen)) {
		t.Fatalf("account page: no password form or rules")
	}
	const good = "Kejichu-Liaison-24"
	bad := []struct{ current, next, again, field, key string }{
		{apptest.Password, "short-1A", "short-1A", "new-password", "account.password_rule_length"},
		{apptest.Password, "kjc1-Password-x", "kjc1-Password-x", "new-password", "account.password_rule_username"},
		{"wrong-password", good, good, "current-password", "account.password_current_wrong"},
		{apptest.Password, good, good + "x", "new-password-again", "account.password_mismatch"},
	}
	for _, b := range bad {
		code, body, _ := c.post("/account/password", url.Values{"current_password": {b.current}, "new_password": {b.next}, "new_password_again": {b.again}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="a-`+b.field+`"`) ||
			!regexp.MustCompile(`id="a-`+b.field+`"[^>]*aria-invalid="true"`).MatchString(body) || !strings.Contains(body, i18n.T("zh-CN", b.key)) {
			t.Errorf("%+v: %d, field or message missing", b, code)
		}
		if strings.Contains(body, b.next) || strings.Contains(body, b.current) {
			t.Errorf("%+v: a password is echoed in the page", b)
		}
	}
	code, _, h := c.post("/account/password", url.Values{"current_password": {apptest.Password}, "new_password": {good}, "new_password_again": {good}})
	if code != http.StatusSeeOther || h.Get("Location") != "/account?saved=password#password" {
		t.Fatalf("change: %d %s", code, h.Get("Location"))
	}
	if code, _ := c.get("/account?saved=password"); code != http.StatusOK {
		t.Errorf("this session after the change: %d", code)
	}
	if code, _ := other.get("/"); code != http.StatusSeeOther {
		t.Errorf("another session of the account after the change: %d, want 303 to sign-in", code)
	}
	if code, _, _ := newClient(t, srv.URL).signInWith(apptest.UnitKJC, good); code != http.StatusSeeOther {
		t.Errorf("sign in with the new password: %d", code)
	}
}
