package web

import (
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/sso/ssotest"
)

// hostileNext are "next" values, as the server reads them from the query
// or the form, that a browser would take off the site, or that are no
// address of ours: each must end on "/".
var hostileNext = []string{
	"//evil.example/",
	"/\\evil.example/",
	"\\\\evil.example/",
	"\\/evil.example/",
	"/\t/evil.example/", // the probe's finding: browsers drop the tab
	"/\r/evil.example/",
	"/\n/evil.example/",
	"/\r\n/evil.example/",
	"\t//evil.example/",
	"/measures\t",
	"/\x00/evil.example/",
	"/measures\x00",
	"/\x0b/evil.example/",
	"/\x1b/evil.example/",
	"/\x7f/evil.example/",
	"/\u0085/evil.example/",
	"/%09/evil.example/", // escapes decoded once more by a proxy
	"/%0d%0a/evil.example/",
	"/%00",
	"/%2F%2Fevil.example/",
	"/%2f/evil.example/",
	"/%5Cevil.example/",
	"/%5c%5cevil.example/",
	"/%ZZ",
	"javascript:alert(1)",
	"JaVaScRiPt:alert(1)",
	"http://evil.example/",
	"https://evil.example/",
	"HTTPS://evil.example/",
	"/ /evil.example/",
	" //evil.example/",
	"/%20/evil.example/",
	"evil.example",
	"/measures?q=" + strings.Repeat("a", 5000),
}

// localNext are the addresses of pages a session may have been going to:
// each is kept.
var localNext = []string{
	"/",
	"/measures?status=overdue&unit=KJC",
	"/meetings/3#drafts",
	"/measures/" + apptest.MeasureB,
	"/search?q=%E7%A7%91%E7%A0%94&kind=measure",
	"/search?q=%E7%A7%91+%E7%A0%94%20a%20b",
}

func TestLocalPath(t *testing.T) {
	for _, s := range hostileNext {
		if got := localPath(s, "/"); got != "/" {
			t.Errorf("localPath(%.80q) = %.80q, want /", s, got)
		}
	}
	for _, s := range localNext {
		if got := localPath(s, "/"); got != s {
			t.Errorf("localPath(%q) = %q, want it kept", s, got)
		}
	}
}

