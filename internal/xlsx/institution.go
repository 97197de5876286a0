package xlsx

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// The institution's sheets: units (单位名单) and people (人员名单), read from
// the sheets personnel and general offices keep in Excel, WPS or
// LibreOffice, and written in the same layout so an export imports again
// unchanged.

// Worksheet names of the exported sheets.
const (
	unitSheetName   = "单位名单"
	peopleSheetName = "人员名单"
)

// unitColumns are the units sheet's columns in order.
var unitColumns = []column{
	{"name", "单位名称", 26, false, []string{"单位名称", "单位全称", "名称", "单位", "部门名称", "机构名称", "name", "unitname"}},
	{"code", "单位代码", 12, true, []string{"单位代码", "代码", "单位编码", "编码", "单位编号", "code", "unitcode"}},
	{"parent", "上级单位", 22, false, []string{"上级单位", "上级", "上级部门", "隶属单位", "所属单位", "parent"}},
	{"kind", "单位类别", 12, true, []string{"单位类别", "类别", "单位类型", "类型", "单位性质", "kind", "type"}},
	{"aliases", "简称", 26, false, []string{"简称", "单位简称", "别名", "简称/曾用名", "简称、曾用名", "曾用名", "aliases", "alias", "shortname"}},
	{"name_en", "英文名称", 36, false, []string{"英文名称", "英文名", "英文", "nameen", "englishname"}},
}

// personColumns are the people sheet's columns in order.
var personColumns = []column{
	{"name", "姓名", 10, true, []string{"姓名", "名字", "name"}},
	{"staff_no", "工号", 12, true, []string{"工号", "职工号", "教工号", "人事编号", "员工编号", "staffno", "staffnumber"}},
	{"unit", "所在单位", 22, false, []string{"所在单位", "单位", "部门", "所在部门", "单位名称", "unit"}},
	{"title", "职务", 14, true, []string{"职务", "职位", "岗位", "title", "post"}},
	{"role", "角色", 10, true, []string{"角色", "账号角色", "帐号角色", "用户角色", "身份", "role"}},
	{"username", "账号", 14, true, []string{"账号", "帐号", "用户名", "登录名", "登录账号", "username", "account"}},
	{"email", "邮箱", 26, false, []string{"邮箱", "电子邮箱", "电子邮件", "邮件", "email", "e-mail"}},
	{"phone", "手机", 14, true, []string{"手机", "手机号", "手机号码", "电话", "联系电话", "phone", "mobile"}},
	{"portfolio", "分管单位", 32, false, []string{"分管单位", "分管部门", "分管", "分管工作", "portfolio"}},
}

// tableLayout is where a read sheet keeps its columns, so errors can name
// the column an office sees ("B 单位代码").
type tableLayout struct {
	header  int
	cols    map[string]int
	columns []column
}

// column names a field's column: its letter and label.
func (l tableLayout) column(field string) string {
	for _, c := range l.columns {
		if c.field != field {
			continue
		}
		if i, ok := l.cols[field]; ok {
			return colName(i+1) + " " + c.label
		}
		return c.label
	}
	return field
}

// fields lists the fields the sheet has columns for.
func (l tableLayout) fields() []string {
	var out []string
	for _, c := range l.columns {
		if _, ok := l.cols[c.field]; ok {
			out = append(out, c.field)
		}
	}
	return out
}

// fieldIn returns the field of cols a header cell names, or "": the whole
// label, or the words before a bracket ("邮箱（选填）").
func fieldIn(cols []column, text string) string {
	k := labelKey(text)
	if k == "" {
		return ""
	}
	keys := []string{k}
	if i := strings.IndexAny(k, "(["); i > 0 {
		keys = append(keys, k[:i])
	}
	for _, key := range keys {
		for _, c := range cols {
			for _, a := range c.aliases {
				if key == a {
					return c.field
				}
			}
		}
	}
	return ""
}

