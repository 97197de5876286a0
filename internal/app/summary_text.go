package app

import (
	"sort"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// DraftSummaryText drafts the summary's sections from its figures in lang:
// every claim is a catalog sentence chosen by the figures (a tone such as
// 基础工作稳步推进，竞争性指标跨越式增长 only when no basic indicator fell
// and no competitive one is behind), with the figures written in.
func DraftSummaryText(lang string, p model.Period, f model.SummaryFigures, units []model.Unit) []model.SummarySection {
	lang = i18n.Lang(lang)
	g := summaryWriter{lang: lang, names: map[string]string{}}
	for _, u := range units {
		g.names[u.Code] = u.Name
		if lang == "en" && u.NameEn != "" {
			g.names[u.Code] = u.NameEn
		}
	}
	period := p.Name
	if lang == "en" {
		period = strings.Replace(p.Code, "-", " ", 1)
	}
	return []model.SummarySection{
		{Key: model.SectionOverview, Text: g.overview(period, f)},
		{Key: model.SectionMeasures, Text: g.measures(f.Measures)},
		{Key: model.SectionIndicators, Text: g.indicators(f.Indicators)},
		{Key: model.SectionProblems, Text: g.problems(f.Problems)},
		{Key: model.SectionResources, Text: g.resources(f.Resources)},
		{Key: model.SectionCampaign, Text: g.campaigns(f.Campaigns)},
	}
}

type summaryWriter struct {
	lang  string
	names map[string]string
}

func (g summaryWriter) t(key string, args ...any) string { return i18n.T(g.lang, key, args...) }

// list joins phrases as the language writes a list.
func (g summaryWriter) list(items []string) string {
	if g.lang == "en" {
		return strings.Join(items, ", ")
	}
	return strings.Join(items, "、")
}

// clauses joins clauses of one sentence.
func (g summaryWriter) clauses(items []string) string {
	if g.lang == "en" {
		return strings.Join(items, "; ")
	}
	return strings.Join(items, "，")
}

func (g summaryWriter) unit(code string) string {
	if n := g.names[code]; n != "" {
		return n
	}
	return code
}

func (g summaryWriter) theme(code string) string {
	if i18n.Has(g.lang, "theme."+code) {
		return g.t("theme." + code)
	}
	return code
}

func (g summaryWriter) overview(period string, f model.SummaryFigures) string {
	all := f.Measures.All
	if all.Total == 0 {
		return g.t("summary.gen.overview_empty", period)
	}
	var tone []string
	basic, comp := f.Indicators.Basic, f.Indicators.Competitive
	switch {
	case basic[model.Fell] > 0:
		tone = append(tone, g.t("summary.gen.basic_fell", basic[model.Fell]))
	case basic[model.Held] > 0:
		tone = append(tone, g.t("summary.gen.basic_steady"))
	}
	good := comp[model.Met] + comp[model.OnCourse]
	switch behind := comp[model.Behind]; {
	case behind == 0 && comp[model.Met] > 0 && comp[model.Met] >= comp[model.OnCourse]:
		tone = append(tone, g.t("summary.gen.comp_leap"))
	case behind == 0 && good > 0:
		tone = append(tone, g.t("summary.gen.comp_good"))
	case behind > 0 && good >= behind:
		tone = append(tone, g.t("summary.gen.comp_mixed", behind))
	case behind > 0:
		tone = append(tone, g.t("summary.gen.comp_behind", behind))
	}
	if od := all.Count(model.Overdue); od > 0 {
		tone = append(tone, g.t("summary.gen.meas_overdue", od))
	} else {
		tone = append(tone, g.t("summary.gen.meas_all_on"))
	}
	return g.t("summary.gen.overview", period, all.Total, all.Count(model.Done), all.DonePercent(), g.clauses(tone))
}

func (g summaryWriter) measures(m model.SummaryMeasures) string {
	all := m.All
	if all.Total == 0 {
		return g.t("summary.gen.measures_empty")
	}
	out := []string{g.t("summary.gen.measures", all.Total, all.Count(model.Done), all.Count(model.OnTrack),
		all.Count(model.AtRisk), all.Count(model.Overdue), all.Count(model.NotStarted))}
	var themes []string
	for _, r := range m.ByTheme {
		themes = append(themes, g.t("summary.gen.theme_item", g.theme(r.Key), r.Count(model.Done), r.Total))
	}
	if len(themes) > 0 {
		out = append(out, g.t("summary.gen.measures_themes", g.clauses(themes)))
	}
	rows := make([]model.StatusRow, 0, len(m.ByUnit))
	for _, r := range m.ByUnit {
		if r.Count(model.Overdue) > 0 {
			rows = append(rows, r)
		}
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Count(model.Overdue) > rows[j].Count(model.Overdue) })
	if len(rows) > 5 {
		rows = rows[:5]
	}
	var units []string
	for _, r := range rows {
		units = append(units, g.t("summary.gen.unit_item", g.unit(r.Key), r.Count(model.Overdue)))
	}
	if len(units) > 0 {
		out = append(out, g.t("summary.gen.measures_units_overdue", g.list(units)))
	} else {
		out = append(out, g.t("summary.gen.measures_no_overdue"))
	}
	return strings.Join(out, "")
}

