package xlsx

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// indicatorSheetName is the exported indicator sheet's worksheet name.
const indicatorSheetName = "指标考核表"

// indicatorColumns are the indicator sheet's columns (指标考核表): code,
// name, kind, measurement unit, owner unit, then the period's figures.
var indicatorColumns = []column{
	{"code", "代码", 12, true, []string{"代码", "指标代码", "编号", "指标编号", "code"}},
	{"name", "名称", 30, false, []string{"名称", "指标名称", "指标", "name"}},
	{"kind", "类型", 10, true, []string{"类型", "指标类型", "指标类别", "类别", "kind"}},
	{"measure_unit", "计量单位", 10, true, []string{"计量单位", "单位", "measureunit", "unit"}},
	{"owner_unit", "责任单位", 16, true, []string{"责任单位", "牵头单位", "责任部门", "ownerunit"}},
	{"baseline", "基期值", 11, true, []string{"基期值", "基期", "基数", "基准值", "baseline"}},
	{"target", "目标值", 11, true, []string{"目标值", "目标", "target"}},
	{"actual", "完成值", 11, true, []string{"完成值", "完成", "实际值", "完成情况", "actual"}},
	{"note", "备注", 24, false, []string{"备注", "说明", "note", "notes"}},
}

func indicatorField(cellText string) string {
	k := labelKey(cellText)
	if i := strings.IndexAny(k, "(["); i > 0 {
		k = k[:i]
	}
	for _, c := range indicatorColumns {
		for _, a := range c.aliases {
			if k == a {
				return c.field
			}
		}
	}
	return ""
}

// indicatorLayout is where a read indicator sheet keeps its columns.
type indicatorLayout struct {
	header int
	cols   map[string]int
}

// column names a field's column as an office sees it: "H 完成值".
func (l indicatorLayout) column(field string) string {
	for _, c := range indicatorColumns {
		if c.field == field {
			if i, ok := l.cols[field]; ok {
				return colName(i+1) + " " + c.label
			}
			return c.label
		}
	}
	return field
}

// ReadIndicators reads an indicator sheet: the first sheet with a header
// row naming 代码 and at least two more of its columns. Rows come back with
// their row numbers; a file it cannot read is one RowError with Row 0.
func ReadIndicators(r io.Reader) (rows []app.IndicatorRow, errs []RowError, lay indicatorLayout) {
	defer func() {
		if p := recover(); p != nil {
			rows, errs = nil, []RowError{unreadable()}
		}
	}()
	return readIndicators(r)
}

// readIndicators is ReadIndicators without the recovery (see read).
func readIndicators(r io.Reader) (rows []app.IndicatorRow, errs []RowError, lay indicatorLayout) {
	f, errs := openWorkbook(r)
	if errs != nil {
		return nil, errs, lay
	}
	defer f.Close()
	for _, sh := range f.GetSheetList() {
		cells, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			continue
		}
		lay, ok := findIndicatorHeader(cells)
		if !ok {
			continue
		}
		if len(cells) > maxRows {
			return nil, []RowError{reasonf(0, "", "sheet %s has %d rows; import at most %d at a time", sh, len(cells), maxRows)}, lay
		}
		if err := fillMerged(f, sh, cells); err != nil {
			return nil, []RowError{unreadable()}, lay
		}
		get := func(row []string, field string) string {
			i, ok := lay.cols[field]
			if !ok {
				return ""
			}
			if field == "note" || field == "name" {
				return keepLines(cell(row, i))
			}
			return strings.TrimSpace(fold(cell(row, i)))
		}
		for i := lay.header; i < len(cells); i++ {
			row := app.IndicatorRow{Line: i + 1, Code: strings.ToUpper(get(cells[i], "code")), Name: get(cells[i], "name"),
				Kind: get(cells[i], "kind"), MeasureUnit: get(cells[i], "measure_unit"), OwnerUnit: get(cells[i], "owner_unit"),
				Baseline: get(cells[i], "baseline"), Target: get(cells[i], "target"), Actual: get(cells[i], "actual"), Note: get(cells[i], "note")}
			if row == (app.IndicatorRow{Line: i + 1}) {
				continue
			}
			if row.Code == "" && row.Baseline == "" && row.Target == "" && row.Actual == "" && footnote.MatchString(row.Name+row.Note) {
				continue
			}
			rows = append(rows, row)
		}
		if len(rows) == 0 {
			errs = append(errs, reasonf(lay.header, "", "no indicators under the header row"))
		}
		return rows, errs, lay
	}
	return nil, []RowError{reasonf(0, "", "no sheet has a header row with 代码 and 名称 or 完成值")}, lay
}

