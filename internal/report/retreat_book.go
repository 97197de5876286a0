package report

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// RetreatBook is the participants' book of a retreat (会议材料汇编): the
// meeting's briefing items, its topics and groups, the remarks submitted
// grouped by group, and the units' half-year reports of its period.
type RetreatBook struct {
	Prep    app.RetreatPrep // the office's or a leader's view: every request
	Reports Compendium
}

// RetreatBookFileName is the download's name: 2024年暑期工作研讨会会议材料汇编.docx.
func RetreatBookFileName(m model.Meeting) string { return m.Title + "会议材料汇编.docx" }

// bookEntry is one entry of the book's contents: a part's title and the
// bookmark its first page carries.
type bookEntry struct {
	title, mark string
}

// RetreatBookParts lists the book's parts in order, as its contents list
// them: the briefing items, the topics and groups, each group's remarks
// (and those of participants in no group), and each unit's report.
func RetreatBookParts(b RetreatBook) []string {
	var out []string
	for _, e := range b.entries() {
		out = append(out, e.title)
	}
	return out
}

// groupRemarks are a group's submitted remarks in its members' order
// (leaders, then units), and the names of those that sent none.
func (b RetreatBook) groupRemarks(g model.RetreatGroup) (in []model.Remarks, missing []string) {
	for _, key := range append(slices.Clone(g.Leaders), g.Units...) {
		i := slices.IndexFunc(b.Prep.Remarks, func(r model.Remarks) bool { return r.Participant.Ref == key })
		switch {
		case i < 0:
		case b.Prep.Remarks[i].Submitted():
			in = append(in, b.Prep.Remarks[i])
		default:
			missing = append(missing, b.Prep.Remarks[i].Name)
		}
	}
	return in, missing
}

// ungrouped are the submitted remarks of participants sitting in no group.
func (b RetreatBook) ungrouped() []model.Remarks {
	var out []model.Remarks
	for _, r := range b.Prep.Remarks {
		if !r.Submitted() {
			continue
		}
		if !slices.ContainsFunc(b.Prep.Groups, func(g model.RetreatGroup) bool {
			return slices.Contains(g.Leaders, r.Participant.Ref) || slices.Contains(g.Units, r.Participant.Ref)
		}) {
			out = append(out, r)
		}
	}
	return out
}

func (b RetreatBook) briefings() []model.AgendaItem {
	var out []model.AgendaItem
	for _, it := range b.Prep.Meeting.Items {
		if it.Kind == "briefing" {
			out = append(out, it)
		}
	}
	return out
}

// entries are the book's parts with their bookmarks, in order.
func (b RetreatBook) entries() []bookEntry {
	var out []bookEntry
	add := func(title string) { out = append(out, bookEntry{title, fmt.Sprintf("_Toc%d", 100001+len(out))}) }
	for _, it := range b.briefings() {
		add(it.Title)
	}
	add("研讨主题与分组安排")
	for _, g := range b.Prep.Groups {
		add(g.Name + "研讨发言材料")
	}
	if len(b.ungrouped()) > 0 {
		add("其他研讨发言材料")
	}
	for _, e := range b.Reports.Entries {
		add(b.Reports.t("ureport.of", b.Reports.unitName(e.Unit), PeriodName(b.Reports.lang(), b.Reports.Period)))
	}
	if len(b.Reports.Entries) == 0 {
		add(b.Reports.Title)
	}
	return out
}

// tocEntry is a contents line: the title, a dotted tab and the page its
// bookmark is on, as a PAGEREF field. LibreOffice computes the number as
// it lays the book out and Word as it opens it (updateFields); the number
// written is only a guess. (The lines are not wrapped in a TOC field:
// LibreOffice shows a TOC field's entries as they were written, guessed
// numbers and all, until someone updates the index by hand.)
func (d *docxWriter) tocEntry(e bookEntry, page int) {
	d.raw(`<w:p><w:pPr><w:pStyle w:val="TableText"/><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="` + fmt.Sprint(typeW) + `"/></w:tabs>` +
		`<w:spacing w:line="579" w:lineRule="exact"/></w:pPr>`)
	rpr := `<w:rPr><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr>`
	d.raw(`<w:r>` + rpr)
	d.text(e.title)
	d.raw(`</w:r><w:r>` + rpr + `<w:tab/></w:r>`)
	d.raw(`<w:r>` + rpr + `<w:fldChar w:fldCharType="begin"/></w:r><w:r>` + rpr + `<w:instrText xml:space="preserve"> PAGEREF ` + e.mark + ` \h </w:instrText></w:r>` +
		`<w:r>` + rpr + `<w:fldChar w:fldCharType="separate"/></w:r><w:r>` + rpr + `<w:t>` + fmt.Sprint(page) + `</w:t></w:r><w:r>` + rpr + `<w:fldChar w:fldCharType="end"/></w:r>`)
	d.raw(`</w:p>`)
}

