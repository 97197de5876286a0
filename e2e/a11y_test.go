package e2e

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// axeSource is axe-core, vendored for this test only (testdata/axe/README.md);
// the luoshi binary neither embeds nor serves it.
//
//go:embed testdata/axe/axe.min.js
var axeSource string

// axeRun runs axe with the WCAG 2 A and AA rules and the best practices, and
// returns the serious and critical violations. context is the whole document
// or the document without the side navigation, which is the same on every
// page of a role and is checked once per role and language.
const axeRun = `axe.run(%s, {
  runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'best-practice']},
  resultTypes: ['violations'], preload: false, iframes: false,
}).then(r => r.violations
  .filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160)}))})))`

// axeViolation is one rule axe found broken on a page, with the elements.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target string `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// a11yPage is one page type. A page with from is reached by the href of the
// first element from selects on the page visited just before it (a list).
// An admin page is for the admin only: others get the error page, checked
// too.
type a11yPage struct {
	name, path, from string
	admin            bool
}

// a11yPages is every page type a signed-in account meets, in visiting order.
var a11yPages = []a11yPage{
	{name: "board", path: "/"},
	{name: "dashboard", path: "/dashboard"},
	{name: "todo", path: "/todo"},
	{name: "measures", path: "/measures"},
	{name: "measure", from: `main tbody a[href^="/measures/20"]`},
	{name: "history", from: `#history-link`},
	{name: "measure-new", path: "/measures/new"},
	{name: "meetings", path: "/meetings"},
	{name: "meeting", from: `main tbody a[href^="/meetings/"]`},
	{name: "drafts", from: `main a[href$="/drafts"]`},
	{name: "minutes", path: "/meetings/1/minutes"}, // the demo's first meeting, its draft minutes
	{name: "campaigns", path: "/campaigns"},
	{name: "campaign", from: `#campaign-list a[href^="/campaigns/"]`},
	{name: "campaign-unit", from: `#campaign-matrix a[href*="/units/"]`},
	{name: "assessment", path: "/assessments/2024"},                      // the draft, with the office's forms
	{name: "assessment-unit", from: `main a.score[data-part="on-time"]`}, // a unit's records
	// The demo's 2024 summer retreat, prepared.
	{name: "retreats", path: "/meetings?kind=retreat"},
	{name: "retreat", from: `main tbody a[href^="/meetings/"]`},
	{name: "retreat-prep", from: `#prep-link`},
	{name: "retreat-remarks", from: `#remarks-list a[href*="/remarks/"]`},
	{name: "notices", path: "/notices"},
	{name: "notice", from: `main a[href^="/notices/"]`},
	{name: "bulletins", path: "/bulletins"},
	{name: "bulletin", from: `main a[href^="/bulletins/"]:not([href$=".docx"])`},
	{name: "indicators", path: "/indicators"},
	{name: "indicator", from: `main a[href^="/indicators/ZB"]`},
	{name: "problems", path: "/problems"},
	{name: "problem", from: `main a[href^="/problems/"]:not([href="/problems/new"])`},
	{name: "allocations", path: "/allocations"},
	{name: "reports", path: "/reports"},
	{name: "report", from: `main a[href^="/reports/"]:not([href^="/reports/compendium"])`},
	{name: "summary", path: "/summaries/2024-H2"}, // 0029: a draft, figures beside its text
	{name: "review-queue", path: "/progress"},
	{name: "units", path: "/units"},
	{name: "unit", from: `main a[href^="/units/"]`},
	{name: "search", path: "/search?q=%E6%95%99%E5%AD%A6"}, // 教学
	{name: "mentions", path: "/mentions"},
	{name: "account", path: "/account"},
	{name: "settings-units", path: "/settings/units"},
	{name: "settings-people", path: "/settings/people"},
	{name: "settings-portfolios", path: "/settings/portfolios"},
	{name: "settings-notices", path: "/settings/notices"},
	{name: "settings-documents", path: "/settings/documents"},
	{name: "settings-institution", path: "/settings/institution"},
	{name: "settings-calendar", path: "/settings/calendar"},
	{name: "setup", path: "/setup"},
	{name: "audit", path: "/audit"},
	{name: "settings-themes", path: "/settings/themes"},
	{name: "unit-merge", path: "/settings/units/JWC/merge", admin: true},
	{name: "units-import", path: "/settings/units/import", admin: true},
	{name: "settings-mail", path: "/settings/mail", admin: true},
	{name: "settings-webhooks", path: "/settings/webhooks", admin: true},
	{name: "settings-deliveries", path: "/settings/deliveries", admin: true},
	{name: "settings-signin", path: "/settings/signin", admin: true},
	{name: "not-found", path: "/measures/2099H1-999"},
}

