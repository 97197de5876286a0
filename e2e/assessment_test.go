package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestAssessmentPublishAndDrill: the office clerk (linxiao) opens 督办考核,
// finds the 2024 draft with its formulas, adjusts the 发展规划处's points
// with a reason and publishes the year; the president (chenguoqiang) then
// sees only his portfolio's units (发展规划处, 交叉科学研究院), clicks a
// score that counts measures and finds them behind it, each a link; the
// pages fit a 390 px phone.
func TestAssessmentPublishAndDrill(t *testing.T) {
	url := startServer(t)
	dir, n := shots(t)
	ctx := browserWithin(t, 3*time.Minute)
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1366, 900),
		signInSteps(url, "linxiao"),
		loads(chromedp.Click(chromedp.ID("nav-assessments"))),
		chromedp.WaitVisible(chromedp.ID("assess-table")),
		chromedp.WaitVisible(chromedp.ID("assess-formulas")),
		shot(t, dir, n, "office-draft"),
		chromedp.SetValue(chromedp.ID("a-unit"), "FGC"),
		chromedp.SendKeys(chromedp.ID("a-points"), "1.5"),
		chromedp.SendKeys(chromedp.ID("a-reason"), "牵头完成学科评估材料报送，表现突出"),
		loads(chromedp.Click(chromedp.ID("save-adjust"))),
		chromedp.WaitVisible(chromedp.Search(`//p[contains(@class, "assess-reason") and contains(., "牵头完成学科评估材料报送")]`)),
		shot(t, dir, n, "adjusted"),
		loads(chromedp.Click(chromedp.ID("publish-assessment"))),
		chromedp.WaitVisible(chromedp.Search(`//span[@id="assess-state" and contains(., "已于")]`)),
		shot(t, dir, n, "published"),
	)
	if err != nil {
		t.Fatal(err)
	}
	forms, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#adjust-form, #rules-form, #publish-assessment').length`))
	if err != nil || forms != 0 {
		t.Errorf("the published year still shows %d forms (%v)", forms, err)
	}
	err = chromedp.Do(ctx,
		loads(chromedp.Click(chromedp.CSS(`form[action="/signout"] button`))),
		chromedp.WaitVisible(chromedp.ID("username")),
		signInSteps(url, "chenguoqiang"),
		chromedp.Navigate(url+"/assessments/2024"),
		chromedp.WaitVisible(chromedp.ID("assess-table")),
		shot(t, dir, n, "leader"),
	)
	if err != nil {
		t.Fatal(err)
	}
	units, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#assess-table tbody tr[data-unit]')].map(tr => tr.dataset.unit).sort()`))
	if err != nil || strings.Join(units, ",") != "FGC,JCY" {
		t.Fatalf("the president sees units %v, want his portfolio's FGC and JCY (%v)", units, err)
	}
	// The first score of his units that counts measures (on time, else
	// reported to the cycle).
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const a = [...document.querySelectorAll('#assess-table a.score[data-part="on-time"], #assess-table a.score[data-part="reports"]')]
		.find(a => !a.nextElementSibling.textContent.trim().endsWith('/0')); return a ? a.getAttribute('href') : '' })()`))
	if err != nil {
		t.Fatal(err)
	}
	if href == "" {
		t.Fatal("none of the president's units has a measure in 2024")
	}
	part := href[strings.Index(href, "#")+1:]
	err = chromedp.Do(ctx,
		loads(chromedp.Click(chromedp.CSS(`#assess-table a.score[href="`+href+`"]`))),
		chromedp.WaitVisible(chromedp.ID(part)),
		chromedp.WaitVisible(chromedp.CSS(`#`+part+` tbody a[href^="/measures/"]`)),
		shot(t, dir, n, "drilldown"),
	)
	if err != nil {
		t.Fatal(err)
	}
	measures, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#`+part+` tbody a[href^="/measures/"]').length`))
	shown, err2 := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#h-`+part+`').textContent`))
	if err != nil || err2 != nil || measures == 0 || !strings.Contains(shown, "/"+itoa(measures)) {
		t.Errorf("the %s score (%q) lists %d measures (%v %v)", part, shown, measures, err, err2)
	}
	for _, page := range []string{"/assessments/2024", href} {
		err = chromedp.Do(ctx,
			chromedp.EmulateViewport(390, 844),
			chromedp.Navigate(url+page),
			chromedp.WaitVisible(chromedp.CSS(`main h1`)),
			shot(t, dir, n, "phone"),
		)
		if err != nil {
			t.Fatal(err)
		}
		if over, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.documentElement.scrollWidth - window.innerWidth`)); err != nil || over > 1 {
			t.Errorf("%s is %.0f px wider than a 390 px phone (%v)", page, over, err)
		}
	}
}

func itoa(n int) string {
	s := ""
	for {
		s = string(rune('0'+n%10)) + s
		n /= 10
		if n == 0 {
			return s
		}
	}
}
