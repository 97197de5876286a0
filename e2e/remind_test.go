package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestRemindAndMentions: the office chooses two red measures of one unit
// on the measures list, sees on the confirmation page what will be issued
// and to whom, adds its note and issues two numbered reminders; the unit's
// liaison finds them in its inbox with the note. The president follows the
// to-do line of a comment that mentions him to the measure, and the line
// is gone after. At 1366 px and on a 390 px phone.
func TestRemindAndMentions(t *testing.T) {
	url := startServer(t)
	dir, n := shots(t)
	const note = "请于10月20日前报送整改进展"
	reminders := func(who string) int {
		return apiItems(t, url, who, "/api/v1/notices?kind=reminder&limit=500")
	}
	before := reminders("linxiao")
	ctx := browser(t)
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1366, 900),
		signInSteps(url, "linxiao"),
		chromedp.Navigate(url+"/measures?alert=red&unit=JWC"),
		chromedp.WaitVisible(chromedp.ID("remind-chosen")),
		chromedp.Click(chromedp.ID("remind-all")),
		shot(t, dir, n, "office-chosen"),
		loads(chromedp.Click(chromedp.ID("remind-chosen"))),
		chromedp.WaitVisible(chromedp.ID("remind-confirm")),
	)
	if err != nil {
		t.Fatalf("office: %v", err)
	}
	confirm, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('main').innerText`))
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("remind-note"), note),
		shot(t, dir, n, "office-confirm"),
		loads(chromedp.Click(chromedp.ID("remind-issue"))),
		chromedp.WaitVisible(chromedp.ID("remind-issued")),
		shot(t, dir, n, "office-issued"),
	)
	if err != nil {
		t.Fatalf("office: %v", err)
	}
	if !strings.Contains(confirm, "将为 2 项选中事项中的 2 项各印发一份提醒单") {
		t.Errorf("the confirmation does not say what will be issued:\n%s", confirm)
	}
	if after := reminders("linxiao"); after != before+2 {
		t.Errorf("reminders: %d before, %d after reminding two measures", before, after)
	}
	// On a phone the list's rows are cards: the choose-all box sits by the
	// button, and the confirmation shows the same two measures.
	phone := browser(t)
	err = chromedp.Do(phone,
		chromedp.EmulateViewport(390, 844),
		signInSteps(url, "linxiao"),
		chromedp.Navigate(url+"/measures?alert=red&unit=JWC"),
		chromedp.WaitVisible(chromedp.ID("remind-chosen")),
		chromedp.Click(chromedp.ID("remind-all")),
		shot(t, dir, n, "office-phone-chosen"),
		loads(chromedp.Click(chromedp.ID("remind-chosen"))),
		chromedp.WaitVisible(chromedp.ID("remind-confirm")),
		shot(t, dir, n, "office-phone-confirm"),
	)
	if err != nil {
		t.Fatalf("office on a phone: %v", err)
	}
	if rows, err := chromedp.Run(phone, chromedp.Evaluate[int](`document.querySelectorAll('#remind-lines tbody tr').length`)); err != nil || rows != 2 {
		t.Errorf("phone confirmation: %d measures, %v; want the 2 chosen", rows, err)
	}
	for _, width := range []int64{1366, 390} {
		ctx := browser(t)
		err := chromedp.Do(ctx,
			chromedp.EmulateViewport(width, 844),
			signInSteps(url, "jwc"),
			chromedp.Navigate(url+"/notices?kind=reminder"),
			chromedp.WaitVisible(chromedp.CSS(`tr[data-notice] a`)),
			shot(t, dir, n, "unit-inbox"),
			loads(chromedp.Click(chromedp.CSS(`tr[data-notice] a`))),
			chromedp.WaitVisible(chromedp.ID("notice-summary")),
			shot(t, dir, n, "unit-reminder"),
		)
		if err != nil {
			t.Fatalf("unit liaison at %d px: %v", width, err)
		}
		inbox, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('notice-summary').innerText`))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(inbox, note) {
			t.Errorf("the reminder does not carry the office's note: %q", inbox)
		}
	}

	ctx = browser(t)
	err = chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844),
		signInSteps(url, "chenguoqiang"),
		chromedp.Navigate(url+"/todo"),
		chromedp.WaitVisible(chromedp.CSS(`#todo li[data-kind="mentions"] a`)),
		shot(t, dir, n, "leader-todo"),
		loads(chromedp.Click(chromedp.CSS(`#todo li[data-kind="mentions"] a`))),
		chromedp.WaitVisible(chromedp.CSS(`#mentions li[data-mention] a`)),
		shot(t, dir, n, "leader-mentions"),
		loads(chromedp.Click(chromedp.CSS(`#mentions li[data-mention] a`))),
		chromedp.WaitVisible(chromedp.ID("comments")),
		shot(t, dir, n, "leader-measure"),
		chromedp.Navigate(url+"/todo"),
		chromedp.WaitVisible(chromedp.CSS(`main h1`)),
		shot(t, dir, n, "leader-todo-after"),
	)
	if err != nil {
		t.Fatalf("leader: %v", err)
	}
	gone, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('#todo li[data-kind="mentions"]') === null`))
	if err != nil {
		t.Fatal(err)
	}
	if !gone {
		t.Errorf("the mention is still on the leader's to-do list after opening the measure")
	}
}
