package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	neturl "net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/luoshi-edu/luoshi/internal/xlsx"
)

// oneRecordForm is a form of the web UI that makes a record, opened and
// filled in by one account.
type oneRecordForm struct {
	// fill opens the form and types into it.
	fill chromedp.Action[chromedp.Void]
	// button is the CSS selector of the button that sends it.
	button string
	// landing is visible on the page the answer leads to: CSS, or an XPath
	// when it starts with "/".
	landing string
	// rows counts the records the form adds to.
	rows func(t *testing.T) int
}

// formCase is one form of TestEveryFormOneRecord: who sends it, and open,
// which looks up what the form needs and describes it.
type formCase struct {
	name string
	user string
	open func(t *testing.T) oneRecordForm
}

// TestEveryFormOneRecord is issue 15's "one action, one record" for every
// form of the web UI that creates a record or issues or reports something.
// Each form is filled in by the account that uses it, then
//
//   - double-clicked (two click events, as a hand makes them) while every
//     answer to a POST is held back (slowNet): once the answer's page is
//     shown, the JSON API counts exactly one more record, and the browser
//     sent the form once (luoshi.js ignores the second submit);
//   - sent again from the page it led to, with the very same fields, files
//     and one-time token, as a retry would: the server answers it as a
//     repeat (Idempotent-Replayed) with the first answer, which leads to the
//     same page, and the count does not move. (Back is TestBackResubmitOneRecord:
//     Chromium may show the page anew, with a fresh token and the typed
//     text restored, which the server answers as the last submission.)
//
// Not covered: decomposing a speech (a repeat matches the drafts it made
// and adds none), the units, people and indicator sheet imports (rows are
// matched by code or username, so a repeat updates), voiding, reviews,
// withdrawals and settings (they change rather than create) and the
// calendar feed (one per account, replaced).
func TestEveryFormOneRecord(t *testing.T) {
	server := startServer(t)
	network := newSlowNet(t, server, 750*time.Millisecond)
	url := network.URL
	dir, n := shots(t)
	api := &demoAPI{base: server, tokens: map[string]string{}}
	root := browserWithin(t, 3*time.Minute)
	if err := chromedp.Do(root); err != nil { // starts the browser the accounts' tabs share
		t.Fatalf("start the browser: %v", err)
	}
	tabs := &signedInTabs{root: root, url: url, outer: t, tabs: map[string]context.Context{}}

	const code = "2024H2-011" // a demo measure led by 科学技术处 (KJC), whose liaison is kjc
	measures := func(t *testing.T) int { return api.rows(t, "linxiao", "/api/v1/measures?limit=1000", "items") }
	// A meeting still to come (the demo lives on 2024-10-15) with a speech:
	// an agenda item is added to it, an overdue item carried over into it,
	// a draft of its speech accepted.
	var coming struct {
		ID int64 `json:"id"`
	}
	api.call(t, "linxiao", "POST", "/api/v1/meetings", map[string]any{
		"kind": "other", "title": "校长办公会（督办专题）", "date": "2024-10-29",
		"agenda": []map[string]string{{"kind": "speech", "title": "校长讲话",
			"text": "一是要深化本科教育教学改革，教务处要牵头修订本科人才培养方案。二是要加强有组织科研，科技处要加快建设先进材料重大平台。"}},
	}, &coming)
	meeting := fmt.Sprintf("/meetings/%d", coming.ID)
	agenda := func(t *testing.T) int {
		return api.rows(t, "linxiao", fmt.Sprintf("/api/v1/meetings/%d", coming.ID), "agenda")
	}
	reports := func(state string) func(t *testing.T) int {
		return func(t *testing.T) int {
			return api.rows(t, "linxiao", "/api/v1/reports?period=2024-H2&state="+state, "items")
		}
	}
	reportText := chromedp.Steps(
		chromedp.WaitVisible(chromedp.ID("r-achievements")),
		chromedp.SetValue(chromedp.ID("r-achievements"), "牵头推进有组织科研，先进材料平台完成一期建设。"),
		chromedp.SetValue(chromedp.ID("r-situation"), "兄弟高校加快布局重大平台，竞争压力加大。"),
		chromedp.SetValue(chromedp.ID("r-problems"), "跨部门协同不够顺畅，部分节点滞后。"),
		chromedp.SetValue(chromedp.ID("r-next_measures"), "倒排工期，按月调度，确保年底前完成。"),
	)

	cases := []formCase{
		{"measure", "linxiao", func(t *testing.T) oneRecordForm {
			return oneRecordForm{
				fill: chromedp.Steps(chromedp.Navigate(url+"/measures/new"), chromedp.WaitVisible(chromedp.ID("f-title")),
					chromedp.SendKeys(chromedp.ID("f-title"), "建设校园数据治理平台"),
					chromedp.SetValue(chromedp.ID("f-lead"), "KJC"),
					chromedp.SendKeys(chromedp.ID("f-deadline"), "2024年12月底前")),
				button: `form[action="/measures/new"] .actions button.primary`, landing: `.head .st`, rows: measures,
			}
		}},
		{"measure import", "linxiao", func(t *testing.T) oneRecordForm {
			sheet := filepath.Join(t.TempDir(), "督办事项.xlsx")
			var b bytes.Buffer
			err := xlsx.Export(&b, "督办事项分解表", []xlsx.Row{{Seq: "1", Task: "数字校园建设",
				Title: "建设一网通办服务大厅", LeadUnit: "科学技术处", Deadline: "2024年12月底前"}})
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(sheet, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			return oneRecordForm{
				fill: chromedp.Steps(chromedp.Navigate(url+"/measures/import"), chromedp.WaitVisible(chromedp.ID("f-file")),
					chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{sheet})),
				button: `button[name="action"][value="import"]`, landing: `#import-report p.notice`, rows: measures,
			}
		}},
		{"comment by the office", "linxiao", func(t *testing.T) oneRecordForm {
			return commentForm(url, api, code, "请于月底前报送平台建设进展")
		}},
		{"comment by a leader", "chenguoqiang", func(t *testing.T) oneRecordForm {
			return commentForm(url, api, code, "要加快进度，确保年底前上线")
		}},
		{"progress report", "kjc", func(t *testing.T) oneRecordForm {
			pdf := filepath.Join(t.TempDir(), "平台验收材料.pdf")
			if err := os.WriteFile(pdf, []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			note := "平台一期已上线试运行"
			return oneRecordForm{
				fill: chromedp.Steps(chromedp.Navigate(url+"/measures/"+code), chromedp.WaitVisible(chromedp.ID("p-note")),
					chromedp.SetValue(chromedp.ID("p-percent"), "60"),
					chromedp.SendKeys(chromedp.ID("p-note"), note),
					chromedp.SetUploadFiles(chromedp.ID("p-evidence"), []string{pdf})),
				button:  `#report-form .actions button`,
				landing: `//section[@id="progress"]//div[@class="text" and contains(., "` + note + `")]`,
				rows: func(t *testing.T) int {
					return api.rows(t, "linxiao", "/api/v1/measures/"+code+"/progress?limit=500", "items")
				},
			}
		}},
		{"meeting", "linxiao", func(t *testing.T) oneRecordForm {
			return oneRecordForm{
				fill: chromedp.Steps(chromedp.Navigate(url+"/meetings/new"), chromedp.WaitVisible(chromedp.ID("m-title")),
					chromedp.SendKeys(chromedp.ID("m-title"), "党委常委会"),
					chromedp.SetValue(chromedp.ID("m-date"), "2024-10-22"),
					chromedp.SetValue(chromedp.ID("i0-kind"), "speech"),
					chromedp.SendKeys(chromedp.ID("i0-title"), "书记讲话"),
					chromedp.SetValue(chromedp.ID("i0-text"), "一是要加强干部队伍建设，党委组织部要牵头制定年轻干部培养计划。")),
				button: `form[action="/meetings/new"] .actions button.primary`, landing: `#h-agenda`,
				rows: func(t *testing.T) int { return api.rows(t, "linxiao", "/api/v1/meetings", "items") },
			}
		}},
		{"agenda item", "linxiao", func(t *testing.T) oneRecordForm {
			next := agenda(t) // the new item's index on the form
			title := fmt.Sprintf("i%d-title", next)
			return oneRecordForm{
				fill: chromedp.Steps(chromedp.Navigate(url+meeting+"/edit"), chromedp.WaitVisible(chromedp.ID("m-title")),
					loads(chromedp.Click(chromedp.CSS(`button[name="add_item"]`))),
					chromedp.WaitVisible(chromedp.ID(title)),
					chromedp.SendKeys(chromedp.ID(title), "关于先进材料平台建设的汇报"),
					chromedp.SetValue(chromedp.ID(fmt.Sprintf("i%d-kind", next)), "briefing"),
					chromedp.SetValue(chromedp.ID(fmt.Sprintf("i%d-text", next)), "科技处汇报平台建设进展。")),
				button: `form[action="` + meeting + `/edit"] .actions button.primary`, landing: `#h-agenda`, rows: agenda,
			}
		}},
		{"carry-over", "linxiao", func(t *testing.T) oneRecordForm {
			proposal := `#carry-over tbody tr[data-notice] button`
			return oneRecordForm{
				fill:   chromedp.Steps(chromedp.Navigate(url+meeting), chromedp.WaitVisible(chromedp.CSS(proposal))),
				button: proposal, landing: `#h-agenda`, rows: agenda,
			}
		}},
		{"accepted draft", "linxiao", func(t *testing.T) oneRecordForm {
			return oneRecordForm{
				fill: chromedp.Steps(chromedp.Navigate(url+meeting), chromedp.WaitVisible(chromedp.ID("decompose-1")),
					loads(chromedp.Click(chromedp.ID("decompose-1"))),
					chromedp.WaitVisible(chromedp.ID("drafts-form")),
					chromedp.Click(chromedp.CSS(`#drafts-form input[name="sel"]`)),
					chromedp.SendKeys(chromedp.ID("deadline"), "2024年12月底前")),
				button: `button[value="accept-selected"]`, landing: `p.notice`, rows: measures,
			}
		}},
		{"problem", "linxiao", func(t *testing.T) oneRecordForm {
			return oneRecordForm{
				fill: chromedp.Steps(chromedp.Navigate(url+"/problems/new"), chromedp.WaitVisible(chromedp.ID("f-title")),
					chromedp.SendKeys(chromedp.ID("f-title"), "实验室安全巡查发现隐患"),
					chromedp.SetValue(chromedp.ID("f-owner"), "KJC")),
				button: `form[action="/problems/new"] .actions button.primary`, landing: `#h-measures`,
				rows: func(t *testing.T) int { return api.rows(t, "linxiao", "/api/v1/problems", "items") },
			}
		}},
		{"problem's measure", "linxiao", func(t *testing.T) oneRecordForm {
			var list struct {
				Items []struct {
					Code, Status string
					Measures     []string
				}
			}
			api.call(t, "linxiao", "GET", "/api/v1/problems", nil, &list)
			problem := ""
			for _, p := range list.Items {
				if p.Status != "closed" && !strings.Contains(strings.Join(p.Measures, " "), code) {
					problem = p.Code
					break
				}
			}
			if problem == "" {
				t.Fatalf("no open problem without %s among %d", code, len(list.Items))
			}
			return oneRecordForm{
				fill: chromedp.Steps(chromedp.Navigate(url+"/problems/"+problem), chromedp.WaitVisible(chromedp.ID("l-measure")),
					chromedp.SendKeys(chromedp.ID("l-measure"), code)),
				button:  `form.form[action$="/measures"] .actions button`,
				landing: `//section[@id="measures"]//td[@class="code" and .="` + code + `"]`,
				rows:    func(t *testing.T) int { return api.rows(t, "linxiao", "/api/v1/problems/"+problem, "measures") },
			}
		}},
		{"allocation", "linxiao", func(t *testing.T) oneRecordForm {
			note := "平台建设专项经费"
			return oneRecordForm{
				fill: chromedp.Steps(chromedp.Navigate(url+"/allocations/new"), chromedp.WaitVisible(chromedp.ID("f-kind")),
					chromedp.SetValue(chromedp.ID("f-kind"), "budget"),
					chromedp.SetValue(chromedp.ID("f-period"), "2024-H2"),
					chromedp.SendKeys(chromedp.ID("f-measure"), code),
					chromedp.SendKeys(chromedp.ID("f-granted"), "50"),
					chromedp.SendKeys(chromedp.ID("f-note"), note)),
				button: `form[action="/allocations/new"] .actions button.primary`, landing: `//td[.="` + note + `"]`,
				rows: func(t *testing.T) int { return api.rows(t, "linxiao", "/api/v1/allocations", "items") },
			}
		}},
		{"indicator", "linxiao", func(t *testing.T) oneRecordForm {
			return oneRecordForm{
				fill: chromedp.Steps(chromedp.Navigate(url+"/indicators/new"), chromedp.WaitVisible(chromedp.ID("f-code")),
					chromedp.SendKeys(chromedp.ID("f-code"), "ZB-90"),
					chromedp.SendKeys(chromedp.ID("f-name"), "数据共享接口数"),
					chromedp.SendKeys(chromedp.ID("f-mu"), "个"),
					chromedp.SetValue(chromedp.ID("f-owner"), "KJC")),
				button: `form[action="/indicators/new"] .actions button.primary`, landing: `#h-values`,
				rows: func(t *testing.T) int { return api.rows(t, "linxiao", "/api/v1/indicators", "items") },
			}
		}},
		{"indicator value", "kjc", func(t *testing.T) oneRecordForm {
			note := "上半年科研经费到账"
			return oneRecordForm{
				fill: chromedp.Steps(chromedp.Navigate(url+"/indicators/ZB-05?period=2025-H1"), chromedp.WaitVisible(chromedp.ID("v-actual")),
					chromedp.SendKeys(chromedp.ID("v-actual"), "1200"),
					chromedp.SendKeys(chromedp.ID("v-note"), note)),
				button:  `form[action$="/values"] .actions button.primary`,
				landing: `//section[@id="values"]//td[.="` + note + `"]`,
				rows:    func(t *testing.T) int { return api.rows(t, "linxiao", "/api/v1/indicators/ZB-05", "values") },
			}
		}},
		{"indicator correction", "linxiao", func(t *testing.T) oneRecordForm {
			reason := "教务处复核：补录延期毕业生就业数据"
			return oneRecordForm{
				fill: chromedp.Steps(chromedp.Navigate(url+"/indicators/ZB-01?period=2024-H1"), chromedp.WaitVisible(chromedp.ID("v-reason")),
					chromedp.SetValue(chromedp.ID("v-actual"), "93.7"),
					chromedp.SendKeys(chromedp.ID("v-reason"), reason)),
				button:  `form[action$="/values"] .actions button.primary`,
				landing: `//section[@id="corrections"]//td[.="` + reason + `"]`,
				rows:    func(t *testing.T) int { return api.rows(t, "linxiao", "/api/v1/indicators/ZB-01", "corrections") },
			}
		}},
		{"bulletin", "linxiao", func(t *testing.T) oneRecordForm {
			return oneRecordForm{
				fill: chromedp.Steps(chromedp.Navigate(url+"/bulletins"), chromedp.WaitVisible(chromedp.ID("b-from")),
					chromedp.SetValue(chromedp.ID("b-from"), "2024-10-01"), chromedp.SetValue(chromedp.ID("b-to"), "2024-10-14"),
					loads(chromedp.Click(chromedp.ID("preview-bulletin"))), chromedp.WaitVisible(chromedp.ID("issue-bulletin")),
					chromedp.Click(chromedp.ID("issue-supplement"))), // 第2期 covers the range
				button: `#issue-bulletin`, landing: `#bulletin[data-issued="true"]`,
				rows: func(t *testing.T) int { return api.rows(t, "linxiao", "/api/v1/bulletins", "items") },
			}
		}},
		{"reminder", "linxiao", func(t *testing.T) oneRecordForm {
			return oneRecordForm{
				fill: chromedp.Steps(chromedp.Navigate(url+"/measures?alert=red&unit=JWC"), chromedp.WaitVisible(chromedp.ID("remind-chosen")),
					chromedp.Click(chromedp.CSS(`#measure-table input[name="measure"]`)),
					loads(chromedp.Click(chromedp.ID("remind-chosen"))),
					chromedp.WaitVisible(chromedp.ID("remind-confirm")),
					chromedp.SendKeys(chromedp.ID("remind-note"), "请于10月20日前报送整改进展")),
				button: `#remind-issue`, landing: `#remind-issued`,
				rows: func(t *testing.T) int {
					return api.rows(t, "linxiao", "/api/v1/notices?kind=reminder&limit=500", "items")
				},
			}
		}},
		{"half-year report saved", "kjc", func(t *testing.T) oneRecordForm {
			return oneRecordForm{
				fill:   chromedp.Steps(chromedp.Navigate(url+"/reports/KJC/2024-H2/edit"), reportText),
				button: `#save-report`, landing: `#report-state [data-state="draft"]`, rows: reports("draft"),
			}
		}},
		{"half-year report submitted", "kjc", func(t *testing.T) oneRecordForm {
			var rep struct{ State string }
			api.call(t, "kjc", "GET", "/api/v1/reports/KJC/2024-H2", nil, &rep)
			if rep.State == "not_started" { // run alone: the case above wrote it
				api.call(t, "kjc", "PUT", "/api/v1/reports/KJC/2024-H2", map[string]string{"achievements": "一", "situation": "二",
					"problems": "三", "next_measures": "四"}, nil)
			}
			return oneRecordForm{
				fill:   chromedp.Steps(chromedp.Navigate(url+"/reports/KJC/2024-H2"), chromedp.WaitVisible(chromedp.ID("submit-report"))),
				button: `#submit-report`, landing: `#report-state [data-state="submitted"]`, rows: reports("submitted"),
			}
		}},
		{"half-year report saved and submitted", "zcc", func(t *testing.T) oneRecordForm {
			return oneRecordForm{
				fill:   chromedp.Steps(chromedp.Navigate(url+"/reports/ZCC/2024-H2/edit"), reportText),
				button: `#save-submit-report`, landing: `#report-state [data-state="submitted"]`, rows: reports("submitted"),
			}
		}},
		{"unit", "admin", func(t *testing.T) oneRecordForm {
			return oneRecordForm{
				fill: chromedp.Steps(chromedp.Navigate(url+"/settings/units/new"), chromedp.WaitVisible(chromedp.ID("u-code")),
					chromedp.SendKeys(chromedp.ID("u-code"), "SJZX"),
					chromedp.SendKeys(chromedp.ID("u-name"), "数据治理中心"),
					chromedp.SetValue(chromedp.ID("u-kind"), "department")),
				button: `#unit-form .actions button.primary`, landing: `#unit-SJZX`,
				rows: func(t *testing.T) int { return api.rows(t, "admin", "/api/v1/units", "items") },
			}
		}},
		{"account", "admin", func(t *testing.T) oneRecordForm {
			return oneRecordForm{
				fill: chromedp.Steps(chromedp.Navigate(url+"/settings/people/new"), chromedp.WaitVisible(chromedp.ID("n-name")),
					chromedp.SendKeys(chromedp.ID("n-name"), "钱多多"),
					chromedp.SendKeys(chromedp.ID("n-username"), "qianduoduo"),
					chromedp.SetValue(chromedp.ID("n-role"), "unit"),
					chromedp.SetValue(chromedp.ID("n-unit"), "KJC")),
				button: `#account-new-form .actions button.primary`, landing: `#account-qianduoduo`,
				rows: func(t *testing.T) int { return api.rows(t, "admin", "/api/v1/accounts", "items") },
			}
		}},
		{"webhook", "admin", func(t *testing.T) oneRecordForm {
			return oneRecordForm{
				fill: chromedp.Steps(chromedp.Navigate(url+"/settings/webhooks/new"), chromedp.WaitVisible(chromedp.ID("w-name")),
					chromedp.SendKeys(chromedp.ID("w-name"), "督办群机器人"),
					chromedp.SetValue(chromedp.ID("w-kind"), "json"),
					chromedp.SendKeys(chromedp.ID("w-url"), "https://hooks.example.edu.cn/luoshi")),
				button: `#webhook-form .actions button.primary`, landing: `#saved`,
				// The API has no list of webhooks: count the settings page's rows.
				rows: func(t *testing.T) int {
					return pageRows(t, tabs.of(t, "admin"), "/settings/webhooks", "#webhook-list tr[data-webhook]")
				},
			}
		}},
	}

	file := strings.NewReplacer(" ", "-", "'", "")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := c.open(t)
			ctx, cancel := context.WithTimeout(tabs.of(t, c.user), 30*time.Second)
			defer cancel()
			before := f.rows(t)
			if err := chromedp.Do(ctx, f.fill, shot(t, dir, n, file.Replace(c.name)+"-filled")); err != nil {
				t.Fatalf("open and fill in the form: %v", err)
			}
			token, err := chromedp.Run(ctx, chromedp.Evaluate[string](keepForm(f.button), chromedp.EvalAwaitPromise))
			if err != nil || token == "" {
				t.Fatalf("the form of %s has no one-time token %q (%v)", f.button, token, err)
			}

			// (a) A double click through the slow network: one record.
			mark := network.mark()
			err = chromedp.Do(ctx, doubleClick(f.button), settled(f.landing), shot(t, dir, n, file.Replace(c.name)+"-answered"))
			if err != nil {
				t.Fatalf("double-click %s and wait for %s: %v", f.button, f.landing, err)
			}
			if sent := network.since(mark); len(sent) != 1 {
				t.Errorf("the double click sent the form %d times, want once: %+v", len(sent), sent)
			}
			if after := f.rows(t); after != before+1 {
				t.Errorf("%d records before the double click, %d after; want one more", before, after)
			}
			landed, err := chromedp.Run(ctx, chromedp.Location())
			if err != nil {
				t.Fatal(err)
			}
			landed, _, _ = strings.Cut(landed, "#")

			// (b) The very same form sent again once the first has landed.
			mark = network.mark()
			again, err := chromedp.Run(ctx, chromedp.Evaluate[resentForm](sendFormAgain, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatalf("send the form again: %v", err)
			}
			sent := network.since(mark)
			if len(sent) != 1 || !sent[0].Replayed {
				t.Errorf("sent again, the server did not answer as to a repeat: %+v", sent)
			}
			if after := f.rows(t); after != before+1 {
				t.Errorf("%d records before, %d after sending the same form twice; want one more", before, after)
			}
			if again.Status != http.StatusOK || again.URL != landed {
				t.Fatalf("sent again, the answer is %d at %s, want 200 at %s, the first answer's page; its text:\n%s", again.Status, again.URL, landed, again.Text)
			}
			err = chromedp.Do(ctx, chromedp.Navigate(again.URL), settled(f.landing), shot(t, dir, n, file.Replace(c.name)+"-sent-again"))
			if err != nil {
				t.Errorf("open the page the repeat led to: %v", err)
			}
		})
	}
}