// hop makes one request and returns its status and Location exactly as
// sent (or, when the answer cannot be read, why in place of Location): it goes around http.Client, which refuses a Location that does not
// parse, and keeps the cookies in the client's jar itself.
func (c *client) hop(method, u string, form url.Values) (int, string) {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for _, ck := range c.hc.Jar.Cookies(req.URL) {
		req.AddCookie(ck)
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil { // a Location with a NUL breaks the answer
		return 0, "(no answer: " + err.Error() + ")"
	}
	res.Body.Close()
	c.hc.Jar.SetCookies(req.URL, res.Cookies())
	return res.StatusCode, res.Header.Get("Location")
}

// landsOn says where a browser goes from page base given Location loc: it
// strips leading and trailing spaces and controls, drops tabs and line
// breaks, and reads "\" as "/" (the WHATWG URL parser, for http and https).
func landsOn(base, loc string) string {
	loc = strings.TrimFunc(loc, func(r rune) bool { return r <= ' ' })
	loc = strings.NewReplacer("\t", "", "\r", "", "\n", "", "\\", "/").Replace(loc)
	b, _ := url.Parse(base)
	u, err := b.Parse(loc)
	if err != nil {
		return "(unparsable: " + err.Error() + ")"
	}
	return u.String()
}

var reNextInput = regexp.MustCompile(`<input type="hidden" name="next" value="([^"]*)">`)

// TestPasswordSigninNext signs in through the form with every hostile next,
// as a link to the sign-in page carries it (into the form's hidden field)
// and as a forged form posts it: each lands on "/". Pages of ours are kept,
// and the language switch, which also reads next, behaves the same.
func TestPasswordSigninNext(t *testing.T) {
	a, srv := newServer(t)
	signIn := func(next string, fromPage bool) (int, string) {
		t.Helper()
		c := newClient(t, srv.URL)
		_, body := c.get("/signin?next=" + url.QueryEscape(next))
		m := reCSRFInput.FindStringSubmatch(body)
		hidden := reNextInput.FindStringSubmatch(body)
		if m == nil || hidden == nil {
			t.Fatalf("next %.80q: no csrf or next field on the sign-in page", next)
		}
		if fromPage {
			next = html.UnescapeString(hidden[1])
		}
		code, loc := c.hop("POST", srv.URL+"/signin", url.Values{"csrf": {m[1]}, "username": {apptest.UnitKJC},
			"password": {apptest.Password}, "next": {next}})
		if who := whoami(t, a, c); code != http.StatusSeeOther || who != apptest.UnitKJC {
			t.Errorf("next %.80q: %d, signed in as %q", next, code, who)
		}
		return code, loc
	}
	for _, next := range hostileNext {
		for _, fromPage := range []bool{true, false} {
			if _, loc := signIn(next, fromPage); loc != "/todo" { // kjc1's landing (landingOf)
				t.Errorf("next %.80q (from the page: %v): Location %.80q, a browser goes to %.80s", next, fromPage, loc, landsOn(srv.URL+"/signin", loc))
			}
		}
	}
	for _, next := range localNext {
		if _, loc := signIn(next, true); loc != next {
			t.Errorf("next %q: Location %q", next, loc)
		}
	}

	c := newClient(t, srv.URL)
	c.signIn(apptest.UnitKJC)
	lang := func(next string) (int, string) {
		return c.hop("POST", srv.URL+"/lang", url.Values{"csrf": {c.csrf}, "lang": {"zh-CN"}, "next": {next}})
	}
	for _, next := range hostileNext {
		if code, loc := lang(next); code != http.StatusSeeOther || loc != "/" {
			t.Errorf("language switch with next %.80q: %d to %.80q", next, code, loc)
		}
	}
	for _, next := range localNext {
		if _, loc := lang(next); loc != next {
			t.Errorf("language switch with next %q: to %q", next, loc)
		}
	}
}

// TestSSOSigninNext runs the CAS and the OpenID Connect sign-in with every
// hostile next in the link that starts them: each signs in and lands on
// "/"; pages of ours are kept.
func TestSSOSigninNext(t *testing.T) {
	a, srv := newServer(t)
	cas := ssotest.NewCAS(t)
	oidc := ssotest.NewOIDC(t)
	setSSO(t, a, func(s *app.SSOSettings) {
		s.SiteURL, s.CASEnabled, s.CASURL, s.CASVersion, s.CASUnitAttr, s.UnitMap = srv.URL, true, cas.URL, "3.0", "ou", unitMap
		s.OIDCEnabled, s.OIDCIssuer, s.OIDCClientID, s.OIDCClientSecret = true, oidc.Issuer(), oidc.ClientID, oidc.ClientSecret
		s.OIDCUnitClaim = "department"
	})
	cas.SignInAs(apptest.UnitKJC, map[string][]string{"cn": {"科技处联络员"}, "ou": {"科学技术处"}})
	// flow signs in through method with next and returns the final
	// Location, as sent.
	flow := func(method, next string) string {
		t.Helper()
		if method == "oidc" {
			oidc.QueueUser(&ssotest.OIDCUser{Subject: "s-kjc", Username: apptest.UnitKJC, Department: "科学技术处"})
		}
		c := newClient(t, srv.URL)
		code, toIdP := c.step(srv.URL + "/signin/" + method + "?next=" + url.QueryEscape(next))
		if code != http.StatusSeeOther {
			t.Fatalf("%s with next %.80q: start %d", method, next, code)
		}
		_, back := c.step(toIdP)
		code, loc := c.hop("GET", back, nil)
		if who := whoami(t, a, c); code != http.StatusSeeOther || who != apptest.UnitKJC {
			t.Errorf("%s with next %.80q: return %d, signed in as %q", method, next, code, who)
		}
		return loc
	}
	for _, method := range []string{"cas", "oidc"} {
		for _, next := range hostileNext {
			if loc := flow(method, next); loc != "/todo" { // kjc1's landing (landingOf)
				t.Errorf("%s with next %.80q: Location %.80q, a browser goes to %.80s", method, next, loc, landsOn(srv.URL+"/signin/"+method+"/callback", loc))
			}
		}
		for _, next := range localNext {
			if loc := flow(method, next); loc != next {
				t.Errorf("%s with next %q: Location %q", method, next, loc)
			}
		}
	}
}
