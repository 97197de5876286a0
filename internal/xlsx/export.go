package xlsx

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// sheetName is the exported worksheet's name.
const sheetName = "任务分解表"

// Fonts of the exported table: 宋体 is on every Chinese Windows and WPS
// install, and Excel substitutes it elsewhere.
const (
	bodyFont  = "宋体"
	titleFont = "宋体"
	headFont  = "黑体"
)

// Export writes rows as a task decomposition table: the title row merged
// across the columns, the header, one row per measure with cells of the
// same 重点任务 merged where consecutive rows share it, borders, wrapped
// text, A4 landscape fitted to the page width, the header repeated on every
// printed page and frozen on screen.
func Export(w io.Writer, title string, rows []Row) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheetName); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if err := layout(f, title, rows); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: write: %w", err)
	}
	return nil
}

func layout(f *excelize.File, title string, rows []Row) error {
	const sh = sheetName
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	titleStyle, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Size: 18, Family: titleFont},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
	})
	if err != nil {
		return err
	}
	headStyle, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Size: 11, Family: headFont},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}},
		Border:    border,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
	})
	if err != nil {
		return err
	}
	// A cancelled measure's row is grey, on screen and on paper, with 已撤销
	// in its 备注: it stays in the table the office agreed, marked.
	body := func(h, color string) (int, error) {
		st := &excelize.Style{
			Font:      &excelize.Font{Size: 11, Family: bodyFont, Color: color},
			Border:    border,
			Alignment: &excelize.Alignment{Horizontal: h, Vertical: "center", WrapText: true},
		}
		if color != "" {
			st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EDEDED"}}
		}
		return f.NewStyle(st)
	}
	centerStyle, err := body("center", "")
	if err != nil {
		return err
	}
	leftStyle, err := body("left", "")
	if err != nil {
		return err
	}
	centerGrey, err := body("center", "808080")
	if err != nil {
		return err
	}
	leftGrey, err := body("left", "808080")
	if err != nil {
		return err
	}

	// Title and header.
	if err := sheetHead(f, sh, title, columns, titleStyle, headStyle, 40); err != nil {
		return err
	}
	if err := f.SetRowHeight(sh, 2, 30); err != nil {
		return err
	}

	// One row per measure.
	for i, r := range rows {
		n := i + 3
		vals := rowValues(r)
		lines := 1
		for j, v := range vals {
			cell := colName(j+1) + strconv.Itoa(n)
			if j == 0 {
				if k, err := strconv.Atoi(v); err == nil {
					if err := f.SetCellInt(sh, cell, int64(k)); err != nil {
						return err
					}
					continue
				}
			}
			if err := f.SetCellStr(sh, cell, v); err != nil {
				return err
			}
			if columns[j].field != "task" {
				lines = max(lines, LinesIn(v, columns[j].width))
			}
		}
		if err := f.SetRowHeight(sh, n, math.Min(409, float64(lines)*14.5+6)); err != nil {
			return err
		}
	}
	if len(rows) > 0 {
		end := strconv.Itoa(len(rows) + 2)
		for i, c := range columns {
			col := colName(i + 1)
			st := centerStyle
			if !c.center {
				st = leftStyle
			}
			if err := f.SetCellStyle(sh, col+"3", col+end, st); err != nil {
				return err
			}
		}
		for i, r := range rows {
			if !r.Cancelled {
				continue
			}
			n := strconv.Itoa(i + 3)
			for j, c := range columns {
				if c.field == "task" {
					continue
				}
				st := centerGrey
				if !c.center {
					st = leftGrey
				}
				if err := f.SetCellStyle(sh, colName(j+1)+n, colName(j+1)+n, st); err != nil {
					return err
				}
			}
		}
	}
	// Merge runs of one 重点任务.
	task := colName(columnOf("task") + 1)
	for start := 0; start < len(rows); {
		end := start
		for end+1 < len(rows) && rows[end+1].Task == rows[start].Task {
			end++
		}
		if end > start && rows[start].Task != "" {
			if err := f.MergeCell(sh, task+strconv.Itoa(start+3), task+strconv.Itoa(end+3)); err != nil {
				return err
			}
		}
		start = end + 1
	}

	// Printing: A4 landscape, one page wide, header repeated, page numbers.
	lr, tb, hf := 0.4, 0.6, 0.3
	center := true
	if err := f.SetPageMargins(sh, &excelize.PageLayoutMarginsOptions{Left: &lr, Right: &lr, Top: &tb, Bottom: &tb,
		Header: &hf, Footer: &hf, Horizontally: &center}); err != nil {
		return err
	}
	return SheetPrint(f, sh, title, 2)
}

// cancelledMark opens a cancelled measure's 备注 in an export; an import
// takes it off again, so a table read back changes no measure's note.
const cancelledMark = "已撤销"

// rowValues are a row's cells in column order.
func rowValues(r Row) []string {
	out := make([]string, len(columns))
	for i, c := range columns {
		switch c.field {
		case "seq":
			out[i] = r.Seq
		case "task":
			out[i] = r.Task
		case "title":
			out[i] = r.Title
		case "leader":
			out[i] = r.Leader
		case "lead_unit":
			out[i] = r.LeadUnit
		case "cooperating_units":
			out[i] = strings.Join(r.CooperatingUnits, "、")
		case "deadline":
			out[i] = r.Deadline
		case "due":
			out[i] = r.Due
		case "detail":
			out[i] = r.Note
			if r.Cancelled {
				out[i] = strings.TrimSuffix(cancelledMark+"。"+r.Note, "。")
			}
		case "code":
			out[i] = r.Code
		}
	}
	return out
}

// LinesIn estimates how many printed lines text takes in a column of the
// given width: Excel does not grow rows for wrapped text it did not type,
// so the export sets each row's height itself. A Chinese character is two
// width units wide, a Latin one one.
func LinesIn(text string, colWidth float64) int {
	per := max(1, int(colWidth)-1)
	n := 0
	for _, line := range strings.Split(text, "\n") {
		w := 0
		for _, r := range line {
			if wide(r) {
				w += 2
			} else {
				w++
			}
		}
		n += max(1, (w+per-1)/per)
	}
	return n
}

// wide reports whether r prints two columns wide: CJK, Hangul, full-width forms.
func wide(r rune) bool {
	return (r >= 0x2E80 && r <= 0x9FFF) || (r >= 0xAC00 && r <= 0xD7A3) || (r >= 0xF900 && r <= 0xFAFF) ||
		(r >= 0xFE30 && r <= 0xFE4F) || (r >= 0xFF00 && r <= 0xFF60) || (r >= 0xFFE0 && r <= 0xFFE6)
}

// colName is the letter of the n-th column (1-based).
func colName(n int) string {
	s, _ := excelize.ColumnNumberToName(n)
	return s
}
