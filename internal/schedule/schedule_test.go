package schedule

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/channel"
	"github.com/luoshi-edu/luoshi/internal/channel/channeltest"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// clock is the injected time every app and store in a test reads.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

var shanghai = func() *time.Location {
	l, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return l
}()

// receiver is an httptest webhook receiver that keeps every request and
// answers with status (200 when 0) and body.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	got    []received
	status int
	body   string
}

type received struct {
	Query  url.Values
	Header http.Header
	Body   []byte
}

func newReceiver(t *testing.T, body string) *receiver {
	r := &receiver{body: body}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got = append(r.got, received{req.URL.Query(), req.Header.Clone(), b})
		status := r.status
		r.mu.Unlock()
		if status != 0 {
			w.WriteHeader(status)
		}
		io.WriteString(w, r.body)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) requests() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

func (r *receiver) setStatus(s int) { r.mu.Lock(); r.status = s; r.mu.Unlock() }

// setup loads the fixture with the clock injected and the demo-style pinned
// day removed, so "today" follows the clock.
func setup(t *testing.T, s *store.Store, c *clock) *app.App {
	t.Helper()
	a := apptest.NewOn(t, s)
	a.Now, s.Now = c.Now, c.Now
	ctx := context.Background()
	if err := s.Write(ctx, func(tx *store.Tx) error { return tx.SetSetting(ctx, "clock.today", "") }); err != nil {
		t.Fatal(err)
	}
	return a
}

func setEmails(t *testing.T, a *app.App) map[string]string {
	emails := map[string]string{apptest.Office: "office1@example.edu.cn", apptest.Leader: "leader1@example.edu.cn",
		apptest.UnitKJC: "kjc1@example.edu.cn", apptest.UnitJWC: "jwc1@example.edu.cn"}
	for u, e := range emails {
		if err := a.SetEmail(context.Background(), apptest.Account(t, a, u), e); err != nil {
			t.Fatal(err)
		}
	}
	return emails
}

func addWebhook(t *testing.T, a *app.App, kind, u, secret string, units ...string) {
	w := model.Webhook{Name: kind, Kind: kind, URL: u, Secret: secret, Units: units, Enabled: true}
	if err := a.SaveWebhook(context.Background(), apptest.Account(t, a, apptest.Admin), &w); err != nil {
		t.Fatal(err)
	}
}

