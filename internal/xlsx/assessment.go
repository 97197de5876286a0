package xlsx

import (
	"fmt"
	"io"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/xuri/excelize/v2"
)

// assessmentSheetName is the 考核结果 sheet's tab.
const assessmentSheetName = "考核结果"

// GradeNames are the grades as the 考核结果 sheet writes them.
var GradeNames = map[string]string{model.GradeExcellent: "优秀", model.GradeGood: "良好", model.GradePass: "合格", model.GradeFail: "不合格",
	model.GradeNone: "无考核记录"}

// WriteAssessment writes a year's result as a 考核结果 sheet: the title
// merged over the columns, the header (序号, 单位, each component with its
// weight, 扣分, 调整, 总分, 等次, 备注), a row per unit with its points as
// numbers, borders, A4 landscape one page wide with title and header
// repeated on every page. The remark is the adjustment's reason.
func WriteAssessment(w io.Writer, title string, a model.UnitAssessment) error {
	f := excelize.NewFile()
	defer f.Close()
	const sh = assessmentSheetName
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if err := assessmentSheet(f, sh, title, a); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: write: %w", err)
	}
	return nil
}

func assessmentSheet(f *excelize.File, sh, title string, a model.UnitAssessment) error {
	r := a.Rules
	cols := []column{
		{"seq", "序号", 6, true, nil},
		{"unit", "单位", 22, false, nil},
		{"on_time", fmt.Sprintf("按期完成\n（%d分）", r.OnTime), 11, true, nil},
		{"reports", fmt.Sprintf("进展报告\n（%d分）", r.Reports), 11, true, nil},
		{"indicators", fmt.Sprintf("指标完成\n（%d分）", r.Indicators), 11, true, nil},
		{"problems", fmt.Sprintf("问题销号\n（%d分）", r.Problems), 11, true, nil},
		{"deductions", "扣分", 8, true, nil},
		{"adjustment", "调整", 8, true, nil},
		{"total", "总分", 9, true, nil},
		{"grade", "等次", 12, true, nil}, // 无考核记录 whole
		{"remark", "备注", 36, false, nil},
	}
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
	numFmt := "0.0"
	styles := map[string]int{}
	for _, k := range []string{"center", "left", "number"} {
		st := &excelize.Style{Font: &excelize.Font{Size: 11, Family: bodyFont}, Border: border,
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}
		switch k {
		case "left":
			st.Alignment.Horizontal = "left"
		case "number":
			st.CustomNumFmt = &numFmt
		}
		if styles[k], err = f.NewStyle(st); err != nil {
			return err
		}
	}
	if err := sheetHead(f, sh, title, cols, titleStyle, headStyle, 40); err != nil {
		return err
	}
	if err := f.SetRowHeight(sh, 2, 34); err != nil {
		return err
	}
	for i, row := range a.Rows {
		n := strconv.Itoa(i + 3)
		nums := []model.Tenths{row.OnTime, row.Reports, row.Indicators, row.Problems, row.Deductions, row.Adjustment, row.Total}
		set := func(col int, v any, style string) error {
			ref := colName(col) + n
			switch x := v.(type) {
			case string:
				if err := f.SetCellStr(sh, ref, x); err != nil {
					return err
				}
			case model.Tenths:
				if err := f.SetCellFloat(sh, ref, float64(x)/10, 1, 64); err != nil {
					return err
				}
			case int:
				if err := f.SetCellInt(sh, ref, int64(x)); err != nil {
					return err
				}
			}
			return f.SetCellStyle(sh, ref, ref, styles[style])
		}
		if err := set(1, i+1, "center"); err != nil {
			return err
		}
		if err := set(2, row.Name, "left"); err != nil {
			return err
		}
		for j, x := range nums {
			if err := set(3+j, x, "number"); err != nil {
				return err
			}
		}
		if err := set(10, GradeNames[row.Grade], "center"); err != nil {
			return err
		}
		remark := row.Reason
		if row.Counts.Empty() {
			remark = "本年度无督办记录，不评定等次"
		}
		if err := set(11, remark, "left"); err != nil {
			return err
		}
		lines := max(LinesIn(remark, cols[10].width), LinesIn(row.Name, cols[1].width))
		if err := f.SetRowHeight(sh, i+3, float64(15*lines+3)); err != nil {
			return err
		}
	}
	return SheetPrint(f, sh, title, 2)
}
