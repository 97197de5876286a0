package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestStudyCampaign: the office opens the demo's 党纪学习教育 and finds
// 国际交流合作处 (GJC) red for its monthly group study (it held none in
// May); GJC's liaison follows 记录本单位学习活动, records May's group study
// with one colleague absent on business, and sees it listed with its
// attendance; the office's matrix then shows the cell done. The matrix and
// the unit's page fit a 390 px phone.
func TestStudyCampaign(t *testing.T) {
	url := startServer(t)
	dir, n := shots(t)
	ctx := browserWithin(t, 3*time.Minute)
	const gjcCell = `#campaign-matrix tr[data-unit="GJC"] td[data-req="1"]`
	state := func() string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('`+gjcCell+`').dataset.state`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1366, 900),
		signInSteps(url, "linxiao"),
		chromedp.Navigate(url+"/campaigns"),
		chromedp.WaitVisible(chromedp.ID("campaign-list")),
		shot(t, dir, n, "list"),
		loads(chromedp.Click(chromedp.Search(`//a[.="党纪学习教育"]`))),
		chromedp.WaitVisible(chromedp.ID("campaign-matrix")),
		shot(t, dir, n, "matrix-before"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if s := state(); s != "missed" {
		t.Fatalf("GJC's group study is %q before May's session, want missed", s)
	}
	campaign, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		t.Fatal(err)
	}
	// The office's form holds the campaign as opened: its requirements
	// and every unit but the leadership group.
	err = chromedp.Do(ctx,
		loads(chromedp.Click(chromedp.ID("edit-campaign"))),
		chromedp.WaitVisible(chromedp.ID("campaign-form")),
		shot(t, dir, n, "form"),
	)
	if err != nil {
		t.Fatal(err)
	}
	form, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.getElementById('r0-title').value, document.getElementById('r2-title').value,
		String(document.getElementById('r0-monthly').checked), String(document.querySelectorAll('#c-units input:checked').length)]`))
	if err != nil || len(form) != 4 || form[0] != "每月至少一次集中学习" || form[1] != "一次警示教育" || form[2] != "true" || form[3] != "19" {
		t.Errorf("the campaign form holds %q (%v)", form, err)
	}
	err = chromedp.Do(ctx,
		loads(chromedp.Click(chromedp.CSS(`form[action="/signout"] button`))),
		chromedp.WaitVisible(chromedp.ID("username")),
		signInSteps(url, "gjc"),
		chromedp.Navigate(url+campaign),
		chromedp.WaitVisible(chromedp.ID("own-unit")),
		loads(chromedp.Click(chromedp.ID("own-unit"))),
		chromedp.WaitVisible(chromedp.ID("session-form")),
		chromedp.SetValue(chromedp.ID("s-kind"), "group_study"),
		chromedp.SetValue(chromedp.ID("s-date"), "2024-05-28"),
		chromedp.SendKeys(chromedp.ID("s-topic"), "补学组织纪律、廉洁纪律"),
		chromedp.SendKeys(chromedp.ID("s-place"), "国际交流合作处会议室"),
		chromedp.Click(chromedp.CSS(`#attendance-table tbody tr:nth-child(2) input[type=checkbox]`)),
		chromedp.SendKeys(chromedp.CSS(`#attendance-table tbody tr:nth-child(2) input[type=text]`), "出国访问"),
		shot(t, dir, n, "session-form"),
		loads(chromedp.Click(chromedp.ID("save-session"))),
		chromedp.WaitVisible(chromedp.Search(`//table[@id="session-list"]//td[contains(., "补学组织纪律")]`)),
		shot(t, dir, n, "session-saved"),
	)
	if err != nil {
		t.Fatal(err)
	}
	row, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('#session-list tbody tr')].map(r => r.innerText).find(s => s.includes('补学组织纪律')) || ''`))
	if err != nil || !strings.Contains(row, "出国访问") || !strings.Contains(row, "集中学习") {
		t.Errorf("the session's row reads %q (%v)", row, err)
	}
	err = chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Reload(),
		chromedp.WaitVisible(chromedp.ID("session-form")),
		shot(t, dir, n, "unit-phone"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if over, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.documentElement.scrollWidth - window.innerWidth`)); err != nil || over > 1 {
		t.Errorf("the unit's page is %.0f px wider than a 390 px phone (%v)", over, err)
	}
	err = chromedp.Do(ctx,
		chromedp.EmulateViewport(1366, 900),
		loads(chromedp.Click(chromedp.CSS(`form[action="/signout"] button`))),
		chromedp.WaitVisible(chromedp.ID("username")),
		signInSteps(url, "linxiao"),
		chromedp.Navigate(url+campaign),
		chromedp.WaitVisible(chromedp.ID("campaign-matrix")),
		shot(t, dir, n, "matrix-after"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if s := state(); s != "done" {
		t.Errorf("GJC's group study is %q after May's session, want done", s)
	}
	err = chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Reload(),
		chromedp.WaitVisible(chromedp.ID("campaign-matrix")),
		shot(t, dir, n, "matrix-phone"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if over, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.documentElement.scrollWidth - window.innerWidth`)); err != nil || over > 1 {
		t.Errorf("the campaign page is %.0f px wider than a 390 px phone (%v)", over, err)
	}
	// The daily job sent the units that missed a requirement a 督办单; the
	// office's notice list links it to the campaign.
	err = chromedp.Do(ctx,
		chromedp.EmulateViewport(1366, 900),
		chromedp.Navigate(url+"/notices?tab=all&kind=supervision"),
		chromedp.WaitVisible(chromedp.CSS(`main a[href="`+campaign+`"]`)),
		shot(t, dir, n, "notices"),
		loads(chromedp.Click(chromedp.CSS(`main tr:has(a[href="`+campaign+`"]) a[href^="/notices/"]`))),
		chromedp.WaitVisible(chromedp.ID("notice-summary")),
		shot(t, dir, n, "notice"),
	)
	if err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('notice-summary').innerText`))
	if err != nil || !strings.Contains(text, "学习教育要求") {
		t.Errorf("the campaign notice says %q (%v)", text, err)
	}
}
