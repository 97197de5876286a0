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

// phoneCheck is what phoneProblems finds wrong with the page in view at a
// phone's width: the page wider than the screen, the navigation taller
// than a top bar while folded, a tappable element in the page smaller than
// 44 px either way (a box or radio counts by its label), and, on a measure
// page with a report form, the form below the speech's words.
type phoneCheck struct {
	Overflow int      `json:"overflow"`
	Wide     []string `json:"wide"`
	Nav      float64  `json:"nav"`
	Small    []string `json:"small"`
	FormTop  float64  `json:"formTop"`
	SrcTop   float64  `json:"srcTop"`
	HasForm  bool     `json:"hasForm"`
}

const phoneProblemsJS = `(() => {
  const out = {overflow: document.documentElement.scrollWidth - window.innerWidth, nav: 0, small: [], formTop: 0, srcTop: 0, hasForm: false};
  const w = document.documentElement.clientWidth;
  out.wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 0.5 && ![...e.children].some(c => c.getBoundingClientRect().right > w + 0.5))
    .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).split(' ').join('.') : '') + ' ' + Math.round(e.getBoundingClientRect().right));
  const nav = document.querySelector('nav.side');
  if (nav) { out.nav = nav.getBoundingClientRect().height; }
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
  for (const el of document.querySelectorAll('main ' + sel.split(', ').join(', main '))) {
    let t = el;
    if (el.type === 'checkbox' || el.type === 'radio') {
      t = el.closest('label') || (el.id && document.querySelector('label[for="' + el.id + '"]')) || el;
    }
    const r = t.getBoundingClientRect();
    if (r.width <= 1 && r.height <= 1) { continue; } // not shown, or visually hidden
    if (getComputedStyle(t).visibility === 'hidden') { continue; }
    if (r.width < 44 || r.height < 44) {
      const name = (t.id ? '#' + t.id : t.tagName.toLowerCase() + (t.className ? '.' + String(t.className).split(' ').join('.') : ''));
      out.small.push(name + ' "' + (t.innerText || t.value || t.getAttribute('aria-label') || '').trim().slice(0, 20) + '" ' + Math.round(r.width) + '×' + Math.round(r.height));
    }
  }
  const form = document.getElementById('report-form');
  const src = document.querySelector('#source .text') || document.getElementById('source');
  if (form && src) {
    out.hasForm = true;
    out.formTop = form.getBoundingClientRect().top + window.scrollY;
    // The words count where they are shown: folded, at their disclosure.
    const at = src.getClientRects().length ? src : (src.closest('details') || src);
    out.srcTop = at.getBoundingClientRect().top + window.scrollY;
  }
  return out;
})()`

// pageScripts turns the page's scripts on or off.
func pageScripts(on bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on})
		return err
	})
}

// checkPhone reports what is wrong with the page in view at 390 px.
func checkPhone(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	c, err := chromedp.Run(ctx, chromedp.Evaluate[phoneCheck](phoneProblemsJS))
	if err != nil {
		t.Fatalf("%s: %v", page, err)
	}
	if c.Overflow > 0 {
		t.Errorf("%s: the page is %d px wider than the phone's screen (scrolls sideways); sticking out: %s", page, c.Overflow, strings.Join(c.Wide, "; "))
	}
	if c.Nav > 120 {
		t.Errorf("%s: the folded navigation is %.0f px tall, want at most 120", page, c.Nav)
	}
	if len(c.Small) > 0 {
		t.Errorf("%s: %d tap targets smaller than 44 px: %s", page, len(c.Small), strings.Join(c.Small, "; "))
	}
	if c.HasForm && c.FormTop > c.SrcTop {
		t.Errorf("%s: the report form starts at %.0f px, below the speech's words at %.0f px", page, c.FormTop, c.SrcTop)
	}
}

