package server_test

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/server"
)

// sample is one line of the text exposition format: name{labels} value.
var sample = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (\S+)$`)

// TestMetrics makes some requests, scrapes /metrics and checks that the
// families are there, that the measure route is counted by its pattern (not
// the path with the code), that the text parses, and that /metrics refuses
// callers that are not local.
func TestMetrics(t *testing.T) {
	a := apptest.New(t)
	ts := httptest.NewServer(server.New(a))
	defer ts.Close()
	token := metricsSignIn(t, ts.URL, apptest.Office)
	for range 3 {
		req, _ := http.NewRequest("GET", ts.URL+"/api/v1/measures/"+apptest.MeasureA, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	http.Get(ts.URL + "/no/such/page/" + apptest.MeasureB)

	resp, err := http.Get(ts.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("GET /metrics: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	text := string(body)
	values := map[string]float64{}
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "# HELP ") || strings.HasPrefix(line, "# TYPE ") {
			continue
		}
		m := sample.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("not in the text format: %q", line)
			continue
		}
		v, err := strconv.ParseFloat(m[3], 64)
		if err != nil && m[3] != "+Inf" {
			t.Errorf("bad value: %q", line)
		}
		values[m[1]+m[2]] = v
	}
	for _, family := range []string{
		"# TYPE luoshi_http_requests_total counter",
		"# TYPE luoshi_http_request_duration_seconds histogram",
		"# TYPE luoshi_db_query_duration_seconds histogram",
		"# TYPE luoshi_db_pool_open_connections gauge",
		"# TYPE luoshi_db_pool_in_use_connections gauge",
		"# TYPE luoshi_db_pool_idle_connections gauge",
		"# TYPE luoshi_db_pool_wait_count_total counter",
		"# TYPE luoshi_db_pool_wait_duration_seconds_total counter",
		"# TYPE luoshi_jobs_total counter",
	} {
		if !strings.Contains(text, family+"\n") {
			t.Errorf("no %q in /metrics", family)
		}
	}
	route := `{route="GET /api/v1/measures/{code}",code="2xx"}`
	if n := values["luoshi_http_requests_total"+route]; n < 3 {
		t.Errorf("luoshi_http_requests_total%s = %v, want ≥ 3\n%s", route, n, text)
	}
	if n := values[`luoshi_http_request_duration_seconds_count{route="GET /api/v1/measures/{code}"}`]; n < 3 {
		t.Errorf("latency histogram of the measure route counts %v, want ≥ 3", n)
	}
	if n := values[`luoshi_db_query_duration_seconds_count{kind="query_row"}`]; n < 1 {
		t.Errorf("no store queries timed")
	}
	if strings.Contains(text, apptest.MeasureA) || strings.Contains(text, apptest.MeasureB) {
		t.Errorf("/metrics names a raw path")
	}

	// Not loopback, or loopback through a reverse proxy: refused.
	h := server.New(a)
	for _, c := range []struct {
		remote, forwarded string
		want              int
	}{
		{"127.0.0.1:5555", "", 200},
		{"[::1]:5555", "", 200},
		{"192.0.2.7:5555", "", 403},
		{"127.0.0.1:5555", "203.0.113.9", 403},
	} {
		req := httptest.NewRequest("GET", "/metrics", nil)
		req.RemoteAddr = c.remote
		if c.forwarded != "" {
			req.Header.Set("X-Forwarded-For", c.forwarded)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != c.want {
			t.Errorf("GET /metrics from %s (forwarded %q): %d, want %d", c.remote, c.forwarded, rec.Code, c.want)
		}
	}
}

func metricsSignIn(t *testing.T, base, username string) string {
	t.Helper()
	resp, err := http.Post(base+"/api/v1/sessions", "application/json",
		strings.NewReader(`{"username":"`+username+`","password":"`+apptest.Password+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ Token string }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 201 {
		t.Fatalf("sign in as %s: %d %v", username, resp.StatusCode, err)
	}
	return out.Token
}
