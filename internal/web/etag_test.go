package web

import (
	"io"
	"net/http"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/apptest"
)

// TestPageETag: a page comes with an ETag; asked again with it, the answer
// is 304 with no body; another page, or the same after a change, is sent
// whole.
func TestPageETag(t *testing.T) {
	a, srv := newServer(t)
	office := newClient(t, srv.URL)
	office.signIn(apptest.Office)
	get := func(path, ifNoneMatch string) (int, string, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		if ifNoneMatch != "" {
			req.Header.Set("If-None-Match", ifNoneMatch)
		}
		res, err := office.hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header.Get("ETag"), string(b)
	}
	code, etag, body := get("/", "")
	if code != http.StatusOK || etag == "" || body == "" {
		t.Fatalf("GET /: %d, ETag %q, %d bytes", code, etag, len(body))
	}
	if code, _, body := get("/", etag); code != http.StatusNotModified || body != "" {
		t.Errorf("GET / with If-None-Match %s: %d, %d bytes; want 304 and no body", etag, code, len(body))
	}
	if code, _, _ := get("/", `"other", W/`+etag); code != http.StatusNotModified {
		t.Errorf("a list naming the ETag weakly: %d, want 304", code)
	}
	if code, _, _ := get("/?sort=unit", etag); code != http.StatusOK {
		t.Errorf("another page with the board's ETag: %d, want 200", code)
	}
	// a progress report changes the board (and the office's to-do)
	fileReport(t, a, apptest.MeasureA)
	if code, etag2, _ := get("/", etag); code != http.StatusOK || etag2 == etag {
		t.Errorf("after a change: %d, ETag %s (was %s); want the new page", code, etag2, etag)
	}
}
