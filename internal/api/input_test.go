package api

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestUnfitText sends NUL characters, invalid UTF-8 and lone surrogate
// escapes in bodies, query parameters and paths, on the engine
// LUOSHI_TEST_POSTGRES chooses: each is refused with 422 naming the field or
// parameter, and nothing is written. PostgreSQL's text holds no NUL (it
// answered 500), SQLite stored it, and encoding/json turns invalid bytes and
// lone surrogates into U+FFFD, which was stored with 201.
func TestUnfitText(t *testing.T) {
	e := newEnv(t)
	office, admin := e.tokens["office"], e.tokens["admin"]
	measure := func(title, extra string) string {
		return `{"title":"` + title + `","theme":"resources","lead_unit":"KJC","start":"2024-07-01","due":"2024-12-31"` + extra + `}`
	}
	m1 := "/api/v1/measures/" + apptest.MeasureA
	cases := []struct {
		name, token, method, path, body, field string
	}{
		{"NUL in a title", office, "POST", "/api/v1/measures", measure(`建设\u0000中心`, ""), "title"},
		{"NUL alone", office, "POST", "/api/v1/measures", measure(`\u0000`, ""), "title"},
		{"NUL in the detail", office, "POST", "/api/v1/measures", measure("建设中心", `,"detail":"分三步\u0000推进"`), "detail"},
		{"lone high surrogate", office, "POST", "/api/v1/measures", measure(`\ud800`, ""), "title"},
		{"lone low surrogate", office, "POST", "/api/v1/measures", measure(`x\udc00y`, ""), "title"},
		{"high surrogate then a letter", office, "POST", "/api/v1/measures", measure(`\ud83dx`, ""), "title"},
		{"two high surrogates", office, "POST", "/api/v1/measures", measure(`\ud83d\ud83d`, ""), "title"},
		{"invalid UTF-8", office, "POST", "/api/v1/measures", measure("建设\xff中心", ""), "title"},
		{"truncated UTF-8", office, "POST", "/api/v1/measures", measure("建设\xe4\xb8", ""), "title"},
		{"NUL in a milestone", office, "POST", "/api/v1/measures", measure("建设中心", `,"milestones":[{"title":"论\u0000证","due":"2024-09-01"}]`), "milestones[0].title"},
		{"NUL in a list", office, "POST", "/api/v1/measures", measure("建设中心", `,"cooperating_units":["JWC","\u0000"]`), "cooperating_units[1]"},
		{"control character", office, "POST", "/api/v1/measures", measure(`建设\u0007中心`, ""), "title"},
		{"NUL in a comment", office, "POST", m1 + "/comments", `{"text":"请加快\u0000进度"}`, "text"},
		{"invalid UTF-8 in a comment", office, "POST", m1 + "/comments", "{\"text\":\"请加快\xc0\x80进度\"}", "text"},
		{"NUL in a progress note", office, "POST", m1 + "/progress", `{"percent":10,"note":"起步\u0000"}`, "note"},
		{"NUL in a patch", office, "PATCH", m1, `{"detail":"\u0000"}`, "detail"},
		{"NUL in a unit name", admin, "POST", "/api/v1/units", `{"code":"NUL","name":"实验\u0000室","kind":"institute"}`, "name"},
		{"tab in a unit's English name", admin, "POST", "/api/v1/units", `{"code":"TAB","name":"实验室","name_en":"Lab\tone","kind":"institute"}`, "name_en"},
		{"NUL in a meeting's agenda", office, "POST", "/api/v1/meetings",
			`{"kind":"other","title":"会议","date":"2024-10-01","agenda":[{"kind":"speech","title":"讲话","text":"要\u0000加强"}]}`, "agenda[0].text"},
		{"NUL in a sign-in", "", "POST", "/api/v1/sessions", `{"username":"office1\u0000","password":"x"}`, "username"},
		{"NUL in a search", office, "GET", "/api/v1/search?q=%00", "", "q"},
		{"NUL in the measures' text filter", office, "GET", "/api/v1/measures?q=%E5%BB%BA%00", "", "q"},
		{"invalid UTF-8 in the measures' unit filter", office, "GET", "/api/v1/measures?unit=%FF", "", "unit"},
		{"NUL in the measures' period filter", office, "GET", "/api/v1/measures?period=2024-H2%00", "", "period"},
		{"NUL in the notices' unit filter", office, "GET", "/api/v1/notices?unit=%00", "", "unit"},
		{"invalid UTF-8 in the notices' measure filter", office, "GET", "/api/v1/notices?measure=%FF%FE", "", "measure"},
		{"NUL in a measure code", office, "GET", "/api/v1/measures/2024H2-001%00", "", "code"},
		{"invalid UTF-8 in a unit code", office, "GET", "/api/v1/units/%FF", "", "code"},
	}
	before := snapshot(t, e.a)
	for _, c := range cases {
		status, b := e.do(c.method, c.path, c.token, c.body)
		if status != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422: %.300s", c.name, status, b)
			continue
		}
		got := apiError(t, b)
		if got.Code != model.EINVALID || got.Field != c.field || got.Message == "" {
			t.Errorf("%s: error %+v, want field %q", c.name, got, c.field)
		}
		// The accounts read Chinese: the message names the problem in it.
		if w := i18n.LatinWords(got.Message); len(w) > 0 {
			t.Errorf("%s: message %q holds English words %q", c.name, got.Message, w)
		}
	}
	after := snapshot(t, e.a)
	for tb := range before {
		if tb != "sessions" && !slices.Equal(before[tb], after[tb]) {
			t.Errorf("table %s changed by rejected requests: %d rows before, %d after", tb, len(before[tb]), len(after[tb]))
		}
	}

	// What is fit is kept as sent: a surrogate pair, U+FFFD itself, line
	// breaks and tabs in a multi-line text.
	status, b := e.do("POST", "/api/v1/measures", office, measure(`建设\ud83d\ude00中心�`, `,"detail":"一是\n\t二是\r\n"`))
	if status != http.StatusCreated {
		t.Fatalf("fit text: %d %s", status, b)
	}
	var m measureJSON
	mustUnmarshal(t, b, &m)
	if m.Title != "建设😀中心\uFFFD" || m.Detail != "一是\n\t二是" {
		t.Errorf("stored title %q, detail %q", m.Title, m.Detail)
	}
	if status, b := e.do("GET", "/api/v1/measures?q="+strings.ReplaceAll("建设😀", "😀", "%F0%9F%98%80"), office, ""); status != http.StatusOK {
		t.Errorf("search by a fit filter: %d %s", status, b)
	}
}

