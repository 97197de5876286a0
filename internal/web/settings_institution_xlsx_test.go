package web

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/xlsx"
)

// institutionSheetScenarios are the permission scenarios of the units and
// people sheets: the admin imports, the admin and the office export.
func institutionSheetScenarios() []scenario {
	adminOnly := func(s int) want {
		return want{def: denied, role: map[string]int{"anon": see, apptest.Admin: s}}
	}
	var out []scenario
	for _, s := range []string{"units", "people"} {
		out = append(out,
			scenario{"GET /settings/" + s + "/export.xlsx", "/settings/" + s + "/export.xlsx", nil, officeOnly(ok)},
			scenario{"GET /settings/" + s + "/import", "/settings/" + s + "/import", nil, adminOnly(ok)},
			// A form without a file: the admin is asked for one (422).
			scenario{"POST /settings/" + s + "/import", "/settings/" + s + "/import", nil, adminOnly(http.StatusUnprocessableEntity)},
		)
	}
	return out
}

// uploadSheet posts a file to an import route as a browser does, the dry
// run box ticked or not, and returns the status, body and redirect.
func (c *client) uploadSheet(path, name string, content []byte, dryRun bool) (int, string, string) {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", c.csrf)
	if dryRun {
		mw.WriteField("dry_run", "1")
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", c.base+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header.Get("Location")
}

func unitsSheetOf(t *testing.T, rows ...app.UnitRow) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := xlsx.WriteUnits(&buf, "单位名单", rows); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func peopleSheetOf(t *testing.T, rows ...app.PersonRow) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := xlsx.WritePeople(&buf, "人员名单", rows); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestInstitutionSheetUpload drives both import pages as the admin: a
// check writes nothing and lists what would happen; an import redirects
// (a reload posts nothing) to a page with the counts, the accounts made
// without a password and who is not in the sheet; a bad sheet is listed
// row by row with nothing written; the office may not import.
func TestInstitutionSheetUpload(t *testing.T) {
	a, srv := newServer(t)
	admin := newClient(t, srv.URL)
	admin.signIn(apptest.Admin)
	if code, body := admin.get("/settings/units/import"); code != ok || !strings.Contains(body, `name="dry_run"`) ||
		!strings.Contains(body, `action="/settings/units/import"`) || !strings.Contains(body, "导入单位名单") {
		t.Fatalf("units import page: %d\n%s", code, body)
	}

	units := unitsSheetOf(t,
		app.UnitRow{Name: "计算机学院", Code: "JSJ", Kind: "学院", Aliases: []string{"计院"}},
		app.UnitRow{Name: "教务处", Code: "JWC", Kind: "职能部门", Aliases: []string{"本科生院"}, NameEn: "Academic Affairs Office"})
	events := apptest.AuditCount(t, a)
	code, body, _ := admin.uploadSheet("/settings/units/import", "单位名单.xlsx", units, true)
	if code != ok || !strings.Contains(body, "检查通过：将新建 1 行、更新 1 行，0 行无变化") || !strings.Contains(body, "不在表中（4）") ||
		!strings.Contains(body, `<td class="code">LDR</td>`) {
		t.Fatalf("units check: %d\n%s", code, body)
	}
	if apptest.AuditCount(t, a) != events {
		t.Fatal("a check wrote")
	}
	// The import answers with its report (not a redirect: the names of
	// who is not in the sheet must not travel in an address).
	code, body, loc := admin.uploadSheet("/settings/units/import", "单位名单.xlsx", units, false)
	if code != ok || loc != "" || !strings.Contains(body, "导入完成：新建 1 行、更新 1 行，0 行无变化") ||
		!strings.Contains(body, "不在表中（4）") || !strings.Contains(body, "人事处") {
		t.Fatalf("units import: %d %q\n%s", code, loc, body)
	}
	if u, err := apptest.Store(a).Unit(t.Context(), "JSJ"); err != nil || u.Kind != model.UnitSchool {
		t.Fatalf("JSJ: %+v %v", u, err)
	}

	people := peopleSheetOf(t,
		app.PersonRow{Name: "张三", StaffNo: "T0001", Unit: "校领导班子", Title: "校长", Role: "校领导", Username: "zhangsan", Portfolio: []string{"计算机学院"}},
		app.PersonRow{Name: "褚明", StaffNo: "T2006", Unit: "计算机学院", Role: "单位", Username: "jsj01"})
	code, body, _ = admin.uploadSheet("/settings/people/import", "人员名单.xlsx", people, false)
	if code != ok || !strings.Contains(body, "新建 2 行") || !strings.Contains(body, "新建了 2 个账号，均未设置密码") ||
		!strings.Contains(body, `<td class="code">office1</td><td>林晓</td><td>党政办公室</td>`) {
		t.Fatalf("people import: %d\n%s", code, body)
	}
	code, body, _ = admin.uploadSheet("/settings/people/import", "人员名单.xlsx", people, false)
	if code != ok || !strings.Contains(body, "新建 0 行、更新 0 行，2 行无变化") {
		t.Errorf("people again: %d\n%s", code, body)
	}

	bad := peopleSheetOf(t, app.PersonRow{Name: "坏人", Unit: "宇宙研究处", Role: "单位", Username: "huai"},
		app.PersonRow{Name: "好人", Unit: "教务处", Role: "单位", Username: "haoren", Portfolio: []string{"人事处"}})
	events = apptest.AuditCount(t, a)
	code, body, _ = admin.uploadSheet("/settings/people/import", "bad.xlsx", bad, false)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `<td class="num">3</td><td>C 所在单位</td>`) ||
		!strings.Contains(body, `<td class="num">4</td><td>I 分管单位</td>`) || !strings.Contains(body, "未导入任何内容") {
		t.Errorf("bad sheet: %d\n%s", code, body)
	}
	if apptest.AuditCount(t, a) != events {
		t.Error("a bad sheet wrote")
	}
	if code, body, _ := admin.uploadSheet("/settings/people/import", "notes.txt", []byte("x"), false); code != http.StatusUnprocessableEntity || !strings.Contains(body, "只能导入 .xlsx") {
		t.Errorf("not xlsx: %d", code)
	}

	office := newClient(t, srv.URL)
	office.signIn(apptest.Office)
	if code, _, _ := office.uploadSheet("/settings/people/import", "人员名单.xlsx", people, false); code != denied {
		t.Errorf("office import: %d, want 403", code)
	}
}

