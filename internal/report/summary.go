package report

import (
	"io"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// SummaryDoc is what the institution's summary document needs besides the
// summary: its period, the units' names and the office that issues it.
type SummaryDoc struct {
	Summary    model.Summary
	Period     model.Period
	UnitNames  map[string]string
	OfficeName string
	// IssuedOn is the day of issue in the institution's zone.
	IssuedOn model.Date
}

// SummaryFileName is the document's file name as offices save it.
func SummaryFileName(s model.Summary, p model.Period) string {
	return "学校" + p.Name + "工作总结.docx"
}

var summaryStatusCols = []model.Status{model.Done, model.OnTrack, model.AtRisk, model.Overdue, model.NotStarted}

// WriteSummaryDocx writes the institution's summary in the official
// layout, in Chinese as offices file it: the title with the period under
// it (a draft says so), each section's heading (一、总体情况 …) with its text
// and the tables of its figures, and, once issued, the office's signature
// and the day of issue.
func WriteSummaryDocx(w io.Writer, doc SummaryDoc) error {
	lang := i18n.Default
	s, f := doc.Summary, doc.Summary.Figures
	head := Head{Title: model.SummaryTitleOf(doc.Period.Code), Sub: []string{"（" + doc.Period.Name + "）"}}
	if !s.Frozen() {
		head.Sub = append(head.Sub, "【草稿】数据截至"+cnDate(f.AsOf))
	}
	d := newDocx(head)
	unit := func(code string) string {
		if n := doc.UnitNames[code]; n != "" {
			return n
		}
		return code
	}
	theme := func(code string) string {
		if i18n.Has(lang, "theme."+code) {
			return i18n.T(lang, "theme."+code)
		}
		return code
	}
	statusTable := func(first string, rows []model.StatusRow, name func(string) string) {
		head := []string{first, "合计"}
		for _, st := range summaryStatusCols {
			head = append(head, i18n.T(lang, "status."+string(st)))
		}
		out := [][]string{head}
		for _, r := range append(rows, f.Measures.All) {
			line := []string{name(r.Key), strconv.Itoa(r.Total)}
			if r.Key == "" {
				line[0] = "合计"
			}
			for _, st := range summaryStatusCols {
				line = append(line, strconv.Itoa(r.Count(st)))
			}
			out = append(out, line)
		}
		cols := []col{{w: 2400}}
		for range len(head) - 1 {
			cols = append(cols, col{w: 1050, keep: true})
		}
		d.tableCols(out, cols)
	}
	num := func(v *float64) string {
		if v == nil {
			return "—"
		}
		return strconv.FormatFloat(*v, 'f', -1, 64)
	}
	for _, key := range model.SummarySectionKeys {
		d.para("Heading1", i18n.T(lang, "summary.section."+key), false)
		for _, p := range strings.Split(s.Section(key), "\n") {
			if p = strings.TrimSpace(p); p != "" {
				d.para("", p, false)
			}
		}
		switch key {
		case model.SectionMeasures:
			if f.Measures.All.Total > 0 {
				statusTable("重点任务", f.Measures.ByTheme, theme)
				d.para("", "", false)
				statusTable("牵头单位", f.Measures.ByUnit, unit)
			}
		case model.SectionIndicators:
			for _, l := range []struct {
				title string
				rows  []model.IndicatorFigure
			}{{"进度滞后的竞争性指标", f.Indicators.Behind}, {"低于基期的基础性指标", f.Indicators.Fell}} {
				if len(l.rows) == 0 {
					continue
				}
				d.para("Heading2", l.title, false)
				out := [][]string{{"指标名称", "责任单位", "基期值", "目标值", "完成值"}}
				for _, r := range l.rows {
					out = append(out, []string{r.Name, unit(r.Owner), num(r.Baseline), num(r.Target), num(r.Actual)})
				}
				d.tableCols(out, []col{{w: 3000}, {w: 2000}, {w: 1200, keep: true}, {w: 1200, keep: true}, {w: 1200, keep: true}})
			}
		case model.SectionProblems:
			if len(f.Problems.OpenHigh) > 0 {
				out := [][]string{{"编号", "问题", "责任单位"}}
				for _, p := range f.Problems.OpenHigh {
					out = append(out, []string{p.Code, p.Title, unit(p.OwnerUnit)})
				}
				d.tableCols(out, []col{{w: 1500, keep: true}, {w: 5000}, {w: 2000}})
			}
		case model.SectionCampaign:
			if len(f.Campaigns) > 0 {
				out := [][]string{{"学习教育", "参加单位", "全部完成", "完成率", "逾期未完成"}}
				for _, c := range f.Campaigns {
					out = append(out, []string{c.Title, strconv.Itoa(c.Units), strconv.Itoa(c.UnitsDone), strconv.Itoa(c.Percent) + "%", strconv.Itoa(c.Missed)})
				}
				d.tableCols(out, []col{{w: 3300}, {w: 1300, keep: true}, {w: 1300, keep: true}, {w: 1100, keep: true}, {w: 1300, keep: true}})
			}
		case model.SectionResources:
			if len(f.Resources) > 0 {
				out := [][]string{{"类别", "笔数", "下达", "已使用", "使用率"}}
				for _, r := range f.Resources {
					out = append(out, []string{i18n.T(lang, "allocation_kind."+r.Kind), strconv.Itoa(r.Grants), r.Granted.String() + r.AmountUnit,
						r.Spent.String() + r.AmountUnit, strconv.Itoa(r.SpentPercent()) + "%"})
				}
				d.tableCols(out, []col{{w: 1800}, {w: 900, keep: true}, {w: 2000, keep: true}, {w: 2000, keep: true}, {w: 1100, keep: true}})
			}
		}
	}
	if s.Frozen() && doc.OfficeName != "" {
		d.signature(doc.OfficeName, doc.IssuedOn)
	}
	return d.finish(w, nil)
}
