package web

import (
	"archive/zip"
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// readAllReports: s for office, admin and leaders, 403 for unit accounts.
func readAllReports(s int) want {
	return want{def: s, role: map[string]int{"anon": see, apptest.UnitKJC: denied, apptest.UnitRSC: denied}}
}

// reportWriter: s for kjc1 (KJC's own report), 403 for everyone else.
func reportWriter(s int) want {
	return want{def: denied, role: map[string]int{"anon": see, apptest.UnitKJC: s}}
}

// submitUnitReports writes and submits the 2024-H2 report of each unit
// account's unit.
func submitUnitReports(t *testing.T, a *app.App, usernames ...string) {
	t.Helper()
	ctx := context.Background()
	for _, u := range usernames {
		acct := apptest.Account(t, a, u)
		text := app.ReportText{Achievements: acct.Name + "的主要成绩", Situation: "形势", Problems: "问题", NextMeasures: "举措"}
		if _, err := a.SaveReport(ctx, acct, acct.Unit, "2024-H2", text); err != nil {
			t.Fatal(err)
		}
		if _, err := a.SubmitReport(ctx, acct, acct.Unit, "2024-H2"); err != nil {
			t.Fatal(err)
		}
	}
}

// TestReportPages walks the workflow through the pages without
// JavaScript: the unit writes and submits, the office returns without a
// comment (422, nothing changed) and with one, the unit sees the comment
// and resubmits, the office accepts; the overview and compendium follow.
func TestReportPages(t *testing.T) {
	a, srv := newServer(t)
	kjc, office := newClient(t, srv.URL), newClient(t, srv.URL)
	kjc.signIn(apptest.UnitKJC)
	office.signIn(apptest.Office)
	page := "/reports/KJC/2024-H2"
	zh := func(k string) string { return i18n.T("zh-CN", k) }

	code, _, h := kjc.do("GET", "/reports", nil)
	if code != see || h.Get("Location") != page {
		t.Fatalf("unit's /reports: %d %q", code, h.Get("Location"))
	}
	_, body := office.get("/reports")
	if !strings.Contains(body, i18n.T("zh-CN", "ureport.not_submitted_n", 4, 4)) {
		t.Errorf("overview: not-submitted count missing")
	}
	code, body, _ = kjc.post(page+"/edit", url.Values{"achievements": {"第一段\n第二段"}, "action": {"submit"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="r-situation" name="situation" rows="6" aria-invalid="true"`) ||
		!strings.Contains(body, "第一段\n第二段") {
		t.Fatalf("incomplete submit: %d\n%s", code, body)
	}
	form := url.Values{"achievements": {"第一段\n第二段"}, "situation": {"形势严峻"}, "problems": {"经费不足"}, "next_measures": {"加快建设"}, "action": {"submit"}}
	if code, _, h := kjc.post(page+"/edit", form); code != see || h.Get("Location") != page {
		t.Fatalf("save and submit: %d %q", code, h.Get("Location"))
	}
	_, body = kjc.get(page)
	if !strings.Contains(body, `data-state="submitted"`) || !strings.Contains(body, "第一段\n第二段") || strings.Contains(body, `id="edit-report"`) {
		t.Errorf("submitted page: state, text or edit link wrong")
	}
	if code, body, _ := office.post(page+"/return", url.Values{"comment": {"  "}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, `aria-invalid="true"`) {
		t.Errorf("return without comment: %d", code)
	}
	if d, _ := a.UnitReport(t.Context(), apptest.Account(t, a, apptest.Office), "KJC", "2024-H2"); d.Report.State != model.ReportSubmitted {
		t.Errorf("a refused return changed the state to %s", d.Report.State)
	}
	if code, _, _ := office.post(page+"/return", url.Values{"comment": {"请补充科研平台数据"}}); code != see {
		t.Fatalf("return: %d", code)
	}
	_, body = kjc.get(page)
	if !strings.Contains(body, `id="return-comment"`) || !strings.Contains(body, "请补充科研平台数据") || !strings.Contains(body, `id="submit-report"`) {
		t.Errorf("returned page: the unit does not see the comment or cannot resubmit")
	}
	if code, _, _ := kjc.post(page+"/submit", nil); code != see {
		t.Fatalf("resubmit: %d", code)
	}
	if code, _, _ := office.post(page+"/accept", nil); code != see {
		t.Fatalf("accept: %d", code)
	}
	_, body = office.get(page)
	if !strings.Contains(body, `data-state="accepted"`) || strings.Contains(body, `id="accept-form"`) {
		t.Errorf("accepted page wrong")
	}
	for _, k := range []string{"ureport_action.save", "ureport_action.submit", "ureport_action.return", "ureport_action.accept"} {
		if !strings.Contains(body, zh(k)) {
			t.Errorf("history lacks %s", k)
		}
	}
	_, body = office.get("/reports/compendium?period=2024-H2")
	if !strings.Contains(body, `href="#u-KJC"`) || !strings.Contains(body, "第一段\n第二段") {
		t.Errorf("compendium page lacks KJC's report")
	}
	res, err := office.hc.Get(srv.URL + "/reports/compendium.docx?period=2024-H2")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	buf.ReadFrom(res.Body)
	res.Body.Close()
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatalf("docx download is not a zip: %v", err)
	}
	found := false
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			var b bytes.Buffer
			b.ReadFrom(rc)
			rc.Close()
			found = strings.Contains(b.String(), "加快建设")
		}
	}
	if !found || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("docx download lacks KJC's text")
	}
}

// TestReportStatesHaveText checks the catalog keys the report pages build
// at run time exist in both languages.
func TestReportStatesHaveText(t *testing.T) {
	var keys []string
	for _, s := range model.ReportStates {
		keys = append(keys, "ureport_state."+s)
	}
	for _, a := range model.ReportActions {
		keys = append(keys, "ureport_action."+a)
	}
	for _, lang := range i18n.Languages {
		for _, k := range keys {
			if !i18n.Has(lang, k) {
				t.Errorf("%s: no %q", lang, k)
			}
		}
	}
}
