package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// issuedNotices runs the daily job on the fixture's day (2024-10-15, 09:00,
// after the digest hour) and returns the notices it issued by kind and
// measure ("report:2024H2-001"): a report notice for each measure without
// a report since its start (1 July), and a bulletin notice for
// 2024H2-002, overdue since 30 September. want are the keys it must have.
func issuedNotices(t *testing.T, a *app.App, want ...string) map[string]model.Notice {
	t.Helper()
	ctx := context.Background()
	run, err := a.RunDay(ctx, "test")
	if err != nil || !run.Ran || run.Notices == 0 {
		t.Fatalf("daily job: %+v %v", run, err)
	}
	ns, err := a.Notices(ctx, apptest.Account(t, a, apptest.Office), model.NoticeFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]model.Notice{}
	for _, n := range ns {
		out[string(n.Kind)+":"+n.Measure] = n
	}
	for _, k := range want {
		if _, ok := out[k]; !ok {
			t.Fatalf("no %s notice among %d", k, len(ns))
		}
	}
	return out
}

// futureMeeting records, as the office, a meeting after the fixture's day.
func futureMeeting(t *testing.T, a *app.App) model.Meeting {
	t.Helper()
	m := model.Meeting{Kind: "president_office", Title: "校长办公会（10月）", Date: model.Ymd(2024, 10, 20),
		Items: []model.AgendaItem{{Kind: "briefing", Title: "工作通报", Text: "通报近期重点工作进展。"}}}
	if err := a.SaveMeeting(context.Background(), apptest.Account(t, a, apptest.Office), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// failedDelivery records a webhook delivery that failed for good, as the
// sender leaves one after its last attempt, and returns its id.
func failedDelivery(t *testing.T, a *app.App, key string) int64 {
	t.Helper()
	ctx := context.Background()
	d := model.Delivery{Key: key, Channel: model.ChannelWebhook, Target: "99", Day: apptest.Today, Notices: []int64{}, NextAt: a.Now()}
	err := apptest.Store(a).Write(ctx, func(tx *store.Tx) error {
		if _, err := tx.InsertDelivery(ctx, &d); err != nil {
			return err
		}
		if _, err := tx.ClaimDeliveries(ctx, "test", a.Now(), time.Minute, 100); err != nil {
			return err
		}
		_, err := tx.FinishDelivery(ctx, d.ID, "test", "HTTP 500: robot down", time.Time{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return d.ID
}

// robot is a chat group's webhook receiver that takes every message,
// answering as WeCom, DingTalk and Feishu robots do when all is well.
func robot(t *testing.T) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Write([]byte(`{"errcode":0,"errmsg":"ok","code":0,"msg":"success"}`))
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/hook"
}

// adminOnly: 303 without a session, s for the admin, 403 for the others.
func adminOnly(s int) want {
	return want{def: denied, role: map[string]int{"anon": see, apptest.Admin: s}}
}

// noticeScenarios are the notice, settings, account and calendar routes for
// TestRoutes.
func noticeScenarios(t *testing.T, a *app.App) []scenario {
	ctx := context.Background()
	// Measure A has a report (TestRoutes filed one): no notice for kjc1.
	bulletin := issuedNotices(t, a, "bulletin:"+apptest.MeasureB)["bulletin:"+apptest.MeasureB].ID
	np := fmt.Sprintf("/notices/%d", bulletin)
	meeting := futureMeeting(t, a)
	retry := fmt.Sprintf("/settings/deliveries/%d/retry", failedDelivery(t, a, "webhook:99:2024-10-15"))
	admin := apptest.Account(t, a, apptest.Admin)
	hook := model.Webhook{Name: "督办工作群", Kind: "json", URL: robot(t), Enabled: true}
	doomed := model.Webhook{Name: "旧群", Kind: "json", URL: robot(t)}
	for _, w := range []*model.Webhook{&hook, &doomed} {
		if err := a.SaveWebhook(ctx, admin, w); err != nil {
			t.Fatal(err)
		}
	}
	wp := fmt.Sprintf("/settings/webhooks/%d", hook.ID)
	leader := apptest.Account(t, a, apptest.Leader)
	token, err := a.ResetCalendarToken(ctx, leader)
	if err != nil {
		t.Fatal(err)
	}
	unprocessable := http.StatusUnprocessableEntity
	readAll := want{def: ok, role: map[string]int{"anon": see, apptest.UnitKJC: denied, apptest.UnitRSC: denied}}
	unitTab := want{def: denied, role: map[string]int{"anon": see, apptest.UnitKJC: ok, apptest.UnitRSC: ok}}
	rules := func(hour string) func() url.Values {
		return func() url.Values {
			return url.Values{"remind_days": {"7, 1"}, "report_every": {"14"}, "ladder": {"1"}, "digest_hour": {hour}}
		}
	}
	webhookForm := func() url.Values {
		return url.Values{"name": {"督办工作群"}, "kind": {"json"}, "url": {hook.URL}, "units": {"KJC", "JWC"}, "enabled": {"1"}}
	}
	return []scenario{
		{"GET /notices", "/notices", nil, signedInOnly(ok)},
		{"GET /notices", "/notices?tab=all&kind=bulletin&unit=JWC&measure=" + apptest.MeasureB, nil, readAll},
		{"GET /notices", "/notices?tab=unit", nil, unitTab},
		{"GET /notices", "/notices?kind=nope", nil, signedInOnly(unprocessable)},
		{"GET /notices", "/notices?before=abc", nil, signedInOnly(unprocessable)},
		{"GET /notices/{id}", np, nil, readAll},
		{"GET /notices/{id}/notice.docx", np + "/notice.docx", nil, readAll},
		{"GET /notices/{id}/notice.docx", "/notices/9999/notice.docx", nil, signedInOnly(notFound)},
		{"GET /notices/{id}", "/notices/9999", nil, signedInOnly(notFound)},
		{"GET /notices/{id}", "/notices/abc", nil, signedInOnly(notFound)},
		{"POST /notices/{id}/void", np + "/void", func() url.Values { return url.Values{"reason": {"重复发送"}} },
			want{def: denied, role: map[string]int{"anon": see, apptest.Admin: see, apptest.Office: http.StatusConflict}}},
		// The admin carries the item over; the office then finds it already on the agenda (409).
		{"POST /meetings/{id}/carry-over", fmt.Sprintf("/meetings/%d/carry-over", meeting.ID),
			func() url.Values { return url.Values{"notice": {fmt.Sprint(bulletin)}} },
			want{def: denied, role: map[string]int{"anon": see, apptest.Admin: see, apptest.Office: http.StatusConflict}}},
		{"GET /settings/notices", "/settings/notices", nil, officeOnly(ok)},
		{"POST /settings/notices", "/settings/notices", rules("8"), officeOnly(see)},
		{"POST /settings/notices", "/settings/notices", rules("25"), officeOnly(unprocessable)},
		{"GET /settings/mail", "/settings/mail", nil, adminOnly(ok)},
		{"POST /settings/mail", "/settings/mail", func() url.Values {
			return url.Values{"host": {"smtp.example.edu.cn"}, "port": {"587"}, "security": {"starttls"}, "username": {"duban"},
				"password": {"pw"}, "from": {"duban@example.edu.cn"}, "site_url": {"https://duban.example.edu.cn"}}
		}, adminOnly(see)},
		{"GET /settings/webhooks", "/settings/webhooks", nil, adminOnly(ok)},
		{"GET /settings/webhooks/new", "/settings/webhooks/new", nil, adminOnly(ok)},
		{"POST /settings/webhooks/new", "/settings/webhooks/new", webhookForm, adminOnly(see)},
		{"GET /settings/webhooks/{id}", wp, nil, adminOnly(ok)},
		{"GET /settings/webhooks/{id}", "/settings/webhooks/9999", nil, adminOnly(notFound)},
		{"POST /settings/webhooks/{id}", wp, webhookForm, adminOnly(see)},
		{"POST /settings/webhooks/{id}/test", wp + "/test", nil, adminOnly(ok)},
		{"POST /settings/webhooks/{id}/delete", fmt.Sprintf("/settings/webhooks/%d/delete", doomed.ID), nil,
			want{def: denied, role: map[string]int{"anon": see, apptest.Admin: see}}},
		{"GET /settings/deliveries", "/settings/deliveries", nil, adminOnly(ok)},
		{"GET /settings/deliveries", "/settings/deliveries?state=failed", nil, adminOnly(ok)},
		{"GET /settings/deliveries", "/settings/deliveries?state=lost", nil, adminOnly(unprocessable)},
		{"POST /settings/deliveries/{id}/retry", retry, nil, adminOnly(see)},
		{"GET /account", "/account", nil, signedInOnly(ok)},
		{"POST /account/email", "/account/email", func() url.Values { return url.Values{"email": {"someone@example.edu.cn"}} }, signedInOnly(see)},
		{"POST /account/email", "/account/email", func() url.Values { return url.Values{"email": {"not an address"}} }, signedInOnly(unprocessable)},
		// The feed needs no session: the secret address is the key.
		{"GET /calendar/{file}", "/calendar/" + token + ".ics", nil, want{def: ok}},
		{"GET /calendar/{file}", "/calendar/" + token, nil, want{def: notFound}},
		{"GET /calendar/{file}", "/calendar/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.ics", nil, want{def: notFound}},
		// Last: it gives every account a new calendar address.
		{"POST /account/calendar", "/account/calendar", nil, signedInOnly(see)},
	}
}

// TestNoticeRules checks the office's rules form: the defaults shown, a bad
// hour back with 422 by its field and nothing saved, then a good save.
func TestNoticeRules(t *testing.T) {
	a, srv := newServer(t)
	c := newClient(t, srv.URL)
	c.signIn(apptest.Office)
	_, body := c.get("/settings/notices")
	if !strings.Contains(body, `name="remind_days" value="7, 1"`) || !strings.Contains(body, `name="digest_hour" value="8"`) ||
		!strings.Contains(body, `name="ladder" value="1" checked`) {
		t.Errorf("defaults not shown:\n%s", body)
	}
	for _, bad := range []struct{ field, remind, every, hour, msg, id string }{
		{"digest_hour", "7, 1", "14", "25", "应为 0 到 23 之间的整点", `id="r-hour"`},
		{"remind_days", "7, soon", "14", "8", "用逗号分隔", `id="r-remind"`},
		{"remind_days", "7, 7", "14", "8", "7 重复列出", `id="r-remind"`},
		{"report_every", "7", "2", "8", "应为 0（关闭）或 3 到 366 天", `id="r-report"`},
	} {
		code, body, _ := c.post("/settings/notices", url.Values{"remind_days": {bad.remind}, "report_every": {bad.every}, "digest_hour": {bad.hour}})
		if code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422", bad.field, code)
			continue
		}
		field := regexp.MustCompile(bad.id + `[^>]*aria-invalid="true"`)
		if !field.MatchString(body) || !strings.Contains(body, bad.msg) || !strings.Contains(body, `value="`+bad.remind+`"`) {
			t.Errorf("%s: the form lacks the message by its field or the input:\n%s", bad.field, body)
		}
	}
	if r, _ := a.NoticeRules(t.Context()); !slices.Equal(r.RemindDays, []int{7, 1}) || r.DigestHour != 8 || !r.Ladder || r.ReportEvery != 14 {
		t.Errorf("bad input changed the rules: %+v", r)
	}
	code, _, h := c.post("/settings/notices", url.Values{"remind_days": {"3，14"}, "report_every": {"0"}, "digest_hour": {"7"}})
	if code != see || h.Get("Location") != "/settings/notices?saved=1" {
		t.Fatalf("save: %d %s", code, h.Get("Location"))
	}
	if r, _ := a.NoticeRules(t.Context()); !slices.Equal(r.RemindDays, []int{14, 3}) || r.DigestHour != 7 || r.Ladder || r.ReportEvery != 0 {
		t.Errorf("saved rules: %+v", r)
	}
	if _, body := c.get("/settings/notices?saved=1"); !strings.Contains(body, `id="saved"`) || !strings.Contains(body, `value="14, 3"`) {
		t.Errorf("after saving: no confirmation or not the new rules")
	}
}

var reBadge = regexp.MustCompile(`id="unread-badge">(\d+)<`)

func badge(t *testing.T, c *client) string {
	t.Helper()
	_, body := c.get("/measures")
	if m := reBadge.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return ""
}

// TestNoticeInboxAndDocument opens a unit's notice from its inbox: the
// badge counts it until it is opened, the document shows its number, the
// measure and the issuer, and another unit's account may not open it.
func TestNoticeInboxAndDocument(t *testing.T) {
	a, srv := newServer(t)
	notices := issuedNotices(t, a, "report:"+apptest.MeasureA, "bulletin:"+apptest.MeasureB)
	mine := notices["report:"+apptest.MeasureA]
	jwc := notices["bulletin:"+apptest.MeasureB]
	kjc := newClient(t, srv.URL)
	kjc.signIn(apptest.UnitKJC)
	if got := badge(t, kjc); got != "1" {
		t.Fatalf("badge before: %q, want 1", got)
	}
	_, body := kjc.get("/notices")
	row := fmt.Sprintf(`<tr data-notice="%d" data-kind="report" data-read="false" class="unread">`, mine.ID)
	if !strings.Contains(body, row) || !strings.Contains(body, `<span class="visually-hidden">（未读）</span>`) ||
		strings.Contains(body, fmt.Sprintf(`data-notice="%d"`, jwc.ID)) {
		t.Errorf("inbox: the unread notice is not marked, or another unit's is listed:\n%s", body)
	}
	if _, body := kjc.get("/notices?tab=unit"); !strings.Contains(body, fmt.Sprintf(`data-notice="%d"`, mine.ID)) {
		t.Errorf("unit tab lacks the unit's notice")
	}
	if code, _ := kjc.get("/notices?tab=all"); code != denied {
		t.Errorf("a unit account reads all notices: %d", code)
	}

	rsc := newClient(t, srv.URL)
	rsc.signIn(apptest.UnitRSC)
	if code, _ := rsc.get(fmt.Sprintf("/notices/%d", mine.ID)); code != denied {
		t.Errorf("another unit opens the notice: %d", code)
	}
	if code, _ := kjc.get(fmt.Sprintf("/notices/%d", jwc.ID)); code != denied {
		t.Errorf("kjc1 opens JWC's bulletin notice: %d", code)
	}
	if got := badge(t, kjc); got != "1" {
		t.Errorf("refused reads changed the badge: %q", got)
	}

	code, body := kjc.get(fmt.Sprintf("/notices/%d", mine.ID))
	number := app.NoticeNumber("zh-CN", mine)
	for _, want := range []string{`<p class="bulletin-no" id="notice-number">` + number + `</p>`, "催报通知〔2024〕第", "科学技术处：",
		`<a href="/measures/` + apptest.MeasureA + `">` + apptest.MeasureA + `</a>`, "推进重大科研平台建设",
		app.NoticeSummary("zh-CN", mine), `<p id="notice-issuer">党政办公室</p>`, "2024年10月15日", "科技处联络员", "js-print"} {
		if !strings.Contains(body, want) {
			t.Errorf("notice page lacks %q", want)
		}
	}
	if code != ok || strings.Contains(body, `id="unread-badge"`) {
		t.Errorf("opened notice: %d, badge still shown", code)
	}
	if got := badge(t, kjc); got != "" {
		t.Errorf("badge after opening: %q, want none", got)
	}
	if _, body := kjc.get("/notices"); !strings.Contains(body, fmt.Sprintf(`<tr data-notice="%d" data-kind="report" data-read="true">`, mine.ID)) {
		t.Errorf("inbox: the opened notice is still unread")
	}
	// The office reads it too, without changing the unit's marks; in English.
	office := newClient(t, srv.URL)
	office.signIn(apptest.Office)
	office.post("/lang", url.Values{"lang": {"en"}, "next": {"/notices"}})
	_, body = office.get(fmt.Sprintf("/notices/%d", jwc.ID))
	for _, want := range []string{app.NoticeNumber("en", jwc), "To Academic Affairs Office and 王校长:", "党政办公室", "Overdue by 15 days"} {
		if !strings.Contains(body, want) {
			t.Errorf("English bulletin notice lacks %q", want)
		}
	}
	_, body = office.get("/notices?tab=all&kind=report")
	if strings.Contains(body, fmt.Sprintf(`data-notice="%d"`, jwc.ID)) || !strings.Contains(body, fmt.Sprintf(`data-notice="%d"`, mine.ID)) ||
		!strings.Contains(body, `id="missed"`) || !strings.Contains(body, `<tr data-unit="KJC">`) {
		t.Errorf("all notices of kind report, with the units that missed a cycle:\n%s", body)
	}
	// The measure's page lists its notices.
	if _, body := office.get("/measures/" + apptest.MeasureB); !strings.Contains(body, fmt.Sprintf(`<tr data-notice="%d">`, jwc.ID)) {
		t.Errorf("measure page lacks its notice")
	}
}

// TestNoticePaging walks the inbox back with ?before=.
func TestNoticePaging(t *testing.T) {
	a, srv := newServer(t)
	issuedNotices(t, a)
	office := newClient(t, srv.URL)
	office.signIn(apptest.Office)
	ns, _ := a.Notices(t.Context(), apptest.Account(t, a, apptest.Office), model.NoticeFilter{})
	_, body := office.get(fmt.Sprintf("/notices?tab=all&before=%d", ns[1].ID))
	if strings.Contains(body, fmt.Sprintf(`data-notice="%d"`, ns[0].ID)) || strings.Contains(body, fmt.Sprintf(`data-notice="%d"`, ns[1].ID)) ||
		!strings.Contains(body, fmt.Sprintf(`data-notice="%d"`, ns[2].ID)) {
		t.Errorf("before=%d lists the wrong notices", ns[1].ID)
	}
}

var reFeed = regexp.MustCompile(`id="a-feed" value="([^"]+)"`)

// TestCalendarFeed makes kjc1 a calendar address, reads the feed without a
// session, then resets it: the old address is gone, the new one works.
func TestCalendarFeed(t *testing.T) {
	a, srv := newServer(t)
	m := model.Measure{Title: "建设分析测试平台", Theme: "research", Period: "2024-H2", LeadUnit: "KJC", Deadline: "2024年12月底前",
		Milestones: []model.Milestone{{Title: "完成设备招标", Due: model.Ymd(2024, 11, 15)}, {Title: "完成选址", Due: model.Ymd(2024, 10, 1), Done: true}}}
	if err := a.CreateMeasure(t.Context(), apptest.Account(t, a, apptest.Office), &m); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, srv.URL)
	c.signIn(apptest.UnitKJC)
	_, body := c.get("/account")
	if !strings.Contains(body, `id="calendar-create"`) || reFeed.MatchString(body) {
		t.Fatalf("a new account has a calendar address already")
	}
	feed := func() string {
		code, _, h := c.post("/account/calendar", nil)
		if code != see || h.Get("Location") != "/account?saved=calendar#calendar" {
			t.Fatalf("reset: %d %s", code, h.Get("Location"))
		}
		_, body := c.get("/account")
		m := reFeed.FindStringSubmatch(body)
		if m == nil || !strings.HasPrefix(m[1], srv.URL+"/calendar/") || !strings.HasSuffix(m[1], ".ics") {
			t.Fatalf("no feed address on the account page")
		}
		return m[1]
	}
	get := func(u string) (int, string, http.Header) {
		res, err := http.Get(u) // no cookies: calendar programs have none
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b), res.Header
	}
	first := feed()
	code, ics, h := get(first)
	if code != ok || h.Get("Content-Type") != "text/calendar; charset=utf-8" || h.Get("Cache-Control") != "private, max-age=300" {
		t.Fatalf("feed: %d %q %q", code, h.Get("Content-Type"), h.Get("Cache-Control"))
	}
	ics = strings.ReplaceAll(ics, "\r\n ", "") // unfold
	for _, want := range []string{"BEGIN:VCALENDAR", "UID:measure-" + apptest.MeasureA + "@luoshi", "DTSTART;VALUE=DATE:20241231",
		"SUMMARY:" + apptest.MeasureA + " 推进重大科研平台建设", "UID:measure-" + apptest.MeasureB + "@luoshi", // KJC cooperates on B
		"UID:measure-" + m.Code + "@luoshi", "UID:milestone-" + m.Code + "-0@luoshi", "DTSTART;VALUE=DATE:20241115",
		"牵头单位：科学技术处", "URL:" + srv.URL + "/measures/" + apptest.MeasureA, "END:VCALENDAR"} {
		if !strings.Contains(ics, want) {
			t.Errorf("feed lacks %q", want)
		}
	}
	for _, unwanted := range []string{"UID:measure-" + apptest.MeasureC, "UID:milestone-" + m.Code + "-1@"} {
		if strings.Contains(ics, unwanted) {
			t.Errorf("feed has %q (not KJC's, or done)", unwanted)
		}
	}
	second := feed()
	if second == first {
		t.Fatal("reset kept the address")
	}
	if code, _, _ := get(first); code != notFound {
		t.Errorf("old address after reset: %d, want 404", code)
	}
	if code, ics, _ := get(second); code != ok || !strings.HasPrefix(ics, "BEGIN:VCALENDAR") {
		t.Errorf("new address: %d", code)
	}
}

// TestAccountEmail saves an address and refuses a bad one by its field.
func TestAccountEmail(t *testing.T) {
	a, srv := newServer(t)
	c := newClient(t, srv.URL)
	c.signIn(apptest.UnitKJC)
	code, body, _ := c.post("/account/email", url.Values{"email": {"kjc@@example"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `value="kjc@@example" autocomplete="email" aria-describedby="a-email-hint" aria-invalid="true"`) ||
		!strings.Contains(body, "不是电子邮箱地址") {
		t.Errorf("bad address: %d\n%s", code, body)
	}
	if acct := apptest.Account(t, a, apptest.UnitKJC); acct.Email != "" {
		t.Errorf("bad address saved: %q", acct.Email)
	}
	if code, _, _ := c.post("/account/email", url.Values{"email": {"kjc@example.edu.cn"}}); code != see {
		t.Fatalf("save: %d", code)
	}
	if acct := apptest.Account(t, a, apptest.UnitKJC); acct.Email != "kjc@example.edu.cn" {
		t.Errorf("saved address: %q", acct.Email)
	}
	if _, body := c.get("/account?saved=email"); !strings.Contains(body, `value="kjc@example.edu.cn"`) || !strings.Contains(body, `id="saved"`) {
		t.Errorf("account page after saving")
	}
}

// TestWebhookSecretKept creates a webhook with a secret, edits it with the
// secret left blank, and finds the secret kept and never shown.
func TestWebhookSecretKept(t *testing.T) {
	a, srv := newServer(t)
	c := newClient(t, srv.URL)
	c.signIn(apptest.Admin)
	u := robot(t)
	code, body, h := c.post("/settings/webhooks/new", url.Values{"name": {"督办群"}, "kind": {"dingtalk"}, "url": {u},
		"secret": {"SEC-topsecret"}, "units": {"KJC"}, "enabled": {"1"}})
	if code != see || h.Get("Location") != "/settings/webhooks?done=saved" {
		t.Fatalf("create: %d %s\n%s", code, h.Get("Location"), body)
	}
	hooks, _ := apptest.Store(a).Webhooks(t.Context())
	if len(hooks) != 1 || hooks[0].Secret != "SEC-topsecret" || !slices.Equal(hooks[0].Units, []string{"KJC"}) || !hooks[0].Enabled {
		t.Fatalf("created: %+v", hooks)
	}
	page := fmt.Sprintf("/settings/webhooks/%d", hooks[0].ID)
	_, body = c.get(page)
	if strings.Contains(body, "SEC-topsecret") || !strings.Contains(body, `id="w-secret" name="secret" value=""`) ||
		!strings.Contains(body, `value="KJC" checked`) {
		t.Errorf("edit form shows the secret or lacks the units:\n%s", body)
	}
	code, body, _ = c.post(page, url.Values{"name": {"督办工作群"}, "kind": {"dingtalk"}, "url": {u}, "secret": {""}})
	if code != see {
		t.Fatalf("edit: %d\n%s", code, body)
	}
	w, _ := apptest.Store(a).Webhook(t.Context(), hooks[0].ID)
	if w.Secret != "SEC-topsecret" || w.Name != "督办工作群" || w.Enabled || len(w.Units) != 0 {
		t.Errorf("after a blank secret: %+v", w)
	}
	// A bad URL comes back by its field; nothing changes.
	code, body, _ = c.post(page, url.Values{"name": {"改名"}, "kind": {"dingtalk"}, "url": {"ftp://robot"}, "secret": {"new"}})
	if code != http.StatusUnprocessableEntity || !regexp.MustCompile(`id="w-url"[^>]*aria-invalid="true"`).MatchString(body) ||
		!strings.Contains(body, "must start with https:// or http://") {
		t.Errorf("bad URL: %d\n%s", code, body)
	}
	if w2, _ := apptest.Store(a).Webhook(t.Context(), w.ID); w2.Name != w.Name || w2.Secret != w.Secret || w2.URL != u {
		t.Errorf("bad input changed the webhook: %+v", w2)
	}
	// The test message reaches the robot.
	code, body, _ = c.post(page+"/test", nil)
	if code != ok || !strings.Contains(body, `id="test-result" data-ok="true"`) {
		t.Errorf("test: %d\n%s", code, body)
	}
}

// TestMailPasswordKept saves mail settings with a password and again with
// the password blank: it is kept, and never shown.
func TestMailPasswordKept(t *testing.T) {
	a, srv := newServer(t)
	c := newClient(t, srv.URL)
	c.signIn(apptest.Admin)
	form := func(pw string) url.Values {
		return url.Values{"host": {"smtp.example.edu.cn"}, "port": {"465"}, "security": {"tls"}, "username": {"duban"},
			"password": {pw}, "from": {"duban@example.edu.cn"}}
	}
	stored := func() app.MailSettings {
		v, err := apptest.Store(a).Setting(t.Context(), "notice.mail", "")
		if err != nil {
			t.Fatal(err)
		}
		var m app.MailSettings
		json.Unmarshal([]byte(v), &m)
		return m
	}
	if code, _, _ := c.post("/settings/mail", form("pw-1")); code != see {
		t.Fatalf("save: %d", code)
	}
	if code, _, _ := c.post("/settings/mail", form("")); code != see {
		t.Fatalf("save without password: %d", code)
	}
	if m := stored(); m.Password != "pw-1" || m.Port != 465 || m.Security != "tls" {
		t.Errorf("stored: %+v", m)
	}
	if _, body := c.get("/settings/mail"); strings.Contains(body, "pw-1") || !strings.Contains(body, `value="smtp.example.edu.cn"`) {
		t.Errorf("mail page shows the password or not the host")
	}
	f := form("")
	f.Set("port", "http")
	code, body, _ := c.post("/settings/mail", f)
	if code != http.StatusUnprocessableEntity || !regexp.MustCompile(`id="m-port"[^>]*aria-invalid="true"`).MatchString(body) {
		t.Errorf("bad port: %d", code)
	}
	f = form("")
	f.Set("security", "none")
	if code, body, _ := c.post("/settings/mail", f); code != http.StatusUnprocessableEntity ||
		!regexp.MustCompile(`id="m-security"[^>]*aria-invalid="true"`).MatchString(body) {
		t.Errorf("clear text to a remote host: %d", code)
	}
	if m := stored(); m.Security != "tls" {
		t.Errorf("bad input saved: %+v", m)
	}
}

// TestDeliveryRetry shows a failed delivery to the admin and retries it:
// it is pending again, and a second retry is a conflict.
func TestDeliveryRetry(t *testing.T) {
	a, srv := newServer(t)
	id := failedDelivery(t, a, "webhook:99:2024-10-15")
	c := newClient(t, srv.URL)
	c.signIn(apptest.Admin)
	_, body := c.get("/settings/deliveries?state=failed")
	retry := fmt.Sprintf(`action="/settings/deliveries/%d/retry"`, id)
	if !strings.Contains(body, fmt.Sprintf(`<tr data-delivery="%d" data-state="failed">`, id)) || !strings.Contains(body, retry) ||
		!strings.Contains(body, "HTTP 500: robot down") {
		t.Fatalf("failed list:\n%s", body)
	}
	code, _, h := c.post(fmt.Sprintf("/settings/deliveries/%d/retry", id), nil)
	if code != see || h.Get("Location") != "/settings/deliveries?state=pending&retried=1" {
		t.Fatalf("retry: %d %s", code, h.Get("Location"))
	}
	ds, _ := apptest.Store(a).Deliveries(t.Context(), "", 0, 10)
	if len(ds) != 1 || ds[0].State != model.DeliveryPending || ds[0].Attempts != 0 {
		t.Errorf("after retry: %+v", ds)
	}
	_, body = c.get("/settings/deliveries?state=pending&retried=1")
	if !strings.Contains(body, `id="retried"`) || !strings.Contains(body, fmt.Sprintf(`<tr data-delivery="%d" data-state="pending">`, id)) ||
		strings.Contains(body, retry) {
		t.Errorf("pending list after retry:\n%s", body)
	}
	if code, _, _ := c.post(fmt.Sprintf("/settings/deliveries/%d/retry", id), nil); code != http.StatusConflict {
		t.Errorf("retrying a pending delivery: %d, want 409", code)
	}
}

// TestCarryOver has the office put an overdue measure's bulletin notice on
// a coming meeting's agenda: the item appears and the proposal goes.
func TestCarryOver(t *testing.T) {
	a, srv := newServer(t)
	bulletin := issuedNotices(t, a, "bulletin:"+apptest.MeasureB)["bulletin:"+apptest.MeasureB]
	m := futureMeeting(t, a)
	page := fmt.Sprintf("/meetings/%d", m.ID)
	office := newClient(t, srv.URL)
	office.signIn(apptest.Office)
	row := fmt.Sprintf(`<tr data-notice="%d" data-code="%s">`, bulletin.ID, apptest.MeasureB)
	_, body := office.get(page)
	if !strings.Contains(body, `id="carry-over"`) || !strings.Contains(body, row) {
		t.Fatalf("coming meeting lacks the proposal:\n%s", body)
	}
	past, _ := a.Meetings(t.Context(), app.System)
	for _, p := range past {
		if p.ID != m.ID {
			if _, body := office.get(fmt.Sprintf("/meetings/%d", p.ID)); strings.Contains(body, `id="carry-over"`) {
				t.Errorf("a past meeting offers carry-over")
			}
		}
	}
	leader := newClient(t, srv.URL)
	leader.signIn(apptest.Leader)
	if _, body := leader.get(page); strings.Contains(body, `id="carry-over"`) {
		t.Errorf("a leader is offered carry-over")
	}
	code, _, h := office.post(page+"/carry-over", url.Values{"notice": {fmt.Sprint(bulletin.ID)}})
	if code != see || !strings.HasPrefix(h.Get("Location"), page+"#item-") {
		t.Fatalf("carry over: %d %s", code, h.Get("Location"))
	}
	_, body = office.get(page)
	if !strings.Contains(body, "遗留督办事项：深化本科教育教学改革（"+apptest.MeasureB+"）") || strings.Contains(body, row) {
		t.Errorf("after carry-over: item missing or still proposed:\n%s", body)
	}
	got, _ := a.Meeting(t.Context(), app.System, m.ID)
	if len(got.Items) != 2 || "#item-"+fmt.Sprint(got.Items[1].ID) != h.Get("Location")[len(page):] {
		t.Errorf("agenda: %+v", got.Items)
	}
	if code, _, _ := office.post(page+"/carry-over", url.Values{"notice": {"abc"}}); code != http.StatusUnprocessableEntity {
		t.Errorf("no notice: %d", code)
	}
}

// TestNoticeTextsExist checks the catalog keys the notice and settings
// pages build at run time exist in both languages.
func TestNoticeTextsExist(t *testing.T) {
	var keys []string
	for _, k := range model.NoticeKinds {
		keys = append(keys, "notice.kind."+string(k))
	}
	for _, k := range model.WebhookKinds {
		keys = append(keys, "webhooks.kind_"+k)
	}
	for _, s := range deliveryStates {
		keys = append(keys, "deliveries.state_"+s)
	}
	for _, s := range mailSecurities {
		keys = append(keys, "mail_settings.security_"+s)
	}
	keys = append(keys, "notices.tab_mine", "notices.tab_unit", "notices.tab_all", "deliveries.channel_mail", "deliveries.channel_webhook",
		"account.saved_email", "account.saved_calendar", "webhooks.done_saved", "webhooks.done_deleted", "webhooks.new", "webhooks.edit",
		"calendar.description", "calendar.milestone", "calendar.name")
	for _, lang := range i18n.Languages {
		for _, k := range keys {
			if !i18n.Has(lang, k) {
				t.Errorf("%s: no %q", lang, k)
			}
		}
	}
}
