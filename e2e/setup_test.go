package e2e

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The admin's password on the empty institution: it must meet the rules.
const setupAdminPassword = "Luoshi-Setup-2026"

// zhDate writes a day as the Chinese pages do.
func zhDate(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// TestSetUpFromEmpty is a new university's first day, from an empty
// database without --demo: the admin lands on the set-up checklist, fills
// the profile, imports the 12-unit and 20-person sheets from docs/, sets a
// leader's portfolio and this year's terms, and gives the office clerk and
// a unit liaison one-time passwords. The clerk changes hers, records a
// meeting with a speech, decomposes it and accepts two drafts with the
// deadline 本学期内, which resolves to the autumn term's end; the liaison of
// the Office of Academic Affairs reports progress (also seen at a phone's
// width); the board shows both measures.
func TestSetUpFromEmpty(t *testing.T) {
	ctx := browserWithin(t, 4*time.Minute)
	url := startServerWith(t, setupAdminPassword)
	dir, n := shots(t)
	desktop := chromedp.EmulateViewport(1366, 900)

	// Terms around today: the autumn term runs 60 days either side of it,
	// so 本学期内 said today is the autumn term's last day.
	today := time.Now()
	autumnStart, autumnEnd := today.AddDate(0, 0, -60), today.AddDate(0, 0, 60)
	year := autumnStart.Year()
	day := func(t time.Time) string { return t.Format("2006-01-02") }

	err := chromedp.Do(ctx,
		desktop,
		chromedp.Navigate(url+"/"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "admin"),
		chromedp.SendKeys(chromedp.ID("password"), setupAdminPassword),
		loads(chromedp.Submit(chromedp.ID("password"))),
		chromedp.WaitVisible(chromedp.ID("setup-steps")),
		chromedp.WaitVisible(chromedp.ID("setup-not-ready")),
		shot(t, dir, n, "checklist-empty"),

		chromedp.Navigate(url+"/settings/institution"),
		chromedp.WaitVisible(chromedp.ID("institution-form")),
		chromedp.SendKeys(chromedp.ID("i-name"), "明德大学"),
		chromedp.SendKeys(chromedp.ID("i-short-name"), "明德"),
		chromedp.SendKeys(chromedp.ID("i-name-en"), "Mingde University"),
		chromedp.SendKeys(chromedp.ID("i-short-name-en"), "MDU"),
		chromedp.SendKeys(chromedp.ID("i-office-name"), "党委办公室、校长办公室"),
		shot(t, dir, n, "profile-filled"),
		loads(chromedp.Submit(chromedp.ID("i-name"))),
		chromedp.WaitVisible(chromedp.ID("saved")),
		shot(t, dir, n, "profile-saved"),
	)
	if err != nil {
		t.Fatalf("admin: sign in and fill the profile: %v", err)
	}
	for _, sheet := range []string{"units", "people"} {
		file, err := filepath.Abs(filepath.Join("..", "docs", sheet+"-example.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		err = chromedp.Do(ctx,
			chromedp.Navigate(url+"/settings/"+sheet+"/import"),
			chromedp.WaitVisible(chromedp.ID("sheet-import")),
			chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{file}),
			loads(chromedp.Submit(chromedp.ID("f-file"))),
			chromedp.WaitVisible(chromedp.ID("import-summary")),
			shot(t, dir, n, "import-"+sheet),
		)
		if err != nil {
			t.Fatalf("import the %s sheet: %v", sheet, err)
		}
		if bad, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#import-errors tbody tr').length`)); err != nil || bad != 0 {
			t.Fatalf("the %s sheet has %d bad rows (%v)", sheet, bad, err)
		}
	}
	// wangwu (副校长) is also in charge of teaching as a theme.
	err = chromedp.Do(ctx,
		chromedp.Navigate(url+"/settings/portfolios"),
		chromedp.WaitVisible(chromedp.ID("portfolio-wangwu")),
		chromedp.Click(chromedp.CSS(`#portfolio-wangwu input[name="themes"][value="talent_training"]`)),
		shot(t, dir, n, "portfolio-wangwu"),
		loads(chromedp.Submit(chromedp.CSS(`#portfolio-wangwu input[name="from"]`))),
		chromedp.WaitVisible(chromedp.ID("saved")),

		chromedp.Navigate(fmt.Sprintf("%s/settings/calendar?year=%d", url, year)),
		chromedp.WaitVisible(chromedp.ID("calendar-form")),
		chromedp.SetValue(chromedp.ID("c-autumn_start"), day(autumnStart)),
		chromedp.SetValue(chromedp.ID("c-autumn_end"), day(autumnEnd)),
		chromedp.SetValue(chromedp.ID("c-winter_start"), day(autumnEnd.AddDate(0, 0, 1))),
		chromedp.SetValue(chromedp.ID("c-winter_end"), day(autumnEnd.AddDate(0, 0, 30))),
		chromedp.SetValue(chromedp.ID("c-spring_start"), day(autumnEnd.AddDate(0, 0, 31))),
		chromedp.SetValue(chromedp.ID("c-spring_end"), day(autumnEnd.AddDate(0, 0, 150))),
		shot(t, dir, n, "calendar-filled"),
		loads(chromedp.Submit(chromedp.ID("c-autumn_start"))),
		chromedp.WaitVisible(chromedp.ID("saved")),
		shot(t, dir, n, "calendar-saved"),

		chromedp.Navigate(url+"/setup"),
		chromedp.WaitVisible(chromedp.ID("setup-ready")),
		shot(t, dir, n, "checklist-ready"),
	)
	if err != nil {
		t.Fatalf("portfolio, calendar and checklist: %v", err)
	}
	for _, step := range []string{"institution", "units", "people", "portfolios", "calendar"} {
		done, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`document.getElementById('step-%s').classList.contains('step-done')`, step)))
		if err != nil || !done {
			t.Errorf("checklist step %s not done (%v)", step, err)
		}
	}
	if brand, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('nav').textContent`)); err != nil || !strings.Contains(brand, "明德") {
		t.Errorf("the page header does not name the institution: %q (%v)", brand, err)
	}
	otp := map[string]string{}
	for _, user := range []string{"bangongshi", "jwc01"} {
		err := chromedp.Do(ctx,
			chromedp.Navigate(url+"/settings/accounts/"+user),
			chromedp.WaitVisible(chromedp.ID("reset-password")),
			loads(chromedp.Click(chromedp.ID("reset-password"))),
			chromedp.WaitVisible(chromedp.ID("otp")),
			shot(t, dir, n, "otp-"+user),
		)
		if err != nil {
			t.Fatalf("reset %s's password: %v", user, err)
		}
		pw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('otp').value`))
		if err != nil || len(pw) < 10 {
			t.Fatalf("one-time password of %s: %q (%v)", user, pw, err)
		}
		otp[user] = pw
	}

	// firstSignIn signs in with a one-time password, is sent to the
	// password form first, and sets a password of its own.
	firstSignIn := func(user, newPassword string) chromedp.Action[chromedp.Void] {
		return chromedp.Steps(
			chromedp.Navigate(url+"/signin"),
			chromedp.WaitVisible(chromedp.ID("username")),
			chromedp.SendKeys(chromedp.ID("username"), user),
			chromedp.SendKeys(chromedp.ID("password"), otp[user]),
			loads(chromedp.Submit(chromedp.ID("password"))),
			chromedp.WaitVisible(chromedp.ID("must-change")),
			shot(t, dir, n, "must-change-"+user),
			chromedp.SendKeys(chromedp.ID("a-current-password"), otp[user]),
			chromedp.SendKeys(chromedp.ID("a-new-password"), newPassword),
			chromedp.SendKeys(chromedp.ID("a-new-password-again"), newPassword),
			loads(chromedp.Click(chromedp.ID("password-save"))),
			chromedp.WaitVisible(chromedp.ID("saved")),
			chromedp.WaitNotPresent(chromedp.ID("must-change")),
		)
	}
	signOut := chromedp.Steps(
		loads(chromedp.Click(chromedp.CSS(`form[action="/signout"] button`))),
		chromedp.WaitVisible(chromedp.ID("username")),
	)
	speech := "一是要深化本科教育教学改革，教务处要牵头修订本科人才培养方案。二是要加强有组织科研，科技处要加快建设先进材料重大平台。"
	err = chromedp.Do(ctx,
		signOut,
		firstSignIn("bangongshi", "Duban-Office-2026"),
		chromedp.Navigate(url+"/meetings/new"),
		chromedp.WaitVisible(chromedp.ID("m-title")),
		chromedp.SendKeys(chromedp.ID("m-title"), "校长办公会"),
		chromedp.SetValue(chromedp.ID("m-date"), day(today)),
		chromedp.SetValue(chromedp.ID("i0-kind"), "speech"),
		chromedp.SendKeys(chromedp.ID("i0-title"), "校长讲话"),
		chromedp.SendKeys(chromedp.ID("i0-text"), speech),
		shot(t, dir, n, "meeting-filled"),
		loads(chromedp.Submit(chromedp.ID("m-title"))),
		chromedp.WaitVisible(chromedp.ID("decompose-1")),
		shot(t, dir, n, "meeting"),
		loads(chromedp.Click(chromedp.ID("decompose-1"))),
		chromedp.WaitVisible(chromedp.ID("drafts-form")),
		shot(t, dir, n, "drafts"),
	)
	if err != nil {
		t.Fatalf("office: record and decompose a meeting: %v", err)
	}
	if k, err := chromedp.Run(ctx, chromedp.Evaluate[int](
		`[...document.querySelectorAll('input[name="sel"]')].slice(0, 2).map(c => (c.checked = true)).length`)); err != nil || k != 2 {
		t.Fatalf("two drafts to select: %d (%v)", k, err)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("deadline"), "本学期内"),
		loads(chromedp.Click(chromedp.CSS(`button[value="accept-selected"]`))),
		chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
		shot(t, dir, n, "accepted"),
	)
	if err != nil {
		t.Fatalf("accept two drafts: %v", err)
	}
	codes, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('tr[data-state="accepted"] a[href^="/measures/"]')].map(a => a.getAttribute('href').slice('/measures/'.length))`))
	if err != nil || len(codes) != 2 {
		t.Fatalf("accepted measures: %v (%v)", codes, err)
	}
	jwcMeasure := ""
	for _, code := range codes {
		err := chromedp.Do(ctx,
			chromedp.Navigate(url+"/measures/"+code),
			chromedp.WaitVisible(chromedp.CSS(`main h1`)),
			shot(t, dir, n, "measure-"+code),
		)
		if err != nil {
			t.Fatal(err)
		}
		body, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main').innerText`))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(body, zhDate(autumnEnd)) {
			t.Errorf("measure %s is not due at the autumn term's end %s:\n%s", code, zhDate(autumnEnd), body)
		}
		if strings.Contains(body, "教务处") && strings.Contains(body, "王五") {
			jwcMeasure = code // led by 教务处, in 王五's charge (分管)
		}
	}
	if jwcMeasure == "" {
		t.Fatalf("no accepted measure is led by 教务处 with 王五 in charge: %v", codes)
	}

	phone := chromedp.EmulateViewport(390, 844)
	err = chromedp.Do(ctx,
		signOut,
		firstSignIn("jwc01", "Jiaowu-Liaison-2026"),
		phone,
		chromedp.Navigate(url+"/measures/"+jwcMeasure),
		chromedp.WaitVisible(chromedp.ID("report-form")),
		chromedp.ScrollIntoView(chromedp.ID("report-form")),
		shot(t, dir, n, "liaison-phone"),
		desktop,
		chromedp.SetValue(chromedp.ID("p-percent"), "30"),
		chromedp.SendKeys(chromedp.ID("p-note"), "已完成培养方案修订初稿，正在征求各学院意见。"),
		loads(chromedp.Submit(chromedp.ID("p-note"))),
		chromedp.WaitVisible(chromedp.CSS(`#progress .report`)),
		shot(t, dir, n, "liaison-reported"),

		signOut,
		chromedp.SendKeys(chromedp.ID("username"), "bangongshi"),
		chromedp.SendKeys(chromedp.ID("password"), "Duban-Office-2026"),
		loads(chromedp.Submit(chromedp.ID("password"))),
		chromedp.WaitVisible(chromedp.CSS(`.cards`)),
		shot(t, dir, n, "board"),
	)
	if err != nil {
		t.Fatalf("liaison reports, office opens the board: %v", err)
	}
	board, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main').innerText`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"教务处", "科学技术处"} {
		if !strings.Contains(board, want) {
			t.Errorf("the board lacks %s:\n%s", want, board)
		}
	}
	if total, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('.cards .card b').textContent`)); err != nil || total != "2" {
		t.Errorf("the board counts %q measures, want 2 (%v)", total, err)
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(url+"/measures"),
		chromedp.WaitVisible(chromedp.CSS(`main table`)),
		shot(t, dir, n, "measures"),
	)
	if err != nil {
		t.Fatal(err)
	}
	list, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main').innerText`))
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range codes {
		if !strings.Contains(list, code) {
			t.Errorf("the measures list lacks %s", code)
		}
	}
	if !strings.Contains(list, "30%") {
		t.Errorf("the liaison's 30%% is not on the list:\n%s", list)
	}
}