func findIndicatorHeader(cells [][]string) (indicatorLayout, bool) {
	for i := 0; i < len(cells) && i < headerRows; i++ {
		cols := map[string]int{}
		for j, v := range cells[i] {
			if fld := indicatorField(v); fld != "" {
				if _, dup := cols[fld]; !dup {
					cols[fld] = j
				}
			}
		}
		if _, ok := cols["code"]; ok && len(cols) >= 3 {
			return indicatorLayout{header: i + 1, cols: cols}, true
		}
	}
	return indicatorLayout{}, false
}

// ImportIndicators reads an indicator sheet and writes its figures for
// period through app: every row or, with any bad row, none. Rows the reader
// refused are reported with the rows app refused, each with its column.
func ImportIndicators(ctx context.Context, a *app.App, actor model.Account, period string, r io.Reader, dryRun bool) (Report, error) {
	if !app.CanManageIndicators(actor) {
		return Report{}, model.Errorf(model.EFORBIDDEN, "not allowed to import indicators")
	}
	rows, errs, lay := ReadIndicators(r)
	for _, e := range errs {
		if e.Row == 0 {
			return Report{Errors: errs}, e.invalid("file")
		}
	}
	var res app.ImportResult
	var err error
	if len(rows) > 0 {
		res, err = a.ImportIndicators(ctx, actor, period, rows, dryRun || len(errs) > 0)
		if err != nil && model.ErrorCode(err) != model.EINVALID {
			return Report{}, err
		}
		if e := model.ErrorOf(err); e != nil && len(res.Errors) == 0 {
			return Report{}, err // the period or the sheet as a whole
		}
	}
	rep := Report{ImportResult: res, Errors: errs}
	for _, e := range res.Errors {
		rep.Errors = append(rep.Errors, rowErrorOf(e, lay.column(e.Field)))
	}
	sort.SliceStable(rep.Errors, func(i, j int) bool { return rep.Errors[i].Row < rep.Errors[j].Row })
	if len(rep.Errors) > 0 {
		rep.Actions = nil
		lines := map[int]bool{}
		for _, e := range rep.Errors {
			lines[e.Row] = true
		}
		return rep, model.Invalid("rows", "%d rows have errors; nothing was imported", len(lines))
	}
	return rep, nil
}

// WriteIndicators writes rows as an indicator sheet: the title merged over
// the columns, the header, one row per indicator with its figures as
// numbers, borders, A4 landscape one page wide with the header repeated.
func WriteIndicators(w io.Writer, title string, rows []app.IndicatorRow) error {
	f := excelize.NewFile()
	defer f.Close()
	const sh = indicatorSheetName
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if err := indicatorLayoutSheet(f, sh, title, rows); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: write: %w", err)
	}
	return nil
}

func indicatorLayoutSheet(f *excelize.File, sh, title string, rows []app.IndicatorRow) error {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	titleStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 18, Family: titleFont},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
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
	for _, center := range []bool{true, false} {
		h := "left"
		if center {
			h = "center"
		}
		if styles[center], err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 11, Family: bodyFont}, Border: border,
			Alignment: &excelize.Alignment{Horizontal: h, Vertical: "center", WrapText: true}}); err != nil {
			return err
		}
	}
	if err := sheetHead(f, sh, title, indicatorColumns, titleStyle, headStyle, 40); err != nil {
		return err
	}
	for i, r := range rows {
		n := strconv.Itoa(i + 3)
		vals := []string{r.Code, r.Name, r.Kind, r.MeasureUnit, r.OwnerUnit, r.Baseline, r.Target, r.Actual, r.Note}
		for j, v := range vals {
			ref := colName(j+1) + n
			field := indicatorColumns[j].field
			if x, err := strconv.ParseFloat(v, 64); err == nil && (field == "baseline" || field == "target" || field == "actual") {
				if err := f.SetCellFloat(sh, ref, x, -1, 64); err != nil {
					return err
				}
			} else if err := f.SetCellStr(sh, ref, v); err != nil {
				return err
			}
			if err := f.SetCellStyle(sh, ref, ref, styles[indicatorColumns[j].center]); err != nil {
				return err
			}
		}
	}
	return SheetPrint(f, sh, title, 2)
}