// commentForm is the comment form of measure code, as whoever is signed in.
func commentForm(url string, api *demoAPI, code, text string) oneRecordForm {
	return oneRecordForm{
		fill: chromedp.Steps(chromedp.Navigate(url+"/measures/"+code), chromedp.WaitVisible(chromedp.ID("c-text")),
			chromedp.SendKeys(chromedp.ID("c-text"), text)),
		button:  `form[action$="/comments"] button`,
		landing: `//section[@id="comments"]//div[@class="text" and .="` + text + `"]`,
		rows:    func(t *testing.T) int { return api.rows(t, "linxiao", "/api/v1/measures/"+code+"/comments", "items") },
	}
}

// doubleClick double-clicks like a hand does: a click, then a second one
// with a click count of 2, at the same point. (chromedp.DoubleClick sends a
// single press with a click count of 2: one click event, one submission.)
// The point is taken once: the first click starts the form's navigation,
// after which the button's node id may no longer be valid.
func doubleClick(sel string) chromedp.Action[chromedp.Void] {
	q, _ := json.Marshal(sel)
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		at, err := chromedp.Evaluate[[2]float64](`(() => {
  const b = document.querySelector(`+string(q)+`);
  b.scrollIntoView({block: "center"});
  const r = b.getBoundingClientRect();
  return [r.x + r.width / 2, r.y + r.height / 2];
})()`)(ctx, tg)
		if err != nil {
			return err
		}
		for count := 1; count <= 2; count++ {
			if _, err := chromedp.MouseClickXY(at[0], at[1], chromedp.ClickCount(count))(ctx, tg); err != nil {
				return err
			}
		}
		return nil
	})
}

