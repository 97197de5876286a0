package api

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// seedNotices runs the daily job on the fixture's day and returns the
// notices by kind and measure ("bulletin:2024H2-002"): a bulletin notice
// for 2024H2-002 (overdue since 30 September, to jwc1, leader1, office1)
// and a report notice for each measure without a report since its start.
func seedNotices(t *testing.T, a *app.App) map[string]model.Notice {
	t.Helper()
	ctx := context.Background()
	if run, err := a.RunDay(ctx, "test"); err != nil || !run.Ran {
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
	if _, ok := out["bulletin:"+apptest.MeasureB]; !ok {
		t.Fatalf("no bulletin notice for %s among %d", apptest.MeasureB, len(ns))
	}
	return out
}

// failedDelivery records a webhook delivery that failed for good, as the
// sender leaves one after its last attempt, and returns its id.
func failedDelivery(t *testing.T, a *app.App) int64 {
	t.Helper()
	ctx := context.Background()
	d := model.Delivery{Key: "webhook:99:2024-10-15", Channel: model.ChannelWebhook, Target: "99", Day: apptest.Today, NextAt: a.Now()}
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

func TestNoticeAPI(t *testing.T) {
	e := newEnv(t)
	notices := seedNotices(t, e.a)
	bulletin, kjcReport := notices["bulletin:"+apptest.MeasureB], notices["report:"+apptest.MeasureA]
	get := func(token, query string) (int, noticePage) {
		t.Helper()
		status, b := e.do("GET", "/api/v1/notices"+query, token, "")
		var p noticePage
		if status == http.StatusOK {
			mustUnmarshal(t, b, &p)
		}
		return status, p
	}

	// The office's list with filters, in Chinese: number and sentence included.
	_, p := get(e.tokens["office"], "?kind=bulletin")
	if len(p.Items) != 1 || p.NextCursor != "" {
		t.Fatalf("bulletin notices: %+v", p)
	}
	n := p.Items[0]
	if n.ID != bulletin.ID || n.Kind != "bulletin" || n.Number != "通报〔2024〕第1号" || n.Serial != 1 || n.Year != 2024 ||
		!strings.Contains(n.Summary, "已逾期15天") || n.Measure != apptest.MeasureB || n.Unit != "JWC" || n.Leader != apptest.Leader ||
		n.Snapshot.Due != model.Ymd(2024, 9, 30) || n.Snapshot.DaysOverdue != 15 || n.Snapshot.Status != model.Overdue ||
		n.Snapshot.LeadUnitName != "教务处" || n.AgendaItem != nil || n.Recipients != nil || n.Read {
		t.Errorf("bulletin notice: %+v", n)
	}

	// Paging by cursor covers every notice once.
	seen := map[int64]bool{}
	cursor := ""
	for i := 0; i < 10; i++ {
		q := "?limit=1"
		if cursor != "" {
			q += "&cursor=" + cursor
		}
		status, p := get(e.tokens["office"], q)
		if status != http.StatusOK || len(p.Items) != 1 || seen[p.Items[0].ID] {
			t.Fatalf("page %d: %d %+v", i, status, p)
		}
		seen[p.Items[0].ID] = true
		if cursor = p.NextCursor; cursor == "" {
			break
		}
	}
	if len(seen) != len(notices) {
		t.Errorf("paged through %d notices, want %d", len(seen), len(notices))
	}

	// A unit account lists its unit's notices only, and cannot open another's.
	_, p = get(e.tokens["own"], "")
	if len(p.Items) != 1 || p.Items[0].ID != kjcReport.ID {
		t.Errorf("kjc1's list: %+v", p.Items)
	}
	if status, b := e.do("GET", fmt.Sprintf("/api/v1/notices/%d", kjcReport.ID), e.tokens["other"], ""); status != http.StatusForbidden {
		t.Errorf("rsc1 opens KJC's notice: %d %s", status, b)
	}

	// The leader's inbox in English; reading marks it, once.
	if err := e.a.SetLanguage(context.Background(), apptest.Account(t, e.a, apptest.Leader), "en"); err != nil {
		t.Fatal(err)
	}
	leader := e.tokens["leader"]
	_, p = get(leader, "?inbox=1&unread=1")
	if len(p.Items) != 1 || p.Items[0].ID != bulletin.ID || p.Items[0].Number != "Bulletin listing No. 1/2024" ||
		!strings.HasPrefix(p.Items[0].Summary, "Overdue by 15 days") {
		t.Fatalf("leader's unread inbox: %+v", p.Items)
	}
	for i := 0; i < 2; i++ {
		if status, b := e.do("POST", fmt.Sprintf("/api/v1/notices/%d/read", bulletin.ID), leader, ""); status != http.StatusNoContent {
			t.Fatalf("read: %d %s", status, b)
		}
	}
	if _, p = get(leader, "?inbox=1&unread=1"); len(p.Items) != 0 {
		t.Errorf("unread after reading: %+v", p.Items)
	}
	status, b := e.do("GET", fmt.Sprintf("/api/v1/notices/%d", bulletin.ID), leader, "")
	var one noticeJSON
	mustUnmarshal(t, b, &one)
	if status != http.StatusOK || !one.Read || strings.Join(one.Recipients, ",") != "jwc1,leader1,office1" {
		t.Errorf("read notice: %d %s", status, b)
	}
	// The office's marks are its own.
	if _, p = get(e.tokens["office"], "?inbox=1&unread=1"); len(p.Items) != 1 {
		t.Errorf("office's unread inbox: %+v", p.Items)
	}

	for _, c := range []struct{ query, field string }{
		{"?kind=memo", "kind"}, {"?unread=1", "unread"}, {"?inbox=maybe", "inbox"}, {"?limit=-1", "limit"}, {"?limit=501", "limit"}, {"?cursor=x", "cursor"}, {"?sort=day", "sort"},
	} {
		status, b := e.do("GET", "/api/v1/notices"+c.query, e.tokens["office"], "")
		if ej := apiError(t, b); status != http.StatusUnprocessableEntity || ej.Code != model.EINVALID || ej.Field != c.field {
			t.Errorf("%s: %d %s, want 422 naming %s", c.query, status, b, c.field)
		}
	}
	for _, path := range []string{"/api/v1/notices/9999", "/api/v1/notices/abc", "/api/v1/notices/9999/read"} {
		method := "GET"
		if strings.HasSuffix(path, "/read") {
			method = "POST"
		}
		if status, b := e.do(method, path, e.tokens["office"], ""); status != http.StatusNotFound || apiError(t, b).Code != model.ENOTFOUND {
			t.Errorf("%s %s: %d %s", method, path, status, b)
		}
	}
}

func TestDeliveryAPI(t *testing.T) {
	e := newEnv(t)
	id := failedDelivery(t, e.a)
	admin := e.tokens["admin"]
	list := func(state string) deliveryPage {
		t.Helper()
		status, b := e.do("GET", "/api/v1/deliveries?state="+url.QueryEscape(state), admin, "")
		if status != http.StatusOK {
			t.Fatalf("list %s: %d %s", state, status, b)
		}
		var p deliveryPage
		mustUnmarshal(t, b, &p)
		return p
	}
	p := list("failed")
	if len(p.Items) != 1 || p.Items[0].ID != id || p.Items[0].State != "failed" || p.Items[0].Attempts != 1 ||
		p.Items[0].LastError != "HTTP 500: robot down" || p.Items[0].NextAt != nil || p.Items[0].SentAt != nil || p.Items[0].Notices == nil {
		t.Fatalf("failed: %+v", p)
	}
	retry := fmt.Sprintf("/api/v1/deliveries/%d/retry", id)
	if status, b := e.do("POST", retry, e.tokens["office"], ""); status != http.StatusForbidden {
		t.Errorf("office retries: %d %s", status, b)
	}
	if status, b := e.do("POST", retry, admin, ""); status != http.StatusNoContent {
		t.Fatalf("retry: %d %s", status, b)
	}
	if p := list("failed"); len(p.Items) != 0 {
		t.Errorf("still failed: %+v", p.Items)
	}
	p = list("pending")
	if len(p.Items) != 1 || p.Items[0].Attempts != 0 || p.Items[0].NextAt == nil {
		t.Errorf("pending after retry: %+v", p.Items)
	}
	if status, b := e.do("POST", retry, admin, ""); status != http.StatusConflict || apiError(t, b).Code != model.ECONFLICT {
		t.Errorf("retry a pending delivery: %d %s", status, b)
	}
	if status, b := e.do("POST", "/api/v1/deliveries/9999/retry", admin, ""); status != http.StatusNotFound {
		t.Errorf("retry a missing delivery: %d %s", status, b)
	}
	status, b := e.do("GET", "/api/v1/deliveries?state=lost", admin, "")
	if ej := apiError(t, b); status != http.StatusUnprocessableEntity || ej.Field != "state" {
		t.Errorf("unknown state: %d %s", status, b)
	}
}
