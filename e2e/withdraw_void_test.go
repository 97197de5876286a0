package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestWithdrawAndVoidNotice: a unit liaison files a progress report and
// takes it back (已撤回 on the measure page); the office voids one of its
// notices (struck through, 已作废 with the reason) — each at a desktop's
// and a phone's width.
func TestWithdrawAndVoidNotice(t *testing.T) {
	url := startServer(t)
	dir, n := shots(t)
	const code = "2024H2-011" // led by 科学技术处 (kjc)
	for i, width := range []int64{1366, 390} {
		note := []string{"误报的进展（一）", "误报的进展（二）"}[i]
		mine := `//section[@id="progress"]//div[@class="panel report"][.//div[@class="text" and contains(., "` + note + `")]]`
		ctx := browser(t)
		err := chromedp.Do(ctx,
			chromedp.EmulateViewport(width, 900),
			signInSteps(url, "kjc"),
			chromedp.Navigate(url+"/measures/"+code),
			chromedp.WaitVisible(chromedp.ID("p-note")),
			chromedp.SetValue(chromedp.ID("p-percent"), "30"),
			chromedp.SendKeys(chromedp.ID("p-note"), note),
			loads(chromedp.Click(chromedp.CSS(`#report-form .actions button`))),
			// The new report's own button: the demo's earlier pending report
			// of kjc has one too, already on the page before it reloads.
			chromedp.WaitVisible(chromedp.Search(mine+`//form[contains(@action, "/withdraw")]//button`)),
			shot(t, dir, n, "filed"),
			loads(chromedp.Click(chromedp.Search(mine+`//form[contains(@action, "/withdraw")]//button`))),
			chromedp.WaitVisible(chromedp.Search(mine+`//span[contains(., "已撤回")]`)),
			shot(t, dir, n, "withdrawn"),
		)
		if err != nil {
			t.Fatalf("withdraw at %d px: %v", width, err)
		}
		ctx = browser(t)
		err = chromedp.Do(ctx,
			chromedp.EmulateViewport(width, 900),
			signInSteps(url, "linxiao"),
			chromedp.Navigate(url+"/notices?tab=all"),
			chromedp.WaitVisible(chromedp.CSS(`tr[data-notice] a`)),
			loads(chromedp.Click(chromedp.CSS(`tr[data-notice]:nth-child(`+[]string{"1", "2"}[i]+`) a`))),
			chromedp.WaitVisible(chromedp.ID("void-reason")),
			shot(t, dir, n, "notice"),
			chromedp.SendKeys(chromedp.ID("void-reason"), "事项已调整，本单作废"),
			loads(chromedp.Click(chromedp.ID("void-submit"))),
			chromedp.WaitVisible(chromedp.ID("voided")),
			chromedp.WaitVisible(chromedp.CSS(`#notice-number del`)),
			shot(t, dir, n, "notice-voided"),
		)
		if err != nil {
			t.Fatalf("void a notice at %d px: %v", width, err)
		}
	}
}