// settled waits for landing on a page other than the one keepForm marked
// stale: the answer to the form, not the form.
func settled(landing string) chromedp.Action[chromedp.Void] {
	if strings.HasPrefix(landing, "/") {
		return chromedp.WaitVisible(chromedp.Search(`//html[not(@data-stale)]` + landing))
	}
	return chromedp.WaitVisible(chromedp.CSS(`html:not([data-stale]) ` + landing))
}

// keepForm is a script that keeps what the form of the button sel sends —
// its fields with the button's name and value, its files, line breaks as
// CRLF as a browser sends them — in sessionStorage for sendFormAgain, marks
// the page stale (see settled) and returns the form's one-time token.
func keepForm(sel string) string {
	q, _ := json.Marshal(sel)
	return `(async (sel) => {
  const b = document.querySelector(sel), f = b.form, fields = [];
  for (const [k, v] of new FormData(f, b)) {
    if (typeof v === "string") { fields.push([k, v.replace(/\r\n|\r|\n/g, "\r\n")]); continue; }
    let bin = "";
    for (const x of new Uint8Array(await v.arrayBuffer())) bin += String.fromCharCode(x);
    fields.push([k, {name: v.name, type: v.type, data: btoa(bin)}]);
  }
  // A control named "action" hides the form's own action property.
  const action = new URL(f.getAttribute("action") || location.href, location.href).href;
  sessionStorage.setItem("luoshi-e2e-form", JSON.stringify({action, enctype: f.getAttribute("enctype") || "", fields}));
  document.documentElement.dataset.stale = "true";
  return new FormData(f).get("submission") || "";
})(` + string(q) + `)`
}

