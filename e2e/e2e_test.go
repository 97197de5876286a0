// Package e2e drives the real luoshi binary in headless Chromium.
package e2e

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// requireBrowser makes a missing Chromium a failure instead of a skip; .ci/run sets it.
const requireBrowser = "LUOSHI_REQUIRE_BROWSER"

func chromiumPath(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv(requireBrowser) != "" {
		t.Fatalf("Chromium not found and %s is set", requireBrowser)
	}
	t.Skip("skipping browser test: Chromium not found (apt-get install chromium; .ci/run does)")
	return ""
}

// startServer builds the binary and runs `luoshi serve --demo` on port 0,
// waiting for its "ready" log line.
func startServer(t *testing.T) string {
	t.Helper()
	return startServerWith(t, "admin-pass", "--demo")
}

// startServerWith runs `luoshi serve` with extra arguments (none: an empty
// institution) and the admin password, on port 0.
func startServerWith(t *testing.T, adminPassword string, args ...string) string {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "luoshi")
	build := exec.Command("go", "build", "-o", bin, "../cmd/luoshi")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(dir, "luoshi.db")}, args...)...)
	cmd.Env = append(os.Environ(), "LUOSHI_ADMIN_PASSWORD="+adminPassword)
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })

	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		re := regexp.MustCompile(`url=(\S+)`)
		for sc.Scan() {
			line := sc.Text()
			t.Log("server:", line)
			if strings.Contains(line, "luoshi ready") {
				if m := re.FindStringSubmatch(line); m != nil {
					ready <- strings.TrimSuffix(m[1], "/")
				}
			}
		}
	}()
	select {
	case url := <-ready:
		return url
	case <-time.After(60 * time.Second):
		t.Fatal("server did not become ready in 60s")
	}
	return ""
}

// browser starts headless Chromium with the flags this machine needs; its
// context ends after 90 s.
func browser(t *testing.T) context.Context {
	t.Helper()
	return browserWithin(t, 90*time.Second)
}

// browserWithin is browser for a longer story.
func browserWithin(t *testing.T, limit time.Duration) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1440, 900),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, limit)
	t.Cleanup(cancel3)
	return ctx
}

// shots makes the folder for a test's step screenshots. It is kept after
// the test (unlike t.TempDir) so a failure can be looked at.
func shots(t *testing.T) (string, *int) {
	dir, err := os.MkdirTemp("", "luoshi-e2e-"+t.Name()+"-")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", dir)
	return dir, new(int)
}

// shot saves a screenshot of the current page as the next numbered step.
func shot(t *testing.T, dir string, n *int, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		*n++
		buf, err := chromedp.FullScreenshot(100)(ctx, tg) // quality 100 gives a PNG
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, fmt.Sprintf("%02d-%s.png", *n, name)), buf, 0o644)
	})
}

