package e2e

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestRetreatRemarksAndBook: the liaison of 信息学院 (xxxy), whose remarks
// for the demo's 2024 summer retreat never came, opens the retreat's
// preparation from the meeting, finds its request overdue, uploads its
// remarks as a Word document and sees them late; on a 390 px phone the
// pages fit. The office then finds them in the list and downloads the
// participants' book, which holds them.
func TestRetreatRemarksAndBook(t *testing.T) {
	url := startServer(t)
	dir, n := shots(t)
	ctx := browserWithin(t, 3*time.Minute)
	docx, err := os.ReadFile("../internal/speechfile/testdata/libreoffice-speech.docx")
	if err != nil {
		t.Fatal(err)
	}
	upload := filepath.Join(t.TempDir(), "信息学院研讨发言.docx")
	if err := os.WriteFile(upload, docx, 0o644); err != nil {
		t.Fatal(err)
	}
	const mine = `#remarks-list tr[data-participant="XXXY"]`
	err = chromedp.Do(ctx,
		chromedp.EmulateViewport(1366, 900),
		signInSteps(url, "xxxy"),
		chromedp.Navigate(url+"/meetings"),
		loads(chromedp.Click(chromedp.Search(`//a[contains(., "2024年暑期工作研讨会")]`))),
		chromedp.WaitVisible(chromedp.ID("prep-link")),
		loads(chromedp.Click(chromedp.ID("prep-link"))),
		chromedp.WaitVisible(chromedp.CSS(mine+`[data-state="overdue"]`)),
		shot(t, dir, n, "prep-liaison"),
	)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#remarks-list tr[data-participant]').length`))
	if err != nil || rows != 1 {
		t.Errorf("the liaison sees %d requests, want only its unit's (%v)", rows, err)
	}
	if forms, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#topic-form, #group-form, #request-form, #book-docx').length`)); err != nil || forms != 0 {
		t.Errorf("the liaison is offered %d of the office's forms (%v)", forms, err)
	}
	err = chromedp.Do(ctx,
		loads(chromedp.Click(chromedp.CSS(mine+` a`))),
		chromedp.WaitVisible(chromedp.ID("remarks-form")),
		chromedp.SendKeys(chromedp.ID("rm-title"), "关于信息学科交叉融合的研讨发言"),
		chromedp.SetUploadFiles(chromedp.ID("rm-file"), []string{upload}),
		shot(t, dir, n, "remarks-filled"),
		loads(chromedp.Click(chromedp.ID("submit-remarks"))),
		chromedp.WaitVisible(chromedp.CSS(`#remarks-state [data-state="late"]`)),
		chromedp.WaitVisible(chromedp.ID("remarks-file")),
		shot(t, dir, n, "remarks-late"),
	)
	if err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('rm-text').value`))
	if err != nil || !strings.Contains(text, "各单位要在9月底前完成专题学习") {
		t.Errorf("the text read from the Word file: %q (%v)", text, err)
	}
	for _, page := range []string{"remarks-phone", "prep-phone"} {
		steps := []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(390, 844), chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("main h1"))}
		if page == "prep-phone" {
			steps = []chromedp.Action[chromedp.Void]{loads(chromedp.Click(chromedp.CSS(`.tools a[href$="/prep#remarks"]`))), chromedp.WaitVisible(chromedp.CSS(mine))}
		}
		if err := chromedp.Do(ctx, append(steps, shot(t, dir, n, page))...); err != nil {
			t.Fatal(err)
		}
		if over, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.documentElement.scrollWidth - window.innerWidth`)); err != nil || over > 1 {
			t.Errorf("%s: %.0f px wider than a 390 px phone (%v)", page, over, err)
		}
	}

	// The office sees the remarks in, late, and downloads the book.
	office := browserWithin(t, 2*time.Minute)
	err = chromedp.Do(office,
		chromedp.EmulateViewport(1366, 900),
		signInSteps(url, "linxiao"),
		chromedp.Navigate(url+"/meetings"),
		loads(chromedp.Click(chromedp.Search(`//a[contains(., "2024年暑期工作研讨会")]`))),
		chromedp.WaitVisible(chromedp.ID("prep-link")),
		loads(chromedp.Click(chromedp.ID("prep-link"))),
		chromedp.WaitVisible(chromedp.CSS(mine+`[data-state="late"]`)),
		chromedp.WaitVisible(chromedp.ID("book-docx")),
		shot(t, dir, n, "prep-office"),
	)
	if err != nil {
		t.Fatal(err)
	}
	b64, err := chromedp.Run(office, chromedp.Evaluate[string](`(async () => {
		const r = await fetch(document.getElementById('book-docx').href);
		if (!r.ok || !r.headers.get('Content-Type').includes('wordprocessingml')) throw new Error(r.status + ' ' + r.headers.get('Content-Type'));
		const b = new Uint8Array(await r.arrayBuffer());
		let s = ''; for (const x of b) s += String.fromCharCode(x);
		return btoa(s);
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("download the book: %v", err)
	}
	book, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "book.docx"), book, 0o644); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatalf("the book is no .docx: %v", err)
	}
	var doc string
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			doc = string(b)
		}
	}
	for _, want := range []string{"会议材料汇编", "关于信息学科交叉融合的研讨发言", "各单位要在9月底前完成专题学习", "第二组（科学研究与学科建设）研讨发言材料"} {
		if !strings.Contains(doc, want) {
			t.Errorf("the book lacks %q", want)
		}
	}
}
