package xlsx

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"
)

// Limits on what Import reads (and see openWorkbook's).
const (
	maxRows    = 20000
	headerRows = 30 // the header must start within this many rows
)

// Layout is where a read sheet keeps its columns, so errors about a
// measure's fields can name the column an office sees.
type Layout struct {
	Sheet  string
	Header int            // the header's row number
	Cols   map[string]int // field → 0-based column index
}

// Has reports whether the sheet has a column for field.
func (l Layout) Has(field string) bool {
	_, ok := l.Cols[field]
	return ok
}

// Fields lists the fields the sheet has columns for.
func (l Layout) Fields() []string {
	var out []string
	for _, c := range columns {
		if l.Has(c.field) {
			out = append(out, c.field)
		}
	}
	return out
}

// Column names a field's column as an office sees it: "F 配合单位". Fields
// that live in another column (a measure's period is read from its
// deadline) name that one.
func (l Layout) Column(field string) string {
	switch field {
	case "period", "due", "start":
		field = "deadline"
	case "theme":
		field = "task"
	case "note":
		field = "detail"
	}
	i, ok := l.Cols[field]
	if !ok {
		if c := columnOf(field); c >= 0 {
			return columns[c].label
		}
		return field
	}
	return colName(i+1) + " " + columns[columnOf(field)].label
}

// Import reads a task decomposition table. Rows come back in sheet order
// with their row numbers; rows it cannot read are reported, not returned.
// A file it cannot read at all is one RowError with Row 0.
func Import(r io.Reader) ([]Row, []RowError) {
	rows, errs, _ := Read(r)
	return rows, errs
}

// Read is Import that also says where the sheet keeps its columns.
func Read(r io.Reader) (rows []Row, errs []RowError, lay Layout) {
	defer func() {
		// excelize is not hardened against every malformed file; a broken
		// upload must be a clear error, never a crashed server.
		if p := recover(); p != nil {
			rows, errs, lay = nil, []RowError{unreadable()}, Layout{}
		}
	}()
	return read(r)
}

// read is Read without the recovery, so a fuzz test sees where a panic
// comes from: a panic in excelize is its bug, recovered by Read; one in
// this package is ours, and fails the test.
func read(r io.Reader) (rows []Row, errs []RowError, lay Layout) {
	f, errs := openWorkbook(r)
	if errs != nil {
		return nil, errs, Layout{}
	}
	defer f.Close()
	for _, sh := range f.GetSheetList() {
		cells, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			continue
		}
		lay, ok := findHeader(cells)
		if !ok {
			continue
		}
		lay.Sheet = sh
		if len(cells) > maxRows {
			return nil, []RowError{reasonf(0, "", "sheet %s has %d rows; import at most %d at a time", sh, len(cells), maxRows)}, lay
		}
		if err := fillMerged(f, sh, cells); err != nil {
			return nil, []RowError{unreadable()}, lay
		}
		rows, errs := readRows(cells, lay)
		return rows, errs, lay
	}
	return nil, []RowError{reasonf(0, "", "no sheet has a header row with 具体举措 (or 工作要求) and 牵头单位")}, Layout{}
}

// findHeader finds the header row: the first row naming a 具体举措 (or
// 工作要求) column. The first column of each field counts.
func findHeader(cells [][]string) (Layout, bool) {
	for i := 0; i < len(cells) && i < headerRows; i++ {
		cols := map[string]int{}
		for j, v := range cells[i] {
			if fld := fieldOfLabel(v); fld != "" {
				if _, dup := cols[fld]; !dup {
					cols[fld] = j
				}
			}
		}
		if _, ok := cols["title"]; ok && len(cols) >= 2 {
			return Layout{Header: i + 1, Cols: cols}, true
		}
	}
	return Layout{}, false
}

// fillMerged copies each merged range's value down its first column, so a
// 重点任务 merged over several rows (or a 牵头单位 shared by them) reads on
// every row. Columns further right stay empty: a heading merged across the
// table is then one cell of text in an otherwise empty row.
func fillMerged(f *excelize.File, sh string, cells [][]string) error {
	merges, err := f.GetMergeCells(sh)
	if err != nil {
		return err
	}
	for _, m := range merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil || r1 < 1 || r1 > len(cells) || r2 < r1 || c2 < c1 {
			continue
		}
		v := cell(cells[r1-1], c1-1)
		for r := r1 + 1; r <= r2 && r <= len(cells); r++ {
			for len(cells[r-1]) < c1 {
				cells[r-1] = append(cells[r-1], "")
			}
			if cells[r-1][c1-1] == "" {
				cells[r-1][c1-1] = v
			}
		}
	}
	return nil
}

func cell(row []string, i int) string {
	if i < 0 || i >= len(row) {
		return ""
	}
	return row[i]
}

// headingNumber is the numbering offices put before headings: 一、（一）1. 1、
var headingNumber = regexp.MustCompile(`^\s*(?:[（(]?[一二三四五六七八九十百]+[)）、.．]|[（(]\d+[)）]|\d+[、.．])\s*`)

