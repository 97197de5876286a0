package web

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/xlsx"
)

// upload posts a file to /measures/import as a browser does: multipart,
// with the session's CSRF token as a form field.
func (c *client) upload(name string, content []byte, action string) (int, string) {
	c.t.Helper()
	code, body, _ := c.uploadFull(name, content, action)
	return code, body
}

// uploadRedirect posts a file and returns the status and the redirect target.
func (c *client) uploadRedirect(name string, content []byte, action string) (int, string) {
	c.t.Helper()
	code, _, loc := c.uploadFull(name, content, action)
	return code, loc
}

func (c *client) uploadFull(name string, content []byte, action string) (int, string, string) {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", c.csrf)
	mw.WriteField("action", action)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", c.base+"/measures/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header.Get("Location")
}

func sheet(t *testing.T, rows ...xlsx.Row) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := xlsx.Export(&buf, "分解表", rows); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func measureCount(t *testing.T, a *app.App) int {
	ms, _, err := a.Measures(t.Context(), app.System, storeFilter())
	if err != nil {
		t.Fatal(err)
	}
	return len(ms)
}

// TestImportUpload checks the upload page end to end: a check writes
// nothing, an import as the office creates the measures, a sheet with a bad
// row is reported row by row with nothing written, a unit account is
// refused, and only .xlsx files are taken.
func TestImportUpload(t *testing.T) {
	a, srv := newServer(t)
	office := newClient(t, srv.URL)
	office.signIn(apptest.Office)
	office.get("/measures/import")
	good := sheet(t,
		xlsx.Row{Seq: "1", Task: "科学研究", Title: "建设校级科研平台", Leader: "王校长", LeadUnit: "科技处", CooperatingUnits: []string{"教务处"}, Deadline: "2024年12月底前"},
		xlsx.Row{Seq: "2", Task: "师资队伍", Title: "完善青年教师培养办法", LeadUnit: "人事处", Deadline: "长期坚持"})

	code, body := office.upload("分解表.xlsx", good, "check")
	if code != http.StatusOK || !strings.Contains(body, "检查通过：将新建 2 项") || !strings.Contains(body, "2024H2-004") {
		t.Fatalf("check: %d\n%s", code, body)
	}
	if n := measureCount(t, a); n != 3 {
		t.Fatalf("check wrote: %d measures", n)
	}
	code, loc := office.uploadRedirect("分解表.xlsx", good, "import")
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/measures/import?") {
		t.Fatalf("import: %d %s (want a redirect, so a reload does not post the file again)", code, loc)
	}
	code, body = office.get(loc)
	if code != http.StatusOK || !strings.Contains(body, "导入完成：新建 2 项") || !strings.Contains(body, `href="/measures/2024H2-005"`) {
		t.Fatalf("import result: %d\n%s", code, body)
	}
	if rows := regexp.MustCompile(`<td>新建</td>`).FindAllString(body, -1); len(rows) != 2 || strings.Contains(body, "<td>无变化</td>") {
		t.Errorf("import result: %d rows say 新建, want 2 (and none 无变化)", len(rows))
	}
	if n := measureCount(t, a); n != 5 {
		t.Fatalf("after import: %d measures, want 5", n)
	}

	bad := sheet(t,
		xlsx.Row{Seq: "1", Title: "好举措", LeadUnit: "教务处", Deadline: "2024-11-30"},
		xlsx.Row{Seq: "2", Title: "坏举措", LeadUnit: "宇宙研究处", Deadline: "等领导定"})
	code, body = office.upload("bad.xlsx", bad, "import")
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "<td class=\"num\">4</td><td>E 牵头单位</td>") ||
		!strings.Contains(body, "宇宙研究处") || !strings.Contains(body, "未导入任何内容") {
		t.Errorf("bad sheet: %d\n%s", code, body)
	}
	if m := regexp.MustCompile(`<td>[^<]*[A-Za-z]{3,}[^<]*</td>`).FindString(body[strings.Index(body, "h-report"):]); m != "" {
		t.Errorf("bad sheet: a reason in English on a Chinese page: %s", m)
	}
	if n := measureCount(t, a); n != 5 {
		t.Errorf("bad sheet wrote: %d measures", n)
	}
	code, body = office.upload("notes.txt", []byte("x"), "import")
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "只能导入 .xlsx") {
		t.Errorf("not xlsx: %d", code)
	}
	code, body = office.upload("broken.xlsx", []byte("PK\x03\x04broken"), "import")
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "不是可读取的 .xlsx 工作簿") {
		t.Errorf("broken xlsx: %d\n%s", code, body)
	}

	unit := newClient(t, srv.URL)
	unit.signIn(apptest.UnitKJC)
	if code, _ := unit.upload("分解表.xlsx", good, "import"); code != http.StatusForbidden {
		t.Errorf("unit account: %d, want 403", code)
	}
	if n := measureCount(t, a); n != 5 {
		t.Errorf("unit account wrote: %d measures", n)
	}
}

// TestExportDownload checks the download is an .xlsx named after the
// table, that reads back to the listed measures.
func TestExportDownload(t *testing.T) {
	_, srv := newServer(t)
	c := newClient(t, srv.URL)
	c.signIn(apptest.Office)
	_, list := c.get("/measures?theme=research")
	if !strings.Contains(list, `href="/measures/export.xlsx?theme=research"`) || !strings.Contains(list, `href="/measures/import"`) {
		t.Errorf("measures list without export/import buttons")
	}
	res, err := c.hc.Get(srv.URL + "/measures/export.xlsx?theme=research")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != xlsxType ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("export: %d %v", res.StatusCode, res.Header)
	}
	rows, errs := xlsx.Import(bytes.NewReader(b))
	if len(errs) != 0 || len(rows) != 1 || rows[0].Code != apptest.MeasureA || rows[0].LeadUnit != "科学技术处" {
		t.Errorf("exported rows: %+v %v", rows, errs)
	}
	kjc := newClient(t, srv.URL)
	kjc.signIn(apptest.UnitKJC)
	if _, list := kjc.get("/measures"); strings.Contains(list, "/measures/export.xlsx") || strings.Contains(list, `href="/measures/import"`) {
		t.Errorf("unit account sees export/import buttons")
	}
}
