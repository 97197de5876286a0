package web

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/xlsx"
)

// webIndicator is owned by KJC, so kjc1 enters its actuals.
const webIndicator = "ZB-KY"

func seedIndicator(t *testing.T, a *app.App) {
	t.Helper()
	office := apptest.Account(t, a, apptest.Office)
	ind := model.Indicator{Code: webIndicator, Name: "科研经费", Kind: model.IndicatorCompetitive, MeasureUnit: "万元", OwnerUnit: "KJC", Theme: "research"}
	if err := a.CreateIndicator(t.Context(), office, &ind); err != nil {
		t.Fatal(err)
	}
	base, target := 10000.0, 12000.0
	if _, err := a.SetIndicatorValue(t.Context(), office, webIndicator, "2024-H2", app.ValuePatch{
		Baseline: app.Figure{Set: true, Value: &base}, Target: app.Figure{Set: true, Value: &target}}); err != nil {
		t.Fatal(err)
	}
}

// newIndicatorForm returns a form with a fresh code on every call, so each
// role's create is a new indicator.
func newIndicatorForm() func() url.Values {
	n := 0
	return func() url.Values {
		n++
		return url.Values{"code": {fmt.Sprintf("W-%d", n)}, "name": {"国家级一流课程"}, "kind": {"competitive"}, "measure_unit": {"门"},
			"direction": {"higher"}, "owner_unit": {"JWC"}, "theme": {"talent_training"}}
	}
}

