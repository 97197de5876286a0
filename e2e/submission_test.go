package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	neturl "net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// slowProxy stands between the browser and the server at base and holds
// every answer to a POST for delay after the server gave it: the request
// itself arrives at once, as on a slow campus network where the answer is
// what takes long. (Chromium's own throttling holds the request instead,
// so a second click would cancel the first before the server saw it.)
func slowProxy(t *testing.T, base string, delay time.Duration) string {
	t.Helper()
	target, err := neturl.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	p := httputil.NewSingleHostReverseProxy(target)
	p.ModifyResponse = func(res *http.Response) error {
		if res.Request.Method == http.MethodPost {
			time.Sleep(delay)
		}
		return nil
	}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return srv.URL
}

// apiItems counts the items of an API list, read as account with password
// "demo".
func apiItems(t *testing.T, base, account, path string) int {
	t.Helper()
	res, err := http.Post(base+"/api/v1/sessions", "application/json", strings.NewReader(`{"username":"`+account+`","password":"demo"}`))
	if err != nil {
		t.Fatal(err)
	}
	var s struct{ Token string }
	json.NewDecoder(res.Body).Decode(&s)
	res.Body.Close()
	req, _ := http.NewRequest("GET", base+path, nil)
	req.Header.Set("Authorization", "Bearer "+s.Token)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var list struct {
		Items []json.RawMessage `json:"items"`
	}
	if err := json.NewDecoder(res.Body).Decode(&list); err != nil || res.StatusCode != 200 {
		t.Fatalf("GET %s: %d %v", path, res.StatusCode, err)
	}
	return len(list.Items)
}

// TestDoubleClickOneRecord double-clicks the buttons that make records —
// a new measure, a comment, a unit's progress report, issuing a bulletin —
// with 1.5 s added to every answer (slowProxy), and counts the records before and
// after: one more each time, with the page's script (which ignores the
// second click) and without it (the second click sends the form again, and
// the form's one-time token makes the server answer it with the first
// result). Chromium itself drops the second of two clicks this close, so
// the server's side of a repeat (the token) is tested where it can be
// forced: web TestOneSubmissionOneRecord and api TestIdempotencyKey.
func TestDoubleClickOneRecord(t *testing.T) {
	server := startServer(t)
	url := slowProxy(t, server, 1500*time.Millisecond)
	dir, n := shots(t)
	const code = "2024H2-011" // a demo measure led by 科学技术处, whose liaison (kjc) reports below
	type step struct {
		name    string
		user    string
		count   string // the API list whose items are counted
		fill    chromedp.Action[chromedp.Void]
		button  string
		landing string // an XPath or CSS query visible once the answer is shown
	}
	// Each run writes its own texts (tag), so the landing it waits for is
	// its own record, not one an earlier run left on the page.
	stepsTagged := func(tag string) []step {
		return []step{
			{"measure", "linxiao", "/api/v1/measures?limit=1000",
				chromedp.Steps(chromedp.Navigate(url+"/measures/new"), chromedp.WaitVisible(chromedp.ID("f-title")),
					chromedp.SendKeys(chromedp.ID("f-title"), "建设校园数据治理平台"+tag),
					chromedp.SetValue(chromedp.ID("f-lead"), "KJC"),
					chromedp.SendKeys(chromedp.ID("f-deadline"), "2024年12月底前")),
				`form.form .actions button[name="save"]`, `.head .st`},
			{"comment", "linxiao", "/api/v1/measures/" + code + "/comments",
				chromedp.Steps(chromedp.Navigate(url+"/measures/"+code), chromedp.WaitVisible(chromedp.ID("c-text")),
					chromedp.SendKeys(chromedp.ID("c-text"), "请于月底前报送进展"+tag)),
				`form[action$="/comments"] button`, `//section[@id="comments"]//div[@class="text" and contains(., "请于月底前报送进展` + tag + `")]`},
			{"progress report", "kjc", "/api/v1/measures/" + code + "/progress",
				chromedp.Steps(chromedp.Navigate(url+"/measures/"+code), chromedp.WaitVisible(chromedp.ID("p-note")),
					chromedp.SetValue(chromedp.ID("p-percent"), "60"),
					chromedp.SendKeys(chromedp.ID("p-note"), "平台一期已上线试运行"+tag)),
				`#report-form .actions button`, `//section[@id="progress"]//div[@class="text" and contains(., "平台一期已上线试运行` + tag + `")]`},
			{"bulletin", "linxiao", "/api/v1/bulletins",
				chromedp.Steps(chromedp.Navigate(url+"/bulletins"), chromedp.WaitVisible(chromedp.ID("b-from")),
					chromedp.SetValue(chromedp.ID("b-from"), "2024-10-01"), chromedp.SetValue(chromedp.ID("b-to"), "2024-10-14"),
					chromedp.Click(chromedp.ID("preview-bulletin")), chromedp.WaitVisible(chromedp.ID("issue-bulletin")),
					chromedp.Click(chromedp.ID("issue-supplement"))), // 第2期 covers the range
				`#issue-bulletin`, `#bulletin[data-issued="true"]`},
		}
	}
	for _, script := range []bool{true, false} {
		tag := "（一）"
		if !script {
			tag = "（二）"
		}
		for _, s := range stepsTagged(tag) {
			name := s.name
			if !script {
				name += " without script"
			}
			t.Run(name, func(t *testing.T) {
				ctx := browser(t)
				before := apiItems(t, server, "linxiao", s.count)
				err := chromedp.Do(ctx,
					signInSteps(url, s.user),
					scripts(script),
					s.fill,
					shot(t, dir, n, name+"-filled"),
					chromedp.DoubleClick(chromedp.CSS(s.button)),
					chromedp.WaitVisible(chromedp.Search(s.landing)),
					shot(t, dir, n, name+"-after"),
				)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if after := apiItems(t, server, "linxiao", s.count); after != before+1 {
					t.Errorf("%s: %d records before the double click, %d after; want one more", name, before, after)
				}
			})
		}
	}
}

// scripts turns the page's scripts on or off: without them a double click
// sends the form twice, and only its one-time token keeps the record one.
func scripts(on bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on})
		return err
	})
}