// TestBodyTooLarge sends a body over the limit, a little and a lot (12 MB):
// the answer is 413 with the API's error, not a reset connection, whoever
// sends it, and the body is never decoded.
func TestBodyTooLarge(t *testing.T) {
	e := newEnv(t)
	for _, n := range []int{maxBody + 1, 12 << 20} {
		for _, role := range []string{"office", "none"} {
			body := `{"title":"` + strings.Repeat("x", n) + `"}`
			req, err := http.NewRequest("POST", e.srv.URL+"/api/v1/measures", bytes.NewReader([]byte(body)))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			if tok := e.tokens[role]; tok != "" {
				req.Header.Set("Authorization", "Bearer "+tok)
			}
			resp, err := e.srv.Client().Do(req)
			if err != nil {
				t.Errorf("%d bytes as %s: %v, want a 413 response", n, role, err)
				continue
			}
			var out bytes.Buffer
			out.ReadFrom(resp.Body)
			resp.Body.Close()
			want := http.StatusRequestEntityTooLarge
			if role == "none" {
				want = http.StatusUnauthorized
			}
			if resp.StatusCode != want {
				t.Errorf("%d bytes as %s: %d, want %d: %.300s", n, role, resp.StatusCode, want, out.Bytes())
				continue
			}
			if role == "none" {
				continue
			}
			if got := apiError(t, out.Bytes()); got.Code != model.ETOOLARGE || !strings.Contains(got.Message, fmt.Sprint(maxBody)) {
				t.Errorf("%d bytes: error %+v, want code %q naming the limit", n, got, model.ETOOLARGE)
			}
		}
	}
}

