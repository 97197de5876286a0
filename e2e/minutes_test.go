package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestMinutesIssue: the office opens the March president's office
// meeting of the demo, follows 会议纪要, finds the draft with one decision
// per numbered decision of the meeting and their measures, words the first
// decision, issues the minutes and sees their number; the page fits a
// 390 px phone and prints as the document (no form, no buttons).
func TestMinutesIssue(t *testing.T) {
	url := startServer(t)
	dir, n := shots(t)
	ctx := browserWithin(t, 3*time.Minute)
	const meeting = `//a[contains(., "2024年第5次校长办公会")]`
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1366, 900),
		signInSteps(url, "linxiao"),
		chromedp.Navigate(url+"/meetings"),
		loads(chromedp.Click(chromedp.Search(meeting))),
		chromedp.WaitVisible(chromedp.ID("minutes-link")),
		loads(chromedp.Click(chromedp.ID("minutes-link"))),
		chromedp.WaitVisible(chromedp.ID("minutes-form")),
		shot(t, dir, n, "draft"),
	)
	if err != nil {
		t.Fatal(err)
	}
	decisions, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#minutes-decisions > li[data-item]').length`))
	if err != nil || decisions != 4 {
		t.Errorf("the draft has %d decisions, want the meeting's 4 (%v)", decisions, err)
	}
	measures, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#minutes-decisions tr[data-code]').length`))
	if err != nil || measures == 0 {
		t.Errorf("the draft lists no measure under its decisions (%v)", err)
	}
	const worded = "启动2024年度本科专业评估工作，由教务处牵头，6月底前完成各专业自评报告，报校长办公会审定。"
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("decision-0"), worded),
		loads(chromedp.Click(chromedp.ID("issue-minutes"))),
		chromedp.WaitVisible(chromedp.Search(`//p[@id="minutes-number" and contains(., "〔2024〕第1期")]`)),
		shot(t, dir, n, "issued"),
	)
	if err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('minutes').innerText`))
	if err != nil || !strings.Contains(text, worded) || !strings.Contains(text, "校长办公会议纪要") {
		t.Errorf("the issued minutes read %q (%v)", text, err)
	}
	err = chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Reload(),
		chromedp.WaitVisible(chromedp.ID("minutes")),
		shot(t, dir, n, "phone"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if over, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.documentElement.scrollWidth - window.innerWidth`)); err != nil || over > 1 {
		t.Errorf("the minutes are %.0f px wider than a 390 px phone (%v)", over, err)
	}
	// Printed, only the document shows: no tools, no form controls, no
	// navigation.
	err = chromedp.Do(ctx, printMedia("print"), shot(t, dir, n, "print"))
	if err != nil {
		t.Fatal(err)
	}
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('button, textarea, input:not([type=hidden]), nav.side, .bulletin-tools')]
		.filter(el => el.getClientRects().length > 0).map(el => el.tagName + (el.id ? '#' + el.id : ''))`))
	if err != nil || len(shown) > 0 {
		t.Errorf("printed, the page shows %v (%v)", shown, err)
	}
	if err := chromedp.Do(ctx, printMedia("")); err != nil {
		t.Fatal(err)
	}
}