// TestMonthOfSchedule runs 40 days of the scheduler every three hours of
// the injected clock against a real SMTP server and a receiver per webhook
// kind, and checks what was issued and sent, and when.
func TestMonthOfSchedule(t *testing.T) {
	ctx := context.Background()
	c := &clock{t: time.Date(2024, 9, 1, 0, 0, 0, 0, shanghai)}
	a := setup(t, apptest.OpenStore(t), c)
	emails := setEmails(t, a)
	admin := apptest.Account(t, a, apptest.Admin)

	cert, pool := channeltest.Cert(t)
	box := &channeltest.Mailbox{User: "duban", Pass: "mail-pw"}
	port := channeltest.StartSMTP(t, box, "starttls", cert)
	if err := a.SetMailSettings(ctx, admin, app.MailSettings{Host: "127.0.0.1", Port: port, Security: "starttls",
		Username: "duban", Password: "mail-pw", From: "督查督办办公室 <duban@example.edu.cn>", SiteURL: "https://duban.example.edu.cn"}); err != nil {
		t.Fatal(err)
	}
	hooks := map[string]*receiver{
		"wecom":    newReceiver(t, `{"errcode":0,"errmsg":"ok"}`),
		"dingtalk": newReceiver(t, `{"errcode":0,"errmsg":"ok"}`),
		"feishu":   newReceiver(t, `{"code":0,"msg":"success"}`),
		"slack":    newReceiver(t, `ok`),
		"json":     newReceiver(t, ``),
	}
	for kind, r := range hooks {
		addWebhook(t, a, kind, r.URL, "sign-"+kind)
	}
	jwcOnly := newReceiver(t, ``)
	addWebhook(t, a, "json", jwcOnly.URL, "", "JWC")

	sch := New(a)
	sch.Senders = app.Senders{MailRootCAs: pool}
	start := time.Now()
	end := time.Date(2024, 10, 11, 0, 0, 0, 0, shanghai)
	for now := c.Now(); now.Before(end); now = now.Add(3 * time.Hour) {
		c.Set(now)
		if _, _, err := sch.Step(ctx); err != nil {
			t.Fatalf("%s: %v", now, err)
		}
	}
	t.Logf("40 days of schedule in %s", time.Since(start).Round(time.Millisecond))

	notices, err := apptest.Store(a).Notices(ctx, model.NoticeFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(notices, func(i, j int) bool { return notices[i].ID < notices[j].ID })
	// Measure B (JWC, 2024-07-01 → 2024-09-30, no progress) climbs the
	// whole ladder, each step on the day its light changes, but for the
	// last: no one at JWC signs for the 督办单 of Tuesday 2024-09-17, so on
	// the fourth working day after it (Monday 09-23) it climbs to 通报 —
	// the occasion red would have given on 10-01, issued once.
	wantB := map[model.NoticeKind][]model.Date{
		model.NoticeReminder:    {model.Ymd(2024, 9, 3)},
		model.NoticeSupervision: {model.Ymd(2024, 9, 17)},
		model.NoticeBulletin:    {model.Ymd(2024, 9, 23)},
		model.NoticeDue:         {model.Ymd(2024, 9, 23), model.Ymd(2024, 9, 29)},
		// Every 14 days without a report since 2024-07-01: the first run
		// (2024-09-01, day 62) and then days 70, 84 and 98.
		model.NoticeReport: {model.Ymd(2024, 9, 1), model.Ymd(2024, 9, 9), model.Ymd(2024, 9, 23), model.Ymd(2024, 10, 7)},
	}
	gotB := map[model.NoticeKind][]model.Date{}
	numbers := map[string][]int{}
	days := map[model.Date]bool{}
	for _, n := range notices {
		if n.Measure == apptest.MeasureB {
			gotB[n.Kind] = append(gotB[n.Kind], n.Day)
		}
		key := fmt.Sprintf("%s/%d", n.Kind, n.Year)
		numbers[key] = append(numbers[key], n.Number)
		days[n.Day] = true
		if h := n.Created.In(shanghai).Hour(); h < 8 && n.Day != model.Ymd(2024, 9, 1) {
			t.Errorf("notice %d issued at %s, before the digest hour", n.ID, n.Created.In(shanghai))
		}
	}
	for k, want := range wantB {
		if fmt.Sprint(gotB[k]) != fmt.Sprint(want) {
			t.Errorf("measure B, %s notices on %v, want %v", k, gotB[k], want)
		}
	}
	for key, nums := range numbers {
		for i, n := range nums {
			if n != i+1 {
				t.Errorf("%s numbers %v: not 1, 2, 3… in order", key, nums)
				break
			}
		}
	}

	// Mail: one digest per account with an address, per day it got
	// notices, each to that address, naming each of its notices.
	wantMail := map[string]int{}
	for _, n := range notices {
		full, err := apptest.Store(a).Notice(ctx, n.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range full.Recipients {
			if emails[r] != "" {
				wantMail[emails[r]+" "+n.Day.String()]++
			}
		}
	}
	gotMail := map[string]int{}
	for _, d := range box.Deliveries() {
		subject, body, _ := channeltest.ReadMail(t, d.Data)
		if len(d.To) != 1 {
			t.Fatalf("digest to %v, want one recipient", d.To)
		}
		day := ""
		for dd := range days {
			y, m, dm := dd.Time().Date()
			if strings.Contains(subject, dd.String()) || strings.Contains(subject, fmt.Sprintf("%d年%d月%d日", y, m, dm)) {
				day = dd.String()
			}
		}
		key := d.To[0] + " " + day
		if gotMail[key] > 0 {
			t.Errorf("two digests for %s", key)
		}
		gotMail[key] = wantMail[key]
		if n := strings.Count(body, "https://duban.example.edu.cn/notices/"); n != wantMail[key] {
			t.Errorf("digest %s lists %d notices, want %d:\n%s", key, n, wantMail[key], body)
		}
	}
	if len(gotMail) != len(wantMail) || len(gotMail) == 0 {
		t.Errorf("%d digests sent, want %d", len(gotMail), len(wantMail))
	}
	for _, at := range box.AuthAttempts() {
		if !at.TLS || !at.Valid {
			t.Errorf("mail authentication %+v, want valid and over TLS", at)
		}
	}

	// Webhooks: one message per day with notices, to each; the JWC-only
	// hook only on days with a notice about a JWC measure.
	jwcDays := map[model.Date]bool{}
	for _, n := range notices {
		if n.Unit == "JWC" {
			jwcDays[n.Day] = true
		}
	}
	for kind, r := range hooks {
		if got := len(r.requests()); got != len(days) {
			t.Errorf("%s webhook got %d messages, want one for each of %d days", kind, got, len(days))
		}
	}
	for _, req := range hooks["dingtalk"].requests() {
		ts := req.Query.Get("timestamp")
		if req.Query.Get("sign") != channel.DingTalkSign("sign-dingtalk", ts) {
			t.Errorf("dingtalk request not signed: %v", req.Query)
		}
	}
	jw := jwcOnly.requests()
	if len(jw) != len(jwcDays) {
		t.Errorf("JWC webhook got %d messages, want %d", len(jw), len(jwcDays))
	}
	for _, req := range jw {
		var p struct{ Items []channel.Item }
		if err := json.Unmarshal(req.Body, &p); err != nil {
			t.Fatal(err)
		}
		for _, it := range p.Items {
			if it.Unit != "JWC" {
				t.Errorf("JWC webhook got a notice about %s (%s)", it.Unit, it.Measure)
			}
		}
	}

	// Every delivery went out, on its first attempt.
	ds, err := apptest.Store(a).Deliveries(ctx, "", 0, 500)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.State != model.DeliverySent || d.Attempts != 1 {
			t.Errorf("delivery %s: %s after %d attempts (%s)", d.Key, d.State, d.Attempts, d.LastError)
		}
	}
	// One audit event per day's run.
	for d := range days {
		evs, err := apptest.Store(a).AuditEvents(ctx, "notices", d.String(), 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != 1 {
			t.Errorf("%s: %d audit events for the day's notices, want 1", d, len(evs))
		}
	}
}

// TestFailedDeliveryRetried: a receiver that fails is retried with backoff
// until the delivery is given up; the admin's retry sends it once the
// receiver is back.
func TestFailedDeliveryRetried(t *testing.T) {
	ctx := context.Background()
	c := &clock{t: time.Date(2024, 10, 1, 9, 0, 0, 0, shanghai)}
	a := setup(t, apptest.OpenStore(t), c)
	r := newReceiver(t, `{"errcode":0}`)
	r.setStatus(http.StatusBadGateway)
	addWebhook(t, a, "wecom", r.URL, "")
	sch := New(a)
	step := func() {
		if _, _, err := sch.Step(ctx); err != nil {
			t.Fatal(err)
		}
	}
	step()
	ds, err := apptest.Store(a).Deliveries(ctx, "", 0, 10)
	if err != nil || len(ds) != 1 {
		t.Fatalf("deliveries %v, %v; want one", ds, err)
	}
	id := ds[0].ID
	// Each failure waits model.Backoff before the next attempt: stepping
	// just before it sends nothing, stepping at it tries again.
	for attempt := 1; attempt < model.MaxDeliveryAttempts; attempt++ {
		d := delivery(t, a, id)
		if d.State != model.DeliveryPending || d.Attempts != attempt || !strings.Contains(d.LastError, "502") {
			t.Fatalf("after attempt %d: %+v", attempt, d)
		}
		if want := c.Now().Add(model.Backoff(attempt)); !d.NextAt.Equal(want) {
			t.Fatalf("attempt %d: next at %s, want %s", attempt, d.NextAt, want)
		}
		c.Set(d.NextAt.Add(-time.Second))
		step()
		if n := len(r.requests()); n != attempt {
			t.Fatalf("%d requests before the backoff ended, want %d", n, attempt)
		}
		c.Set(d.NextAt)
		step()
	}
	if d := delivery(t, a, id); d.State != model.DeliveryFailed || d.Attempts != model.MaxDeliveryAttempts {
		t.Fatalf("after %d attempts: %+v, want failed", model.MaxDeliveryAttempts, d)
	}
	failed, err := a.Deliveries(ctx, apptest.Account(t, a, apptest.Admin), model.DeliveryFailed, 0, 10)
	if err != nil || len(failed) != 1 {
		t.Fatalf("the admin sees %v failed deliveries (%v), want 1", failed, err)
	}
	if _, err := a.Deliveries(ctx, apptest.Account(t, a, apptest.Office), "", 0, 10); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("office reads deliveries: %v, want forbidden", err)
	}
	if err := a.RetryDelivery(ctx, apptest.Account(t, a, apptest.Admin), id); err != nil {
		t.Fatal(err)
	}
	if err := a.RetryDelivery(ctx, apptest.Account(t, a, apptest.Admin), id); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("retrying a pending delivery: %v, want conflict", err)
	}
	r.setStatus(0)
	step()
	if d := delivery(t, a, id); d.State != model.DeliverySent || d.Attempts != 1 {
		t.Fatalf("after the retry: %+v, want sent at the first attempt", d)
	}
	if n := len(r.requests()); n != model.MaxDeliveryAttempts+1 {
		t.Errorf("%d requests in all, want %d", n, model.MaxDeliveryAttempts+1)
	}
}