// resentForm is the answer to sendFormAgain, redirects followed.
type resentForm struct {
	Status int    `json:"status"`
	URL    string `json:"url"`
	Text   string `json:"text"` // the start of the page's main text
}

// sendFormAgain is a script that posts what keepForm kept, as the form
// would (urlencoded or multipart), and answers a resentForm.
const sendFormAgain = `(async () => {
  const s = JSON.parse(sessionStorage.getItem("luoshi-e2e-form")), fd = new FormData();
  for (const [k, v] of s.fields) {
    if (typeof v === "string") { fd.append(k, v); continue; }
    fd.append(k, new File([Uint8Array.from(atob(v.data), c => c.charCodeAt(0))], v.name, {type: v.type}));
  }
  const res = await fetch(s.action, {method: "POST", body: s.enctype === "multipart/form-data" ? fd : new URLSearchParams(fd)});
  const page = new DOMParser().parseFromString(await res.text(), "text/html");
  return {status: res.status, url: res.url, text: (page.querySelector("main") || page.body).innerText.replace(/\s+/g, " ").trim().slice(0, 400)};
})()`

// pageRows counts the elements matching sel on the page at path, fetched
// by the signed-in tab ctx without leaving its page.
func pageRows(t *testing.T, ctx context.Context, path, sel string) int {
	t.Helper()
	q, _ := json.Marshal(sel)
	p, _ := json.Marshal(path)
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`fetch(`+string(p)+`).then(r => { if (!r.ok) throw new Error(r.status); return r.text(); })
		.then(h => new DOMParser().parseFromString(h, "text/html").querySelectorAll(`+string(q)+`).length)`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("count %s on %s: %v", sel, path, err)
	}
	return n
}

