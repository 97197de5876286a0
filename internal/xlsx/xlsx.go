// Package xlsx reads and writes the task decomposition table (任务分解表)
// the way offices exchange it in Excel and WPS: a title row, then 序号 ·
// 重点任务 · 具体举措 · 牵头校领导 · 牵头单位 · 配合单位 · 完成时限 · 备注, with
// 编号 (the measure's code) last. Export writes one an office prints as it
// is; Import reads the ones offices make, with a report of every row it
// cannot read. Names are resolved, and measures written, by app.
package xlsx

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/xuri/excelize/v2"
)

// Row is one row of a task decomposition table, as written in the sheet.
type Row struct {
	// Line is the spreadsheet row number (1-based) a read row came from.
	Line             int
	Seq              string
	Task             string // 重点任务
	Title            string // 具体举措
	Leader           string // 牵头校领导
	LeadUnit         string // 牵头单位
	CooperatingUnits []string
	Deadline         string // 完成时限, as written (dates as YYYY-MM-DD)
	Note             string // 备注
	Code             string // 编号
	// Due (截止日期, YYYY-MM-DD) is the day the deadline resolves to, and
	// Cancelled marks a cancelled measure (已撤销, in grey): exported, never
	// read back (the deadline as written is what an import takes).
	Due       string
	Cancelled bool
}

// RowError is a problem with one row of a sheet: its row number (0 for the
// file as a whole), the column ("F 配合单位", or "" for the whole row) and
// the reason.
type RowError struct {
	Row    int
	Column string
	Reason string
	// Format and Args are the reason's message id and arguments, for the
	// faces to put it in the reader's language (see model.Error).
	Format string
	Args   []any
}

// invalid is the row's problem as the import's error naming field, its
// message id kept.
func (e RowError) invalid(field string) *model.Error {
	if format := e.Format; format != "" {
		return model.Invalid(field, format, e.Args...)
	}
	return model.Invalid(field, "%s", e.Reason)
}

// Err is the row's problem as an error of the model's, for a face to put
// in the reader's language.
func (e RowError) Err() *model.Error { return e.invalid("") }

// reasonf is a RowError whose reason is a message with its id.
func reasonf(row int, column, format string, args ...any) RowError {
	return RowError{Row: row, Column: column, Reason: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// errorReason is a row's problem told by an error of the model's.
func errorReason(row int, column string, err error) RowError {
	if e := model.ErrorOf(err); e != nil && e.Format != "" {
		return RowError{Row: row, Column: column, Reason: e.Message, Format: e.Format, Args: e.Args}
	}
	return RowError{Row: row, Column: column, Reason: err.Error()}
}

// rowErrorOf is app's row error placed in the sheet's column.
func rowErrorOf(e app.RowError, column string) RowError {
	return RowError{Row: e.Line, Column: column, Reason: e.Message, Format: e.Format, Args: e.Args}
}

func (e RowError) Error() string {
	switch {
	case e.Row == 0:
		return e.Reason
	case e.Column == "":
		return fmt.Sprintf("row %d: %s", e.Row, e.Reason)
	}
	return fmt.Sprintf("row %d, column %s: %s", e.Row, e.Column, e.Reason)
}

// column is one column of the office layout: the measure field it holds
// (app's field names), its label, its printed width and the labels offices
// use for it.
type column struct {
	field   string
	label   string
	width   float64
	center  bool
	aliases []string
}

// sheetHead writes a sheet's title (row 1, merged over the columns, of
// the given height) and its header row (row 2: each column's label and
// width), the layout every sheet luoshi exports shares.
func sheetHead(f *excelize.File, sh, title string, cols []column, titleStyle, headStyle int, titleHeight float64) error {
	last := colName(len(cols))
	if err := f.SetCellStr(sh, "A1", title); err != nil {
		return err
	}
	if err := f.MergeCell(sh, "A1", last+"1"); err != nil {
		return err
	}
	if err := f.SetCellStyle(sh, "A1", last+"1", titleStyle); err != nil {
		return err
	}
	if err := f.SetRowHeight(sh, 1, titleHeight); err != nil {
		return err
	}
	for i, c := range cols {
		col := colName(i + 1)
		if err := f.SetCellStr(sh, col+"2", c.label); err != nil {
			return err
		}
		if err := f.SetColWidth(sh, col, col, c.width); err != nil {
			return err
		}
	}
	return f.SetCellStyle(sh, "A2", last+"2", headStyle)
}

// SheetPrint sets how every exported sheet prints and opens: A4 landscape,
// one page wide, page numbers in the footer, the header row repeated on
// every page and frozen on screen, and the title in the document's
// properties. Sheets without a header row to repeat (a compendium of
// blocks) pass header 0.
func SheetPrint(f *excelize.File, sh, title string, header int) error {
	size, orient, fitW, fitH := 9, "landscape", 1, 0
	if err := f.SetPageLayout(sh, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &fitW, FitToHeight: &fitH}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(sh, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sh, &excelize.HeaderFooterOptions{OddFooter: "&C第 &P 页，共 &N 页"}); err != nil {
		return err
	}
	if header > 0 {
		row, next := strconv.Itoa(header), "A"+strconv.Itoa(header+1)
		// The title and the header row repeat on every printed page.
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + sh + "'!$1:$" + row, Scope: sh}); err != nil {
			return err
		}
		if err := f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: header, TopLeftCell: next, ActivePane: "bottomLeft",
			Selection: []excelize.Selection{{SQRef: next, ActiveCell: next, Pane: "bottomLeft"}}}); err != nil {
			return err
		}
	}
	return f.SetDocProps(&excelize.DocProperties{Title: title, Creator: "luoshi", Language: "zh-CN"})
}

