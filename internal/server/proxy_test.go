package server_test

import (
	"context"
	"fmt"
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
	"github.com/luoshi-edu/luoshi/internal/origin"
	"github.com/luoshi-edu/luoshi/internal/server"
)

// browser is a cookie jar that does not follow redirects and sends the
// headers a reverse proxy in front of luoshi would add.
type browser struct {
	t       *testing.T
	base    string
	hc      *http.Client
	forward map[string]string
}

func newBrowser(t *testing.T, base string, forward map[string]string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: base, forward: forward, hc: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) do(method, path string, form url.Values, cookies ...*http.Cookie) (*http.Response, string) {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, b.base+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range b.forward {
		req.Header.Set(k, v)
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	res, err := b.hc.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	s, _ := io.ReadAll(res.Body)
	return res, string(s)
}

var reSigninCSRF = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// signIn signs in through the form and returns the response to the POST.
// The sign-in form's cookie is passed by hand: a jar need not send a Secure
// cookie over the test's plain http, as the browser would over the proxy's
// https.
func (b *browser) signIn(user string) *http.Response {
	b.t.Helper()
	res, body := b.do("GET", "/signin", nil)
	m := reSigninCSRF.FindStringSubmatch(body)
	if m == nil {
		b.t.Fatalf("no sign-in form: %d", res.StatusCode)
	}
	res, _ = b.do("POST", "/signin", url.Values{"csrf": {m[1]}, "username": {user}, "password": {apptest.Password}}, res.Cookies()...)
	if res.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("sign in %s: %d", user, res.StatusCode)
	}
	return res
}

func cookieNamed(res *http.Response, name string) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// TestTrustedProxy: behind a trusted proxy that says https, the session
// cookie is __Host-, Secure, HttpOnly, SameSite=Lax, pages carry HSTS, the
// calendar address uses the forwarded scheme and host, and failed sign-ins
// are counted for the forwarded client address. The same headers from a
// peer that is not a trusted proxy change nothing.
func TestTrustedProxy(t *testing.T) {
	a := apptest.New(t)
	proxies, _ := origin.ParseProxies("127.0.0.1/32, ::1")
	trusted := httptest.NewServer(server.NewWith(a, server.Options{TrustedProxies: proxies}))
	defer trusted.Close()
	untrusted := httptest.NewServer(server.New(a))
	defer untrusted.Close()
	fwd := map[string]string{"X-Forwarded-For": "203.0.113.77", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "duban.example.edu.cn"}

	b := newBrowser(t, trusted.URL, fwd)
	res := b.signIn(apptest.Office)
	c := cookieNamed(res, "__Host-luoshi_session")
	if c == nil || !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Domain != "" {
		t.Fatalf("session cookie behind a trusted https proxy: %+v (all: %v)", c, res.Header.Values("Set-Cookie"))
	}
	if cookieNamed(res, "luoshi_session") != nil {
		t.Error("a plain luoshi_session cookie is set over https")
	}
	res, _ = b.do("POST", "/account/calendar", url.Values{"csrf": {csrfOf(t, b, c)}}, c)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("make a calendar link: %d", res.StatusCode)
	}
	res, body := b.do("GET", "/account", nil, c)
	if res.Header.Get("Strict-Transport-Security") != "max-age=31536000" {
		t.Errorf("HSTS behind https: %q", res.Header.Get("Strict-Transport-Security"))
	}
	if !strings.Contains(body, `value="https://duban.example.edu.cn/calendar/`) {
		t.Errorf("calendar address not built on the forwarded scheme and host:\n%s", body)
	}
	// The plain cookie name is not accepted over https (it may have been
	// planted by another host of the domain).
	fresh := newBrowser(t, trusted.URL, fwd)
	if res, _ := fresh.do("GET", "/account", nil, &http.Cookie{Name: "luoshi_session", Value: c.Value}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("plain cookie over https: %d, want 303 to sign-in", res.StatusCode)
	}
	if res, _ := fresh.do("GET", "/account", nil, c); res.StatusCode != http.StatusOK {
		t.Errorf("__Host- cookie over https: %d, want 200", res.StatusCode)
	}

	u := newBrowser(t, untrusted.URL, fwd)
	res = u.signIn(apptest.Office)
	if c := cookieNamed(res, "luoshi_session"); c == nil || c.Secure || !c.HttpOnly {
		t.Errorf("session cookie from an untrusted peer's https claim: %+v", res.Header.Values("Set-Cookie"))
	}
	if res, _ := u.do("GET", "/signin", nil); res.Header.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS on an untrusted peer's https claim")
	}

	// Failures are counted by the forwarded client, not the proxy.
	ctx := context.Background()
	for i := range app.ClientMaxFailures + 1 {
		fb := newBrowser(t, trusted.URL, map[string]string{"X-Forwarded-For": "203.0.113.88"})
		res, body := fb.do("GET", "/signin", nil)
		m := reSigninCSRF.FindStringSubmatch(body)
		res, _ = fb.do("POST", "/signin", url.Values{"csrf": {m[1]}, "username": {fmt.Sprint("guess", i)}, "password": {"wrong-password"}}, res.Cookies()...)
		if want := http.StatusUnauthorized; i == app.ClientMaxFailures {
			if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
				t.Errorf("failure %d from one forwarded client: %d, Retry-After %q", i+1, res.StatusCode, res.Header.Get("Retry-After"))
			}
		} else if res.StatusCode != want {
			t.Fatalf("failure %d: %d", i+1, res.StatusCode)
		}
	}
	if _, err := a.SignIn(app.WithClient(ctx, "127.0.0.1"), apptest.Leader, apptest.Password); err != nil {
		t.Errorf("the proxy's own address was limited: %v", err)
	}
}

// csrfOf reads the session's CSRF token from a page.
func csrfOf(t *testing.T, b *browser, session *http.Cookie) string {
	t.Helper()
	_, body := b.do("GET", "/account", nil, session)
	m := regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no csrf token on /account")
	}
	return m[1]
}

// TestAPIIgnoresCookies: the API signs in only with a bearer token; the
// browser's session cookie alone gets 401 (so the API needs no CSRF
// defence), and the API's answers are not cached.
func TestAPIIgnoresCookies(t *testing.T) {
	a := apptest.New(t)
	ts := httptest.NewServer(server.New(a))
	defer ts.Close()
	b := newBrowser(t, ts.URL, nil)
	c := cookieNamed(b.signIn(apptest.Office), "luoshi_session")
	if c == nil {
		t.Fatal("no session cookie")
	}
	for _, r := range []struct{ method, path, body string }{
		{"GET", "/api/v1/measures", ""},
		{"POST", "/api/v1/measures/" + apptest.MeasureA + "/comments", `{"text":"x"}`},
		{"DELETE", "/api/v1/sessions", ""},
	} {
		req, _ := http.NewRequest(r.method, ts.URL+r.path, strings.NewReader(r.body))
		req.Header.Set("Content-Type", "application/json")
		req.AddCookie(c)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s %s with the session cookie only: %d, want 401", r.method, r.path, res.StatusCode)
		}
		if res.Header.Get("Cache-Control") != "no-store" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s %s: Cache-Control %q, X-Content-Type-Options %q", r.method, r.path, res.Header.Get("Cache-Control"), res.Header.Get("X-Content-Type-Options"))
		}
	}
}
