package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/apptest"
)

var reSubmission = regexp.MustCompile(`name="submission" value="([0-9a-f]{32})"`)

// formToken reads the one-time token of the first form on a page.
func (c *client) formToken(path string) string {
	c.t.Helper()
	_, body := c.get(path)
	m := reSubmission.FindStringSubmatch(body)
	if m == nil {
		c.t.Fatalf("%s: no submission token in the form", path)
	}
	return m[1]
}

// TestOneSubmissionOneRecord sends the new-measure form twice, as a double
// click or Back and resubmit would: one measure, and both answers send the
// browser to it. The same token with other content is refused with a
// message, and a burst of the same form at once still makes one measure.
func TestOneSubmissionOneRecord(t *testing.T) {
	a, srv := newServer(t)
	c := newClient(t, srv.URL)
	c.signIn(apptest.Office)
	form := func(token, title string) url.Values {
		return url.Values{"submission": {token}, "title": {title}, "theme": {"research"}, "period": {"2024-H2"},
			"lead_unit": {"KJC"}, "deadline": {"2024年12月底前"}, "priority": {"0"}, "milestones": {"0"}}
	}
	before := measureCount(t, a)
	token := c.formToken("/measures/new")
	code1, _, h1 := c.post("/measures/new", form(token, "建设科研大数据平台"))
	code2, _, h2 := c.post("/measures/new", form(token, "建设科研大数据平台"))
	if code1 != http.StatusSeeOther || code2 != http.StatusSeeOther || h1.Get("Location") != h2.Get("Location") {
		t.Fatalf("twice: %d %q, then %d %q", code1, h1.Get("Location"), code2, h2.Get("Location"))
	}
	if got := measureCount(t, a); got != before+1 {
		t.Fatalf("%d measures made, want 1", got-before)
	}
	code, body, _ := c.post("/measures/new", form(token, "建设科研数据中心"))
	if code != http.StatusConflict || !strings.Contains(body, "这张表单已经提交过") {
		t.Errorf("same token, other content: %d\n%s", code, body)
	}

	token = c.formToken("/measures/new")
	var wg sync.WaitGroup
	codes := make([]int, 5)
	for i := range codes {
		wg.Go(func() { codes[i], _, _ = c.post("/measures/new", form(token, "建设科研诚信档案")) })
	}
	wg.Wait()
	for i, code := range codes {
		if code != http.StatusSeeOther {
			t.Errorf("burst request %d: %d", i, code)
		}
	}
	if got := measureCount(t, a); got != before+2 {
		t.Errorf("after the burst: %d measures made in all, want 2", got-before)
	}

	// A form refused for its input claims nothing: corrected, it is saved.
	token = c.formToken("/measures/new")
	bad := form(token, "")
	if code, _, _ := c.post("/measures/new", bad); code != http.StatusUnprocessableEntity {
		t.Fatalf("empty title: %d", code)
	}
	if code, _, _ := c.post("/measures/new", form(token, "完善科研经费管理办法")); code != http.StatusSeeOther {
		t.Errorf("corrected after a refusal: %d", code)
	}

	// Back to a page the browser fetched anew: a fresh token, the content
	// of the last submission. It is that submission again; but content the
	// account sent before another submission is a new one (a language
	// switched to and fro, a second measure with an earlier title).
	n := measureCount(t, a)
	if code, _, h := c.post("/measures/new", form(c.formToken("/measures/new"), "完善科研经费管理办法")); code != http.StatusSeeOther || h.Get("Idempotent-Replayed") != "true" {
		t.Errorf("the last submission again with a fresh token: %d, replayed %q", code, h.Get("Idempotent-Replayed"))
	}
	if got := measureCount(t, a); got != n {
		t.Errorf("the last submission again with a fresh token made %d measures", got-n)
	}
	for _, lang := range []string{"en", "zh-CN", "en"} {
		if code, _, _ := c.post("/lang", url.Values{"submission": {c.formToken("/account")}, "lang": {lang}, "next": {"/account"}}); code != http.StatusSeeOther {
			t.Fatalf("language %s: %d", lang, code)
		}
		if got := apptest.Account(t, a, apptest.Office).Lang; got != lang {
			t.Errorf("language switched to %s reads %s", lang, got)
		}
	}
}