// readTable opens a workbook and finds the first sheet with a header row,
// within the first rows, naming every field of need. It returns that
// sheet's cells, merged cells filled down, and where its columns are. A
// file it cannot use is one RowError with Row 0.
func readTable(r io.Reader, cols []column, need []string, what string) ([][]string, tableLayout, []RowError) {
	f, errs := openWorkbook(r)
	if errs != nil {
		return nil, tableLayout{}, errs
	}
	defer f.Close()
	for _, sh := range f.GetSheetList() {
		cells, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			continue
		}
		lay, ok := findTableHeader(cells, cols, need)
		if !ok {
			continue
		}
		if len(cells) > maxRows {
			return nil, lay, []RowError{reasonf(0, "", "sheet %s has %d rows; import at most %d at a time", sh, len(cells), maxRows)}
		}
		if err := fillMerged(f, sh, cells); err != nil {
			return nil, lay, []RowError{unreadable()}
		}
		return cells, lay, nil
	}
	labels := make([]string, len(need))
	for i, n := range need {
		labels[i] = tableLayout{columns: cols}.column(n)
	}
	return nil, tableLayout{}, []RowError{reasonf(0, "", "no sheet has a header row with %s (a %s)", strings.Join(labels, " and "), what)}
}

func findTableHeader(cells [][]string, cols []column, need []string) (tableLayout, bool) {
	for i := 0; i < len(cells) && i < headerRows; i++ {
		found := map[string]int{}
		for j, v := range cells[i] {
			if fld := fieldIn(cols, v); fld != "" {
				if _, dup := found[fld]; !dup {
					found[fld] = j
				}
			}
		}
		ok := true
		for _, n := range need {
			if _, has := found[n]; !has {
				ok = false
			}
		}
		if ok {
			return tableLayout{header: i + 1, cols: found, columns: cols}, true
		}
	}
	return tableLayout{}, false
}

// tableRows calls fn with each row under the header that holds anything,
// its cells cleaned by field: names lose the blanks offices pad them with
// (full-width spaces included) but keep their punctuation as typed; codes,
// account names, e-mail addresses and numbers are folded to ASCII. Blank
// rows, trailing ones included, and a note under the table (注：…) are
// skipped.
func tableRows(cells [][]string, lay tableLayout, fn func(line int, get func(field string) string)) {
	for i := lay.header; i < len(cells); i++ {
		raw := cells[i]
		get := func(field string) string {
			j, ok := lay.cols[field]
			if !ok {
				return ""
			}
			v := cell(raw, j)
			switch field {
			case "code", "staff_no", "username", "email", "phone", "role", "kind":
				return fold(v)
			case "aliases", "portfolio":
				// Lists: split first (splitNames), then clean each name.
				return strings.TrimSpace(strings.NewReplacer("\u3000", " ", "\u00a0", " ").Replace(v))
			}
			return cleanName(v)
		}
		var filled []string
		for _, c := range lay.columns {
			if v := get(c.field); v != "" {
				filled = append(filled, v)
			}
		}
		if len(filled) == 0 || (len(filled) == 1 && footnote.MatchString(filled[0])) {
			continue
		}
		fn(i+1, get)
	}
}

// cleanName trims a name as typed, turns full-width and no-break spaces
// into spaces, collapses runs of them, and drops them altogether from a
// Chinese name ("张　三" is 张三), as model.FoldName does, but keeps
// full-width brackets and other punctuation as written: a unit named
// 党委办公室（校长办公室） keeps its brackets.
func cleanName(s string) string {
	s = strings.NewReplacer("\u3000", " ", "\u00a0", " ", "\r", " ", "\n", " ").Replace(s)
	s = strings.Join(strings.Fields(s), " ")
	if model.HasHan(s) {
		s = strings.ReplaceAll(s, " ", "")
	}
	return s
}

