package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBackResubmitOneRecord: a clerk sends a comment, goes Back to the
// form and sends it again. Back shows the form as it was sent, with the
// text typed and the same one-time token: either the page the browser kept
// (the back-forward cache) or, as headless Chromium does here, the page
// fetched anew with the form refilled by the browser from what it held.
// The server answers the resend with the first result: the server answers with the
// first result and the measure still has one new comment. Then a second,
// different comment typed on the fresh page is saved as a new one.
func TestBackResubmitOneRecord(t *testing.T) {
	url := startServer(t)
	dir, n := shots(t)
	const code = "2024H2-011"
	comments := func() int { return apiItems(t, url, "linxiao", "/api/v1/measures/"+code+"/comments") }
	before := comments()
	// Three page loads, Back and two sends: more than a minute under -race
	// on a busy machine.
	ctx := browserWithin(t, 3*time.Minute)
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1366, 900),
		signInSteps(url, "linxiao"),
		chromedp.Navigate(url+"/measures/"+code),
		chromedp.WaitVisible(chromedp.ID("c-text")),
		chromedp.SendKeys(chromedp.ID("c-text"), "请于本月底前报送阶段成果"),
		shot(t, dir, n, "typed"),
		loads(chromedp.Click(chromedp.CSS(`form[action$="/comments"] button`))),
		chromedp.WaitVisible(chromedp.Search(`//section[@id="comments"]//div[@class="text" and contains(., "请于本月底前报送阶段成果")]`)),
		shot(t, dir, n, "sent"),
		chromedp.NavigateBack(),
		holds(`document.readyState === "complete" && location.pathname.endsWith("/`+code+`")`),
		chromedp.WaitVisible(chromedp.ID("c-text")),
	)
	if err != nil {
		t.Fatal(err)
	}
	typed, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('c-text').value`))
	if err != nil {
		t.Fatal(err)
	}
	// loads marked the form's page before it was sent: the mark is there
	// again when Back restored the kept page, gone when the browser fetched
	// it anew and refilled the form itself.
	kept, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.e2eLeft === true`))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Back showed the kept page: %v", kept)
	if typed != "请于本月底前报送阶段成果" {
		t.Fatalf("Back did not show the form as sent (text %q): the test cannot resubmit it", typed)
	}
	err = chromedp.Do(ctx,
		shot(t, dir, n, "back"),
		// A page restored from the back-forward cache comes back as it was
		// left, its form busy and its button disabled, until luoshi.js's
		// pageshow handler frees them.
		chromedp.WaitNotPresent(chromedp.CSS(`form[aria-busy="true"]`)),
		chromedp.WaitEnabled(chromedp.CSS(`form[action$="/comments"] button`)),
		loads(chromedp.Click(chromedp.CSS(`form[action$="/comments"] button`))),
		chromedp.WaitVisible(chromedp.Search(`//section[@id="comments"]//div[@class="text" and contains(., "请于本月底前报送阶段成果")]`)),
		shot(t, dir, n, "resent"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if after := comments(); after != before+1 {
		t.Errorf("comments: %d before, %d after sending one and resending it from Back", before, after)
	}
	err = chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.ID("c-text")),
		chromedp.SendKeys(chromedp.ID("c-text"), "另请补充佐证材料"),
		loads(chromedp.Click(chromedp.CSS(`form[action$="/comments"] button`))),
		chromedp.WaitVisible(chromedp.Search(`//section[@id="comments"]//div[@class="text" and contains(., "另请补充佐证材料")]`)),
		shot(t, dir, n, "second"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if after := comments(); after != before+2 {
		t.Errorf("comments: %d before, %d after a second, different comment", before, after)
	}
}