// a11yRole is a demo account of one role; full says it reaches every page
// type above, so a page it cannot find or open is a failure.
type a11yRole struct {
	role, user, password string
	full                 bool
}

var a11yRoles = []a11yRole{
	{"office", "linxiao", "demo", true},
	{"leader", "chenguoqiang", "demo", false},
	{"unit", "jwc", "demo", false},
	{"admin", "admin", "admin-pass", false}, // startServer's admin password
}

// a11yRun gathers what the tabs find. A main that another tab already
// checked in the same language (byte for byte, less the CSRF tokens) is not
// checked again: the layout around it is checked on each role's board.
type a11yRun struct {
	mu                sync.Mutex
	findings          []a11yFinding
	checked, repeated int
	seen              map[string]string
}

func (a *a11yRun) record(who, page, path string, vs []axeViolation) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.checked++
	for _, v := range vs {
		a.findings = append(a.findings, a11yFinding{who, page, path, v})
	}
}

// claim says whether main's HTML in lang is new, keeping where it was
// seen first.
func (a *a11yRun) claim(lang, main, where string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	key := lang + "\x00" + main
	if _, ok := a.seen[key]; ok {
		a.repeated++
		return false
	}
	a.seen[key] = where
	return true
}

// mainHTML is main's HTML without the session's CSRF tokens.
const mainHTML = `(() => { const m = document.querySelector('main').cloneNode(true); m.querySelectorAll('input[name="csrf"]').forEach(i => i.removeAttribute('value')); return m.outerHTML; })()`

// a11yFinding is a violation seen on one page by one role in one language.
type a11yFinding struct {
	who, page, path string // who is role/lang
	v               axeViolation
}

// axeCheck runs axe on the tab's page; withNav includes the side navigation.
func axeCheck(tab context.Context, withNav bool) ([]axeViolation, error) {
	scope := `{exclude: [['nav.side']]}`
	if withNav {
		scope = `document`
	}
	return chromedp.Run(tab, chromedp.Evaluate[[]axeViolation](fmt.Sprintf(axeRun, scope), chromedp.EvalAwaitPromise))
}

// TestAccessibility runs axe-core over every page type of the demo, in both
// languages, as each role (office, leader, unit liaison, admin) and signed
// out, and fails on any serious or critical violation, naming the rule, its
// impact, the element and the page. It also checks the skip link and that
// keyboard focus is visible on a link and a button.
func TestAccessibility(t *testing.T) {
	start := time.Now()
	// (a bound for a run gone wrong, not a speed target: some 30 page
	// types, each in two languages for five roles, under the race detector)
	ctx := browserWithin(t, 6*time.Minute)
	url := startServer(t)
	dir, _ := shots(t)
	if err := chromedp.Do(ctx); err != nil { // start the browser before the tabs
		t.Fatal(err)
	}

	run := &a11yRun{seen: map[string]string{}}

	var wg sync.WaitGroup
	for _, r := range a11yRoles {
		wg.Go(func() {
			tab := a11yTab(t, ctx)
			a11yRoleRun(t, tab, url, dir, r, run)
		})
	}
	wg.Go(func() {
		tab := a11yTab(t, ctx)
		for _, lang := range []string{"zh-CN", "en"} {
			who := "signed-out/" + lang
			where := who + " signin"
			err := chromedp.Do(tab,
				chromedp.Navigate(url+"/signin?lang="+lang),
				chromedp.WaitVisible(chromedp.ID("username")),
				a11yShot(dir, "signed-out-"+lang+"-signin"),
			)
			if err != nil {
				t.Errorf("%s: %v", where, err)
				continue
			}
			vs, err := axeCheck(tab, true)
			if err != nil {
				t.Errorf("%s: axe: %v", where, err)
				continue
			}
			run.record(who, "signin", "/signin?lang="+lang, vs)
		}
	})
	wg.Wait()

	t.Logf("axe checked %d pages in %v; %d more pages repeat a main already checked", run.checked, time.Since(start).Round(time.Second), run.repeated)
	if len(run.findings) > 0 {
		t.Errorf("%d serious or critical accessibility violations:\n%s", len(run.findings), a11yReport(run.findings))
	}
}

