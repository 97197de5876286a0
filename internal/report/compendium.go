// Package report generates the documents offices exchange: the half-year
// compendium (半年工作总结汇编) of the units' reports as .docx and .xlsx,
// and the supervision bulletin (督办通报) as .docx.
// The documents are in Chinese, the language offices file them in.
package report

import (
	"strings"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// Compendium is one period's reports in the institution's unit order.
type Compendium struct {
	Title   string // e.g. 2024年下半年各单位工作总结汇编
	Period  model.Period
	Entries []app.CompendiumEntry
	// Location is the zone submission times are shown in.
	Location *time.Location
}

// NewCompendium names a period's compendium.
func NewCompendium(p model.Period, entries []app.CompendiumEntry, loc *time.Location) Compendium {
	if loc == nil {
		loc = time.UTC
	}
	return Compendium{Title: p.Name + "各单位工作总结汇编", Period: p, Entries: entries, Location: loc}
}

// sectionTitles are the report's sections as the documents head them.
var sectionTitles = []struct{ Field, Title string }{
	{"achievements", "一、主要成绩"},
	{"situation", "二、形势分析"},
	{"problems", "三、存在问题"},
	{"next_measures", "四、下半年工作举措"},
}

// stateNames are the report states as the documents name them.
var stateNames = map[string]string{
	model.ReportNotStarted: "未开始", model.ReportDraft: "草稿", model.ReportSubmitted: "已提交",
	model.ReportReturned: "已退回", model.ReportResubmitted: "已重新提交", model.ReportAccepted: "已通过",
}

// figureRow is a line of a unit's figures table.
type figureRow struct {
	Label string
	N     func(m model.MeasureFigures) int
}

var figureRows = []figureRow{
	{"牵头举措总数", func(m model.MeasureFigures) int { return m.Total }},
	{"已办结", func(m model.MeasureFigures) int { return m.Count(model.Done) }},
	{"正常推进", func(m model.MeasureFigures) int { return m.Count(model.OnTrack) }},
	{"存在风险", func(m model.MeasureFigures) int { return m.Count(model.AtRisk) }},
	{"未启动", func(m model.MeasureFigures) int { return m.Count(model.NotStarted) }},
	{"已逾期", func(m model.MeasureFigures) int { return m.Count(model.Overdue) }},
	{"已取消", func(m model.MeasureFigures) int { return m.Count(model.Cancelled) }},
}

// lines splits a section into its paragraphs, keeping the writer's breaks.
func lines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// submittedAt formats a submission time in the compendium's zone.
func (c Compendium) submittedAt(r model.UnitReport) string {
	if r.SubmittedAt.IsZero() {
		return ""
	}
	return r.SubmittedAt.In(c.Location).Format("2006-01-02 15:04")
}