// columns are the office layout's columns in order: the eight an office
// prints, then the code, which lets a re-import update instead of duplicate.
var columns = []column{
	{"seq", "序号", 6, true, []string{"序号", "序", "no", "no.", "#"}},
	{"task", "重点任务", 16, true, []string{"重点任务", "重点工作", "工作任务", "主要任务", "任务", "keytask", "task"}},
	{"title", "具体举措", 46, false, []string{"具体举措", "工作要求", "工作举措", "具体措施", "具体任务", "主要举措", "举措", "measure", "workmeasure"}},
	{"leader", "牵头校领导", 11, true, []string{"牵头校领导", "分管校领导", "责任校领导", "牵头领导", "分管领导", "校领导", "leader", "leaderincharge"}},
	{"lead_unit", "牵头单位", 14, true, []string{"牵头单位", "责任单位", "牵头部门", "主责单位", "牵头单位(部门)", "leadunit"}},
	{"cooperating_units", "配合单位", 22, true, []string{"配合单位", "协同单位", "参与单位", "配合部门", "协办单位", "cooperatingunits"}},
	{"deadline", "完成时限", 14, true, []string{"完成时限", "完成时间", "时间节点", "时限", "完成期限", "deadline"}},
	{"due", "截止日期", 12, true, []string{"截止日期", "due"}},
	{"detail", "备注", 18, false, []string{"备注", "说明", "note", "notes"}},
	{"code", "编号", 12, true, []string{"编号", "举措编号", "督办编号", "code"}},
}

// columnOf returns the column of a field, -1 if none.
func columnOf(field string) int {
	for i, c := range columns {
		if c.field == field {
			return i
		}
	}
	return -1
}

// fold trims s, folds full-width ASCII and the ideographic space to ASCII
// and collapses runs of white space, as offices type both kinds.
func fold(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\u3000' || r == '\u00a0':
			r = ' '
		case r >= '\uFF01' && r <= '\uFF5E':
			r -= 0xFEE0
		}
		b.WriteRune(r)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// labelKey is a header cell reduced to what identifies it: folded, no
// spaces, no required-field stars or colons, lower case.
func labelKey(s string) string {
	s = strings.ToLower(fold(s))
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '*' || r == ':' {
			return -1
		}
		return r
	}, s)
}

// fieldOfLabel returns the field a header cell names, or "".
func fieldOfLabel(cell string) string {
	k := labelKey(cell)
	if k == "" {
		return ""
	}
	// "具体举措(工作要求)": the words before a bracket name the column.
	if i := strings.IndexAny(k, "(["); i > 0 {
		k2 := k[:i]
		for _, c := range columns {
			for _, a := range c.aliases {
				if k == a {
					return c.field
				}
			}
		}
		k = k2
	}
	for _, c := range columns {
		for _, a := range c.aliases {
			if k == a {
				return c.field
			}
		}
	}
	return ""
}
