package web

import (
	"bytes"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/demo"
	"github.com/xuri/excelize/v2"
)

// TestAssessmentSheet downloads the demo's published 2023 result as a
// 考核结果 sheet: its title row, the header with each component's weight,
// a row per unit in rank order with the points as numbers, the
// adjustment's reason as the remark, and the title and header repeated on
// every printed page. With LUOSHI_ASSESS_SHEETS set (a directory) the
// 2023 and 2024 sheets are kept there to open in LibreOffice.
func TestAssessmentSheet(t *testing.T) {
	a := apptest.Bare(t, apptest.OpenStore(t))
	fixed := time.Date(2024, 10, 15, 9, 0, 0, 0, a.Location)
	a.Now = func() time.Time { return fixed }
	apptest.Store(a).Now = a.Now
	if _, err := demo.Load(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(a))
	t.Cleanup(srv.Close)
	c := newClient(t, srv.URL)
	c.signInWith("linxiao", demo.Password)
	sheets := map[string][]byte{}
	for _, y := range []string{"2023", "2024"} {
		code, data, _ := c.download("/assessments/" + y + "/assessment.xlsx")
		if code != ok {
			t.Fatalf("%s: %d", y, code)
		}
		sheets[y] = data
		if dir := os.Getenv("LUOSHI_ASSESS_SHEETS"); dir != "" {
			if err := os.WriteFile(filepath.Join(dir, "assessment-"+y+".xlsx"), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(sheets["2023"]))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("考核结果")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 4 || rows[0][0] != "2023年度督办考核结果" {
		t.Fatalf("title row %v", rows[0])
	}
	head := strings.Join(rows[1], "|")
	for _, want := range []string{"序号", "单位", "按期完成\n（40分）", "进展报告\n（20分）", "指标完成\n（30分）", "问题销号\n（10分）", "扣分", "调整", "总分", "等次", "备注"} {
		if !strings.Contains(head, want) {
			t.Errorf("header %q lacks %q", head, want)
		}
	}
	var kjc []string
	for i, r := range rows[2:] {
		if r[0] != strconv.Itoa(i+1) {
			t.Errorf("row %d numbered %q", i+1, r[0])
		}
		if r[1] == "科学技术处" {
			kjc = r
		}
	}
	if len(kjc) < 11 || kjc[7] != "2.0" || !strings.Contains(kjc[10], "省级科研管理先进集体") || kjc[9] == "" {
		t.Errorf("KJC's row %q: want the +2 adjustment with its reason and a grade", kjc)
	}
	if v, _ := f.GetCellType("考核结果", "I3"); v != excelize.CellTypeNumber && v != excelize.CellTypeUnset {
		t.Errorf("the total is stored as %v, want a number", v)
	}
	dn := f.GetDefinedName()
	if len(dn) == 0 || !strings.Contains(dn[0].RefersTo, "$1:$2") {
		t.Errorf("print titles: %+v", dn)
	}
}