// a11yTab opens a tab in a browser context of its own (its own cookies) in
// which every document gets axe before its own scripts run.
func a11yTab(t *testing.T, browser context.Context) context.Context {
	tab, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if _, err := chromedp.Call(tab, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: axeSource}); err != nil {
		t.Fatalf("inject axe: %v", err)
	}
	return tab
}

// a11yRoleRun signs in as the role's account and checks every page type in
// Chinese, then switches the account to English with the language button
// and checks them again. The office clerk also tries the skip link and the
// focus outline in each language.
func a11yRoleRun(t *testing.T, tab context.Context, url, dir string, r a11yRole, run *a11yRun) {
	err := chromedp.Do(tab,
		chromedp.Navigate(url+"/signin"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), r.user),
		chromedp.SendKeys(chromedp.ID("password"), r.password),
		loads(chromedp.Submit(chromedp.ID("password"))),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/signout"] button`)),
	)
	if err != nil {
		t.Errorf("%s: sign in as %s: %v", r.role, r.user, err)
		return
	}
	for _, lang := range []string{"zh-CN", "en"} {
		err := chromedp.Do(tab,
			chromedp.Navigate(url+"/account"),
			chromedp.WaitReady(chromedp.CSS(`form[action="/lang"] button[name="lang"]`)),
		)
		if err != nil {
			t.Errorf("%s: open the account page: %v", r.role, err)
			return
		}
		if cur, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.documentElement.lang`)); err != nil {
			t.Errorf("%s: %v", r.role, err)
			return
		} else if cur != lang {
			err := chromedp.Do(tab,
				loads(chromedp.Click(chromedp.CSS(`form[action="/lang"] button[name="lang"]`))),
				chromedp.WaitReady(chromedp.CSS(fmt.Sprintf(`html[lang=%q]`, lang))),
			)
			if err != nil {
				t.Errorf("%s: switch to %s: %v", r.role, lang, err)
				return
			}
		}
		if r.role == "office" {
			a11yKeyboard(t, tab, url, dir, lang)
		}
		next := ""
		for i, p := range a11yPages {
			path := p.path
			if p.from != "" {
				path = next
				if path == "" {
					if r.full {
						t.Errorf("%s/%s: no page %s to open from the page before", r.role, lang, p.name)
					} else {
						t.Logf("%s/%s: no page %s to open (%s finds nothing)", r.role, lang, p.name, p.from)
					}
					continue
				}
			}
			who := r.role + "/" + lang
			where := fmt.Sprintf("%s %s %s", who, p.name, path)
			resp, err := chromedp.Run(tab, chromedp.NavigateResponse(url+path))
			if err != nil {
				t.Errorf("%s: %v", where, err)
				continue
			}
			switch {
			case p.name == "not-found":
				if resp.Status != 404 {
					t.Errorf("%s: HTTP %d, want 404", where, resp.Status)
				}
			case resp.Status != 200 && (r.full && !p.admin || r.role == "admin" && p.admin):
				t.Errorf("%s: HTTP %d", where, resp.Status)
			}
			err = chromedp.Do(tab,
				chromedp.WaitReady(chromedp.CSS(`main`)),
				a11yShot(dir, fmt.Sprintf("%s-%s-%02d-%s", r.role, lang, i+1, p.name)),
			)
			if err != nil {
				t.Errorf("%s: %v", where, err)
				continue
			}
			main, err := chromedp.Run(tab, chromedp.Evaluate[string](mainHTML))
			if err != nil {
				t.Errorf("%s: %v", where, err)
				continue
			}
			if run.claim(lang, main, where) || i == 0 {
				vs, err := axeCheck(tab, i == 0)
				if err != nil {
					t.Errorf("%s: axe: %v", where, err)
					continue
				}
				run.record(who, p.name, path, vs)
			}
			next = ""
			if i+1 < len(a11yPages) && a11yPages[i+1].from != "" {
				sel := a11yPages[i+1].from
				next, err = chromedp.Run(tab, chromedp.Evaluate[string](fmt.Sprintf(
					`(document.querySelector(%q) || {getAttribute: () => ''}).getAttribute('href')`, sel)))
				if err != nil {
					t.Errorf("%s: find %s: %v", where, sel, err)
				}
			}
		}
	}
}

// a11yKeyboard checks, on the board, that the first Tab lands on the skip
// link, which names itself in the page's language and moves the focus to
// main; and that a link and a button reached by Tab show a focus outline
// (or shadow) they do not have without the focus.
func a11yKeyboard(t *testing.T, tab context.Context, url, dir, lang string) {
	want := map[string]string{"zh-CN": "跳到正文", "en": "Skip to content"}[lang]
	type skip struct {
		Class, Text, Href, Target string
		Left                      float64
	}
	err := chromedp.Do(tab,
		chromedp.Navigate(url+"/"),
		chromedp.WaitReady(chromedp.CSS(`main`)),
		chromedp.KeyEvent(kb.Tab),
		a11yShot(dir, "office-"+lang+"-00-skip-link"),
	)
	if err != nil {
		t.Errorf("office/%s: Tab on the board: %v", lang, err)
		return
	}
	s, err := chromedp.Run(tab, chromedp.Evaluate[skip](`(() => {
  const a = document.activeElement, h = a.getAttribute('href') || '', m = h.startsWith('#') && document.getElementById(h.slice(1));
  return {Class: a.className, Text: a.textContent.trim(), Href: h, Target: m ? m.tagName.toLowerCase() : '', Left: a.getBoundingClientRect().left};
})()`))
	if err != nil {
		t.Errorf("office/%s: read the focused element: %v", lang, err)
		return
	}
	if s.Text != want || s.Target != "main" || s.Left < 0 {
		t.Errorf("office/%s: the first Tab focuses %+v, want a visible link %q to main", lang, s, want)
	}
	err = chromedp.Do(tab, chromedp.KeyEvent(kb.Enter))
	if err != nil {
		t.Errorf("office/%s: Enter on the skip link: %v", lang, err)
		return
	}
	// The skip link is an anchor into the page itself: no page loads, so
	// wait (10 s at most) until the page has followed it before looking
	// at the focus. If it never does, the check below says where the focus is.
	follow, cancel := context.WithTimeout(tab, 10*time.Second)
	_ = chromedp.Do(follow, holds(`location.hash === "#main"`))
	cancel()
	if focused, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.activeElement.tagName.toLowerCase() + (location.hash || '')`)); err != nil || focused != "main#main" {
		t.Errorf("office/%s: after the skip link the focus is on %q, want main#main (%v)", lang, focused, err)
	}

	// Each of these is reached by Tab from the start of its region: the
	// side navigation (dark) from the top of the page, main (light) from
	// main itself, focused by script first.
	for _, c := range []struct{ region, kind string }{{"nav", "a"}, {"nav", "button"}, {"main", "a"}, {"main", "button"}} {
		start := `document.activeElement.blur()`
		if c.region == "main" {
			start = `document.getElementById('main').focus()`
		}
		err := chromedp.Do(tab,
			chromedp.Navigate(url+"/"),
			chromedp.WaitReady(chromedp.CSS(`main`)),
			chromedp.Evaluate[chromedp.Void](start),
		)
		if err != nil {
			t.Errorf("office/%s: reload the board: %v", lang, err)
			return
		}
		want := fmt.Sprintf(`%s %s:not(.skip)`, c.region, c.kind)
		reached := false
		for range 60 {
			if err := chromedp.Do(tab, chromedp.KeyEvent(kb.Tab)); err != nil {
				t.Errorf("office/%s: Tab: %v", lang, err)
				return
			}
			ok, err := chromedp.Run(tab, chromedp.Evaluate[bool](fmt.Sprintf(`document.activeElement.matches(%q)`, want)))
			if err != nil {
				t.Errorf("office/%s: %v", lang, err)
				return
			}
			if ok {
				reached = true
				break
			}
		}
		if !reached {
			t.Errorf("office/%s: 60 Tabs reach no %s", lang, want)
			continue
		}
		if err := chromedp.Do(tab, a11yShot(dir, fmt.Sprintf("office-%s-00-focus-%s-%s", lang, c.region, c.kind))); err != nil {
			t.Errorf("office/%s: %v", lang, err)
		}
		type style struct {
			Visible, Shows  bool
			Focused, Rest   string
			Contrast        float64
			Element, Colour string
		}
		// The focus shows as an outline or a box-shadow, the element looks
		// different once it loses the focus, and an outline stands out
		// from the background it is drawn on by 3:1 (WCAG 1.4.11).
		st, err := chromedp.Run(tab, chromedp.Evaluate[style](`(() => {
  const e = document.activeElement, visible = e.matches(':focus-visible');
  const look = () => { const c = getComputedStyle(e); return [c.outlineStyle, c.outlineWidth, c.outlineColor, c.boxShadow]; };
  const f = look();
  const rgb = s => (s.match(/[\d.]+/g) || []).map(Number);
  const lum = s => { const [r, g, b] = rgb(s).map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  let bg = 'rgb(255, 255, 255)';
  for (let n = e.parentElement; n; n = n.parentElement) { const b = getComputedStyle(n).backgroundColor, a = rgb(b); if (a.length === 3 || a[3] > 0) { bg = b; break; } }
  const [hi, lo] = [lum(f[2]), lum(bg)].sort((x, y) => y - x);
  const hasOutline = f[0] !== 'none' && parseFloat(f[1]) > 0;
  e.blur();
  return {Visible: visible, Shows: hasOutline || f[3] !== 'none', Focused: f.join(' | '), Rest: look().join(' | '),
    Contrast: hasOutline ? (hi + 0.05) / (lo + 0.05) : 99, Element: e.outerHTML.slice(0, 120), Colour: f[2] + ' on ' + bg};
})()`))
		if err != nil {
			t.Errorf("office/%s: read the focus style of %s: %v", lang, want, err)
			continue
		}
		if !st.Visible || !st.Shows || st.Focused == st.Rest {
			t.Errorf("office/%s: %s focused by Tab shows no focus: focus-visible %v, focused %q, unfocused %q", lang, st.Element, st.Visible, st.Focused, st.Rest)
		}
		if st.Contrast < 3 {
			t.Errorf("office/%s: the focus outline of %s has a contrast of %.2f:1 against its background (%s), want at least 3:1", lang, st.Element, st.Contrast, st.Colour)
		}
	}
}

