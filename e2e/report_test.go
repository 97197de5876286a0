package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestReportWorkflow takes a unit's half-year report through the office's
// review in the browser: 科学技术处's liaison (kjc, whose 2024-H2 report the
// demo leaves not started) writes and submits it; the office clerk
// (linxiao) finds it submitted on the overview and returns it with a
// comment; the liaison sees the comment and resubmits; the office accepts
// it and finds it in the compendium.
func TestReportWorkflow(t *testing.T) {
	ctx := browser(t)
	url := startServer(t)
	dir, n := shots(t)
	page := url + "/reports/KJC/2024-H2"
	const comment = "请补充重大科研平台建设的具体数据。"
	state := func(s string) chromedp.Action[chromedp.Void] {
		return chromedp.WaitVisible(chromedp.CSS(`#report-state .rs[data-state="` + s + `"]`))
	}
	as := func(user string) []chromedp.Action[chromedp.Void] {
		return []chromedp.Action[chromedp.Void]{
			chromedp.Navigate(url + "/signin"),
			chromedp.WaitVisible(chromedp.ID("username")),
			chromedp.SendKeys(chromedp.ID("username"), user),
			chromedp.SendKeys(chromedp.ID("password"), "demo"),
			loads(chromedp.Submit(chromedp.ID("password"))),
			chromedp.WaitVisible(chromedp.CSS(`form[action="/signout"] button`)),
		}
	}
	signOut := []chromedp.Action[chromedp.Void]{
		loads(chromedp.Click(chromedp.CSS(`form[action="/signout"] button`))),
		chromedp.WaitVisible(chromedp.ID("username")),
	}
	steps := func(name string, groups ...[]chromedp.Action[chromedp.Void]) {
		t.Helper()
		var all []chromedp.Action[chromedp.Void]
		for _, g := range groups {
			all = append(all, g...)
		}
		if err := chromedp.Do(ctx, all...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}

	steps("the unit drafts and submits", as("kjc"), []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(url + "/reports"), // a unit goes straight to its own report
		state("not_started"),
		shot(t, dir, n, "unit-not-started"),
		loads(chromedp.Click(chromedp.ID("edit-report"))),
		chromedp.WaitVisible(chromedp.ID("report-form")),
		chromedp.SetValue(chromedp.ID("r-achievements"), "一是建成两个省部级重点实验室。\n二是新获国家重点研发计划项目3项。"),
		chromedp.SetValue(chromedp.ID("r-situation"), "有组织科研竞争日趋激烈。"),
		chromedp.SetValue(chromedp.ID("r-problems"), "重大平台建设进度滞后。"),
		chromedp.SetValue(chromedp.ID("r-next_measures"), "加快推进重大科研平台建设。"),
		shot(t, dir, n, "unit-form"),
		loads(chromedp.Click(chromedp.ID("save-submit-report"))),
		state("submitted"),
		shot(t, dir, n, "unit-submitted"),
	}, signOut)

	steps("the office returns it with a comment", as("linxiao"), []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(url + "/reports?period=2024-H2"),
		chromedp.WaitVisible(chromedp.CSS(`#report-overview tr[data-unit="KJC"][data-state="submitted"]`)),
		shot(t, dir, n, "office-overview"),
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.ID("return-form")),
		chromedp.SendKeys(chromedp.ID("comment"), comment),
		shot(t, dir, n, "office-return-form"),
		loads(chromedp.Click(chromedp.ID("return-report"))),
		state("returned"),
		shot(t, dir, n, "office-returned"),
	}, signOut)

	steps("the unit sees the comment and resubmits", as("kjc"), []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.ID("return-comment")),
		shot(t, dir, n, "unit-sees-comment"),
	})
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('return-comment').textContent`))
	if err != nil || !strings.Contains(shown, comment) {
		t.Fatalf("the unit does not see the office's comment: %q (%v)", shown, err)
	}
	steps("resubmit", []chromedp.Action[chromedp.Void]{
		loads(chromedp.Click(chromedp.ID("submit-report"))),
		state("resubmitted"),
		shot(t, dir, n, "unit-resubmitted"),
	}, signOut)

	steps("the office accepts", as("linxiao"), []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.ID("accept-form")),
		loads(chromedp.Click(chromedp.ID("accept-report"))),
		state("accepted"),
		shot(t, dir, n, "office-accepted"),
		chromedp.Navigate(url + "/reports/compendium?period=2024-H2"),
		chromedp.WaitVisible(chromedp.ID("u-KJC")),
		shot(t, dir, n, "compendium"),
	})
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('u-KJC').textContent`))
	if err != nil || !strings.Contains(text, "新获国家重点研发计划项目3项") {
		t.Fatalf("the compendium lacks KJC's report: %v", err)
	}
}
