package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestTodoAndReviewQueue: the office follows its to-do line to the review
// queue and accepts two reports at once; a unit liaison lands on its own
// to-do list, on a phone as on a desktop.
func TestTodoAndReviewQueue(t *testing.T) {
	url := startServer(t)
	dir, n := shots(t)
	ctx := browser(t)
	before := apiItems(t, url, "linxiao", "/api/v1/progress?review=pending&limit=500")
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1366, 900),
		signInSteps(url, "linxiao"),
		loads(chromedp.Click(chromedp.ID("nav-todo"))),
		chromedp.WaitVisible(chromedp.CSS(`#todo li[data-kind="review"] a`)),
		shot(t, dir, n, "office-todo"),
		loads(chromedp.Click(chromedp.CSS(`#todo li[data-kind="review"] a`))),
		chromedp.WaitVisible(chromedp.ID("review-queue")),
		chromedp.Click(chromedp.CSS(`#review-queue tbody tr:nth-child(1) input[type=checkbox]`)),
		chromedp.Click(chromedp.CSS(`#review-queue tbody tr:nth-child(2) input[type=checkbox]`)),
		shot(t, dir, n, "queue-chosen"),
		loads(chromedp.Click(chromedp.ID("accept-chosen"))),
		chromedp.WaitVisible(chromedp.CSS(`p.flash`)),
		shot(t, dir, n, "queue-accepted"),
	)
	if err != nil {
		t.Fatalf("office: %v", err)
	}
	if after := apiItems(t, url, "linxiao", "/api/v1/progress?review=pending&limit=500"); after != before-2 {
		t.Errorf("reports waiting: %d before, %d after accepting two", before, after)
	}
	for _, width := range []int64{1366, 390} {
		ctx := browser(t)
		err := chromedp.Do(ctx,
			chromedp.EmulateViewport(width, 844),
			signInSteps(url, "jwc"),
			chromedp.WaitVisible(chromedp.CSS(`#todo li[data-kind="returned"] a`)),
			shot(t, dir, n, "unit-todo"),
			loads(chromedp.Click(chromedp.CSS(`#todo li[data-kind="returned"] a`))),
			chromedp.WaitVisible(chromedp.ID("review-queue")),
			shot(t, dir, n, "unit-returned"),
		)
		if err != nil {
			t.Fatalf("unit liaison at %d px: %v", width, err)
		}
	}
}
