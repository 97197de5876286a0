package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/xuri/excelize/v2"
)

const unprocessable = http.StatusUnprocessableEntity

// auditScenarios are the audit trail's routes for TestRoutes: history
// pages by entity and role, the audit page, the retention form and the
// export.
func auditScenarios(t *testing.T, a *app.App) []scenario {
	ms, err := a.Meetings(t.Context(), app.System)
	if err != nil || len(ms) == 0 {
		t.Fatal(err)
	}
	mid := fmt.Sprint(ms[0].ID)
	const history = "GET /history/{entity}/{id...}"
	// Office, admin and leader read; a unit account its own unit's.
	readers := func(units ...string) want {
		w := want{def: denied, role: map[string]int{"anon": see, apptest.Admin: ok, apptest.Office: ok, apptest.Leader: ok}}
		for _, u := range units {
			w.role[u] = ok
		}
		return w
	}
	return []scenario{
		{history, "/history/measure/" + apptest.MeasureA, nil, readers(apptest.UnitKJC)},
		{history, "/history/measure/" + apptest.MeasureC, nil, readers(apptest.UnitRSC)}, // RSC leads it
		{history, "/history/measure/2024H2-999", nil, signedInOnly(notFound)},
		{history, "/history/meeting/" + mid, nil, readers()},
		{history, "/history/meeting/nope", nil, signedInOnly(notFound)},
		{history, "/history/indicator/" + webIndicator, nil, readers()},
		{history, "/history/report/KJC/2024-H2", nil, readers(apptest.UnitKJC)},
		{history, "/history/report/RSC/2024-H2", nil, readers(apptest.UnitRSC)},
		{history, "/history/account/" + apptest.UnitKJC, nil, officeOnly(ok)},
		{history, "/history/account/nobody", nil, want{def: denied, role: map[string]int{"anon": see, apptest.Admin: notFound, apptest.Office: notFound}}},
		{"GET /audit", "/audit", nil, officeOnly(ok)},
		{"POST /audit/retention", "/audit/retention", func() url.Values { return url.Values{"retention_days": {"400"}} },
			want{def: denied, role: map[string]int{"anon": see, apptest.Admin: see}}},
		{"POST /audit/retention", "/audit/retention", func() url.Values { return url.Values{"retention_days": {"90"}} },
			want{def: denied, role: map[string]int{"anon": see, apptest.Admin: unprocessable}}},
		{"GET /audit/export.xlsx", "/audit/export.xlsx?from=2024-10-01&to=2024-10-31", nil, officeOnly(ok)},
		{"GET /audit/export.xlsx", "/audit/export.xlsx?from=2024-13-01&to=2024-10-31", nil, officeOnly(unprocessable)},
		{"GET /audit/export.xlsx", "/audit/export.xlsx?from=2024-10-01", nil, officeOnly(unprocessable)},
	}
}

// TestHistoryPage: the full history of a measure lists its events with
// their seq and every changed field, links back, and the measure page
// links to it only for those who may read it.
func TestHistoryPage(t *testing.T) {
	a, srv := newServer(t)
	fileReport(t, a, apptest.MeasureA)
	office := newClient(t, srv.URL)
	office.signIn(apptest.Office)
	code, body := office.get("/history/measure/" + apptest.MeasureA)
	if code != ok {
		t.Fatalf("history: %d", code)
	}
	for _, want := range []string{`id="history"`, `href="/measures/` + apptest.MeasureA + `"`, "报送进展", "已启动", "新建", "推进重大科研平台建设", "js-print"} {
		if !strings.Contains(body, want) {
			t.Errorf("history page lacks %q", want)
		}
	}
	if strings.Index(body, "报送进展") > strings.Index(body, "新建") {
		t.Error("history is not newest first")
	}
	for user, link := range map[string]bool{apptest.UnitKJC: true, apptest.UnitRSC: false, apptest.Leader: true} {
		c := newClient(t, srv.URL)
		c.signIn(user)
		_, page := c.get("/measures/" + apptest.MeasureA)
		if got := strings.Contains(page, `href="/history/measure/`+apptest.MeasureA+`"`); got != link {
			t.Errorf("%s: history link on the measure page %v, want %v", user, got, link)
		}
	}
	_, page := office.get("/reports/KJC/2024-H2")
	if !strings.Contains(page, `href="/history/report/KJC/2024-H2"`) {
		t.Error("report page: no history link")
	}
}

