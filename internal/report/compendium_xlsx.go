package report

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// WriteXlsx writes the compendium as one row per unit: the unit, its
// report's state and submission time, its measure figures and the four
// sections' text, under a title row and a frozen header.
func WriteXlsx(w io.Writer, c Compendium) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", c.t("ureport.compendium")); err != nil {
		return fmt.Errorf("report: xlsx: %w", err)
	}
	if err := xlsxLayout(f, c); err != nil {
		return fmt.Errorf("report: xlsx: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("report: xlsx: write: %w", err)
	}
	return nil
}

func xlsxLayout(f *excelize.File, c Compendium) error {
	sh := c.t("ureport.compendium")
	head := []string{c.t("field.seq"), c.t("field.unit"), c.t("ureport.state"), c.t("ureport.submitted_at")}
	for _, r := range figureRows {
		head = append(head, c.t(r.Key))
	}
	for _, s := range c.sectionTitles() {
		head = append(head, s.Title)
	}
	last, _ := excelize.ColumnNumberToName(len(head))
	if err := f.SetCellValue(sh, "A1", c.Title); err != nil {
		return err
	}
	if err := f.MergeCell(sh, "A1", last+"1"); err != nil {
		return err
	}
	title, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16, Family: "宋体"},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	if err != nil {
		return err
	}
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	headStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Family: "黑体"}, Border: border,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	if err != nil {
		return err
	}
	body, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "宋体"}, Border: border,
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	if err := f.SetCellStyle(sh, "A1", "A1", title); err != nil {
		return err
	}
	if err := f.SetSheetRow(sh, "A2", &head); err != nil {
		return err
	}
	if err := f.SetCellStyle(sh, "A2", last+"2", headStyle); err != nil {
		return err
	}
	for i, e := range c.Entries {
		r := e.Report
		row := []any{i + 1, c.unitName(e.Unit), Word(c.lang(), "ureport_state", r.State), c.submittedAt(r)}
		for _, fr := range figureRows {
			row = append(row, fr.N(r.Figures.Measures))
		}
		for _, s := range c.sectionTitles() {
			row = append(row, r.Section(s.Field))
		}
		cell := fmt.Sprintf("A%d", i+3)
		if err := f.SetSheetRow(sh, cell, &row); err != nil {
			return err
		}
		if err := f.SetCellStyle(sh, cell, fmt.Sprintf("%s%d", last, i+3), body); err != nil {
			return err
		}
	}
	widths := map[string]float64{"A": 6, "B": 18, "C": 10, "D": 17}
	for col, wd := range widths {
		if err := f.SetColWidth(sh, col, col, wd); err != nil {
			return err
		}
	}
	first, _ := excelize.ColumnNumberToName(5 + len(figureRows))
	mid, _ := excelize.ColumnNumberToName(4 + len(figureRows))
	if err := f.SetColWidth(sh, "E", mid, 9); err != nil {
		return err
	}
	if err := f.SetColWidth(sh, first, last, 50); err != nil {
		return err
	}
	landscape, a4 := "landscape", 9
	if err := f.SetPageLayout(sh, &excelize.PageLayoutOptions{Orientation: &landscape, Size: &a4}); err != nil {
		return err
	}
	return f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"})
}