// TestBoardProgressReport signs in as an office clerk, opens the board,
// follows the first overdue measure, files a 100 % progress report with a
// PDF as evidence (a real browser's multipart upload) and sees the
// measure's status change to done and the file listed.
func TestBoardProgressReport(t *testing.T) {
	ctx := browser(t)
	url := startServer(t)
	dir, n := shots(t)
	const office = "linxiao" // the demo's first office clerk
	overdueLink := chromedp.CSS(`section[aria-labelledby="h-overdue"] tbody a`)
	err := chromedp.Do(ctx,
		chromedp.Navigate(url+"/"),
		chromedp.WaitVisible(chromedp.ID("username")),
		shot(t, dir, n, "signin"),
		chromedp.SendKeys(chromedp.ID("username"), office),
		chromedp.SendKeys(chromedp.ID("password"), "demo"),
		loads(chromedp.Submit(chromedp.ID("password"))),
		chromedp.WaitVisible(overdueLink),
		shot(t, dir, n, "board"),
	)
	if err != nil {
		t.Fatalf("sign in and open the board: %v", err)
	}
	href, err := chromedp.Run(ctx, chromedp.AttributeValue(overdueLink, "href"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("first overdue measure: %s", href.Value)
	pdf := filepath.Join(t.TempDir(), "验收材料.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		loads(chromedp.Click(overdueLink)),
		chromedp.WaitVisible(chromedp.ID("report-form")),
		chromedp.WaitVisible(chromedp.CSS(`.head .st[data-status="overdue"]`)),
		shot(t, dir, n, "measure-overdue"),
		chromedp.SetValue(chromedp.ID("p-percent"), "100"),
		chromedp.SendKeys(chromedp.ID("p-note"), "已全部完成，材料已报党政办。"),
		chromedp.SetUploadFiles(chromedp.ID("p-evidence"), []string{pdf}),
		shot(t, dir, n, "report-filled"),
		loads(chromedp.Submit(chromedp.ID("p-note"))),
		chromedp.WaitVisible(chromedp.CSS(`.head .st[data-status="done"]`)),
		chromedp.WaitVisible(chromedp.CSS(`ul.evidence a[href^="/evidence/"]`)),
		shot(t, dir, n, "measure-done"),
	)
	if err != nil {
		t.Fatalf("file a progress report: %v", err)
	}
}

// TestDecomposeAcceptThree decomposes the demo retreat's president's speech
// (its third item: the issued 2024-H1 summary opens the agenda, then the
// briefing) from the meeting page, accepts the first three drafts with one deadline,
// and finds three more measures on the meeting page.
func TestDecomposeAcceptThree(t *testing.T) {
	ctx := browser(t)
	url := startServer(t)
	dir, n := shots(t)
	err := chromedp.Do(ctx,
		chromedp.Navigate(url+"/signin"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "linxiao"),
		chromedp.SendKeys(chromedp.ID("password"), "demo"),
		loads(chromedp.Submit(chromedp.ID("password"))),
		chromedp.WaitVisible(chromedp.CSS(`.cards`)),
		chromedp.Navigate(url+"/meetings"),
		chromedp.WaitVisible(chromedp.CSS(`main table`)),
	)
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	retreat, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`[...document.querySelectorAll('main a[href^="/meetings/"]')].find(a => a.textContent.includes('研讨会')).getAttribute('href')`))
	if err != nil {
		t.Fatalf("find the retreat: %v", err)
	}
	countMeasures := `document.querySelectorAll('#measures tbody a[href^="/measures/"]').length`
	err = chromedp.Do(ctx,
		chromedp.Navigate(url+retreat),
		chromedp.WaitVisible(chromedp.ID("decompose-3")),
		shot(t, dir, n, "retreat"),
	)
	if err != nil {
		t.Fatalf("open the retreat: %v", err)
	}
	before, err := chromedp.Run(ctx, chromedp.Evaluate[int](countMeasures))
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		loads(chromedp.Click(chromedp.ID("decompose-3"))),
		chromedp.WaitVisible(chromedp.ID("drafts-form")),
		chromedp.WaitVisible(chromedp.CSS(`mark#span-3`)),
		shot(t, dir, n, "drafts"),
	)
	if err != nil {
		t.Fatalf("decompose: %v", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[int](
		`[...document.querySelectorAll('input[name="sel"]')].slice(0, 3).map(c => (c.checked = true)).length`)); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("deadline"), "2024年12月底前"),
		shot(t, dir, n, "three-selected"),
		loads(chromedp.Click(chromedp.CSS(`button[value="accept-selected"]`))),
		chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
		shot(t, dir, n, "accepted"),
	)
	if err != nil {
		t.Fatalf("accept three drafts: %v", err)
	}
	accepted, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('tr[data-state="accepted"]').length`))
	if err != nil || accepted != 3 {
		t.Fatalf("accepted drafts on the review page: %d (%v)", accepted, err)
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(url+retreat),
		chromedp.WaitVisible(chromedp.ID("measures")),
		shot(t, dir, n, "retreat-after"),
	)
	if err != nil {
		t.Fatal(err)
	}
	after, err := chromedp.Run(ctx, chromedp.Evaluate[int](countMeasures))
	if err != nil || after != before+3 {
		t.Fatalf("measures on the meeting page: %d before, %d after (%v)", before, after, err)
	}
}

// loads runs steps that leave the page — a click on a form's button or on
// a link, a submit — and returns once the browser shows the next page,
// fully loaded. Without it a wait after the click can match the page being
// left (an element both pages have, a text both contain), and the typing
// or clicking that follows goes to a page about to vanish: the text is
// lost or the action never finds its node.
//
// It marks the page being left and waits, asking again every few
// milliseconds, until the page it finds carries no mark and has loaded.
// Questions asked while the browser swaps documents may fail; they count
// as "not yet". A page restored from the back-forward cache keeps its
// mark, so Back is not a step for loads.
func loads(steps ...chromedp.Action[chromedp.Void]) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := chromedp.Evaluate[bool](`window.e2eLeft = true`)(ctx, tg); err != nil {
			return fmt.Errorf("mark the page: %w", err)
		}
		if _, err := chromedp.Steps(steps...)(ctx, tg); err != nil {
			return err
		}
		_, err := holds(`window.e2eLeft !== true && document.readyState === "complete"`)(ctx, tg)
		return err
	})
}

// holds waits until the page's JavaScript condition holds, asking again
// every few milliseconds. Unlike chromedp.Poll it lives through a change
// of page: a question the browser cannot answer while it swaps documents
// counts as "not yet".
func holds(cond string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			qctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			ok, err := chromedp.Evaluate[bool](cond)(qctx, tg)
			cancel()
			if err == nil && ok {
				return nil
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("waiting for %s: %w", cond, ctx.Err())
			case <-tick.C:
			}
		}
	})
}