func delivery(t *testing.T, a *app.App, id int64) model.Delivery {
	t.Helper()
	ds, err := apptest.Store(a).Deliveries(context.Background(), "", id+1, 1)
	if err != nil || len(ds) != 1 || ds[0].ID != id {
		t.Fatalf("delivery %d: %v, %v", id, ds, err)
	}
	return ds[0]
}

// TestTwoSchedulersOnce runs two servers' schedulers on one database at
// the same moments for three weeks: every notice is issued once and every
// message arrives once. With LUOSHI_TEST_POSTGRES set it runs on
// PostgreSQL, where the two claim deliveries with SKIP LOCKED.
func TestTwoSchedulersOnce(t *testing.T) {
	ctx := context.Background()
	c := &clock{t: time.Date(2024, 9, 10, 0, 0, 0, 0, shanghai)}
	s1 := apptest.OpenStore(t)
	a1 := setup(t, s1, c)
	a2 := apptest.Beside(t, a1)
	setEmails(t, a1)
	cert, pool := channeltest.Cert(t)
	box := &channeltest.Mailbox{}
	port := channeltest.StartSMTP(t, box, "tls", cert)
	if err := a1.SetMailSettings(ctx, apptest.Account(t, a1, apptest.Admin), app.MailSettings{Host: "127.0.0.1", Port: port,
		Security: "tls", From: "duban@example.edu.cn"}); err != nil {
		t.Fatal(err)
	}
	r := newReceiver(t, ``)
	addWebhook(t, a1, "json", r.URL, "k")

	schedulers := []*Scheduler{New(a1), New(a2)}
	for _, s := range schedulers {
		s.Senders = app.Senders{MailRootCAs: pool}
		s.Batch = 2 // small batches, so both servers send on the same day
	}
	end := c.Now().AddDate(0, 0, 21)
	for now := c.Now(); now.Before(end); now = now.Add(4 * time.Hour) {
		c.Set(now)
		var wg sync.WaitGroup
		errs := make([]error, len(schedulers))
		for i, s := range schedulers {
			wg.Add(1)
			go func() { defer wg.Done(); _, _, errs[i] = s.Step(ctx) }()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatalf("%s: %v", now, err)
			}
		}
	}
	ds, err := s1.Deliveries(ctx, "", 0, 500)
	if err != nil {
		t.Fatal(err)
	}
	mails, hooks := 0, 0
	for _, d := range ds {
		if d.State != model.DeliverySent || d.Attempts != 1 {
			t.Errorf("delivery %s: %s, %d attempts", d.Key, d.State, d.Attempts)
		}
		if d.Channel == model.ChannelMail {
			mails++
		} else {
			hooks++
		}
	}
	if mails == 0 || hooks == 0 {
		t.Fatalf("%d mail and %d webhook deliveries: the test proves nothing", mails, hooks)
	}
	if got := len(box.Deliveries()); got != mails {
		t.Errorf("%d mails arrived for %d deliveries", got, mails)
	}
	seen := map[string]bool{}
	for _, req := range r.requests() {
		var p struct{ Subject string }
		json.Unmarshal(req.Body, &p)
		if seen[p.Subject] {
			t.Errorf("webhook message %q arrived twice", p.Subject)
		}
		seen[p.Subject] = true
	}
	if len(seen) != hooks {
		t.Errorf("%d webhook messages arrived for %d deliveries", len(seen), hooks)
	}
	notices, err := s1.Notices(ctx, model.NoticeFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	byKind := map[string]int{}
	for _, n := range notices {
		byKind[string(n.Kind)+strconv.Itoa(n.Year)]++
	}
	// The notices are numbered without gaps: a run that lost the race for
	// the day wrote nothing.
	for _, n := range notices {
		if n.Number > byKind[string(n.Kind)+strconv.Itoa(n.Year)] {
			t.Errorf("%s notice numbered %d of %d: a gap", n.Kind, n.Number, byKind[string(n.Kind)+strconv.Itoa(n.Year)])
		}
	}
}