// footnote starts the lines under a table that are no measure.
var footnote = regexp.MustCompile(`^(?:注|说明|备注|附|制表|填表|审核|联系人)`)

// readRows turns the cells under the header into rows.
func readRows(cells [][]string, lay Layout) ([]Row, []RowError) {
	var rows []Row
	var errs []RowError
	task := ""
	// Names, codes and dates are folded (full-width to ASCII); text an
	// office wrote is kept as written, trimmed.
	get := func(row []string, field string) string {
		i, ok := lay.Cols[field]
		if !ok {
			return ""
		}
		if field == "task" {
			return strings.TrimSpace(cell(row, i))
		}
		return strings.TrimSpace(fold(strings.ReplaceAll(cell(row, i), "\r", "")))
	}
	if !lay.Has("lead_unit") {
		errs = append(errs, reasonf(lay.Header, columns[columnOf("lead_unit")].label, "the header has no 牵头单位 column"))
	}
	for i := lay.Header; i < len(cells); i++ {
		line := i + 1
		raw := cells[i]
		var nonEmpty []string
		for fld := range lay.Cols {
			if v := get(raw, fld); v != "" {
				nonEmpty = append(nonEmpty, v)
			}
		}
		if len(nonEmpty) == 0 {
			continue
		}
		title := keepLines(cell(raw, lay.Cols["title"]))
		if !lay.Has("title") {
			title = ""
		}
		if title == "" && len(nonEmpty) == 1 {
			// A heading row (一、党的建设) sets the 重点任务 of the rows under it;
			// a lone number or a footnote is no measure.
			v := nonEmpty[0]
			if footnote.MatchString(v) || isDigits(v) {
				continue
			}
			task = strings.TrimSpace(headingNumber.ReplaceAllString(v, ""))
			continue
		}
		if t := get(raw, "task"); t != "" {
			task = strings.TrimSpace(headingNumber.ReplaceAllString(t, ""))
		}
		r := Row{Line: line, Seq: get(raw, "seq"), Task: task, Title: title, Leader: get(raw, "leader"),
			LeadUnit: get(raw, "lead_unit"), CooperatingUnits: SplitUnits(get(raw, "cooperating_units")),
			Note: keepLines(cell(raw, lay.Cols["detail"])), Code: strings.ToUpper(get(raw, "code"))}
		if !lay.Has("detail") {
			r.Note = ""
		}
		if rest, ok := strings.CutPrefix(r.Note, cancelledMark); ok {
			r.Note = strings.TrimPrefix(rest, "。")
		}
		if r.Code != "" && isDigits(r.Code) && !lay.Has("seq") {
			// 编号 used as 序号 (1, 2, 3): a number, not a measure code.
			r.Seq, r.Code = r.Code, ""
		}
		if title == "" {
			errs = append(errs, reasonf(line, lay.Column("title"), "具体举措 is empty"))
			continue
		}
		dl, err := deadlineText(get(raw, "deadline"))
		if err != nil {
			errs = append(errs, errorReason(line, lay.Column("deadline"), err))
			continue
		}
		r.Deadline = dl
		rows = append(rows, r)
	}
	if len(rows) == 0 && len(errs) == 0 {
		errs = append(errs, reasonf(lay.Header, "", "no measures under the header row"))
	}
	return rows, errs
}

// keepLines reads a cell of text an office wrote (a long 具体举措, a 备注)
// as written: line breaks and indents kept, only the ends trimmed, as app
// stores it, so a re-import of an exported sheet changes nothing.
func keepLines(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.TrimSpace(strings.ReplaceAll(s, "\r", "\n"))
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// deadlineText turns a 完成时限 cell into text. A date typed into Excel is
// stored as a day number (45657 is 2024-12-31) and comes back as
// YYYY-MM-DD; text stays as written.
func deadlineText(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return v, nil
	}
	// Day numbers from 1954 to 2119: any number there is a date; a bare
	// year or month number is text for app to read or refuse.
	if n < 20000 || n >= 80000 {
		return v, nil
	}
	t, err := excelize.ExcelDateToTime(n, false)
	if err != nil {
		return "", fmt.Errorf("%s is not a date", v)
	}
	return t.Format("2006-01-02"), nil
}

// SplitUnits splits a 配合单位 cell into units: on 、，,;；/ and line
// breaks, and on spaces too unless the part is an English name.
func SplitUnits(s string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("、，,;；/／\n\r\t", r) }) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if englishName(part) {
			out = append(out, part)
			continue
		}
		out = append(out, strings.Fields(part)...)
	}
	return out
}

// englishName reports whether s is all ASCII with lower-case letters
// ("Office of Academic Affairs"), whose spaces are part of the name; codes
// ("KJC JWC") and Chinese names split on spaces.
func englishName(s string) bool {
	lower := false
	for _, r := range s {
		if r > unicode.MaxASCII {
			return false
		}
		if unicode.IsLower(r) {
			lower = true
		}
	}
	return lower
}
