package report

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/luoshi-edu/luoshi/internal/xlsx"
)

// The compendium sheet's two columns: what a line is (项目) and what it
// says; Excel's width units, about one Latin character each.
const (
	compLabelWidth = 22
	compTextWidth  = 100
)

// WriteXlsx writes the compendium as a workbook that prints the way the
// .docx reads: the title, then each unit's report as a block starting on a
// new page — its title, its state, its figures, its indicators and its
// sections line by line — so that no title is parted from what follows it
// and no row is too tall to print. A4 landscape, one page wide, page
// numbers in the footer (xlsx.SheetPrint).
func WriteXlsx(w io.Writer, c Compendium) error {
	f := excelize.NewFile()
	defer f.Close()
	sh := c.t("ureport.compendium")
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return fmt.Errorf("report: xlsx: %w", err)
	}
	if err := xlsxLayout(f, sh, c); err != nil {
		return fmt.Errorf("report: xlsx: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("report: xlsx: write: %w", err)
	}
	return nil
}

// compSheet writes the compendium's rows one after another.
type compSheet struct {
	f   *excelize.File
	sh  string
	row int
	st  map[string]int
}

// line writes a row: a label and a text, or (label "") a text across both
// columns, in a style, as tall as its wrapped text needs.
func (s *compSheet) line(style, label, text string) error {
	s.row++
	a, b := "A"+strconv.Itoa(s.row), "B"+strconv.Itoa(s.row)
	width := float64(compTextWidth)
	if label == "" {
		if err := s.f.MergeCell(s.sh, a, b); err != nil {
			return err
		}
		if err := s.f.SetCellStr(s.sh, a, text); err != nil {
			return err
		}
		width += compLabelWidth
	} else {
		if err := s.f.SetCellStr(s.sh, a, label); err != nil {
			return err
		}
		if err := s.f.SetCellStr(s.sh, b, text); err != nil {
			return err
		}
	}
	if err := s.f.SetCellStyle(s.sh, a, b, s.st[style]); err != nil {
		return err
	}
	lines := max(xlsx.LinesIn(text, width), xlsx.LinesIn(label, compLabelWidth))
	height := map[string]float64{"title": 36, "unit": 28}[style]
	return s.f.SetRowHeight(s.sh, s.row, math.Min(409, max(height, float64(lines)*15+6)))
}

// pageBreak starts the next row on a new printed page.
func (s *compSheet) pageBreak() error {
	return s.f.InsertPageBreak(s.sh, "A"+strconv.Itoa(s.row+1))
}

func xlsxLayout(f *excelize.File, sh string, c Compendium) error {
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	styles := map[string]*excelize.Style{
		"title":   {Font: &excelize.Font{Bold: true, Size: 18, Family: "宋体"}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		"unit":    {Font: &excelize.Font{Bold: true, Size: 14, Family: "黑体"}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		"heading": {Font: &excelize.Font{Bold: true, Size: 12, Family: "黑体"}, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}},
		"head": {Font: &excelize.Font{Bold: true, Family: "黑体"}, Border: border, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		"cell": {Font: &excelize.Font{Family: "宋体"}, Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}},
		"text": {Font: &excelize.Font{Family: "宋体"}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true, Indent: 2}},
	}
	s := &compSheet{f: f, sh: sh, st: map[string]int{}}
	for name, st := range styles {
		id, err := f.NewStyle(st)
		if err != nil {
			return err
		}
		s.st[name] = id
	}
	if err := f.SetColWidth(sh, "A", "A", compLabelWidth); err != nil {
		return err
	}
	if err := f.SetColWidth(sh, "B", "B", compTextWidth); err != nil {
		return err
	}
	if err := s.line("title", "", c.Title); err != nil {
		return err
	}
	for i, e := range c.Entries {
		if err := s.line("text", "", fmt.Sprintf("%d. %s", i+1, c.unitName(e.Unit))); err != nil {
			return err
		}
	}
	if len(c.Entries) == 0 {
		if err := s.line("text", "", c.t("ureport.compendium_empty")); err != nil {
			return err
		}
	}
	period := PeriodName(c.lang(), c.Period)
	for _, e := range c.Entries {
		r := e.Report
		if err := s.pageBreak(); err != nil {
			return err
		}
		rows := []struct{ style, label, text string }{
			{"unit", "", c.t("ureport.of", c.unitName(e.Unit), period)},
			{"text", "", c.t("ureport.doc_status", Word(c.lang(), "ureport_state", r.State), c.submittedText(r), c.date(r.Figures.AsOf))},
			{"heading", "", c.t("ureport.figures")},
			{"head", c.t("ureport.figure_item"), c.t("ureport.figure_count")},
		}
		for _, fr := range figureRows {
			rows = append(rows, struct{ style, label, text string }{"cell", c.t(fr.Key), strconv.Itoa(fr.N(r.Figures.Measures))})
		}
		if o := r.Figures.Measures.Overdue; len(o) > 0 {
			var b strings.Builder
			for i, m := range o {
				if i > 0 {
					b.WriteByte('\n')
				}
				b.WriteString(c.t("ureport.overdue_item", m.Code, m.Title, c.date(m.Due), m.Progress))
			}
			rows = append(rows, struct{ style, label, text string }{"cell", c.t("ureport.overdue_list"), b.String()})
		}
		if len(r.Figures.Indicators) > 0 {
			rows = append(rows, struct{ style, label, text string }{"heading", "", c.t("ureport.indicators")},
				struct{ style, label, text string }{"head", c.t("ureport.indicator_name"),
					c.t("ureport.target") + " / " + c.t("ureport.actual") + " / " + c.t("ureport.judgement")})
			for _, in := range r.Figures.Indicators {
				rows = append(rows, struct{ style, label, text string }{"cell", in.Name,
					withUnit(in.Target, in.Unit) + " / " + withUnit(in.Actual, in.Unit) + " / " + Word(c.lang(), "judgement", in.Judgement)})
			}
		}
		for _, sec := range c.sectionTitles() {
			rows = append(rows, struct{ style, label, text string }{"heading", "", sec.Title})
			for _, l := range lines(r.Section(sec.Field)) {
				rows = append(rows, struct{ style, label, text string }{"text", "", l})
			}
		}
		for _, row := range rows {
			if err := s.line(row.style, row.label, row.text); err != nil {
				return err
			}
		}
	}
	return xlsx.SheetPrint(f, sh, c.Title, 0)
}