// signedInTabs gives each account a tab of its own browser context, signed
// in on first use, so the cases share one browser and one sign-in each.
type signedInTabs struct {
	root  context.Context
	url   string
	outer *testing.T // the tabs last as long as the whole test
	mu    sync.Mutex
	tabs  map[string]context.Context
}

func (b *signedInTabs) of(t *testing.T, user string) context.Context {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if ctx, ok := b.tabs[user]; ok {
		return ctx
	}
	ctx, cancel := chromedp.NewContext(b.root, chromedp.WithNewBrowserContext())
	b.outer.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil { // opens the tab, which lives as long as ctx
		t.Fatalf("open a tab for %s: %v", user, err)
	}
	sctx, scancel := context.WithTimeout(ctx, 30*time.Second)
	defer scancel()
	err := chromedp.Do(sctx,
		chromedp.EmulateViewport(1366, 900),
		chromedp.Navigate(b.url+"/signin"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), user),
		chromedp.SendKeys(chromedp.ID("password"), demoPassword(user)),
		loads(chromedp.Submit(chromedp.ID("password"))),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/signout"] button`)),
	)
	if err != nil {
		t.Fatalf("sign in as %s: %v", user, err)
	}
	b.tabs[user] = ctx
	return ctx
}

// demoPassword is the password of a demo account (startServer's admin's for
// admin).
func demoPassword(user string) string {
	if user == "admin" {
		return "admin-pass"
	}
	return "demo"
}

