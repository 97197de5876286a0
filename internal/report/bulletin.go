package report

import (
	"fmt"
	"io"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// BulletinDoc is a supervision bulletin as a document: the bulletin and
// the name of the office issuing it (its unit's Chinese name).
type BulletinDoc struct {
	Bulletin   model.Bulletin
	OfficeName string
}

// cnDate writes a day as offices do: 2024年9月30日.
func cnDate(d model.Date) string {
	if d == 0 {
		return "长期"
	}
	t := d.Time()
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// leaderOr names a leader, or says none was named.
func leaderOr(name, username string) string {
	switch {
	case name != "":
		return name
	case username != "":
		return username
	}
	return "未明确"
}

// BulletinFileName is the download's name: 督办通报2024年第3期.docx.
func BulletinFileName(b model.Bulletin) string {
	if !b.Issued() {
		return "督办通报（预览）" + b.From.String() + "至" + b.To.String() + ".docx"
	}
	return fmt.Sprintf("督办通报%d年第%d期.docx", b.Year, b.Number)
}

// column widths (twentieths of a point) of the bulletin's tables, which fill
// an A4 page inside its margins.
var (
	overdueCols    = []string{"序号", "编号", "督办事项", "牵头单位", "分管校领导", "完成时限", "逾期天数", "进度"}
	overdueWidths  = []int{560, 1250, 2450, 1300, 1000, 1200, 700, 600}
	orangeCols     = []string{"序号", "编号", "督办事项", "牵头单位", "分管校领导", "完成时限", "进度"}
	orangeWidths   = []int{560, 1250, 3150, 1300, 1000, 1200, 600}
	completedCols  = []string{"序号", "编号", "督办事项", "牵头单位", "分管校领导", "完成时限", "办结日期", "逾期天数"}
	completedWidth = []int{560, 1250, 2350, 1300, 1000, 1200, 1200, 700}
)

// WriteBulletinDocx writes the bulletin as a Word document: the title,
// number, issuing office and date, the range, then the four sections with
// a table per lead unit (and, for overdue measures, per leader in charge).
func WriteBulletinDocx(w io.Writer, doc BulletinDoc) error {
	b := doc.Bulletin
	office := doc.OfficeName
	d := newDocx()
	d.para("Title", "督办通报", false)
	if b.Issued() {
		no := fmt.Sprintf("%d年第%d期", b.Year, b.Number)
		if b.Supplement {
			no += "（补充通报）"
		}
		d.para("Subtitle", no, false)
		if v := b.Voided; v != nil {
			// A voided bulletin still downloads, marked so that no printed
			// copy passes for a standing one.
			d.para("Subtitle", fmt.Sprintf("【已作废】%s作废。原因：%s", cnDate(model.DateOf(v.At)), v.Reason), false)
		}
	} else {
		d.para("Subtitle", "（预览，未印发）", false)
	}
	d.para("Subtitle", office+"　　"+cnDate(b.IssuedOn), false)
	d.para("", fmt.Sprintf("通报范围：%s至%s；事项状态截至%s。", cnDate(b.From), cnDate(b.To), cnDate(b.To)), false)

	s := b.Summary()
	d.para("Heading2", "一、总体情况", false)
	d.para("", fmt.Sprintf("截至%s，全校督办事项中逾期及红灯事项%d项，涉及%d个单位；橙灯事项%d项，涉及%d个单位。"+
		"%s至%s，按期办结事项%d项，涉及%d个单位。", cnDate(b.To), s.Overdue, s.OverdueUnits, s.Orange, s.OrangeUnits,
		cnDate(b.From), cnDate(b.To), s.Completed, s.CompletedUnits), false)
	d.tableW([][]string{{"类别", "事项数", "涉及单位数"},
		{"逾期及红灯事项", strconv.Itoa(s.Overdue), strconv.Itoa(s.OverdueUnits)},
		{"橙灯事项", strconv.Itoa(s.Orange), strconv.Itoa(s.OrangeUnits)},
		{"按期办结事项", strconv.Itoa(s.Completed), strconv.Itoa(s.CompletedUnits)}}, []int{3000, 1800, 1800})

	d.para("Heading2", "二、逾期及红灯事项", false)
	if len(b.Sections.Overdue) == 0 {
		d.para("", "本期无逾期及红灯事项。", false)
	} else {
		d.para("", "（一）按牵头单位", false)
		for _, g := range b.OverdueByUnit() {
			d.para("", fmt.Sprintf("%s（%d项）", g.Name, len(g.Items)), false)
			rows := [][]string{overdueCols}
			for i, it := range g.Items {
				rows = append(rows, []string{strconv.Itoa(i + 1), it.Code, it.Title, it.LeadUnitName, leaderOr(it.LeaderName, it.Leader),
					cnDate(it.Due), strconv.Itoa(it.DaysOverdue), strconv.Itoa(it.Progress) + "%"})
			}
			d.tableW(rows, overdueWidths)
		}
		d.para("", "（二）按分管校领导", false)
		rows := [][]string{{"分管校领导", "事项数", "事项编号"}}
		for _, g := range b.OverdueByLeader() {
			codes := ""
			for i, it := range g.Items {
				if i > 0 {
					codes += "、"
				}
				codes += it.Code
			}
			rows = append(rows, []string{leaderOr(g.Name, g.Key), strconv.Itoa(len(g.Items)), codes})
		}
		d.tableW(rows, []int{1800, 1000, 6200})
	}

	d.para("Heading2", "三、橙灯事项", false)
	if len(b.Sections.Orange) == 0 {
		d.para("", "本期无橙灯事项。", false)
	}
	for _, g := range b.OrangeByUnit() {
		d.para("", fmt.Sprintf("%s（%d项）", g.Name, len(g.Items)), false)
		rows := [][]string{orangeCols}
		for i, it := range g.Items {
			rows = append(rows, []string{strconv.Itoa(i + 1), it.Code, it.Title, it.LeadUnitName, leaderOr(it.LeaderName, it.Leader),
				cnDate(it.Due), strconv.Itoa(it.Progress) + "%"})
		}
		d.tableW(rows, orangeWidths)
	}

	d.para("Heading2", "四、按期办结事项", false)
	if len(b.Sections.Completed) == 0 {
		d.para("", "本期无办结事项。", false)
	}
	for _, g := range b.CompletedByUnit() {
		d.para("", fmt.Sprintf("%s（%d项）", g.Name, len(g.Items)), false)
		rows := [][]string{completedCols}
		for i, it := range g.Items {
			late := ""
			if it.DaysOverdue > 0 {
				late = strconv.Itoa(it.DaysOverdue)
			}
			rows = append(rows, []string{strconv.Itoa(i + 1), it.Code, it.Title, it.LeadUnitName, leaderOr(it.LeaderName, it.Leader),
				cnDate(it.Due), cnDate(it.Completed), late})
		}
		d.tableW(rows, completedWidth)
	}
	return d.finish(w)
}