// a11yShot saves a screenshot of the viewport under a name of its own, so
// that tabs running at once do not share a counter.
func a11yShot(dir, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		fast := true
		res, err := cdp.Call(ctx, tg, page.CaptureScreenshot, page.CaptureScreenshotParams{OptimizeForSpeed: &fast})
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, name+".png"), res.Data, 0o644)
	})
}

// a11yReport lists the findings once per rule and page type: the impact,
// the elements (a few) and who saw them.
func a11yReport(findings []a11yFinding) string {
	type key struct{ rule, page string }
	type group struct {
		impact, help, path string
		targets, who       []string
	}
	groups := map[key]*group{}
	var keys []key
	for _, f := range findings {
		k := key{f.v.ID, f.page}
		g := groups[k]
		if g == nil {
			g = &group{impact: f.v.Impact, help: f.v.Help, path: f.path}
			groups[k] = g
			keys = append(keys, k)
		}
		for _, n := range f.v.Nodes {
			if target := n.Target + "  " + n.HTML; !slices.Contains(g.targets, target) {
				g.targets = append(g.targets, target)
			}
		}
		if !slices.Contains(g.who, f.who) {
			g.who = append(g.who, f.who)
		}
	}
	slices.SortFunc(keys, func(a, b key) int { return strings.Compare(a.rule+" "+a.page, b.rule+" "+b.page) })
	var b strings.Builder
	for _, k := range keys {
		g := groups[k]
		slices.Sort(g.who)
		fmt.Fprintf(&b, "- %s (%s) on %s (e.g. %s), seen by %s: %s\n", k.rule, g.impact, k.page, g.path, strings.Join(g.who, ", "), g.help)
		for i, target := range g.targets {
			if i == 4 {
				fmt.Fprintf(&b, "    … and %d more elements\n", len(g.targets)-4)
				break
			}
			fmt.Fprintf(&b, "    %s\n", target)
		}
	}
	return b.String()
}
