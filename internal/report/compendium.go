// Package report generates the documents offices exchange: the half-year
// compendium (半年工作总结汇编) of the units' reports as .docx and .xlsx,
// and the supervision bulletin (督办通报) as .docx.
// The documents are in Chinese, the language offices file them in, unless
// a compendium is asked for in English; every state, judgement and label in
// them is the catalog's word, the same the web shows.
package report

import (
	"strconv"
	"strings"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// Compendium is one period's reports in the institution's unit order.
type Compendium struct {
	Title   string // e.g. 2024年下半年各单位工作总结汇编
	Period  model.Period
	Entries []app.CompendiumEntry
	// Location is the zone submission times are shown in.
	Location *time.Location
	// Lang is the document's language ("" is Chinese).
	Lang string
}

// NewCompendium names a period's compendium, in Chinese.
func NewCompendium(p model.Period, entries []app.CompendiumEntry, loc *time.Location) Compendium {
	return NewCompendiumIn(i18n.Default, p, entries, loc)
}

// NewCompendiumIn names a period's compendium in lang.
func NewCompendiumIn(lang string, p model.Period, entries []app.CompendiumEntry, loc *time.Location) Compendium {
	if loc == nil {
		loc = time.UTC
	}
	lang = i18n.Lang(lang)
	return Compendium{Title: i18n.T(lang, "ureport.compendium_of", PeriodName(lang, p)), Period: p, Entries: entries, Location: loc, Lang: lang}
}

// lang is the document's language.
func (c Compendium) lang() string { return i18n.Lang(c.Lang) }

// t is the catalog's text in the document's language.
func (c Compendium) t(key string, args ...any) string { return i18n.T(c.lang(), key, args...) }

// PeriodName names a period in lang: 2024年下半年 or 2024 H2.
func PeriodName(lang string, p model.Period) string {
	if i18n.Lang(lang) == "en" {
		return strings.Replace(p.Code, "-", " ", 1)
	}
	return p.Name
}

// Word is a stored value's word from the catalog (group "status",
// "judgement", "ureport_state", …): the one entry the web shows too. A
// value the catalog lacks shows as "—", never as the raw value.
func Word(lang, group, value string) string {
	if value == "" {
		return ""
	}
	if k := group + "." + value; i18n.Has(i18n.Lang(lang), k) {
		return i18n.T(lang, k)
	}
	return "—"
}

// NextMeasuresKey is the catalog key heading a report's last section: the
// next half-year's measures, which for a second-half report are next
// year's first half.
func NextMeasuresKey(period string) string {
	if strings.HasSuffix(period, "-H2") {
		return "ureport.next_measures_h2"
	}
	if strings.HasSuffix(period, "-H1") {
		return "ureport.next_measures_h1"
	}
	return "ureport.next_measures"
}

// sections are a report's sections: the field and its heading's key.
func sections(period string) []struct{ Field, Key string } {
	return []struct{ Field, Key string }{
		{"achievements", "ureport.achievements"},
		{"situation", "ureport.situation"},
		{"problems", "ureport.problems"},
		{"next_measures", NextMeasuresKey(period)},
	}
}

// Numbered heads the i-th item (from 0) as the language numbers them:
// 一、主要成绩, 十一、… or 1. Achievements.
func Numbered(lang string, i int, title string) string {
	if i18n.Lang(lang) == "en" {
		return strconv.Itoa(i+1) + ". " + title
	}
	return model.ChineseNumber(i+1) + "、" + title
}

// sectionTitles are the compendium's section headings, numbered.
func (c Compendium) sectionTitles() []struct{ Field, Title string } {
	var out []struct{ Field, Title string }
	for i, s := range sections(c.Period.Code) {
		out = append(out, struct{ Field, Title string }{s.Field, Numbered(c.lang(), i, c.t(s.Key))})
	}
	return out
}

// figureRow is a line of a unit's figures table: its catalog key.
type figureRow struct {
	Key string
	N   func(m model.MeasureFigures) int
}

// figureRows are the measures by status, each named by the status's own
// catalog word (有风险, 已撤销 as on the board).
var figureRows = []figureRow{
	{"ureport.measures_total", func(m model.MeasureFigures) int { return m.Total }},
	{"status." + string(model.Done), func(m model.MeasureFigures) int { return m.Count(model.Done) }},
	{"status." + string(model.OnTrack), func(m model.MeasureFigures) int { return m.Count(model.OnTrack) }},
	{"status." + string(model.AtRisk), func(m model.MeasureFigures) int { return m.Count(model.AtRisk) }},
	{"status." + string(model.NotStarted), func(m model.MeasureFigures) int { return m.Count(model.NotStarted) }},
	{"status." + string(model.Overdue), func(m model.MeasureFigures) int { return m.Count(model.Overdue) }},
	{"status." + string(model.Cancelled), func(m model.MeasureFigures) int { return m.Count(model.Cancelled) }},
}

// unitName is a unit's name in the document's language.
func (c Compendium) unitName(u model.Unit) string {
	if c.lang() == "en" && u.NameEn != "" {
		return u.NameEn
	}
	return u.Name
}

// date writes a day as the document's language does.
func (c Compendium) date(d model.Date) string {
	if d == 0 {
		return ""
	}
	return i18n.Date(c.lang(), d.Time())
}

// lines splits a section into its paragraphs, keeping the writer's breaks.
func lines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// submittedText is a submission time in a sentence: 2024年10月10日 10:00.
func (c Compendium) submittedText(r model.UnitReport) string {
	if r.SubmittedAt.IsZero() {
		return ""
	}
	return i18n.DateTime(c.lang(), r.SubmittedAt.In(c.Location))
}