// TestPhoneUnitDailyPath walks a unit liaison's day on a 390 × 844 phone:
// the liaison of the Office of Academic Affairs (jwc) signs in, reads the
// to-do list, opens the menu with the keyboard (no script needed), opens a
// measure of the unit, finds the report form before the speech's words and
// files a report, then reads the notices and a notice, the progress reports
// returned, the half-year reports and the account page. Each page is
// checked by checkPhone and leaves a screenshot.
func TestPhoneUnitDailyPath(t *testing.T) {
	ctx := browserWithin(t, 3*time.Minute)
	url := startServer(t)
	dir, n := shots(t)
	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, append(actions, shot(t, dir, n, name))...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkPhone(t, ctx, name)
	}

	step("todo",
		chromedp.EmulateViewport(390, 844),
		// A phone's scrollbars take no width.
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetScrollbarsHidden, emulation.SetScrollbarsHiddenParams{Hidden: true})
			return err
		}),
		signInSteps(url, "jwc"),
		chromedp.Navigate(url+"/todo"),
		chromedp.WaitVisible(chromedp.CSS(`main h1`)),
	)
	// The menu: folded, it hides the links; a keyboard opens it, with the
	// page's scripts switched off, and closes it again.
	hidden, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById('nav-notices').getClientRects().length === 0`))
	if err != nil || !hidden {
		t.Errorf("the folded menu shows its links (%v)", err)
	}
	err = chromedp.Do(ctx,
		pageScripts(false),
		chromedp.Navigate(url+"/todo"),
		chromedp.WaitVisible(chromedp.ID("nav-menu")),
		chromedp.Focus(chromedp.ID("nav-toggle")),
		chromedp.KeyEvent(" "),
		chromedp.WaitVisible(chromedp.ID("nav-notices")),
		shot(t, dir, n, "menu-open"),
	)
	if err != nil {
		t.Fatalf("open the menu with the keyboard: %v", err)
	}
	if h, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelector('nav.side').getBoundingClientRect().height`)); err != nil || h <= 120 {
		t.Errorf("the open menu is %.0f px tall: it does not show the links (%v)", h, err)
	}
	err = chromedp.Do(ctx,
		chromedp.KeyEvent(" "),
		chromedp.WaitNotVisible(chromedp.ID("nav-notices")),
		pageScripts(true),
	)
	if err != nil {
		t.Fatalf("close the menu with the keyboard: %v", err)
	}

	step("measures",
		chromedp.Navigate(url+"/measures?unit=JWC"),
		chromedp.WaitVisible(chromedp.CSS(`#measure-table tbody a[href^="/measures/"]`)),
	)
	note := "已完成课程思政示范课程遴选，正在组织专家评审。"
	step("measure",
		loads(chromedp.Click(chromedp.CSS(`#measure-table tbody a[href^="/measures/"]`))),
		chromedp.WaitVisible(chromedp.ID("report-form")),
	)
	step("report-form",
		chromedp.ScrollIntoView(chromedp.ID("report-form")),
		chromedp.SetValue(chromedp.ID("p-percent"), "40"),
		chromedp.SendKeys(chromedp.ID("p-note"), note),
	)
	step("reported",
		loads(chromedp.Click(chromedp.CSS(`#report-form .actions button`))),
		chromedp.WaitVisible(chromedp.Search(`//section[@id="progress"]//div[@class="text" and contains(., "`+note+`")]`)),
	)
	step("source-open",
		chromedp.Click(chromedp.CSS(`#source summary`)),
		chromedp.WaitVisible(chromedp.CSS(`#source .text`)),
		chromedp.ScrollIntoView(chromedp.CSS(`#source .text`)),
	)
	step("notices",
		chromedp.Click(chromedp.ID("nav-menu")),
		loads(chromedp.Click(chromedp.ID("nav-notices"))),
		chromedp.WaitVisible(chromedp.CSS(`#notice-list tr[data-notice] a`)),
	)
	step("notice",
		loads(chromedp.Click(chromedp.CSS(`#notice-list tr[data-notice] a`))),
		chromedp.WaitVisible(chromedp.ID("notice-measure")),
	)
	step("returned",
		chromedp.Navigate(url+"/progress?review=returned"),
		chromedp.WaitVisible(chromedp.ID("review-queue")),
	)
	// A unit's /reports is its own half-year report.
	step("half-year-report",
		chromedp.Navigate(url+"/reports"),
		chromedp.WaitVisible(chromedp.CSS(`main h1`)),
	)
	if loc, err := chromedp.Run(ctx, chromedp.Location()); err != nil || !strings.Contains(loc, "/reports/JWC/") {
		t.Errorf("the unit's /reports is %s, not its own report (%v)", loc, err)
	}
	step("account",
		chromedp.Navigate(url+"/account"),
		chromedp.WaitVisible(chromedp.ID("password-form")),
	)
}