// TestAuditPageShowsTampering: the audit page says the chain is intact,
// and after an event is changed in the database, where it broke.
func TestAuditPageShowsTampering(t *testing.T) {
	a, srv := newServer(t)
	c := newClient(t, srv.URL)
	c.signIn(apptest.Admin)
	_, body := c.get("/audit")
	if !strings.Contains(body, `id="chain-status" data-intact="true"`) || !strings.Contains(body, `id="audit-retention"`) {
		t.Fatalf("audit page:\n%s", body)
	}
	ctx := context.Background()
	err := apptest.Store(a).Tamper(ctx, `UPDATE audit_events SET actor = 'someone' WHERE seq = 3`)
	if err != nil {
		t.Fatal(err)
	}
	_, body = c.get("/audit")
	if !strings.Contains(body, `data-intact="false"`) || !strings.Contains(body, "seq 3 (event id") {
		t.Errorf("audit page after tampering:\n%s", body)
	}
}

// TestAuditRetentionForm: a value under six months comes back with the
// field's message and the input kept; a good one is saved.
func TestAuditRetentionForm(t *testing.T) {
	_, srv := newServer(t)
	c := newClient(t, srv.URL)
	c.signIn(apptest.Admin)
	c.get("/audit")
	code, body, _ := c.post("/audit/retention", url.Values{"retention_days": {"100"}})
	if code != unprocessable || !strings.Contains(body, "保留天数至少为 183 天") || !strings.Contains(body, `value="100"`) {
		t.Errorf("100 days: %d\n%s", code, body)
	}
	code, _, h := c.post("/audit/retention", url.Values{"retention_days": {"730"}})
	if code != see || h.Get("Location") != "/audit?saved=1" {
		t.Fatalf("730 days: %d", code)
	}
	if _, body := c.get("/audit?saved=1"); !strings.Contains(body, "730") || !strings.Contains(body, `id="saved"`) {
		t.Errorf("saved retention not shown")
	}
	office := newClient(t, srv.URL)
	office.signIn(apptest.Office)
	if _, body := office.get("/audit"); strings.Contains(body, `id="audit-retention"`) {
		t.Error("the office sees the retention form")
	}
}

// TestAuditExport downloads the export and reads it back: the header, a
// row per event of the range with its hashes, and the verification sheet.
func TestAuditExport(t *testing.T) {
	a, srv := newServer(t)
	c := newClient(t, srv.URL)
	c.signIn(apptest.Office)
	check, err := apptest.Store(a).VerifyAudit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	code, body, h := c.do("GET", "/audit/export.xlsx?from=2024-10-15&to=2024-10-15", nil)
	if code != ok || h.Get("Content-Type") != xlsxType || !strings.Contains(h.Get("Content-Disposition"), "audit-2024-10-15-2024-10-15.xlsx") {
		t.Fatalf("export: %d %v", code, h)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) != 2 || sheets[0] != "审计事件" || sheets[1] != "校验结果" {
		t.Fatalf("sheets %v", sheets)
	}
	rows, _ := f.GetRows(sheets[0])
	if len(rows) < 2 || rows[0][0] != "序号" || rows[0][10] != "哈希（hash）" {
		t.Fatalf("header %v", rows[0])
	}
	// The fixture's day holds every event before this export's own
	// session (signing in is recorded, a moment later than the fixture).
	if int64(len(rows)-1) > check.Events || len(rows)-1 < 10 {
		t.Errorf("%d rows for %d events", len(rows)-1, check.Events)
	}
	if first := rows[1]; first[0] != "1" || first[9] != strings.Repeat("0", 64) || len(first[10]) != 64 {
		t.Errorf("first row %v", first)
	}
	res, _ := f.GetRows(sheets[1])
	if len(res) < 3 || res[1][1] != "完整" || !strings.Contains(res[2][1], "audit chain intact") {
		t.Errorf("verification sheet %v", res)
	}
	code, body, _ = c.do("GET", "/audit/export.xlsx?from=2024-10-15&to=someday", nil)
	if code != unprocessable || !strings.Contains(body, "截止日期应为 YYYY-MM-DD 格式") {
		t.Errorf("bad to: %d", code)
	}
}