// TestBodyTooLargeWrittenFirst sends 12 MB as clients do that write the
// whole body before they read the answer (Python's http.client): the
// server reads the rest of the body, so they too get the 413 and its JSON
// rather than a reset connection. A body beyond maxDrain is not read.
func TestBodyTooLargeWrittenFirst(t *testing.T) {
	e := newEnv(t)
	for _, role := range []string{"office", "none"} {
		conn, err := net.Dial("tcp", e.srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(30 * time.Second))
		body := `{"title":"` + strings.Repeat("x", 12<<20) + `"}`
		head := fmt.Sprintf("POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n", len(body))
		if role == "office" {
			head = strings.Replace(head, "/api/v1/sessions", "/api/v1/measures", 1) + "Authorization: Bearer " + e.tokens[role] + "\r\n"
		}
		if _, err := io.WriteString(conn, head+"\r\n"+body); err != nil {
			t.Errorf("as %s: writing the body: %v, want the server to read it", role, err)
			continue
		}
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Errorf("as %s: %v, want a 413 response", role, err)
			continue
		}
		b, _ := io.ReadAll(resp.Body)
		if got := apiError(t, b); resp.StatusCode != http.StatusRequestEntityTooLarge || got.Code != model.ETOOLARGE {
			t.Errorf("as %s: %d %s, want 413", role, resp.StatusCode, b)
		}
	}
}

// TestNumbersOutOfRange checks the messages for numbers out of range say
// what is wrong: a granted amount of 1e300 is too large (it was told it
// cannot be negative), and a period of year 0000 or 9999 is refused like a
// date in those years.
func TestNumbersOutOfRange(t *testing.T) {
	e := newEnv(t)
	office := e.tokens["office"]
	cases := []struct {
		name, body, field, says string
	}{
		{"granted 1e300", `{"kind":"budget","unit":"KJC","period":"2024-H2","granted":1e300}`, "granted", "too large"},
		{"granted -1e300", `{"kind":"budget","unit":"KJC","period":"2024-H2","granted":-1e300}`, "granted", "too large"},
		{"spent 1e19", `{"kind":"budget","unit":"KJC","period":"2024-H2","granted":1,"spent":1e19}`, "spent", "too large"},
		{"granted negative", `{"kind":"budget","unit":"KJC","period":"2024-H2","granted":-1}`, "granted", "负数"},
		{"period 0000-H1", `{"kind":"budget","unit":"KJC","period":"0000-H1","granted":1}`, "period", "1971"},
		{"period 9999-H2", `{"kind":"budget","unit":"KJC","period":"9999-H2","granted":1}`, "period", "2999"},
	}
	for _, c := range cases {
		status, b := e.do("POST", "/api/v1/allocations", office, c.body)
		if status != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422: %.300s", c.name, status, b)
			continue
		}
		if got := apiError(t, b); got.Field != c.field || !strings.Contains(got.Message, c.says) {
			t.Errorf("%s: error %+v, want field %q saying %q", c.name, got, c.field, c.says)
		}
	}
	if status, b := e.do("GET", "/api/v1/measures?period=0000-H1", office, ""); status != http.StatusUnprocessableEntity {
		t.Errorf("period filter 0000-H1: %d, want 422: %.300s", status, b)
	}
}

// TestUnfitJSON checks the walk over raw bodies: escapes that only look like
// a NUL or a surrogate are fit, and the field is named by its path.
func TestUnfitJSON(t *testing.T) {
	cases := []struct{ body, field string }{
		{`{"a":"\\u0000"}`, ""},      // a backslash, then "u0000"
		{`{"a":"\\\u0041"}`, ""},     // a backslash, then A
		{`{"a":"\ud83d\ude00"}`, ""}, // a surrogate pair
		{`{"a":"\u00e9\uFFFD","b":[1,-2.5e3,true,null,{"c":"\"\u0000"}]}`, "b[4].c"},
		{`{"a":{"b":[[],["x","\udc00"]]}}`, "a.b[1][1]"},
		{`{"a\"b":"\u0000"}`, `a"b`},
		{"{\"a\":\"\xe4\xb8\"}", "a"},
		{`{"k\u0000":1}`, "_key"},
		{`{"a":{"\ud800":1}}`, "a"},
		{` { "a" : [ "x" , "\u0000" ] } `, "a[1]"},
	}
	for _, c := range cases {
		err := unfitJSON([]byte(c.body))
		e := model.ErrorOf(err)
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%s: %v, want it fit", c.body, err)
		case c.field == "_key" && (e == nil || e.Field != "" || !strings.HasPrefix(e.Message, "a key ")):
			t.Errorf("%s: %v, want an error about a key", c.body, err)
		case c.field != "" && c.field != "_key" && (e == nil || e.Field != c.field):
			t.Errorf("%s: %v, want an error naming %s", c.body, err, c.field)
		}
	}
}