// demoAPI calls the JSON API as demo accounts, with one session each.
type demoAPI struct {
	base   string
	tokens map[string]string
}

// call sends body (if not nil) as JSON and decodes the answer into out (if
// not nil); anything but a 2xx fails the test.
func (a *demoAPI) call(t *testing.T, account, method, path string, body, out any) {
	t.Helper()
	tok, ok := a.tokens[account]
	if !ok {
		var s struct{ Token string }
		a.send(t, "", http.MethodPost, "/api/v1/sessions", map[string]string{"username": account, "password": demoPassword(account)}, &s)
		if s.Token == "" {
			t.Fatalf("no API session for %s", account)
		}
		tok, a.tokens[account] = s.Token, s.Token
	}
	a.send(t, tok, method, path, body, out)
}

func (a *demoAPI) send(t *testing.T, token, method, path string, body, out any) {
	t.Helper()
	var r *bytes.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(b)
	} else {
		r = bytes.NewReader(nil)
	}
	req, err := http.NewRequest(method, a.base+path, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var raw bytes.Buffer
	raw.ReadFrom(res.Body)
	if res.StatusCode/100 != 2 {
		t.Fatalf("%s %s: %d %s", method, path, res.StatusCode, raw.String())
	}
	if out != nil {
		if err := json.Unmarshal(raw.Bytes(), out); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}
}

