package e2e

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// printMedia switches the page to CSS print media ("" switches back), so
// a screenshot shows what the printer gets.
func printMedia(media string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
		return err
	})
}

// TestBulletinIssuePrint has the office clerk (linxiao) open the bulletins,
// preview 1–14 October 2024, be told it overlaps 第2期, issue it as a
// supplement (the demo year's third bulletin),
// open it from the list, print it to an A4 PDF without the navigation, and
// void it: struck through on its page and in the list.
func TestBulletinIssuePrint(t *testing.T) {
	ctx := browser(t)
	url := startServer(t)
	dir, n := shots(t)
	err := chromedp.Do(ctx,
		chromedp.Navigate(url+"/signin"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "linxiao"),
		chromedp.SendKeys(chromedp.ID("password"), "demo"),
		loads(chromedp.Submit(chromedp.ID("password"))),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/signout"] button`)),
		loads(chromedp.Click(chromedp.CSS(`nav.side a[href="/bulletins"]`))),
		chromedp.WaitVisible(chromedp.CSS(`#bulletin-list tr[data-number="2024-2"]`)),
		shot(t, dir, n, "bulletins"),
		chromedp.SetValue(chromedp.ID("b-from"), "2024-10-01"),
		chromedp.SetValue(chromedp.ID("b-to"), "2024-10-14"),
		loads(chromedp.Click(chromedp.ID("preview-bulletin"))),
		chromedp.WaitVisible(chromedp.CSS(`#bulletin[data-issued="false"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#b-overdue-section tbody tr[data-code]`)),
		shot(t, dir, n, "preview"),
		// 第2期 covers 1–15 October: issuing without a second thought is
		// refused, and the preview names the earlier bulletin.
		chromedp.WaitVisible(chromedp.ID("issue-overlap")),
		loads(chromedp.Click(chromedp.ID("issue-bulletin"))),
		chromedp.WaitVisible(chromedp.ID("issue-error")),
		shot(t, dir, n, "overlap-refused"),
		chromedp.Click(chromedp.ID("issue-supplement")),
		loads(chromedp.Click(chromedp.ID("issue-bulletin"))),
		chromedp.WaitVisible(chromedp.CSS(`#bulletin[data-number="2024-3"]`)),
		shot(t, dir, n, "issued"),
		loads(chromedp.Click(chromedp.CSS(`a[href="/bulletins"]`))),
		chromedp.WaitVisible(chromedp.CSS(`#bulletin-list tr[data-number="2024-3"] a`)),
		shot(t, dir, n, "list-with-new"),
		loads(chromedp.Click(chromedp.CSS(`#bulletin-list tr[data-number="2024-3"] a`))),
		chromedp.WaitVisible(chromedp.CSS(`#bulletin[data-number="2024-3"]`)),
		chromedp.WaitVisible(chromedp.ID("download-docx")),
		shot(t, dir, n, "opened"),
		printMedia("print"),
		shot(t, dir, n, "print-view"),
	)
	if err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('.bulletin-no').textContent`))
	if err != nil || !strings.Contains(title, "2024年第3期") {
		t.Fatalf("bulletin number: %q (%v)", title, err)
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
	out := filepath.Join(dir, "bulletin-2024-3.pdf")
	if err := os.WriteFile(out, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("printed %d bytes to %s", len(pdf), out)
	// The office voids it: the number stays, struck through, with the reason.
	err = chromedp.Do(ctx,
		printMedia(""),
		chromedp.WaitVisible(chromedp.ID("void-reason")),
		chromedp.SendKeys(chromedp.ID("void-reason"), "范围与第2期重复，作废"),
		loads(chromedp.Click(chromedp.ID("void-submit"))),
		chromedp.WaitVisible(chromedp.ID("voided")),
		chromedp.WaitVisible(chromedp.CSS(`.bulletin-no del`)),
		shot(t, dir, n, "voided"),
		loads(chromedp.Click(chromedp.CSS(`a[href="/bulletins"]`))),
		chromedp.WaitVisible(chromedp.CSS(`#bulletin-list tr[data-number="2024-3"][data-voided="true"] .void-stamp`)),
		shot(t, dir, n, "list-voided"),
	)
	if err != nil {
		t.Fatalf("void: %v", err)
	}
}
