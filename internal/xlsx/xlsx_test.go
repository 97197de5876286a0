package xlsx

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/demo"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
	"github.com/xuri/excelize/v2"
)

// counts is how many measures, cooperating-unit links and audit events
// the database holds, to show an import wrote nothing.
func counts(t *testing.T, a *app.App) [3]int {
	t.Helper()
	var out [3]int
	for i, tb := range []string{"measures", "measure_units", "audit_events"} {
		rows, err := apptest.Store(a).Dump(context.Background(), tb)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = len(rows)
	}
	return out
}

func exportAll(t testing.TB, a *app.App, f model.MeasureFilter) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := ExportMeasures(context.Background(), a, &buf, f); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestRoundTripDemo exports the demo institution's measures, reads the file
// back to the same rows, and re-imports it: nothing created, nothing
// changed, no audit event. Changing one title in the sheet updates that
// measure, and only it.
func TestRoundTripDemo(t *testing.T) {
	s, err := store.Open(filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	a := apptest.Bare(t, s)
	if _, err := demo.Load(ctx, a); err != nil {
		t.Fatal(err)
	}
	want, title, err := a.ExportRows(ctx, app.System, model.MeasureFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < 20 || title != "示范大学重点任务分解表" {
		t.Fatalf("export rows: %d, title %q", len(want), title)
	}
	b := exportAll(t, a, model.MeasureFilter{})
	got, errs := Import(bytes.NewReader(b))
	if len(errs) != 0 {
		t.Fatalf("read back: %v", errs)
	}
	if diff := cmp.Diff(FromMeasureRows(want), got, cmpopts.IgnoreFields(Row{}, "Line", "Due", "Cancelled"), cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("rows differ after the round trip (-exported +read):\n%s", diff)
	}
	if got[0].Line != 3 {
		t.Errorf("first row is on line %d, want 3", got[0].Line)
	}

	before := counts(t, a)
	rep, err := ImportMeasures(ctx, a, app.System, bytes.NewReader(b), app.ImportOptions{})
	if err != nil {
		t.Fatalf("re-import: %v %v", err, rep.Errors)
	}
	if n := rep.Count(app.ImportUnchanged); n != len(want) || rep.Count(app.ImportCreate) != 0 || rep.Count(app.ImportUpdate) != 0 {
		t.Errorf("re-import: %d unchanged, %d created, %d updated; want %d unchanged", n, rep.Count(app.ImportCreate), rep.Count(app.ImportUpdate), len(want))
	}
	if after := counts(t, a); after != before {
		t.Errorf("re-import of an unchanged sheet wrote: %v → %v", before, after)
	}

	// Edit one title in the sheet, as an office would, and import again.
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStr(sheetName, "C3", "改过的举措标题"); err != nil {
		t.Fatal(err)
	}
	var edited bytes.Buffer
	if _, err := f.WriteTo(&edited); err != nil {
		t.Fatal(err)
	}
	rep, err = ImportMeasures(ctx, a, app.System, &edited, app.ImportOptions{})
	if err != nil {
		t.Fatalf("import edited: %v %v", err, rep.Errors)
	}
	if rep.Count(app.ImportUpdate) != 1 || rep.Count(app.ImportCreate) != 0 {
		t.Fatalf("edited sheet: %+v", rep.Actions)
	}
	after := counts(t, a)
	if after[0] != before[0] || after[2] != before[2]+1 {
		t.Errorf("one update: counts %v → %v, want the same measures and one audit event more", before, after)
	}
	m, err := a.Measure(ctx, app.System, want[0].Code)
	if err != nil || m.Measure.Title != "改过的举措标题" {
		t.Errorf("measure %s after the update: %q, %v", want[0].Code, m.Measure.Title, err)
	}
}

// TestRoundTripFixtureMeeting exports one meeting's measures: its title
// names the meeting, and only measures from its agenda are in it.
func TestRoundTripFixtureMeeting(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	ms, err := a.Meetings(ctx, app.System)
	if err != nil || len(ms) == 0 {
		t.Fatal(err)
	}
	rows, title, err := a.ExportRows(ctx, app.System, model.MeasureFilter{Meeting: ms[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	if title != "测试大学2024年暑期工作研讨会重点任务分解表" || len(rows) != 1 || rows[0].Code != apptest.MeasureA {
		t.Fatalf("meeting export: %q %+v", title, rows)
	}
	b := exportAll(t, a, model.MeasureFilter{Meeting: ms[0].ID})
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := f.GetCellValue(sheetName, "A1"); v != title {
		t.Errorf("A1 = %q", v)
	}
	head, _ := f.GetRows(sheetName)
	if diff := cmp.Diff([]string{"序号", "重点任务", "具体举措", "牵头校领导", "牵头单位", "配合单位", "完成时限", "截止日期", "备注", "编号"}, head[1]); diff != "" {
		t.Errorf("header:\n%s", diff)
	}
	if v, _ := f.GetCellValue(sheetName, "D3"); v != "王校长" {
		t.Errorf("leader by name: %q", v)
	}
	if v, _ := f.GetCellValue(sheetName, "E3"); v != "科学技术处" {
		t.Errorf("lead unit by name: %q", v)
	}
	dn := f.GetDefinedName()
	if !slices.ContainsFunc(dn, func(d excelize.DefinedName) bool {
		return d.Name == "_xlnm.Print_Titles" && strings.HasSuffix(d.RefersTo, "!$1:$2")
	}) {
		t.Errorf("no print titles: %+v", dn)
	}
	if pl, err := f.GetPageLayout(sheetName); err != nil || *pl.Orientation != "landscape" || *pl.Size != 9 {
		t.Errorf("page layout: %+v %v", pl, err)
	}
	if p, err := f.GetPanes(sheetName); err != nil || !p.Freeze || p.YSplit != 2 {
		t.Errorf("panes: %+v %v", p, err)
	}
}

// TestExportMergesTasks checks consecutive rows of one 重点任务 share one
// merged cell and a heading-less table still reads back.
func TestExportMergesTasks(t *testing.T) {
	rows := []Row{
		{Seq: "1", Task: "科学研究", Title: "甲", LeadUnit: "科学技术处", CooperatingUnits: []string{"教务处", "人事处"}, Deadline: "2024年12月底前"},
		{Seq: "2", Task: "科学研究", Title: "乙", LeadUnit: "科学技术处", Deadline: "长期坚持"},
		{Seq: "3", Task: "人才培养", Title: "丙", LeadUnit: "教务处", Deadline: "2024-09-30"},
	}
	var buf bytes.Buffer
	if err := Export(&buf, "测试分解表", rows); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	merges, _ := f.GetMergeCells(sheetName)
	var refs []string
	for _, m := range merges {
		refs = append(refs, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	slices.Sort(refs)
	if diff := cmp.Diff([]string{"A1:J1", "B3:B4"}, refs); diff != "" {
		t.Errorf("merges:\n%s", diff)
	}
	if v, _ := f.GetCellValue(sheetName, "F3"); v != "教务处、人事处" {
		t.Errorf("cooperating units joined: %q", v)
	}
	got, errs := Import(bytes.NewReader(buf.Bytes()))
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	for i := range got {
		got[i].Line = 0
	}
	if diff := cmp.Diff(rows, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("read back (-want +got):\n%s", diff)
	}
}

// officeSheet builds a sheet as an office makes one by hand: a title, a
// unit line, a header with spaces and full-width brackets and 工作要求 for
// 具体举措, no 编号, a heading row merged across the table, 重点任务 merged
// down, units by name and abbreviation, 、-joined cooperating units, a
// deadline typed as a date, blank rows, a footnote.
func officeSheet(t testing.TB, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	sh := "Sheet1"
	set := func(cell string, v any) {
		if err := f.SetCellValue(sh, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	set("A1", "2024年暑期工作研讨会重点任务分解表")
	f.MergeCell(sh, "A1", "H1")
	set("A2", "填报单位：党政办公室")
	header := []string{"序  号", "重点任务", "工作要求（具体举措）", "分管校领导", "牵头单位", "配合单位", "完成时限", "备 注"}
	for i, h := range header {
		set(colName(i+1)+"4", h)
	}
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	for i, r := range rows {
		n := i + 5
		for j, v := range r {
			if v == nil {
				continue
			}
			cell := colName(j+1) + itoa(n)
			set(cell, v)
			if j == 6 {
				if _, isNum := v.(int); isNum {
					f.SetCellStyle(sh, cell, cell, dateStyle)
				}
			}
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func itoa(n int) string { c, _ := excelize.CoordinatesToCellName(1, n); return c[1:] }

// TestOfficeSheet imports a hand-made sheet: 4 measures created with the
// right units, leader, theme and dates.
func TestOfficeSheet(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	rows := [][]any{
		{nil, "一、科学研究"}, // row 5: heading merged across (B5:H5)
		{1, "有组织科研", "建设校级重大科研平台", "王校长", "科技处", "教务处、人事处", 45657, "年底前完成论证"}, // row 6, B merged down to row 7
		{2, nil, "完善科研评价办法", "leader1", "KJC", "人事处，教务处", "2024年11月底前"},       // row 7
		{}, // row 8 blank
		{3, "人才培养", "推进本科教学改革", nil, "教务处", nil, "本学期内"},        // row 9
		{4, nil, "修订人才培养方案", "王校长", "教务处", "科学技术处 人事处", "长期坚持"}, // row 10
		{},
		{"注：完成时限以督办通知为准。"}, // row 12 footnote
	}
	b := officeSheet(t, rows)
	f, _ := excelize.OpenReader(bytes.NewReader(b))
	f.MergeCell("Sheet1", "B5", "H5")
	f.MergeCell("Sheet1", "B6", "B7")
	f.MergeCell("Sheet1", "A12", "H12")
	var buf bytes.Buffer
	f.WriteTo(&buf)
	b = buf.Bytes()

	got, errs := Import(bytes.NewReader(b))
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	want := []Row{
		{Line: 6, Seq: "1", Task: "有组织科研", Title: "建设校级重大科研平台", Leader: "王校长", LeadUnit: "科技处", CooperatingUnits: []string{"教务处", "人事处"}, Deadline: "2024-12-31", Note: "年底前完成论证"},
		{Line: 7, Seq: "2", Task: "有组织科研", Title: "完善科研评价办法", Leader: "leader1", LeadUnit: "KJC", CooperatingUnits: []string{"人事处", "教务处"}, Deadline: "2024年11月底前"},
		{Line: 9, Seq: "3", Task: "人才培养", Title: "推进本科教学改革", LeadUnit: "教务处", Deadline: "本学期内"},
		{Line: 10, Seq: "4", Task: "人才培养", Title: "修订人才培养方案", Leader: "王校长", LeadUnit: "教务处", CooperatingUnits: []string{"科学技术处", "人事处"}, Deadline: "长期坚持"},
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("read (-want +got):\n%s", diff)
	}

	rep, err := ImportMeasures(ctx, a, apptest.Account(t, a, apptest.Office), bytes.NewReader(b), app.ImportOptions{})
	if err != nil {
		t.Fatalf("import: %v %v", err, rep.Errors)
	}
	if rep.Count(app.ImportCreate) != 4 {
		t.Fatalf("created %d, want 4: %+v", rep.Count(app.ImportCreate), rep.Actions)
	}
	first, err := a.Measure(ctx, app.System, rep.Actions[0].Code)
	if err != nil {
		t.Fatal(err)
	}
	m := first.Measure
	if m.LeadUnit != "KJC" || !slices.Equal(m.CooperatingUnits, []string{"JWC", "RSC"}) || m.Leader != apptest.Leader ||
		m.Due != model.Ymd(2024, 12, 31) || m.Theme != "research" || m.Period != "2024-H2" || m.Detail != "年底前完成论证" {
		t.Errorf("first measure: %+v", m)
	}
	third, _ := a.Measure(ctx, app.System, rep.Actions[2].Code)
	if third.Measure.Theme != "talent_training" || third.Measure.Due != model.Ymd(2024, 12, 31) {
		t.Errorf("third measure: theme %s due %s", third.Measure.Theme, third.Measure.Due)
	}
	fourth, _ := a.Measure(ctx, app.System, rep.Actions[3].Code)
	if fourth.Measure.Due != 0 || fourth.Measure.Deadline != "长期坚持" {
		t.Errorf("ongoing measure: due %s deadline %q", fourth.Measure.Due, fourth.Measure.Deadline)
	}
}

// badSheet has 3 good rows and 2 bad ones: an unknown unit on row 6 and a
// deadline that is none on row 8.
func badSheet(t testing.TB) []byte {
	return officeSheet(t, [][]any{
		{1, "科学研究", "好举措一", "王校长", "科技处", nil, "2024年12月底前"},   // 5
		{2, "科学研究", "坏举措一", "王校长", "宇宙研究处", nil, "2024年12月底前"}, // 6
		{3, "科学研究", "好举措二", nil, "教务处", "科技处", "2024-11-30"},   // 7
		{4, "人才培养", "坏举措二", nil, "教务处", nil, "等领导定"},           // 8
		{5, "人才培养", "好举措三", nil, "人事处", nil, "长期坚持"},           // 9
	})
}

// TestAllOrNothing imports a sheet with bad rows: both are reported with
// their rows and columns, and nothing is written.
func TestAllOrNothing(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	before := counts(t, a)
	rep, err := ImportMeasures(ctx, a, apptest.Account(t, a, apptest.Office), bytes.NewReader(badSheet(t)), app.ImportOptions{})
	if model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("bad rows: err %v", err)
	}
	if len(rep.Errors) != 2 || rep.Errors[0].Row != 6 || rep.Errors[1].Row != 8 {
		t.Fatalf("errors: %+v", rep.Errors)
	}
	if e := rep.Errors[0]; e.Column != "E 牵头单位" || !strings.Contains(e.Reason, "宇宙研究处") {
		t.Errorf("unknown unit: %+v", e)
	}
	if e := rep.Errors[1]; e.Column != "G 完成时限" || !strings.Contains(e.Reason, "等领导定") {
		t.Errorf("bad deadline: %+v", e)
	}
	if len(rep.Actions) != 0 {
		t.Errorf("actions reported for a refused import: %+v", rep.Actions)
	}
	if after := counts(t, a); after != before {
		t.Errorf("a refused import wrote: %v → %v", before, after)
	}
}

// TestDryRun checks a dry run reports the codes it would create and writes
// nothing, and a unit account may not import at all.
func TestDryRun(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	b := officeSheet(t, [][]any{
		{1, "科学研究", "好举措一", "王校长", "科技处", nil, "2024年12月底前"},
		{2, "科学研究", "好举措二", nil, "教务处", "科技处", "2024-11-30"},
	})
	before := counts(t, a)
	rep, err := ImportMeasures(ctx, a, apptest.Account(t, a, apptest.Office), bytes.NewReader(b), app.ImportOptions{DryRun: true})
	if err != nil {
		t.Fatal(err, rep.Errors)
	}
	if !rep.DryRun || rep.Count(app.ImportCreate) != 2 || rep.Actions[0].Code != "2024H2-004" || rep.Actions[1].Code != "2024H2-005" {
		t.Errorf("dry run: %+v", rep.ImportResult)
	}
	if after := counts(t, a); after != before {
		t.Errorf("dry run wrote: %v → %v", before, after)
	}
	// The dry run's codes are the real import's.
	rep, err = ImportMeasures(ctx, a, apptest.Account(t, a, apptest.Office), bytes.NewReader(b), app.ImportOptions{})
	if err != nil || rep.Actions[0].Code != "2024H2-004" {
		t.Errorf("import after dry run: %v %+v", err, rep.Actions)
	}
	_, err = ImportMeasures(ctx, a, apptest.Account(t, a, apptest.UnitKJC), bytes.NewReader(b), app.ImportOptions{})
	if model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("unit account import: %v", err)
	}
}

// TestNotASpreadsheet checks files that are no table get one clear error.
func TestNotASpreadsheet(t *testing.T) {
	for name, b := range map[string][]byte{
		"empty": nil, "text": []byte("序号,具体举措\n1,x"), "zip": {'P', 'K', 3, 4, 0, 0},
	} {
		rows, errs := Import(bytes.NewReader(b))
		if len(rows) != 0 || len(errs) != 1 || errs[0].Row != 0 || !strings.Contains(errs[0].Reason, "xlsx") {
			t.Errorf("%s: %v %v", name, rows, errs)
		}
	}
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "随便什么")
	var buf bytes.Buffer
	f.WriteTo(&buf)
	if _, errs := Import(&buf); len(errs) != 1 || !strings.Contains(errs[0].Reason, "具体举措") {
		t.Errorf("no header: %v", errs)
	}
}

func TestSplitUnits(t *testing.T) {
	for in, want := range map[string][]string{
		"教务处、人事处":                    {"教务处", "人事处"},
		"教务处，人事处;科技处/财务处":            {"教务处", "人事处", "科技处", "财务处"},
		"教务处 人事处":                    {"教务处", "人事处"},
		"KJC JWC":                    {"KJC", "JWC"},
		"Office of Academic Affairs": {"Office of Academic Affairs"},
		"":                           nil,
	} {
		if got := SplitUnits(in); !slices.Equal(got, want) {
			t.Errorf("SplitUnits(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestExportCancelledAndDue: the table writes each deadline as the office
// wrote it and the day it resolves to in 截止日期; a cancelled measure stays
// in the table, grey, with 已撤销 opening its 备注. Read back, neither the
// mark nor the day changes a measure.
func TestExportCancelledAndDue(t *testing.T) {
	rows := []Row{
		{Seq: "1", Task: "人才培养", Title: "修订本科培养方案", LeadUnit: "教务处", Deadline: "2024年12月底前", Due: "2024-12-31", Code: "2024H2-001"},
		{Seq: "2", Task: "人才培养", Title: "建设智慧教室", LeadUnit: "教务处", Deadline: "本学期内", Due: "2025-01-17", Note: "并入校园网改造", Cancelled: true, Code: "2024H2-002"},
	}
	var buf bytes.Buffer
	if err := Export(&buf, "测试表", rows); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	cell := func(field string, row int) string { return colName(columnOf(field)+1) + strconv.Itoa(row) }
	for c, want := range map[string]string{cell("deadline", 3): "2024年12月底前", cell("due", 3): "2024-12-31",
		cell("due", 4): "2025-01-17", cell("detail", 4): "已撤销。并入校园网改造", cell("detail", 3): ""} {
		if got, _ := f.GetCellValue(sheetName, c); got != want {
			t.Errorf("%s = %q, want %q", c, got, want)
		}
	}
	grey := func(c string) string {
		id, _ := f.GetCellStyle(sheetName, c)
		st, _ := f.GetStyle(id)
		if st == nil || st.Font == nil {
			return ""
		}
		return st.Font.Color
	}
	if grey(cell("title", 4)) != "808080" || grey(cell("title", 3)) != "" {
		t.Errorf("title fonts: cancelled %q, standing %q", grey(cell("title", 4)), grey(cell("title", 3)))
	}
	back, errs := Import(bytes.NewReader(buf.Bytes()))
	if len(errs) != 0 || len(back) != 2 || back[1].Note != "并入校园网改造" || back[0].Note != "" || back[1].Deadline != "本学期内" {
		t.Errorf("read back: %+v %v", back, errs)
	}
}