// rows counts the elements of the array field of what GET path answers
// account (an absent field counts none).
func (a *demoAPI) rows(t *testing.T, account, path, field string) int {
	t.Helper()
	var body map[string]json.RawMessage
	a.call(t, account, http.MethodGet, path, nil, &body)
	var items []json.RawMessage
	if raw, ok := body[field]; ok {
		if err := json.Unmarshal(raw, &items); err != nil {
			t.Fatalf("GET %s: %s is not a list: %v", path, field, err)
		}
	}
	return len(items)
}

// sentForm is a POST that went through slowNet, with the server's answer:
// Replayed when it was a repeat answered with the first request's answer.
type sentForm struct {
	Path     string
	Status   int
	Replayed bool
}

// slowNet is slowProxy keeping a log of the POSTs it passes on, so a test
// can tell how many forms the browser sent and how the server took them.
type slowNet struct {
	URL   string
	mu    sync.Mutex
	posts []sentForm
}

func newSlowNet(t *testing.T, base string, delay time.Duration) *slowNet {
	t.Helper()
	target, err := neturl.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	sn := &slowNet{}
	p := httputil.NewSingleHostReverseProxy(target)
	p.ModifyResponse = func(res *http.Response) error {
		if res.Request.Method == http.MethodPost {
			sn.mu.Lock()
			sn.posts = append(sn.posts, sentForm{res.Request.URL.Path, res.StatusCode, res.Header.Get("Idempotent-Replayed") == "true"})
			sn.mu.Unlock()
			time.Sleep(delay) // the campus network, slow to bring the answer back
		}
		return nil
	}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	sn.URL = srv.URL
	return sn
}

// mark is where the POSTs sent from now on start in the log.
func (sn *slowNet) mark() int {
	sn.mu.Lock()
	defer sn.mu.Unlock()
	return len(sn.posts)
}

// since returns the POSTs answered since mark.
func (sn *slowNet) since(mark int) []sentForm {
	sn.mu.Lock()
	defer sn.mu.Unlock()
	return append([]sentForm(nil), sn.posts[mark:]...)
}