// TestInstitutionSheetExport checks the downloads are .xlsx files named
// after the sheets that read back to the units and people there are.
func TestInstitutionSheetExport(t *testing.T) {
	_, srv := newServer(t)
	c := newClient(t, srv.URL)
	c.signIn(apptest.Office)
	for path, name := range map[string]string{"/settings/units/export.xlsx": "units.xlsx", "/settings/people/export.xlsx": "people.xlsx"} {
		res, err := c.hc.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		cd := res.Header.Get("Content-Disposition")
		if res.StatusCode != ok || res.Header.Get("Content-Type") != xlsxType || !strings.Contains(cd, `filename="`+name+`"`) ||
			!strings.Contains(cd, "filename*=UTF-8''") {
			t.Fatalf("%s: %d %v", path, res.StatusCode, res.Header)
		}
		if name == "units.xlsx" {
			rows, errs, _ := xlsx.ReadUnits(bytes.NewReader(b))
			if len(errs) != 0 || len(rows) != 5 || rows[0].Code != "LDR" {
				t.Errorf("units read back: %v %+v", errs, rows)
			}
			continue
		}
		rows, errs, _ := xlsx.ReadPeople(bytes.NewReader(b))
		if len(errs) != 0 || len(rows) != 5 {
			t.Errorf("people read back: %v %+v", errs, rows)
		}
	}
}
