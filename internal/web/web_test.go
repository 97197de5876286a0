package web

import (
	"context"
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

// client is a browser stand-in: a cookie jar, no redirects followed, and
// the session's CSRF token read from the page's meta tag.
type client struct {
	t    *testing.T
	base string
	hc   *http.Client
	csrf string
}

func newClient(t *testing.T, base string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: base, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

var (
	reCSRFMeta  = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)
	reCSRFInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
)

func (c *client) do(method, path string, form url.Values) (int, string, http.Header) {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if m := reCSRFMeta.FindSubmatch(b); m != nil {
		c.csrf = string(m[1])
	}
	return res.StatusCode, string(b), res.Header
}

// getRaw sends a GET with the given header pairs and returns the answer
// and its body as sent: a gzipped body stays gzipped.
func (c *client) getRaw(path string, hdr ...string) (*http.Response, []byte) {
	c.t.Helper()
	req, err := http.NewRequest("GET", c.base+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	for i := 0; i < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

func (c *client) get(path string) (int, string) {
	code, body, _ := c.do("GET", path, nil)
	return code, body
}

// post sends a form with the session's CSRF token.
func (c *client) post(path string, form url.Values) (int, string, http.Header) {
	if form == nil {
		form = url.Values{}
	}
	if form.Get("csrf") == "" {
		form.Set("csrf", c.csrf)
	}
	return c.do("POST", path, form)
}

// signIn signs in through the real form (double-submit token included).
func (c *client) signIn(user string) {
	c.t.Helper()
	_, body := c.get("/signin")
	m := reCSRFInput.FindStringSubmatch(body)
	if m == nil {
		c.t.Fatal("no csrf on sign-in form")
	}
	code, _, h := c.do("POST", "/signin", url.Values{"csrf": {m[1]}, "username": {user}, "password": {apptest.Password}})
	// Each role lands on its own page (landingOf).
	if loc := h.Get("Location"); code != http.StatusSeeOther || (loc != "/" && loc != "/todo" && loc != "/dashboard?leader="+user) {
		c.t.Fatalf("sign in %s: %d %s", user, code, h.Get("Location"))
	}
	if code, _ := c.get("/"); code != 200 || c.csrf == "" {
		c.t.Fatalf("board after sign in: %d", code)
	}
}

func newServer(t *testing.T) (*app.App, *httptest.Server) {
	a := apptest.New(t)
	srv := httptest.NewServer(New(a))
	t.Cleanup(srv.Close)
	return a, srv
}

// fileReport files a progress report as the office so review routes have
// something to review, and returns its id.
func fileReport(t *testing.T, a *app.App, code string) int64 {
	t.Helper()
	ctx := context.Background()
	r := model.ProgressReport{Percent: 10, Note: "已启动"}
	if _, err := a.ReportProgress(ctx, apptest.Account(t, a, apptest.Office), code, &r); err != nil {
		t.Fatal(err)
	}
	d, err := a.Measure(ctx, app.System, code)
	if err != nil || len(d.Reports) == 0 {
		t.Fatal(err)
	}
	return d.Reports[0].ID
}

func storeFilter() model.MeasureFilter { return model.MeasureFilter{Limit: 100} }
