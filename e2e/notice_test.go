package e2e

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// signInSteps signs in through the form and waits for the navigation.
func signInSteps(url, user string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(url+"/signin"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), user),
		chromedp.SendKeys(chromedp.ID("password"), "demo"),
		loads(chromedp.Submit(chromedp.ID("password"))),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/signout"] button`)),
	)
}

// TestNoticeInboxPrintCarryOver has the liaison of the Office of Academic
// Affairs (jwc), whose 2024H2-019 is overdue, see the unread badge, open the
// inbox and a notice, find its number and measure, and print it to an A4
// PDF; then the office clerk (linxiao) opens the coming meeting and carries
// a proposed overdue item onto its agenda.
func TestNoticeInboxPrintCarryOver(t *testing.T) {
	ctx := browser(t)
	url := startServer(t)
	dir, n := shots(t)
	const liaison = "jwc"
	err := chromedp.Do(ctx,
		signInSteps(url, liaison),
		chromedp.WaitVisible(chromedp.ID("unread-badge")),
		shot(t, dir, n, "badge"),
	)
	if err != nil {
		t.Fatalf("sign in as %s: %v", liaison, err)
	}
	unread := func() int {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[int](`(() => { const b = document.getElementById('unread-badge'); return b ? Number(b.textContent) : 0; })()`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	before := unread()
	if before < 1 {
		t.Fatalf("badge shows %d unread notices", before)
	}
	first := `#notice-list tbody tr.unread`
	err = chromedp.Do(ctx,
		loads(chromedp.Click(chromedp.ID("nav-notices"))),
		chromedp.WaitVisible(chromedp.CSS(first+` a[href^="/notices/"]`)),
		shot(t, dir, n, "inbox"),
	)
	if err != nil {
		t.Fatalf("open the inbox: %v", err)
	}
	code, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('`+first+` td.code a').textContent`))
	if err != nil || code == "" {
		t.Fatalf("measure code in the inbox: %q (%v)", code, err)
	}
	err = chromedp.Do(ctx,
		loads(chromedp.Click(chromedp.CSS(first+` a[href^="/notices/"]`))),
		chromedp.WaitVisible(chromedp.ID("notice")),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`#notice-measure tr[data-code=%q] a[href="/measures/%s"]`, code, code))),
		shot(t, dir, n, "notice"),
	)
	if err != nil {
		t.Fatalf("open the notice of %s: %v", code, err)
	}
	number, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("notice-number")))
	if err != nil || !strings.Contains(number, "〔2024〕第") || !strings.HasSuffix(strings.TrimSpace(number), "号") {
		t.Fatalf("notice number: %q (%v)", number, err)
	}
	t.Logf("opened %s about %s", number, code)
	if after := unread(); after != before-1 {
		t.Errorf("badge after opening: %d, want %d", after, before-1)
	}

	err = chromedp.Do(ctx, printMedia("print"), shot(t, dir, n, "print-view"))
	if err != nil {
		t.Fatal(err)
	}
	hidden, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`getComputedStyle(document.querySelector('nav.side')).display === 'none' &&
		getComputedStyle(document.querySelector('.bulletin-tools')).display === 'none'`))
	if err != nil || !hidden {
		t.Errorf("print media shows the navigation or the tools (%v)", err)
	}
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPrintBackground()))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF")) || len(pdf) < 1000 {
		t.Fatalf("not a PDF: %d bytes starting %q", len(pdf), pdf[:min(len(pdf), 8)])
	}
	*n++
	out := filepath.Join(dir, "notice-"+code+".pdf")
	if err := os.WriteFile(out, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("printed %d bytes to %s", len(pdf), out)
	if err := chromedp.Do(ctx, printMedia("")); err != nil {
		t.Fatal(err)
	}

	// The office clerk carries a proposed overdue item onto the coming meeting.
	err = chromedp.Do(ctx,
		loads(chromedp.Click(chromedp.CSS(`form[action="/signout"] button`))),
		chromedp.WaitVisible(chromedp.ID("username")),
		signInSteps(url, "linxiao"),
		loads(chromedp.Click(chromedp.CSS(`nav.side a[href="/meetings"]`))),
		chromedp.WaitVisible(chromedp.CSS(`main tbody a[href^="/meetings/"]`)),
		shot(t, dir, n, "meetings"),
		// Meetings are listed latest first.
		loads(chromedp.Click(chromedp.CSS(`main tbody a[href^="/meetings/"]`))),
		chromedp.WaitVisible(chromedp.ID("h-agenda")),
	)
	if err != nil {
		t.Fatalf("open the latest meeting: %v", err)
	}
	coming, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById('carry-over') !== null`))
	if err != nil {
		t.Fatal(err)
	}
	if !coming {
		// No meeting after the demo day: record one through the form.
		err = chromedp.Do(ctx,
			chromedp.Navigate(url+"/meetings/new"),
			chromedp.WaitVisible(chromedp.ID("m-title")),
			chromedp.SendKeys(chromedp.ID("m-title"), "校长办公会（督办事项）"),
			chromedp.SetValue(chromedp.ID("m-date"), "2024-10-29"),
			loads(chromedp.Submit(chromedp.ID("m-title"))),
			chromedp.WaitVisible(chromedp.ID("carry-over")),
		)
		if err != nil {
			t.Fatalf("record a coming meeting: %v", err)
		}
	}
	proposal := `#carry-over tbody tr[data-notice]`
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(proposal+` button`)), shot(t, dir, n, "proposals")); err != nil {
		t.Fatalf("no proposed carry-over items: %v", err)
	}
	notice, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(proposal), "data-notice"))
	if err != nil {
		t.Fatal(err)
	}
	item, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(proposal), "data-code"))
	if err != nil {
		t.Fatal(err)
	}
	agenda := `document.querySelectorAll('ol.agenda > li').length`
	items, err := chromedp.Run(ctx, chromedp.Evaluate[int](agenda))
	if err != nil {
		t.Fatal(err)
	}
	carried := fmt.Sprintf(`//ol[contains(@class, "agenda")]/li/h3[contains(., "（%s）")]`, item.Value)
	err = chromedp.Do(ctx,
		loads(chromedp.Click(chromedp.ID("carry-"+notice.Value))),
		chromedp.WaitVisible(chromedp.Search(carried)),
		chromedp.WaitNotPresent(chromedp.CSS(fmt.Sprintf(`#carry-over tr[data-notice=%q]`, notice.Value))),
		shot(t, dir, n, "carried-over"),
	)
	if err != nil {
		t.Fatalf("carry over %s: %v", item.Value, err)
	}
	after, err := chromedp.Run(ctx, chromedp.Evaluate[int](agenda))
	if err != nil || after != items+1 {
		t.Errorf("agenda items: %d before, %d after (%v)", items, after, err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.Contains(loc, "#item-") {
		t.Errorf("after carry-over at %q, want the new agenda item (%v)", loc, err)
	}
}
