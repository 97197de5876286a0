package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestSummaryIssue: the office opens the institution's summary from the
// navigation (the demo's issued 2024-H1 one), voids it to correct it,
// edits the overview beside its figures and issues it again, and lands on
// the summer retreat, whose first briefing item is the summary with the
// edited text. On the next leadership meeting it adds a proposed item
// with one click; the page then shows it on the agenda. Pages fit 1366 and
// 390 px, in Chinese.
func TestSummaryIssue(t *testing.T) {
	url := startServer(t)
	dir, n := shots(t)
	ctx := browserWithin(t, 3*time.Minute)
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1366, 900),
		signInSteps(url, "linxiao"),
		loads(chromedp.Click(chromedp.ID("nav-summaries"))),
		chromedp.WaitVisible(chromedp.Search(`//span[@id="summary-state" and contains(., "已印发")]`)),
		shot(t, dir, n, "issued"),
		chromedp.SetValue(chromedp.ID("void-reason"), "数据口径需更正"),
		// The issued page shows the overview too, as text.
		loads(chromedp.Click(chromedp.ID("void-submit"))),
		chromedp.WaitVisible(chromedp.ID("text-overview")),
		shot(t, dir, n, "draft"),
	)
	if err != nil {
		t.Fatal(err)
	}
	figures, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('fig-total').innerText`))
	if err != nil || strings.TrimSpace(figures) == "" || strings.TrimSpace(figures) == "0" {
		t.Errorf("the overview shows %q measures (%v)", figures, err)
	}
	const edited = "上半年，学校各项工作稳中有进，重点任务有序推进。"
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("text-overview"), edited),
		loads(chromedp.Click(chromedp.ID("summary-issue"))),
		chromedp.WaitVisible(chromedp.Search(`//ol[@class="agenda"]/li[1]/h3[contains(., "学校上半年工作总结")]`)),
		shot(t, dir, n, "retreat"),
	)
	if err != nil {
		t.Fatal(err)
	}
	first, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('ol.agenda > li').innerText`))
	if err != nil || !strings.Contains(first, edited) || !strings.Contains(first, "通报 · ") {
		t.Errorf("the retreat's first item reads %q (%v)", first, err)
	}
	items, err := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll('ol.agenda > li h3')].filter(h => h.innerText.includes('学校上半年工作总结')).length`))
	if err != nil || items != 1 {
		t.Errorf("the retreat has %d summary briefings, want 1 (%v)", items, err)
	}

	// The next leadership meeting: one click adds a proposed item.
	err = chromedp.Do(ctx,
		chromedp.Navigate(url+"/meetings"),
		loads(chromedp.Click(chromedp.Search(`//a[contains(., "2024年第21次校长办公会")]`))),
		chromedp.WaitVisible(chromedp.ID("proposals")),
		chromedp.ScrollIntoView(chromedp.ID("proposals")),
		shot(t, dir, n, "proposals"),
		loads(chromedp.Click(chromedp.Search(`//section[@id="proposals"]//tr[@data-kind="problem"][1]//button`))),
		chromedp.WaitVisible(chromedp.Search(`//section[@id="proposals"]//tr[@data-kind="problem"][1]//a[contains(., "已列入议程")]`)),
		shot(t, dir, n, "proposal-added"),
	)
	if err != nil {
		t.Fatal(err)
	}
	last, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('ol.agenda > li h3')].pop().innerText`))
	if err != nil || !strings.Contains(last, "重点难点问题") {
		t.Errorf("the agenda's last item is %q (%v)", last, err)
	}

	for _, path := range []string{"/summaries/2024-H1", "/summaries/2024-H2"} {
		err = chromedp.Do(ctx,
			chromedp.EmulateViewport(390, 844),
			chromedp.Navigate(url+path),
			chromedp.WaitVisible(chromedp.ID("summary-state")),
			shot(t, dir, n, "phone"+strings.ReplaceAll(path, "/", "-")),
		)
		if err != nil {
			t.Fatal(err)
		}
		if over, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.documentElement.scrollWidth - window.innerWidth`)); err != nil || over > 1 {
			t.Errorf("%s is %.0f px wider than a 390 px phone (%v)", path, over, err)
		}
	}
	err = chromedp.Do(ctx, chromedp.EmulateViewport(1366, 900), chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("summary-state")),
		printMedia("print"), shot(t, dir, n, "print"))
	if err != nil {
		t.Fatal(err)
	}
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('button, textarea, nav.side')]
		.filter(el => el.getClientRects().length > 0).map(el => el.tagName + (el.id ? '#' + el.id : ''))`))
	if err != nil || len(shown) > 0 {
		t.Errorf("printed, the page shows %v (%v)", shown, err)
	}
	printed, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main').innerText`))
	if err != nil || !strings.Contains(printed, "本期工作举措") {
		t.Errorf("printed, the draft's text is missing (%v)", err)
	}
}