// TestOneColourScheme: the board's cards split the total with nothing left
// out (未启动 and 已撤销 included), the dashboard's charts take their colours
// from the stylesheet's one scheme and draw yellow and orange apart, and
// the lights mean the same on every page: 按计划推进 is not yellow, done is
// not the green light.
func TestOneColourScheme(t *testing.T) {
	ctx := browser(t)
	url := startServer(t)
	dir, n := shots(t)
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1366, 900),
		signInSteps(url, "linxiao"),
		chromedp.Navigate(url+"/"),
		chromedp.WaitVisible(chromedp.CSS(`.cards .card`)),
		shot(t, dir, n, "board"),
	)
	if err != nil {
		t.Fatal(err)
	}
	cards, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]int](
		`Object.fromEntries([...document.querySelectorAll('.cards .card')].map(c => [c.dataset.card, Number(c.querySelector('b').textContent.replace(/,/g, ''))]))`))
	if err != nil {
		t.Fatal(err)
	}
	sum := 0
	for k, v := range cards {
		if k != "c-total" {
			sum += v
		}
	}
	if _, ok := cards["c-not-started"]; !ok || sum != cards["c-total"] || sum == 0 {
		t.Errorf("the board's cards do not add up to the total: %v (sum %d)", cards, sum)
	}
	// Every light on the page is one of the scheme's colours, and a word
	// stands beside each dot.
	bad, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
	  const cs = getComputedStyle(document.documentElement);
	  const rgb = v => { const d = document.createElement('i'); d.style.color = v; document.body.appendChild(d); const c = getComputedStyle(d).color; d.remove(); return c; };
	  const scheme = ['green','yellow','orange','red','done','not-started','cancelled'].map(k => rgb(cs.getPropertyValue('--c-' + k).trim()));
	  const out = [];
	  for (const d of document.querySelectorAll('main .dot')) {
	    const c = getComputedStyle(d).backgroundColor;
	    if (!scheme.includes(c)) { out.push(d.className + ' ' + c); }
	    const words = (d.parentElement.innerText || '').trim();
	    if (!words) { out.push(d.className + ' has no word beside it'); }
	  }
	  return out;
	})()`))
	if err != nil || len(bad) > 0 {
		t.Errorf("board lights outside the scheme or without a word: %v (%v)", bad, err)
	}

	err = chromedp.Do(ctx,
		chromedp.Navigate(url+"/dashboard"),
		chromedp.WaitVisible(chromedp.CSS(`html[data-dashboard="drawn"]`)),
		shot(t, dir, n, "dashboard"),
	)
	if err != nil {
		t.Fatal(err)
	}
	dash, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
	  const cs = getComputedStyle(document.documentElement);
	  const s = window.luoshiScheme || {};
	  const out = [];
	  for (const k of ['green','yellow','orange','red','done','not-started','cancelled']) {
	    if (s[k] !== cs.getPropertyValue('--c-' + k).trim()) { out.push('palette ' + k + ' = ' + s[k]); }
	  }
	  const colours = Object.values(s);
	  const series = window.luoshiDashboard.charts.units.getOption().series;
	  for (const x of series) { if (!colours.includes(x.itemStyle.color)) { out.push('series ' + x.name + ' ' + x.itemStyle.color); } }
	  const has = c => series.some(x => x.itemStyle.color === c);
	  if (!has(s.yellow) || !has(s.orange)) { out.push('yellow and orange are not drawn apart'); }
	  const ind = window.luoshiDashboard.charts.indicators;
	  if (ind) {
	    for (const x of ind.getOption().series) {
	      if (/按计划推进|on course/i.test(x.name) && x.itemStyle.color === s.yellow) { out.push('按计划推进 drawn yellow'); }
	    }
	  }
	  return out;
	})()`))
	if err != nil || len(dash) > 0 {
		t.Errorf("the dashboard's charts leave the scheme: %v (%v)", dash, err)
	}

	// Lists: a done measure's dot is not the green light's; 按计划推进 (an
	// indicator on course) is never yellow.
	err = chromedp.Do(ctx,
		chromedp.Navigate(url+"/measures?status=done"),
		chromedp.WaitVisible(chromedp.CSS(`#measure-table .st[data-status="done"] .dot`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	done, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
	  const d = getComputedStyle(document.querySelector('#measure-table .st[data-status="done"] .dot')).backgroundColor;
	  const probe = k => { const i = document.createElement('i'); i.className = 'dot l-' + k; document.body.appendChild(i); const c = getComputedStyle(i).backgroundColor; i.remove(); return c; };
	  return d === probe('done') && d !== probe('green');
	})()`))
	if err != nil || !done {
		t.Errorf("a done measure's light is not the scheme's done colour, or is the green light's (%v)", err)
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(url+"/indicators"),
		chromedp.WaitVisible(chromedp.CSS(`main h1`)),
		shot(t, dir, n, "indicators"),
	)
	if err != nil {
		t.Fatal(err)
	}
	yellow, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.st[data-judgement="on_course"] .dot.l-yellow, .dot.l-yellow')]
	  .filter(d => /按计划推进/.test(d.parentElement.innerText)).map(d => d.parentElement.innerText.trim())`))
	if err != nil || len(yellow) > 0 {
		t.Errorf("按计划推进 has a yellow light on the indicators page: %q (%v)", yellow, err)
	}
}
