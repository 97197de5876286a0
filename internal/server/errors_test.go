package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// sqliteApp is the fixture on SQLite whatever LUOSHI_TEST_POSTGRES says:
// group commit, whose lost batches these tests force, is SQLite's.
func sqliteApp(t *testing.T) (*app.App, *store.Store) {
	t.Helper()
	s, drop, err := store.OpenScratch(context.Background(), "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	return apptest.NewOn(t, s), s
}

// signIn opens a session for a fixture account.
func signIn(t *testing.T, a *app.App, username string) app.SignedIn {
	t.Helper()
	s, err := a.PasswordSignIn(context.Background(), username, apptest.Password)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// do serves one request through the whole handler, as the session's
// bearer (API) or cookie (web) when s has a token.
func do(h http.Handler, ctx context.Context, method, path string, s app.SignedIn, form url.Values) *httptest.ResponseRecorder {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequestWithContext(ctx, method, path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if s.Token != "" {
		req.Header.Set("Authorization", "Bearer "+s.Token)
		req.AddCookie(&http.Cookie{Name: "luoshi_session", Value: s.Token})
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// TestChangeLost: a change whose shared commit is lost once is run again
// and done; lost twice, the API answers 503 with Retry-After and the
// "unavailable" error, and the web a 503 page — never "internal error" —
// and nothing of it was kept.
func TestChangeLost(t *testing.T) {
	a, s := sqliteApp(t)
	h := New(a)
	ctx := context.Background()
	log := captureLog(a)

	// API: signing out is a change; lost twice it is refused and the
	// session still works.
	api := signIn(t, a, apptest.Office)
	s.LoseBatchesForTest(2)
	rec := do(h, ctx, "DELETE", "/api/v1/sessions", api, nil)
	var got struct {
		Error struct{ Code, Message string }
	}
	json.Unmarshal(rec.Body.Bytes(), &got)
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") != "1" ||
		got.Error.Code != model.EUNAVAILABLE || strings.Contains(got.Error.Message, "internal error") {
		t.Fatalf("API, lost twice: %d Retry-After %q %s", rec.Code, rec.Header().Get("Retry-After"), rec.Body)
	}
	if rec := do(h, ctx, "GET", "/api/v1/measures/"+apptest.MeasureA, api, nil); rec.Code != http.StatusOK {
		t.Fatalf("the refused sign-out was kept: %d %s", rec.Code, rec.Body)
	}
	s.LoseBatchesForTest(1)
	if rec := do(h, ctx, "DELETE", "/api/v1/sessions", api, nil); rec.Code != http.StatusNoContent {
		t.Fatalf("API, lost once: %d %s", rec.Code, rec.Body)
	}

	// Web: choosing a language is a change.
	web := signIn(t, a, apptest.Office)
	s.LoseBatchesForTest(2)
	rec = do(h, ctx, "POST", "/lang", web, url.Values{"lang": {"en"}, "csrf": {web.CSRF}})
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") != "1" ||
		strings.Contains(rec.Body.String(), "Internal error") || strings.Contains(rec.Body.String(), "内部错误") {
		t.Fatalf("web, lost twice: %d Retry-After %q\n%s", rec.Code, rec.Header().Get("Retry-After"), rec.Body)
	}
	if acct := apptest.Account(t, a, apptest.Office); acct.Lang == "en" {
		t.Errorf("the refused language change was kept")
	}
	s.LoseBatchesForTest(1)
	if rec := do(h, ctx, "POST", "/lang", web, url.Values{"lang": {"en"}, "csrf": {web.CSRF}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("web, lost once: %d", rec.Code)
	}
	if strings.Contains(log.String(), "level=ERROR") {
		t.Errorf("a lost change was logged as an error:\n%s", log)
	}
}

// TestClientGone: a request whose client has left is no server error: it
// is answered 499 (counted as a 4xx), and logged at debug level only.
func TestClientGone(t *testing.T) {
	a := apptest.New(t)
	h := New(a)
	log := captureLog(a)
	s := signIn(t, a, apptest.Office)
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	for _, path := range []string{"/api/v1/measures/" + apptest.MeasureA, "/measures/" + apptest.MeasureA} {
		rec := do(h, gone, "GET", path, s, nil)
		if rec.Code != model.StatusClientGone {
			t.Errorf("GET %s, client gone: %d, want %d", path, rec.Code, model.StatusClientGone)
		}
	}
	text := log.String()
	if strings.Contains(text, "level=ERROR") || strings.Count(text, "client gone") != 2 {
		t.Errorf("log:\n%s", text)
	}
}

// TestInternalErrorThrottled: when every request fails the same way (here
// the database is closed under the server), the error is logged once, not
// once per request, through both faces.
func TestInternalErrorThrottled(t *testing.T) {
	st := apptest.OpenStore(t)
	a := apptest.NewOn(t, st)
	h := New(a)
	log := captureLog(a)
	s := signIn(t, a, apptest.Office)
	st.Close()
	for range 20 {
		if rec := do(h, context.Background(), "GET", "/api/v1/measures/"+apptest.MeasureA, s, nil); rec.Code != http.StatusInternalServerError {
			t.Fatalf("API: %d %s", rec.Code, rec.Body)
		}
		if rec := do(h, context.Background(), "GET", "/measures/"+apptest.MeasureA, s, nil); rec.Code != http.StatusInternalServerError {
			t.Fatalf("web: %d", rec.Code)
		}
	}
	text := log.String()
	if n, m := strings.Count(text, `msg="api: internal error"`), strings.Count(text, `msg="web: internal error"`); n != 1 || m != 1 {
		t.Errorf("%d API and %d web lines for 20 identical errors each, want 1:\n%s", n, m, text)
	}
}

// TestOneStatusPerCode: both faces take an error's status from the one table
// in model, and the API's description lists every code, "unavailable"
// among them.
func TestOneStatusPerCode(t *testing.T) {
	a := apptest.New(t)
	h := New(a)
	s := signIn(t, a, apptest.Office)
	ctx := context.Background()
	want := model.HTTPStatus(model.ENOTFOUND)
	for _, path := range []string{"/api/v1/measures/2099H1-999", "/measures/2099H1-999"} {
		if rec := do(h, ctx, "GET", path, s, nil); rec.Code != want {
			t.Errorf("GET %s: %d, want %d", path, rec.Code, want)
		}
	}
	if got := model.HTTPStatus(model.EUNAVAILABLE); got != http.StatusServiceUnavailable {
		t.Errorf("EUNAVAILABLE → %d", got)
	}
	rec := do(h, ctx, "GET", "/api/v1/openapi.json", app.SignedIn{}, nil)
	for _, code := range model.ErrorCodes() {
		if !strings.Contains(rec.Body.String(), `"`+code+`"`) {
			t.Errorf("the API's description lacks error code %q", code)
		}
		if model.HTTPStatus(code) == http.StatusInternalServerError && code != model.EINTERNAL {
			t.Errorf("code %q answers 500", code)
		}
	}
}
