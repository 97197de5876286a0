package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestReceiptOnPhone: the liaison of the personnel office (rsc), on a
// 390 px phone, opens the unit's 督办单 from the notices, signs for it and
// sends the receipt (回执) with the handling and the expected day; the
// page shows who signed and the answer, fits the screen, and the office
// no longer finds the notice among the unsigned.
func TestReceiptOnPhone(t *testing.T) {
	url := startServer(t)
	dir, n := shots(t)
	ctx := browserWithin(t, 3*time.Minute)
	const handling = "已召开专题会议研究，正在修订岗位聘用办法，11月底前提交校长办公会审议。"
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetScrollbarsHidden, emulation.SetScrollbarsHiddenParams{Hidden: true})
			return err
		}),
		signInSteps(url, "rsc"),
		chromedp.Navigate(url+"/notices?kind=supervision"),
		chromedp.WaitVisible(chromedp.CSS(`#notice-list tr[data-kind="supervision"] a`)),
		shot(t, dir, n, "notices"),
		loads(chromedp.Click(chromedp.CSS(`#notice-list tr[data-kind="supervision"] a`))),
		chromedp.WaitVisible(chromedp.ID("sign-notice")),
		shot(t, dir, n, "notice"),
		// "未签收" contains "签收": wait for the page the signing loads.
		loads(chromedp.Click(chromedp.ID("sign-notice"))),
		chromedp.WaitVisible(chromedp.Search(`//p[@id="receipt-signed" and contains(., "签收")]`)),
		chromedp.SendKeys(chromedp.ID("r-handling"), handling),
		chromedp.SetValue(chromedp.ID("r-expected"), "2024-11-30"),
		shot(t, dir, n, "receipt-typed"),
		loads(chromedp.Click(chromedp.ID("send-receipt"))),
		chromedp.WaitVisible(chromedp.ID("receipt-answer")),
		chromedp.ScrollIntoView(chromedp.ID("receipt-answer")),
		shot(t, dir, n, "receipt-sent"),
	)
	if err != nil {
		t.Fatal(err)
	}
	answer, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('receipt-answer').innerText`))
	if err != nil || !strings.Contains(answer, handling) || !strings.Contains(answer, "2024年11月30日") {
		t.Errorf("the receipt reads %q (%v)", answer, err)
	}
	if over, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.documentElement.scrollWidth - window.innerWidth`)); err != nil || over > 1 {
		t.Errorf("the notice is %.0f px wider than the phone (%v)", over, err)
	}
	small, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#receipt button, #receipt textarea, #receipt input:not([type=hidden])')]
		.filter(el => { const r = el.getBoundingClientRect(); return r.width > 0 && (r.height < 44 && el.tagName !== 'TEXTAREA'); }).map(el => el.id)`))
	if err != nil || len(small) > 0 {
		t.Errorf("tap targets under 44 px on the receipt: %v (%v)", small, err)
	}
	if left := apiItems(t, url, "linxiao", "/api/v1/notices?unsigned=1&unit=RSC"); left != 0 {
		t.Errorf("the office still finds %d unsigned 督办单 of RSC", left)
	}
}