// TestIndicatorPages: the unit enters its actual and sees the judgement;
// after the lock its form is gone and a post is 409; the office's
// correction needs a reason and shows in the history.
func TestIndicatorPages(t *testing.T) {
	a, srv := newServer(t)
	seedIndicator(t, a)
	kjc, office := newClient(t, srv.URL), newClient(t, srv.URL)
	kjc.signIn(apptest.UnitKJC)
	office.signIn(apptest.Office)
	path := "/indicators/" + webIndicator
	code, body, _ := kjc.post(path+"/values", url.Values{"period": {"2024-H2"}, "actual": {"abc"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `value="abc"`) || !strings.Contains(body, "不是数字") {
		t.Errorf("bad actual: %d", code)
	}
	if code, _, _ := kjc.post(path+"/values", url.Values{"period": {"2024-H2"}, "actual": {"11,000"}, "baseline": {"1"}}); code != see {
		t.Fatalf("unit enters actual: %d", code)
	}
	_, body = kjc.get(path + "?period=2024-H2")
	if !strings.Contains(body, i18n.T("zh-CN", "judgement.behind")) || !strings.Contains(body, "50%") || !strings.Contains(body, `name="actual"`) {
		t.Errorf("indicator page after entry:\n%.2000s", body)
	}
	_, body = office.get("/indicators?period=2024-H2")
	if !strings.Contains(body, "l-orange") || !strings.Contains(body, "/periods/2024-H2/lock") {
		t.Errorf("list: no light or lock button")
	}
	if code, _, _ := office.post("/periods/2024-H2/lock", nil); code != see {
		t.Fatalf("lock: %d", code)
	}
	_, body = kjc.get(path + "?period=2024-H2")
	if strings.Contains(body, `name="actual"`) {
		t.Errorf("unit still sees the value form after the lock")
	}
	if code, _, _ := kjc.post(path+"/values", url.Values{"period": {"2024-H2"}, "actual": {"12000"}}); code != http.StatusConflict {
		t.Errorf("unit posts to locked period: %d", code)
	}
	if code, _, _ := office.post(path+"/values", url.Values{"period": {"2024-H2"}, "baseline": {"10000"}, "target": {"12000"}, "actual": {"12000"}}); code != http.StatusConflict {
		t.Errorf("office posts without a reason: %d", code)
	}
	if code, _, _ := office.post(path+"/values", url.Values{"period": {"2024-H2"}, "baseline": {"10000"}, "target": {"12000"}, "actual": {"12000"},
		"reason": {"补录横向经费"}}); code != see {
		t.Errorf("correction: %d", code)
	}
	_, body = office.get(path + "?period=2024-H2")
	if !strings.Contains(body, "补录横向经费") || !strings.Contains(body, i18n.T("zh-CN", "judgement.met")) {
		t.Errorf("correction not shown")
	}
}

// TestIndicatorSheetRoundTrip exports the sheet, imports it back
// unchanged, then a sheet with a bad row: all refused with the row listed.
func TestIndicatorSheetRoundTrip(t *testing.T) {
	a, srv := newServer(t)
	seedIndicator(t, a)
	office := newClient(t, srv.URL)
	office.signIn(apptest.Office)
	code, body, h := office.do("GET", "/indicators/export.xlsx?period=2024-H2", nil)
	if code != ok || h.Get("Content-Type") != xlsxType {
		t.Fatalf("export: %d %s", code, h.Get("Content-Type"))
	}
	rows, errs, _ := xlsx.ReadIndicators(strings.NewReader(body))
	if len(errs) != 0 || len(rows) != 1 || rows[0].Code != webIndicator || rows[0].Baseline != "10000" || rows[0].Kind != "竞争性" || rows[0].OwnerUnit != "科学技术处" {
		t.Fatalf("exported sheet reads as %+v %v", rows, errs)
	}
	rows[0].Actual = "11500"
	bad := append(rows, app.IndicatorRow{Code: "ZB-NEW", Name: "新指标", Kind: "重要", OwnerUnit: "KJC"})
	var buf bytes.Buffer
	if err := xlsx.WriteIndicators(&buf, "2024年下半年指标完成情况表", bad); err != nil {
		t.Fatal(err)
	}
	code, body = upload(t, office, "/indicators/import", "2024-H2", buf.Bytes())
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "C 类型") {
		t.Errorf("bad sheet: %d\n%.3000s", code, body)
	}
	lines, _ := a.Indicators(t.Context(), app.System, model.IndicatorFilter{}, "2024-H2")
	if len(lines) != 1 || lines[0].Value.Actual != nil {
		t.Fatalf("bad sheet wrote: %+v", lines)
	}
	buf.Reset()
	if err := xlsx.WriteIndicators(&buf, "t", rows); err != nil {
		t.Fatal(err)
	}
	if code, _ = upload(t, office, "/indicators/import", "2024-H2", buf.Bytes()); code != see {
		t.Fatalf("good sheet: %d", code)
	}
	lines, _ = a.Indicators(t.Context(), app.System, model.IndicatorFilter{}, "2024-H2")
	if *lines[0].Value.Actual != 11500 || *lines[0].Value.Target != 12000 {
		t.Errorf("imported: %+v", lines[0].Value)
	}
}

func upload(t *testing.T, c *client, path, period string, file []byte) (int, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("csrf", c.csrf)
	mw.WriteField("period", period)
	mw.WriteField("action", "import")
	fw, _ := mw.CreateFormFile("file", "指标.xlsx")
	fw.Write(file)
	mw.Close()
	req, _ := http.NewRequest("POST", c.base+path, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

// TestIndicatorEnumsHaveText: the keys built at run time exist in both languages.
func TestIndicatorEnumsHaveText(t *testing.T) {
	var keys []string
	for _, j := range model.Judgements {
		keys = append(keys, "judgement."+string(j))
	}
	for _, k := range model.IndicatorKinds {
		keys = append(keys, "indicator_kind."+k)
	}
	for _, d := range model.Directions {
		keys = append(keys, "direction."+d)
	}
	keys = append(keys, "action.set_values", "action.correct_values", "action.import", "action.lock")
	for _, lang := range i18n.Languages {
		for _, k := range keys {
			if !i18n.Has(lang, k) {
				t.Errorf("%s: no %q", lang, k)
			}
		}
	}
}
