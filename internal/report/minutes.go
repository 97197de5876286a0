package report

import (
	"fmt"
	"io"

	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// MinutesDoc is a meeting's minutes as a document, with the name of the
// office that prints them.
type MinutesDoc struct {
	Minutes    model.Minutes
	OfficeName string
}

// MinutesMark is the minutes' mark, by the meeting's kind: 校长办公会议纪要.
func MinutesMark(lang, kind string) string { return i18n.T(lang, "minutes.mark."+kind) }

// MinutesNumber is the minutes' number in their series: 〔2024〕第12期
// (a preview says so instead).
func MinutesNumber(lang string, m model.Minutes) string {
	switch {
	case !m.Issued():
		return i18n.T(lang, "minutes.preview")
	case m.NumberText != "":
		return m.NumberText
	}
	return i18n.T(lang, "minutes.number", m.Year, m.Number)
}

// MinutesFileName is the download's name: 校长办公会议纪要〔2024〕第12期.docx.
func MinutesFileName(m model.Minutes) string {
	return MinutesMark(i18n.Default, m.Kind) + MinutesNumber(i18n.Default, m) + ".docx"
}

// MinutesOpening is the minutes' first sentence: when, where and by whom
// the meeting sat.
func MinutesOpening(lang string, m model.Minutes) string {
	place := ""
	if m.Place != "" {
		place = i18n.T(lang, "minutes.at_place", m.Place)
	}
	day := i18n.Date(lang, m.Date.Time())
	if m.Presider == "" {
		return i18n.T(lang, "minutes.opening_plain", day, place, m.MeetingTitle)
	}
	return i18n.T(lang, "minutes.opening", day, m.Presider, place, m.MeetingTitle)
}

var (
	minutesCols = []string{"编号", "工作举措", "牵头单位", "配合单位", "完成时限"}
	minutesSpec = []col{colCode, {2400, false}, {1300, false}, {1500, false}, {2050, true}}
)

// WriteMinutesDocx writes minutes in the official layout, in Chinese as
// offices file them: the minutes' mark in red with their number over the
// red rule, the meeting (when, where, who presided), the decisions
// numbered 一、二、… each with the measures accepted from it, who attended,
// was on leave and sat in, and the record block. Voided minutes say so.
func WriteMinutesDocx(w io.Writer, doc MinutesDoc) error {
	m := doc.Minutes
	lang := i18n.Default
	head := Head{Mark: MinutesMark(lang, m.Kind), Number: MinutesNumber(lang, m), Title: m.MeetingTitle}
	if v := m.Voided; v != nil {
		head.Sub = append(head.Sub, fmt.Sprintf("【已作废】%s作废。原因：%s", cnDate(model.DateOf(v.At)), v.Reason))
	}
	d := newDocx(head)
	d.para("", MinutesOpening(lang, m), false)
	for i, dec := range m.Decisions {
		d.para("", Numbered(lang, i, dec.Text), false)
		if len(dec.Measures) == 0 {
			continue
		}
		rows := [][]string{minutesCols}
		for _, ms := range dec.Measures {
			title := ms.Title
			if ms.Cancelled {
				title += "（已撤销）"
			}
			due := ms.Deadline
			if due == "" {
				due = isoDate(ms.Due)
			}
			rows = append(rows, []string{ms.Code, title, ms.LeadUnit, ms.Cooperating, due})
		}
		d.tableCols(rows, minutesSpec)
	}
	for _, a := range []struct{ label, names string }{{"出席：", m.Present}, {"请假：", m.OnLeave}, {"列席：", m.SittingIn}} {
		if a.names == "" {
			continue
		}
		d.raw(`<w:p><w:pPr><w:ind w:leftChars="0" w:left="960" w:firstLineChars="0" w:hangingChars="0" w:hanging="960"/></w:pPr><w:r><w:rPr><w:rFonts w:eastAsia="` + fontHeading + `"/></w:rPr>`)
		d.text(a.label)
		d.raw(`</w:r><w:r>`)
		d.text(a.names)
		d.raw(`</w:r></w:p>`)
	}
	if doc.OfficeName == "" || !m.Issued() {
		return d.finish(w, nil)
	}
	return d.finish(w, &Closing{Office: doc.OfficeName, On: m.IssuedOn})
}