// namesOf lists at most n indicators by name.
func (g summaryWriter) namesOf(figs []model.IndicatorFigure, n int) string {
	var out []string
	for i, f := range figs {
		if i == n {
			out = append(out, g.t("summary.gen.and_more", len(figs)))
			break
		}
		out = append(out, f.Name)
	}
	return g.list(out)
}

func (g summaryWriter) indicators(in model.SummaryIndicators) string {
	sum := func(m map[model.Judgement]int) int {
		n := 0
		for _, v := range m {
			n += v
		}
		return n
	}
	nb, nc := sum(in.Basic), sum(in.Competitive)
	if nb+nc == 0 {
		return g.t("summary.gen.indicators_empty")
	}
	var out []string
	if nb > 0 {
		out = append(out, g.t("summary.gen.basic", nb, in.Basic[model.Held], in.Basic[model.Fell],
			in.Basic[model.NotReported]+in.Basic[model.NotSet]))
	}
	if nc > 0 {
		out = append(out, g.t("summary.gen.competitive", nc, in.Competitive[model.Met], in.Competitive[model.OnCourse],
			in.Competitive[model.Behind], in.Competitive[model.NotReported]+in.Competitive[model.NotSet]))
	}
	if len(in.Met) > 0 {
		out = append(out, g.t("summary.gen.met_list", g.namesOf(in.Met, 8)))
	}
	if len(in.Fell) > 0 {
		out = append(out, g.t("summary.gen.fell_list", g.namesOf(in.Fell, 8)))
	}
	if len(in.Behind) > 0 {
		out = append(out, g.t("summary.gen.behind_list", g.namesOf(in.Behind, 8)))
	}
	return strings.Join(out, "")
}

func (g summaryWriter) problems(p model.SummaryProblems) string {
	if p.Raised == 0 {
		return g.t("summary.gen.problems_empty")
	}
	out := g.t("summary.gen.problems", p.Raised, p.Resolved, p.Open)
	if len(p.OpenHigh) > 0 {
		var titles []string
		for i, l := range p.OpenHigh {
			if i == 8 {
				titles = append(titles, g.t("summary.gen.and_more", len(p.OpenHigh)))
				break
			}
			titles = append(titles, l.Title)
		}
		out += g.t("summary.gen.problems_high", g.list(titles))
	}
	return out
}

func (g summaryWriter) resources(rs []model.ResourceFigure) string {
	if len(rs) == 0 {
		return g.t("summary.gen.resources_empty")
	}
	var out []string
	for _, r := range rs {
		out = append(out, g.t("summary.gen.resource", g.t("allocation_kind."+r.Kind), r.Granted.String(), r.AmountUnit, r.Grants,
			r.Spent.String(), r.SpentPercent()))
	}
	return g.t("summary.gen.resources", g.clauses(out))
}

func (g summaryWriter) campaigns(cs []model.CampaignFigure) string {
	if len(cs) == 0 {
		return g.t("summary.gen.campaigns_empty")
	}
	var out []string
	for _, c := range cs {
		line := g.t("summary.gen.campaign", c.Title, i18n.Date(g.lang, c.Start.Time()), i18n.Date(g.lang, c.End.Time()), c.Units, c.UnitsDone, c.Percent)
		if c.Missed > 0 {
			line += g.t("summary.gen.campaign_missed", c.Missed)
		}
		out = append(out, line)
	}
	return g.t("summary.gen.campaigns", g.clauses(out))
}
