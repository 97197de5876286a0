package xlsx

import (
	"bytes"
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/xuri/excelize/v2"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// handSheet is a sheet as an office makes one by hand: rows of cells from
// A1, then the merges.
func handSheet(t testing.TB, rows [][]any, merges ...[2]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		for j, v := range row {
			ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellValue("Sheet1", ref, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, m := range merges {
		if err := f.MergeCell("Sheet1", m[0], m[1]); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestReadUnitsOfficeSheet reads a units sheet made by hand: a title
// merged over the columns, a blank row, the header on row 3 with a
// full-width space and a trailing blank in its labels, cells padded with
// full-width spaces, a full-width code, trailing empty rows and a note.
func TestReadUnitsOfficeSheet(t *testing.T) {
	b := handSheet(t, [][]any{
		{"某某大学单位名单"},
		{},
		{"序号", "单位　名称", "单位代码 ", "上级单位", "单位类别", "简称", "英文名称"},
		{1, "　计算机学院 ", "JSJ", "信息学部", "学院", "计算机、 计院 ", "School of  Computer Science "},
		{2, "信息学部", "ＸＸＢ", "", "学部"},
		{3, "马克思主义学院（研究院）", "MKS", "", "school", "马院"},
		{},
		{nil, "", ""},
		{"注：单位代码由人事处统一编制。"},
		{nil, "   "},
	}, [2]string{"A1", "G1"})
	rows, errs, lay := ReadUnits(bytes.NewReader(b))
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	want := []app.UnitRow{
		{Line: 4, Name: "计算机学院", Code: "JSJ", Parent: "信息学部", Kind: "学院", Aliases: []string{"计算机", "计院"}, NameEn: "School of Computer Science"},
		{Line: 5, Name: "信息学部", Code: "XXB", Kind: "学部"},
		{Line: 6, Name: "马克思主义学院（研究院）", Code: "MKS", Kind: "school", Aliases: []string{"马院"}},
	}
	if diff := cmp.Diff(want, rows, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("read (-want +got):\n%s", diff)
	}
	if lay.header != 3 || lay.column("parent") != "D 上级单位" {
		t.Errorf("layout: header %d, parent in %q", lay.header, lay.column("parent"))
	}

	a := apptest.New(t)
	rep, err := ImportUnits(context.Background(), a, apptest.Account(t, a, apptest.Admin), bytes.NewReader(b), app.ImportOptions{})
	if err != nil || rep.Count(app.ImportCreate) != 3 {
		t.Fatalf("import: %v %v %+v", err, rep.Errors, rep.Actions)
	}
	u, err := apptest.Store(a).Unit(context.Background(), "MKS")
	if err != nil || u.Name != "马克思主义学院（研究院）" {
		t.Errorf("full-width brackets not kept: %+v %v", u, err)
	}
}

// TestReadPeopleOfficeSheet reads a people sheet made by hand: its columns
// in another order with one luoshi does not know, the header under a
// merged title and a note row, names padded the way rosters pad two-character
// names, 工号 and 手机 typed as numbers.
func TestReadPeopleOfficeSheet(t *testing.T) {
	b := handSheet(t, [][]any{
		{"人员名单"},
		{"填表说明：角色填 办公室、校领导 或 单位。"},
		{"序号", "姓名", "所在单位", "工号", "账号", "角色", "职务", "手机", "电子邮箱（选填）", "分管单位", "备注"},
		{1, "张　三", "校领导班子", "T0001", "ZhangSan ", "校领导", "校长", nil, "zhangsan@example.edu.cn", "教务处，科学技术处、人事处", "无"},
		{2, "陈晓", "计算机学院", 20150001, "jsj01", "单位", "主任", 13800000002, "chenxiao@example.edu.cn"},
		{3, "王处长", "教务处", "T2002", nil, nil, "处长"},
		{},
		{},
	}, [2]string{"A1", "K1"}, [2]string{"A2", "K2"})
	rows, errs, lay := ReadPeople(bytes.NewReader(b))
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	want := []app.PersonRow{
		{Line: 4, Name: "张三", StaffNo: "T0001", Unit: "校领导班子", Title: "校长", Role: "校领导", Username: "ZhangSan", Email: "zhangsan@example.edu.cn",
			Portfolio: []string{"教务处", "科学技术处", "人事处"}},
		{Line: 5, Name: "陈晓", StaffNo: "20150001", Unit: "计算机学院", Title: "主任", Role: "单位", Username: "jsj01", Email: "chenxiao@example.edu.cn", Phone: "13800000002"},
		{Line: 6, Name: "王处长", StaffNo: "T2002", Unit: "教务处", Title: "处长"},
	}
	if diff := cmp.Diff(want, rows, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("read (-want +got):\n%s", diff)
	}
	if lay.header != 3 || lay.column("email") != "I 邮箱" || !slices.Contains(lay.fields(), "portfolio") {
		t.Errorf("layout: header %d, email in %q, fields %v", lay.header, lay.column("email"), lay.fields())
	}
}

// TestLibreOfficeSheets imports the sheets saved by LibreOffice under
// testdata/: units-libreoffice.xlsx converted from a CSV (a parent further
// down the sheet, an abbreviation, full-width code and padding),
// people-libreoffice.xlsx from an .ods with its title merged across the
// columns, a blank row, 工号 and 手机 as numbers and a note under the
// table. Exported again, both sheets import with nothing changed.
func TestLibreOfficeSheets(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	admin := apptest.Account(t, a, apptest.Admin)
	units, err := os.ReadFile("testdata/units-libreoffice.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	people, err := os.ReadFile("testdata/people-libreoffice.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	ur, err := ImportUnits(ctx, a, admin, bytes.NewReader(units), app.ImportOptions{})
	if err != nil || ur.Count(app.ImportCreate) != 5 || ur.Count(app.ImportUpdate) != 1 {
		t.Fatalf("units: %v %v %+v", err, ur.Errors, ur.Actions)
	}
	for code, want := range map[string]model.Unit{
		"JSJ": {Name: "计算机学院", Parent: "XXB", Kind: model.UnitSchool},
		"XXB": {Name: "信息学部", Kind: model.UnitSchool, NameEn: "Faculty of Information"},
		"CLY": {Name: "先进材料研究院", Parent: "KJC", Kind: model.UnitInstitute},
		"TSG": {Name: "图书馆", Kind: model.UnitAffiliated, NameEn: "Library"},
		"JWC": {Name: "教务处", Kind: model.UnitDepartment, NameEn: "Academic Affairs Office"},
	} {
		u, err := apptest.Store(a).Unit(ctx, code)
		if err != nil || u.Name != want.Name || u.Parent != want.Parent || u.Kind != want.Kind || (want.NameEn != "" && u.NameEn != want.NameEn) {
			t.Errorf("%s: %+v %v", code, u, err)
		}
	}
	pr, err := ImportPeople(ctx, a, admin, bytes.NewReader(people), app.ImportOptions{})
	if err != nil || pr.Count(app.ImportCreate) != 5 || !slices.Equal(pr.NewAccounts, []string{"jsj01", "zhangsan", "t0002", "bangongshi"}) {
		t.Fatalf("people: %v %v %+v %v", err, pr.Errors, pr.Actions, pr.NewAccounts)
	}
	chen, err := apptest.Store(a).PersonByStaffNo(ctx, "20150001")
	if err != nil || chen.Name != "陈晓" || chen.Phone != "13800000002" || chen.Email != "chenxiao@example.edu.cn" || chen.Unit != "JSJ" {
		t.Errorf("陈晓: %+v %v", chen, err)
	}
	ps, _ := a.Portfolios(ctx, app.System)
	if p := ps.At(apptest.Today)["t0002"]; !slices.Equal(p.Units, []string{"CLY", "JWC"}) {
		t.Errorf("李四's portfolio: %+v", p)
	}

	// Exported and imported again: every row unchanged, no audit event.
	office := apptest.Account(t, a, apptest.Office)
	var ub, pb bytes.Buffer
	if err := ExportUnits(ctx, a, office, &ub); err != nil {
		t.Fatal(err)
	}
	want, _, _ := a.UnitSheet(ctx, office)
	got, errs, _ := ReadUnits(bytes.NewReader(ub.Bytes()))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(app.UnitRow{}, "Line"), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("units sheet read back (-exported +read):\n%s", diff)
	}
	if got[0].Line != 3 {
		t.Errorf("first unit on row %d, want 3", got[0].Line)
	}
	// The fixture's accounts get their person on a first round.
	if err := ExportPeople(ctx, a, office, &pb); err != nil {
		t.Fatal(err)
	}
	if _, err := ImportPeople(ctx, a, admin, bytes.NewReader(pb.Bytes()), app.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	pb.Reset()
	if err := ExportPeople(ctx, a, office, &pb); err != nil {
		t.Fatal(err)
	}
	events := apptest.AuditCount(t, a)
	ur, err = ImportUnits(ctx, a, admin, bytes.NewReader(ub.Bytes()), app.ImportOptions{})
	if err != nil || ur.Count(app.ImportUnchanged) != len(want) {
		t.Errorf("units again: %v %v %+v", err, ur.Errors, ur.Actions)
	}
	pr, err = ImportPeople(ctx, a, admin, bytes.NewReader(pb.Bytes()), app.ImportOptions{})
	if err != nil || pr.Count(app.ImportUnchanged) != len(pr.Actions) || len(pr.NotInSheet) != 0 {
		t.Errorf("people again: %v %v %+v %+v", err, pr.Errors, pr.Actions, pr.NotInSheet)
	}
	if n := apptest.AuditCount(t, a); n != events {
		t.Errorf("re-importing the exports wrote %d audit events", n-events)
	}
}

// TestInstitutionBadSheet checks a sheet with bad rows is reported row by
// row with the column an office sees, a dry run and a refused import write
// nothing, and a file without the header says what it lacks.
func TestInstitutionBadSheet(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	admin := apptest.Account(t, a, apptest.Admin)
	b := handSheet(t, [][]any{
		{"人员名单"},
		{"姓名", "工号", "所在单位", "角色", "账号", "邮箱", "分管单位"},
		{"好人", "T1", "教务处", "单位", "haoren"},
		{"坏人甲", "T2", "宇宙研究处", "单位", "huai1"},
		{"坏人乙", "T3", "教务处", "单位", "huai2", "huai@", "人事处"},
	}, [2]string{"A1", "G1"})
	events := apptest.AuditCount(t, a)
	rep, err := ImportPeople(ctx, a, admin, bytes.NewReader(b), app.ImportOptions{})
	if model.ErrorCode(err) != model.EINVALID || len(rep.Actions) != 0 {
		t.Fatalf("bad rows: %v %+v", err, rep)
	}
	var got []string
	for _, e := range rep.Errors {
		got = append(got, e.Error())
	}
	wantErrs := []string{
		`row 4, column C 所在单位: unknown unit "宇宙研究处"`,
		`row 5, column F 邮箱: "huai@" is not an e-mail address`,
		`row 5, column G 分管单位: 分管单位 is only for 校领导 rows`,
	}
	if diff := cmp.Diff(wantErrs, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if !strings.Contains(err.Error(), "2 rows have errors; nothing was imported") {
		t.Errorf("error: %v", err)
	}
	good := handSheet(t, [][]any{{"姓名", "所在单位", "角色", "账号"}, {"好人", "教务处", "单位", "haoren"}})
	rep, err = ImportPeople(ctx, a, admin, bytes.NewReader(good), app.ImportOptions{DryRun: true})
	if err != nil || !rep.DryRun || rep.Count(app.ImportCreate) != 1 || !slices.Equal(rep.NewAccounts, []string{"haoren"}) {
		t.Errorf("dry run: %v %+v", err, rep)
	}
	if n := apptest.AuditCount(t, a); n != events {
		t.Errorf("a refused import and a dry run wrote %d audit events", n-events)
	}
	if _, err := apptest.Store(a).Account(ctx, "haoren"); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("a dry run made an account: %v", err)
	}
	if _, err := ImportPeople(ctx, a, apptest.Account(t, a, apptest.Office), bytes.NewReader(good), app.ImportOptions{}); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("office import: %v", err)
	}

	for name, c := range map[string]struct {
		b    []byte
		read func([]byte) []RowError
		want string
	}{
		"units without code": {handSheet(t, [][]any{{"单位名称", "上级单位"}, {"教务处"}}), func(b []byte) []RowError { _, e, _ := ReadUnits(bytes.NewReader(b)); return e },
			"no sheet has a header row with 单位名称 and 单位代码"},
		"people without unit": {handSheet(t, [][]any{{"姓名", "工号"}, {"张三", "T1"}}), func(b []byte) []RowError { _, e, _ := ReadPeople(bytes.NewReader(b)); return e },
			"no sheet has a header row with 姓名 and 所在单位"},
		"people sheet empty": {handSheet(t, [][]any{{"姓名", "所在单位"}, {}}), func(b []byte) []RowError { _, e, _ := ReadPeople(bytes.NewReader(b)); return e },
			"no people under the header row"},
		"not a workbook": {[]byte("姓名,所在单位\n张三,教务处"), func(b []byte) []RowError { _, e, _ := ReadPeople(bytes.NewReader(b)); return e },
			"not a readable .xlsx"},
	} {
		if errs := c.read(c.b); len(errs) != 1 || !strings.Contains(errs[0].Reason, c.want) {
			t.Errorf("%s: %v, want %q", name, errs, c.want)
		}
	}
}

// unitBooks and peopleBooks are the institution's sheets as luoshi writes
// them and as LibreOffice saves them, for the fuzz tests.
func unitBooks(f *testing.F) [][]byte {
	var buf bytes.Buffer
	if err := WriteUnits(&buf, "单位名单", exampleUnits()); err != nil {
		f.Fatal(err)
	}
	lo, err := os.ReadFile("testdata/units-libreoffice.xlsx")
	if err != nil {
		f.Fatal(err)
	}
	return [][]byte{buf.Bytes(), lo}
}

func peopleBooks(f *testing.F) [][]byte {
	var buf bytes.Buffer
	if err := WritePeople(&buf, "人员名单", examplePeople()); err != nil {
		f.Fatal(err)
	}
	lo, err := os.ReadFile("testdata/people-libreoffice.xlsx")
	if err != nil {
		f.Fatal(err)
	}
	return [][]byte{buf.Bytes(), lo}
}

// FuzzImportUnits is FuzzImport for units sheets.
func FuzzImportUnits(f *testing.F) {
	seedWorkbooks(f, unitBooks(f)...)
	f.Fuzz(func(t *testing.T, b []byte) {
		var rows []app.UnitRow
		var errs []RowError
		if !notOurPanic(t, b, func() { rows, errs, _ = readUnits(bytes.NewReader(b)) }) {
			return
		}
		clearError(t, errs)
		if len(rows) == 0 && len(errs) == 0 {
			t.Fatal("no rows and no reason")
		}
		for _, r := range rows {
			if r.Line < 1 {
				t.Fatalf("row without a line: %+v", r)
			}
		}
	})
}

// FuzzImportPeople is FuzzImport for people sheets.
func FuzzImportPeople(f *testing.F) {
	seedWorkbooks(f, peopleBooks(f)...)
	f.Fuzz(func(t *testing.T, b []byte) {
		var rows []app.PersonRow
		var errs []RowError
		if !notOurPanic(t, b, func() { rows, errs, _ = readPeople(bytes.NewReader(b)) }) {
			return
		}
		clearError(t, errs)
		if len(rows) == 0 && len(errs) == 0 {
			t.Fatal("no rows and no reason")
		}
		for _, r := range rows {
			if r.Line < 1 {
				t.Fatalf("row without a line: %+v", r)
			}
		}
	})
}
