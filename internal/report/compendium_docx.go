package report

import (
	"fmt"
	"io"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/app"
)

// WriteDocx writes the compendium as a WordprocessingML package (Word,
// WPS and LibreOffice open it) in the official layout (docx.go): a title,
// a contents list of the units, then each unit's report on a new page
// under its own title, with its figures as a table and its sections as
// headings and paragraphs, one per line the unit wrote.
func WriteDocx(w io.Writer, c Compendium) error {
	d := newDocx(Head{Title: c.Title})
	d.para("Heading1", c.t("ureport.contents"), false)
	for i, e := range c.Entries {
		d.para("", fmt.Sprintf("%d. %s", i+1, c.unitName(e.Unit)), false)
	}
	if len(c.Entries) == 0 {
		d.para("", c.t("ureport.compendium_empty"), false)
	}
	for _, e := range c.Entries {
		c.docxEntry(d, e, "")
	}
	return d.finish(w, nil)
}

// docxEntry writes one unit's report on a new page under its title; with
// a bookmark name, the title carries it (a contents entry points there).
func (c Compendium) docxEntry(d *docxWriter, e app.CompendiumEntry, bookmark string) {
	period := PeriodName(c.lang(), c.Period)
	{
		r := e.Report
		d.paraMarked("Title", c.t("ureport.of", c.unitName(e.Unit), period), true, bookmark)
		d.para("", c.t("ureport.doc_status", Word(c.lang(), "ureport_state", r.State), c.submittedText(r), c.date(r.Figures.AsOf)), false)
		d.para("Heading1", c.t("ureport.figures"), false)
		rows := [][]string{{c.t("ureport.figure_item"), c.t("ureport.figure_count")}}
		for _, f := range figureRows {
			rows = append(rows, []string{c.t(f.Key), strconv.Itoa(f.N(r.Figures.Measures))})
		}
		d.table(rows)
		if len(r.Figures.Measures.Overdue) > 0 {
			d.para("", c.t("history.field_is", c.t("ureport.overdue_list")), false)
			for _, o := range r.Figures.Measures.Overdue {
				d.para("", c.t("ureport.overdue_item", o.Code, o.Title, c.date(o.Due), o.Progress), false)
			}
		}
		if len(r.Figures.Indicators) > 0 {
			rows := [][]string{{c.t("ureport.indicator_name"), c.t("ureport.target"), c.t("ureport.actual"), c.t("ureport.judgement")}}
			for _, in := range r.Figures.Indicators {
				rows = append(rows, []string{in.Name, withUnit(in.Target, in.Unit), withUnit(in.Actual, in.Unit), Word(c.lang(), "judgement", in.Judgement)})
			}
			d.para("Heading1", c.t("ureport.indicators"), false)
			d.table(rows)
		}
		for _, s := range c.sectionTitles() {
			d.para("Heading1", s.Title, false)
			for _, l := range lines(r.Section(s.Field)) {
				d.para("", l, false)
			}
		}
	}
}

// withUnit is a value with its measurement unit ("" when there is none).
func withUnit(v *float64, unit string) string {
	if v == nil {
		return ""
	}
	return num(v) + unit
}

func num(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}
