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
	dir := t.TempDir()
	bin := filepath.Join(dir, "luoshi")
	build := exec.Command("go", "build", "-o", bin, "../cmd/luoshi")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "serve", "--demo", "--addr", "127.0.0.1:0", "--db", filepath.Join(dir, "luoshi.db"))
	cmd.Env = append(os.Environ(), "LUOSHI_ADMIN_PASSWORD=admin-pass")
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

// browser starts headless Chromium with the flags this machine needs.
func browser(t *testing.T) context.Context {
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
	ctx, cancel3 := context.WithTimeout(ctx, 90*time.Second)
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
// follows the first overdue measure, files a 100 % progress report and sees
// the measure's status change to done.
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
		chromedp.Submit(chromedp.ID("password")),
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
	err = chromedp.Do(ctx,
		chromedp.Click(overdueLink),
		chromedp.WaitVisible(chromedp.ID("report-form")),
		chromedp.WaitVisible(chromedp.CSS(`.head .st[data-status="overdue"]`)),
		shot(t, dir, n, "measure-overdue"),
		chromedp.SetValue(chromedp.ID("p-percent"), "100"),
		chromedp.SendKeys(chromedp.ID("p-note"), "已全部完成，材料已报党政办。"),
		shot(t, dir, n, "report-filled"),
		chromedp.Submit(chromedp.ID("p-note")),
		chromedp.WaitVisible(chromedp.CSS(`.head .st[data-status="done"]`)),
		shot(t, dir, n, "measure-done"),
	)
	if err != nil {
		t.Fatalf("file a progress report: %v", err)
	}
}