// WriteRetreatBook writes the participants' book in the official layout
// (docx.go), in Chinese: the meeting's title over 会议材料汇编 with its day
// and place, the contents (each part with the page it begins on, a live
// page reference), then each part on a new page under its title.
func WriteRetreatBook(w io.Writer, b RetreatBook) error {
	m := b.Prep.Meeting
	sub := []string{"会议材料汇编", strings.TrimSpace(cnDate(m.Date) + "　" + m.Place)}
	d := newDocx(Head{Title: m.Title, Sub: sub})
	d.updateFields = true
	entries := b.entries()
	d.raw(`<w:p><w:pPr><w:spacing w:before="579"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="` + fontHeading + `" w:hAnsi="` + fontHeading + `" w:eastAsia="` + fontHeading + `"/></w:rPr>`)
	d.text("目　录")
	d.raw(`</w:r></w:p>`)
	for i, e := range entries {
		d.tocEntry(e, i+2)
	}
	next := 0
	title := func() {
		e := entries[next]
		next++
		d.paraMarked("Title", e.title, true, e.mark)
	}
	for _, it := range b.briefings() {
		title()
		if it.Speaker != "" {
			d.para("Subtitle", it.Speaker, false)
		}
		for _, l := range lines(it.Text) {
			d.para("", l, false)
		}
	}
	title()
	d.para("Heading1", Numbered("", 0, "研讨主题"), false)
	if len(b.Prep.Topics) == 0 {
		d.para("", "（暂未确定研讨主题）", false)
	}
	for i, t := range b.Prep.Topics {
		d.para("Heading2", "（"+model.ChineseNumber(i+1)+"）"+t.Title, false)
		for _, l := range lines(t.Description) {
			d.para("", l, false)
		}
	}
	d.para("Heading1", Numbered("", 1, "分组安排"), false)
	if len(b.Prep.Groups) == 0 {
		d.para("", "（暂未分组）", false)
	}
	names := func(keys []string) string {
		out := make([]string, len(keys))
		for i, k := range keys {
			out[i] = b.Prep.Name(k)
		}
		return strings.Join(out, "、")
	}
	for i, g := range b.Prep.Groups {
		d.para("Heading2", "（"+model.ChineseNumber(i+1)+"）"+g.Name, false)
		if g.Convener != "" {
			d.para("", "召集人："+b.Prep.Name(g.Convener), false)
		}
		if g.Reporter != "" {
			d.para("", "汇报人："+b.Prep.Name(g.Reporter), false)
		}
		if len(g.Leaders) > 0 {
			d.para("", "校领导："+names(g.Leaders), false)
		}
		if len(g.Units) > 0 {
			d.para("", "参加单位："+names(g.Units), false)
		}
		var ts []string
		for _, id := range g.Topics {
			if t := b.Prep.Topic(id); t != "" {
				ts = append(ts, t)
			}
		}
		if len(ts) > 0 {
			d.para("", "研讨主题："+strings.Join(ts, "；"), false)
		}
	}
	remarks := func(rs []model.Remarks) {
		for i, r := range rs {
			head := r.Name
			if r.Title != "" {
				head += "：" + r.Title
			}
			d.para("Heading2", "（"+model.ChineseNumber(i+1)+"）"+head, false)
			for _, l := range lines(r.Text) {
				d.para("", l, false)
			}
		}
	}
	for _, g := range b.Prep.Groups {
		title()
		in, missing := b.groupRemarks(g)
		remarks(in)
		if len(in) == 0 {
			d.para("", "（暂无已提交的发言材料）", false)
		}
		if len(missing) > 0 {
			d.para("", "未提交："+strings.Join(missing, "、"), false)
		}
	}
	if u := b.ungrouped(); len(u) > 0 {
		title()
		remarks(u)
	}
	if len(b.Reports.Entries) == 0 {
		title()
		d.para("", b.Reports.t("ureport.compendium_empty"), false)
	}
	for _, e := range b.Reports.Entries {
		b.Reports.docxEntry(d, e, entries[next].mark)
		next++
	}
	return d.finish(w, nil)
}