// splitNames splits a cell of several names (简称, 分管单位) as SplitUnits
// does, and cleans each.
func splitNames(s string) []string {
	var out []string
	for _, part := range SplitUnits(s) {
		if v := cleanName(part); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// ReadUnits reads a units sheet: the first sheet with a header row naming
// 单位名称 and 单位代码. Rows come back in sheet order with their row
// numbers; a file it cannot read is one RowError with Row 0.
func ReadUnits(r io.Reader) (rows []app.UnitRow, errs []RowError, lay tableLayout) {
	defer func() {
		// excelize is not hardened against every malformed file (see Read).
		if p := recover(); p != nil {
			rows, errs, lay = nil, []RowError{unreadable()}, tableLayout{}
		}
	}()
	return readUnits(r)
}

// readUnits is ReadUnits without the recovery, for the fuzz test.
func readUnits(r io.Reader) ([]app.UnitRow, []RowError, tableLayout) {
	cells, lay, errs := readTable(r, unitColumns, []string{"name", "code"}, "units sheet")
	if errs != nil {
		return nil, errs, lay
	}
	var rows []app.UnitRow
	tableRows(cells, lay, func(line int, get func(string) string) {
		rows = append(rows, app.UnitRow{Line: line, Name: get("name"), Code: get("code"), Parent: get("parent"),
			Kind: get("kind"), Aliases: splitNames(get("aliases")), NameEn: get("name_en")})
	})
	if len(rows) == 0 {
		errs = append(errs, reasonf(lay.header, "", "no units under the header row"))
	}
	return rows, errs, lay
}

// ReadPeople reads a people sheet: the first sheet with a header row
// naming 姓名 and 所在单位.
func ReadPeople(r io.Reader) (rows []app.PersonRow, errs []RowError, lay tableLayout) {
	defer func() {
		if p := recover(); p != nil {
			rows, errs, lay = nil, []RowError{unreadable()}, tableLayout{}
		}
	}()
	return readPeople(r)
}

// readPeople is ReadPeople without the recovery, for the fuzz test.
func readPeople(r io.Reader) ([]app.PersonRow, []RowError, tableLayout) {
	cells, lay, errs := readTable(r, personColumns, []string{"name", "unit"}, "people sheet")
	if errs != nil {
		return nil, errs, lay
	}
	var rows []app.PersonRow
	tableRows(cells, lay, func(line int, get func(string) string) {
		rows = append(rows, app.PersonRow{Line: line, Name: get("name"), StaffNo: get("staff_no"), Unit: get("unit"),
			Title: get("title"), Role: get("role"), Username: get("username"), Email: get("email"),
			Phone: get("phone"), Portfolio: splitNames(get("portfolio"))})
	})
	if len(rows) == 0 {
		errs = append(errs, reasonf(lay.header, "", "no people under the header row"))
	}
	return rows, errs, lay
}

// InstitutionReport is what importing a units or people sheet did, and
// every problem found reading the sheet or checking its rows, in row order
// with the column an office sees.
type InstitutionReport struct {
	app.InstitutionImport
	Errors []RowError
}

// ImportUnits reads a units sheet and imports it through app: all rows or,
// with any bad row, none. The error is EINVALID when any row is bad.
//
// opt's DryRun and Progress are passed on; its Columns are the sheet's.
func ImportUnits(ctx context.Context, a *app.App, actor model.Account, r io.Reader, opt app.ImportOptions) (InstitutionReport, error) {
	if !app.CanManageInstitution(actor) {
		return InstitutionReport{}, model.Errorf(model.EFORBIDDEN, "not allowed to import units")
	}
	rows, errs, lay := ReadUnits(r)
	return importSheet(errs, lay, func(dry bool) (app.InstitutionImport, error) {
		opt.DryRun, opt.Columns = dry, lay.fields()
		return a.ImportUnits(ctx, actor, rows, opt)
	}, opt.DryRun, len(rows) > 0)
}

// ImportPeople reads a people sheet and imports it through app: all rows
// or, with any bad row, none. The error is EINVALID when any row is bad.
//
// opt's DryRun and Progress are passed on; its Columns are the sheet's.
func ImportPeople(ctx context.Context, a *app.App, actor model.Account, r io.Reader, opt app.ImportOptions) (InstitutionReport, error) {
	if !app.CanManageInstitution(actor) {
		return InstitutionReport{}, model.Errorf(model.EFORBIDDEN, "not allowed to import people")
	}
	rows, errs, lay := ReadPeople(r)
	return importSheet(errs, lay, func(dry bool) (app.InstitutionImport, error) {
		opt.DryRun, opt.Columns = dry, lay.fields()
		return a.ImportPeople(ctx, actor, rows, opt)
	}, opt.DryRun, len(rows) > 0)
}

// importSheet runs an import of read rows: the rows the reader refused are
// reported with those app refused, so one run lists every problem, and
// with any of them nothing is written.
func importSheet(errs []RowError, lay tableLayout, run func(dry bool) (app.InstitutionImport, error), dryRun, haveRows bool) (InstitutionReport, error) {
	for _, e := range errs {
		if e.Row == 0 {
			return InstitutionReport{Errors: errs}, e.invalid("file")
		}
	}
	var res app.InstitutionImport
	if haveRows {
		var err error
		res, err = run(dryRun || len(errs) > 0)
		if err != nil && (model.ErrorCode(err) != model.EINVALID || len(res.Errors) == 0) {
			return InstitutionReport{}, err
		}
	}
	rep := InstitutionReport{InstitutionImport: res, Errors: errs}
	for _, e := range res.Errors {
		rep.Errors = append(rep.Errors, rowErrorOf(e, lay.column(e.Field)))
	}
	sort.SliceStable(rep.Errors, func(i, j int) bool { return rep.Errors[i].Row < rep.Errors[j].Row })
	if len(rep.Errors) > 0 {
		rep.Actions, rep.NotInSheet, rep.NewAccounts = nil, nil, nil
		lines := map[int]bool{}
		for _, e := range rep.Errors {
			lines[e.Row] = true
		}
		return rep, model.Invalid("rows", "%d rows have errors; nothing was imported", len(lines))
	}
	return rep, nil
}

// ExportUnits writes the active units as a units sheet (admin, office).
func ExportUnits(ctx context.Context, a *app.App, actor model.Account, w io.Writer) error {
	rows, title, err := a.UnitSheet(ctx, actor)
	if err != nil {
		return err
	}
	return WriteUnits(w, title, rows)
}

// ExportPeople writes everyone as a people sheet (admin, office).
func ExportPeople(ctx context.Context, a *app.App, actor model.Account, w io.Writer) error {
	rows, title, err := a.PeopleSheet(ctx, actor)
	if err != nil {
		return err
	}
	return WritePeople(w, title, rows)
}

// WriteUnits writes rows as a units sheet: the title merged over the
// columns, the header, one row per unit, several aliases joined by 、.
func WriteUnits(w io.Writer, title string, rows []app.UnitRow) error {
	cells := make([][]string, len(rows))
	for i, r := range rows {
		cells[i] = []string{r.Name, r.Code, r.Parent, r.Kind, strings.Join(r.Aliases, "、"), r.NameEn}
	}
	return writeTable(w, unitSheetName, title, unitColumns, cells)
}

// WritePeople writes rows as a people sheet: the title merged over the
// columns, the header, one row per person, 分管单位 joined by 、.
func WritePeople(w io.Writer, title string, rows []app.PersonRow) error {
	cells := make([][]string, len(rows))
	for i, r := range rows {
		cells[i] = []string{r.Name, r.StaffNo, r.Unit, r.Title, r.Role, r.Username, r.Email, r.Phone, strings.Join(r.Portfolio, "、")}
	}
	return writeTable(w, peopleSheetName, title, personColumns, cells)
}

// writeTable writes one sheet in the layout the import reads: the title
// merged across row 1, the header on row 2, the rows as text (a 工号 or a
// phone number stays as written, never a number Excel reformats), borders,
// A4 landscape one page wide with the header repeated.
func writeTable(w io.Writer, sh, title string, cols []column, rows [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if err := tableSheet(f, sh, title, cols, rows); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: write: %w", err)
	}
	return nil
}

func tableSheet(f *excelize.File, sh, title string, cols []column, rows [][]string) error {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	titleStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 18, Family: titleFont},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	if err != nil {
		return err
	}
	headStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 11, Family: headFont},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}}, Border: border,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	if err != nil {
		return err
	}
	styles := map[bool]int{}
	text := "@" // Excel's text format: what is typed into a cell later stays text too
	for _, center := range []bool{true, false} {
		h := "left"
		if center {
			h = "center"
		}
		if styles[center], err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 11, Family: bodyFont}, Border: border,
			CustomNumFmt: &text, Alignment: &excelize.Alignment{Horizontal: h, Vertical: "center", WrapText: true}}); err != nil {
			return err
		}
	}
	if err := sheetHead(f, sh, title, cols, titleStyle, headStyle, 36); err != nil {
		return err
	}
	for i, r := range rows {
		n := fmt.Sprint(i + 3)
		for j, v := range r {
			ref := colName(j+1) + n
			if err := f.SetCellStr(sh, ref, v); err != nil {
				return err
			}
		}
	}
	if len(rows) > 0 {
		end := fmt.Sprint(len(rows) + 2)
		for i, c := range cols {
			col := colName(i + 1)
			if err := f.SetCellStyle(sh, col+"3", col+end, styles[c.center]); err != nil {
				return err
			}
		}
	}
	return SheetPrint(f, sh, title, 2)
}
