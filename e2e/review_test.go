package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestReviewPage has the office clerk (linxiao) review the drafts of the
// demo's 校长办公会 that wait on her to-do list, at 1366 px, in Chinese and in English: the table fits without
// scrolling sideways; the lead unit is found by typing 教务 and picked with
// Enter, two cooperating units are added as chips by code and by name (and
// Backspace takes the last one off again); a draft is split at a cursor put
// in its text, the second part not starting with a comma, and a point
// selected in the speech puts the cursor in the draft; the header stays
// in view while scrolling; the keys j/k move
// between rows, x rejects, a accepts and s splits; printed, the page is the
// task decomposition table without a form control. axe finds nothing
// serious on the pickers.
func TestReviewPage(t *testing.T) {
	ctx := browserWithin(t, 3*time.Minute)
	url := startServer(t)
	dir, n := shots(t)
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1366, 900),
		signInSteps(url, "linxiao"),
		chromedp.Navigate(url+"/todo"),
		chromedp.WaitVisible(chromedp.CSS(`li[data-kind="drafts"] a`)),
	)
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	// The to-do line leads to the speech whose drafts wait (the demo's latest 校长办公会).
	review, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('li[data-kind="drafts"] a').getAttribute('href')`))
	if err != nil {
		t.Fatal(err)
	}
	open := func(name string) {
		t.Helper()
		err := chromedp.Do(ctx,
			chromedp.Navigate(url+review),
			chromedp.WaitVisible(chromedp.ID("drafts-form")),
			shot(t, dir, n, name),
			chromedp.Poll[chromedp.Void](`document.querySelector('[data-picker][data-ready]') !== null`),
		)
		if err != nil {
			t.Fatalf("open the review: %v", err)
		}
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
		if err != nil || wide {
			t.Errorf("%s: the page scrolls sideways at 1366 px (%v)", name, err)
		}
	}
	open("review-zh")
	// The first open draft: its id names its fields.
	id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('tr[data-state="draft"] textarea').id.slice(6)`))
	if err != nil || id == "" {
		t.Fatalf("no open draft on the review: %v", err)
	}
	lead, coop := "#lead-"+id, "#coop-"+id
	value := func(js string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return v
	}
	chips := func(sel string) string {
		return value(fmt.Sprintf(`[...document.querySelectorAll('%s-chosen .chip')].map(c => c.dataset.code).join(',')`, sel))
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(lead+"-q")),
		chromedp.SendKeys(chromedp.CSS(lead+"-q"), "教务"),
		chromedp.WaitVisible(chromedp.CSS(lead+`-list [role=option]`)),
		chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.querySelector('%s-q').getAttribute('aria-activedescendant') === '%s-opt-0'`, lead, lead[1:])),
		shot(t, dir, n, "picker-typed"),
		chromedp.KeyEvent(kb.Enter),
		shot(t, dir, n, "picker-lead-picked"),
		chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.querySelector('%s').value === 'JWC'`, lead)),
		chromedp.Click(chromedp.CSS(coop+"-q")),
		chromedp.SendKeys(chromedp.CSS(coop+"-q"), "kjc"),
		shot(t, dir, n, "picker-coop-typed"),
		chromedp.WaitVisible(chromedp.CSS(coop+`-list [role=option]`)),
		chromedp.KeyEvent(kb.Enter),
		shot(t, dir, n, "picker-coop-picked"),
		chromedp.SendKeys(chromedp.CSS(coop+"-q"), "人事"),
		chromedp.WaitVisible(chromedp.CSS(coop+`-list [role=option]`)),
		chromedp.KeyEvent(kb.ArrowDown),
		chromedp.KeyEvent(kb.ArrowUp),
		chromedp.KeyEvent(kb.Enter),
		chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.querySelectorAll('%s-chosen .chip').length === 2`, coop)),
		shot(t, dir, n, "picker-two-chips"),
	)
	if err != nil {
		t.Fatalf("pick units: %v", err)
	}
	axe := func(where string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axeSource+";0")); err != nil {
			t.Fatalf("inject axe: %v", err)
		}
		vs, err := axeCheck(ctx, false)
		if err != nil || len(vs) > 0 {
			t.Errorf("%s: axe: %v %+v", where, err, vs)
		}
	}
	axe("pickers with chips")
	if got := chips(lead); got != "JWC" {
		t.Errorf("lead chip %q, want JWC", got)
	}
	if got := chips(coop); got != "KJC,RSC" {
		t.Errorf("cooperating chips %q, want KJC,RSC", got)
	}
	// Backspace in the empty box takes the last chip off; add it again.
	err = chromedp.Do(ctx,
		chromedp.KeyEvent(kb.Backspace),
		chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.querySelectorAll('%s-chosen .chip').length === 1`, coop)),
		chromedp.SendKeys(chromedp.CSS(coop+"-q"), "rsc"),
		chromedp.WaitVisible(chromedp.CSS(coop+`-list [role=option]`)),
		chromedp.KeyEvent(kb.Enter),
		chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.querySelectorAll('%s-chosen .chip').length === 2`, coop)),
		loads(chromedp.Click(chromedp.CSS(fmt.Sprintf(`button[value="save:%s"]`, id)))),
		chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
		chromedp.Poll[chromedp.Void](`document.querySelector('[data-picker][data-ready]') !== null`),
		shot(t, dir, n, "picker-saved"),
	)
	if err != nil {
		t.Fatalf("save the chosen units: %v", err)
	}
	if got := value(fmt.Sprintf(`[...document.querySelector('%s').selectedOptions].map(o => o.value).join(',')`, coop)); got != "KJC,RSC" {
		t.Errorf("saved cooperating units %q, want KJC,RSC", got)
	}
	if got := chips(lead); got != "JWC" {
		t.Errorf("saved lead %q, want JWC", got)
	}

	// Split at the cursor: after the first clause's comma.
	rows := func() int {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('table.drafts tbody tr[data-seq]').length`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	before := rows()
	cursor := fmt.Sprintf(`(() => { const ta = document.getElementById('title-%s'); const k = ta.value.search(/[，,；;]/);
		if (k < 1) return ''; ta.focus(); ta.setSelectionRange(k + 1, k + 1); ta.dispatchEvent(new Event('select', {bubbles: true}));
		return ta.value.slice(k + 1).replace(/^[，,；;\s]+/, ''); })()`, id)
	second := value(cursor)
	if second == "" {
		t.Fatalf("draft %s has no clause to split at", id)
	}
	err = chromedp.Do(ctx,
		chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.getElementById('at-%s').value !== ''`, id)),
		shot(t, dir, n, "split-cursor"),
		loads(chromedp.Click(chromedp.CSS(fmt.Sprintf(`button[value="split:%s"]`, id)))),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`tr[data-seq="%d"]`, before+1))),
		shot(t, dir, n, "split-done"),
	)
	if err != nil {
		t.Fatalf("split at the cursor: %v", err)
	}
	if got := rows(); got != before+1 {
		t.Errorf("after the split %d rows, want %d", got, before+1)
	}
	texts := value(`[...document.querySelectorAll('table.drafts textarea')].map(t => t.value).join('\n')`)
	if !strings.Contains(texts, "\n"+second) && !strings.HasPrefix(texts, second) {
		t.Errorf("no draft is the second part %q:\n%s", second, texts)
	}
	for _, line := range strings.Split(texts, "\n") {
		if strings.HasPrefix(line, "，") || strings.HasPrefix(line, ",") {
			t.Errorf("a draft starts with a comma: %q", line)
		}
	}

	// A point selected in the speech's marked words puts the cursor there
	// in the draft's text (still the words as found: row 4).
	err = chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`(() => { const w = document.querySelector('mark[data-seq="4"] .words'); const r = document.createRange();
			r.setStart(w.firstChild, 3); r.setEnd(w.firstChild, 3); const s = getSelection(); s.removeAllRanges(); s.addRange(r);
			w.dispatchEvent(new MouseEvent('mouseup', {bubbles: true})); })()`),
		chromedp.Poll[chromedp.Void](`document.querySelector('tr[data-seq="4"] .js-split-at').value === '3'`),
		shot(t, dir, n, "speech-point"),
	)
	if err != nil {
		t.Fatalf("a point in the speech: %v", err)
	}
	// The header stays at the top when the page scrolls.
	top := value(`(() => { window.scrollTo(0, 600); const th = document.querySelector('table.drafts thead th'); return getComputedStyle(th).position + ' ' + Math.round(th.getBoundingClientRect().top); })()`)
	if top != "sticky 0" {
		t.Errorf("table header after scrolling: %q, want sticky at 0", top)
	}

	// The keys: j/k walk the rows, x rejects, a accepts, s splits.
	seq := func() string {
		return value(`(document.querySelector('tr.current') || {dataset: {}}).dataset.seq || ''`)
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(url+review),
		chromedp.WaitVisible(chromedp.ID("drafts-form")),
		chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur()`),
		chromedp.KeyEvent("j"),
		chromedp.KeyEvent("j"),
		chromedp.KeyEvent("k"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got := seq(); got != "1" {
		t.Errorf("after j j k the current row is %q, want 1", got)
	}
	// Typing j in a field types it, and does not move.
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`tr[data-seq="1"] input[name^="deadline-"]`)),
		chromedp.KeyEvent("j"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got := seq(); got != "1" {
		t.Errorf("j typed in a field moved to row %q", got)
	}
	// Row 1 rejected with x.
	err = chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`document.querySelector('tr[data-seq="1"] input[name^="deadline-"]').value = ''; document.activeElement.blur()`),
		loads(chromedp.KeyEvent("x")),
		chromedp.WaitVisible(chromedp.CSS(`tr.current[data-seq="1"][data-state="rejected"]`)),
		shot(t, dir, n, "key-x-rejected"),
		// Row 2 (the first part of the split, JWC leading): a deadline, then a.
		chromedp.KeyEvent("j"),
		chromedp.Poll[chromedp.Void](`document.querySelector('tr.current') && document.querySelector('tr.current').dataset.seq === '2'`),
	)
	if err != nil {
		t.Fatalf("reject with x: %v", err)
	}
	row2 := value(`document.querySelector('tr[data-seq="2"] textarea').id.slice(6)`)
	// A deadline before the meeting (2024-10-12) is refused beside the
	// field; 10月底前 said then is 2024-10-31.
	err = chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`document.getElementById('deadline-`+row2+`').value = ''`),
		chromedp.SendKeys(chromedp.ID("deadline-"+row2), "2024年9月底前"),
		loads(chromedp.Click(chromedp.CSS(`button[value="save:`+row2+`"]`))),
		chromedp.WaitVisible(chromedp.CSS(`#due-`+row2+`.ferr`)),
		shot(t, dir, n, "deadline-refused"),
	)
	if err != nil {
		t.Fatalf("a deadline before the meeting: %v", err)
	}
	if got := value(`document.getElementById('due-` + row2 + `').textContent`); !strings.Contains(got, "2024-09-30") || !strings.Contains(got, "2024-10-12") {
		t.Errorf("refusal beside the deadline: %q", got)
	}
	err = chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`document.getElementById('deadline-`+row2+`').value = ''`),
		chromedp.SendKeys(chromedp.ID("deadline-"+row2), "10月底前"),
		loads(chromedp.Click(chromedp.CSS(`button[value="save:`+row2+`"]`))),
		chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
		chromedp.Poll[chromedp.Void](`document.getElementById('due-`+row2+`').textContent === '→ 2024-10-31'`),
		shot(t, dir, n, "deadline-read"),
		chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur()`),
		chromedp.Poll[chromedp.Void](`document.querySelector('tr.current') && document.querySelector('tr.current').dataset.seq === '2'`),
		chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`),
		loads(chromedp.KeyEvent("a")),
		chromedp.WaitVisible(chromedp.CSS(`tr.current[data-seq="2"][data-state="accepted"]`)),
		shot(t, dir, n, "key-a-accepted"),
	)
	if err != nil {
		t.Fatalf("accept with a: %v", err)
	}
	// Row 3: s with no cursor in the text asks for one; with one, splits.
	before = rows()
	err = chromedp.Do(ctx,
		chromedp.KeyEvent("j"),
		chromedp.Poll[chromedp.Void](`document.querySelector('tr.current').dataset.seq === '3'`),
	)
	if err != nil {
		t.Fatal(err)
	}
	row3 := value(`document.querySelector('tr[data-seq="3"] textarea') ? document.querySelector('tr[data-seq="3"] textarea').id.slice(6) : ''`)
	if row3 == "" {
		t.Fatalf("row 3 is not open")
	}
	err = chromedp.Do(ctx,
		chromedp.KeyEvent("s"),
		chromedp.Poll[chromedp.Void](`document.querySelector('tr.current .split-hint.ask') !== null`),
		shot(t, dir, n, "key-s-no-cursor"),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const ta = document.getElementById('title-%s'); const k = Math.floor(Array.from(ta.value).length / 2);
			const u = Array.from(ta.value).slice(0, k).join('').length; ta.setSelectionRange(u, u); ta.dispatchEvent(new Event('select', {bubbles: true})); ta.blur(); })()`, row3)),
		loads(chromedp.KeyEvent("s")),
		// The old page has a notice too: wait for the new row.
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`tr[data-seq="%d"]`, before+1))),
		shot(t, dir, n, "key-s-split"),
	)
	if err != nil {
		t.Fatalf("split with s: %v", err)
	}
	if got := value(`document.querySelector('tr[data-seq="3"] textarea').value + '|' + document.querySelector('tr[data-seq="4"] textarea').value`); strings.Contains(got, "s") || strings.Contains(got, "|，") {
		t.Errorf("split with s: %q", got)
	}

	// Printed: the task decomposition table, no form control in sight.
	printCheck := func(name string) {
		t.Helper()
		err := chromedp.Do(ctx, printMedia("print"), shot(t, dir, n, name))
		if err != nil {
			t.Fatal(err)
		}
		controls := value(`[...document.querySelectorAll('input, select, textarea, button, nav, .side')].filter(e => e.getClientRects().length > 0).map(e => e.tagName + '#' + e.id).join(' ')`)
		if controls != "" {
			t.Errorf("%s: printed page shows %s", name, controls)
		}
		heads := value(`[...document.querySelectorAll('.decomposition-table thead th')].filter(e => e.getClientRects().length > 0).map(e => e.textContent).join('|')`)
		if !strings.Contains(heads, "|") || strings.Count(heads, "|") != 5 {
			t.Errorf("%s: printed table's columns %q", name, heads)
		}
		if err := chromedp.Do(ctx, printMedia("")); err != nil {
			t.Fatal(err)
		}
	}
	printCheck("print-zh")
	if heads := value(`[...document.querySelectorAll('.decomposition-table thead th')].map(e => e.textContent).join('|')`); heads != "序号|工作要求/具体举措|牵头单位|配合单位|责任领导|完成时限" {
		t.Errorf("printed columns %q", heads)
	}

	// The same page in English at 1366 px.
	err = chromedp.Do(ctx,
		chromedp.Navigate(url+"/account"),
		chromedp.WaitReady(chromedp.CSS(`form[action="/lang"] button[name="lang"]`)),
		loads(chromedp.Click(chromedp.CSS(`form[action="/lang"] button[name="lang"]`))),
		chromedp.WaitReady(chromedp.CSS(`html[lang="en"]`)),
	)
	if err != nil {
		t.Fatalf("switch to English: %v", err)
	}
	open("review-en")
	id = value(`document.querySelector('tr[data-state="draft"] textarea').id.slice(6)`)
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#coop-"+id+"-q")),
		chromedp.SendKeys(chromedp.CSS("#coop-"+id+"-q"), "academic"),
		chromedp.WaitVisible(chromedp.CSS("#coop-"+id+`-list [role=option]`)),
		shot(t, dir, n, "picker-en"),
	)
	if err != nil {
		t.Fatalf("English picker: %v", err)
	}
	axe("English, a picker's list open")
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}
	printCheck("print-en")
}
