package web

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// seedBulletin issues, as the office, the bulletin of September 2024 and
// returns its id.
func seedBulletin(t *testing.T, a *app.App) int64 {
	t.Helper()
	b, err := a.IssueBulletin(context.Background(), apptest.Account(t, a, apptest.Office), app.BulletinRequest{From: model.Ymd(2024, 9, 1), To: model.Ymd(2024, 9, 30)})
	if err != nil {
		t.Fatal(err)
	}
	return b.ID
}

// bulletinScenarios are the bulletin routes for TestRoutes: everyone
// signed in reads and previews, the office issues.
func bulletinScenarios(t *testing.T, a *app.App) []scenario {
	id := seedBulletin(t, a)
	bp := fmt.Sprintf("/bulletins/%d", id)
	rangeForm := func(action string) func() url.Values {
		return func() url.Values {
			// Each role issues the same range again: a supplement.
			return url.Values{"from": {"2024-10-01"}, "to": {"2024-10-15"}, "action": {action}, "supplement": {"1"}}
		}
	}
	unprocessable := http.StatusUnprocessableEntity
	return []scenario{
		{"GET /bulletins", "/bulletins", nil, signedInOnly(ok)},
		{"POST /bulletins", "/bulletins", rangeForm("issue"), officeOnly(see)},
		{"POST /bulletins", "/bulletins", rangeForm("preview"), signedInOnly(see)},
		{"POST /bulletins", "/bulletins", func() url.Values {
			return url.Values{"from": {"2024-10-15"}, "to": {"2024-10-01"}, "action": {"preview"}}
		},
			signedInOnly(unprocessable)},
		{"GET /bulletins/preview", "/bulletins/preview?from=2024-09-01&to=2024-09-30", nil, signedInOnly(ok)},
		{"GET /bulletins/preview", "/bulletins/preview?from=2024-09-01&to=2099-01-01", nil, signedInOnly(unprocessable)},
		{"GET /bulletins/preview.docx", "/bulletins/preview.docx?from=2024-09-01&to=2024-09-30", nil, signedInOnly(ok)},
		{"GET /bulletins/{id}", bp, nil, signedInOnly(ok)},
		{"GET /bulletins/{id}", "/bulletins/9999", nil, signedInOnly(notFound)},
		{"GET /bulletins/{id}", "/bulletins/abc", nil, signedInOnly(notFound)},
		{"GET /bulletins/{id}/bulletin.docx", bp + "/bulletin.docx", nil, signedInOnly(ok)},
		{"GET /bulletins/{id}/bulletin.docx", "/bulletins/9999/bulletin.docx", nil, signedInOnly(notFound)},
		// The admin voids it first; then it is voided already (409).
		{"POST /bulletins/{id}/void", bp + "/void", func() url.Values { return url.Values{"reason": {"期号错误"}} },
			want{def: denied, role: map[string]int{"anon": see, apptest.Admin: see, apptest.Office: http.StatusConflict}}},
		{"POST /bulletins/{id}/void", "/bulletins/9999/void", func() url.Values { return url.Values{"reason": {"期号错误"}} },
			want{def: denied, role: map[string]int{"anon": see, apptest.Admin: notFound, apptest.Office: notFound}}},
	}
}

// TestBulletinPages issues a bulletin through the form, checks the page
// shows its number, sections and measures, that the preview offers the
// office (only) to issue it, and that the .docx holds the measures.
func TestBulletinPages(t *testing.T) {
	a, srv := newServer(t)
	ctx := context.Background()
	kjc := apptest.Account(t, a, apptest.UnitKJC)
	if _, err := a.ReportProgress(ctx, kjc, apptest.MeasureA, &model.ProgressReport{Date: model.Ymd(2024, 9, 15), Percent: 100, Note: "已完成"}); err != nil {
		t.Fatal(err)
	}
	office := newClient(t, srv.URL)
	office.signIn(apptest.Office)

	_, body := office.get("/bulletins/preview?from=2024-09-01&to=2024-09-30")
	for _, want := range []string{`id="issue-bulletin"`, `data-issued="false"`, `<tr data-code="` + apptest.MeasureB + `">`,
		`<tr data-code="` + apptest.MeasureA + `">`, "二、逾期及红灯事项", "三、橙灯事项", "四、按期办结事项", "本期无逾期及红灯事项"} {
		if !strings.Contains(body, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	leader := newClient(t, srv.URL)
	leader.signIn(apptest.Leader)
	if _, body := leader.get("/bulletins/preview?from=2024-09-01&to=2024-09-30"); strings.Contains(body, `id="issue-bulletin"`) {
		t.Errorf("a leader is offered to issue")
	}

	code, body, h := office.post("/bulletins", url.Values{"from": {"2024-09-01"}, "to": {"2024-09-30"}, "action": {"issue"}})
	if code != see || !strings.HasPrefix(h.Get("Location"), "/bulletins/") {
		t.Fatalf("issue: %d %s\n%.300s", code, h.Get("Location"), body)
	}
	page := h.Get("Location")
	_, body = leader.get(page)
	for _, want := range []string{"督办通报 2024年第1期", `data-number="2024-1"`, "2024年第1期", "党政办公室", "科学技术处",
		`<tr data-code="` + apptest.MeasureB + `">`, `<tr data-code="` + apptest.MeasureA + `">`, `href="` + page + `/bulletin.docx"`} {
		if !strings.Contains(body, want) {
			t.Errorf("issued page lacks %q", want)
		}
	}
	if strings.Contains(body, `id="issue-bulletin"`) {
		t.Errorf("an issued bulletin offers to be issued again")
	}
	if _, body := leader.get("/bulletins"); !strings.Contains(body, `data-number="2024-1"`) || strings.Contains(body, `id="issue-bulletin"`) {
		t.Errorf("list: the issued bulletin missing, or a leader may issue")
	}

	if code, _, _ := leader.post("/lang", url.Values{"lang": {"en"}, "next": {page}}); code != see {
		t.Fatalf("switch to English: %d", code)
	}
	_, body = leader.get(page)
	for _, want := range []string{"Supervision bulletin 2024 No. 1", "2024, No. 1", "Science and Technology Office", "2. Overdue and red-light measures"} {
		if !strings.Contains(body, want) {
			t.Errorf("English page lacks %q", want)
		}
	}
	if strings.Contains(body, "%!") {
		t.Errorf("English page has a formatting error")
	}

	res, err := leader.hc.Get(srv.URL + page + "/bulletin.docx")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != ok || !strings.Contains(res.Header.Get("Content-Disposition"), "bulletin-2024-1.docx") {
		t.Fatalf("docx: %d %q", res.StatusCode, res.Header.Get("Content-Disposition"))
	}
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var doc string
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			x, _ := io.ReadAll(rc)
			rc.Close()
			doc = string(x)
		}
	}
	for _, want := range []string{"2024年第1期", apptest.MeasureA, apptest.MeasureB, "深化本科教育教学改革", "党政办公室"} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %q", want)
		}
	}

	// A bad range comes back to the form with the reason by its field.
	code, body, _ = office.post("/bulletins", url.Values{"from": {"2024-09-30"}, "to": {"2024-09-01"}, "action": {"issue"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="b-to" name="to" value="2024-09-01" required aria-invalid="true"`) {
		t.Errorf("bad range: %d\n%s", code, body)
	}
	if bs, _ := a.Bulletins(ctx, apptest.Account(t, a, apptest.Office)); len(bs) != 1 {
		t.Errorf("%d bulletins after one issue", len(bs))
	}
}
