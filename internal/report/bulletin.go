package report

import (
	"fmt"
	"io"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// BulletinDoc is a supervision bulletin as a document: the bulletin, the
// issuing office's mark (示范大学党政办公室), its name as it signs, and the
// bulletin's document number ("" for a preview).
type BulletinDoc struct {
	Bulletin   model.Bulletin
	Mark       string
	OfficeName string
	Number     string
}

// isoDate writes a day in a table: 2024-09-30, or 长期 for work with no
// due date.
func isoDate(d model.Date) string {
	if d == 0 {
		return "长期"
	}
	return d.String()
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

// The bulletin's table columns (twips; see tableCols): codes, names of
// leaders, dates and figures are kept on one line, the measure's title and
// the unit's name wrap.
var (
	colSeq      = col{540, true}
	colCode     = col{1400, true}
	colTitle    = col{2000, false}
	colUnit     = col{1400, false}
	colLeader   = col{1170, true}
	colDate     = col{1300, true}
	colDays     = col{960, true}
	colProgress = col{600, true}

	overdueCols   = []string{"序号", "编号", "督办事项", "牵头单位", "分管校领导", "完成时限", "逾期天数", "进度"}
	overdueSpec   = []col{colSeq, colCode, colTitle, colUnit, colLeader, colDate, colDays, colProgress}
	orangeCols    = []string{"序号", "编号", "督办事项", "牵头单位", "分管校领导", "完成时限", "进度"}
	orangeSpec    = []col{colSeq, colCode, colTitle, colUnit, colLeader, colDate, colProgress}
	completedCols = []string{"序号", "编号", "督办事项", "牵头单位", "分管校领导", "完成时限", "办结日期", "逾期天数"}
	completedSpec = []col{colSeq, colCode, colTitle, colUnit, colLeader, colDate, colDate, colDays}
)

// WriteBulletinDocx writes the bulletin as an official document: the
// office's red mark, the number and the red rule, the title, the
// addressees, the range, then the four sections with a table per lead
// unit (and, for overdue measures, per leader in charge), the signature
// and the record block.
func WriteBulletinDocx(w io.Writer, doc BulletinDoc) error {
	b := doc.Bulletin
	office := doc.OfficeName
	number := doc.Number
	if !b.Issued() {
		number = "（预览，未印发）"
	}
	head := Head{Mark: doc.Mark, Number: number, Title: "督办通报", To: "各单位："}
	if b.Issued() {
		no := fmt.Sprintf("（%d年第%d期）", b.Year, b.Number)
		if b.Supplement {
			no = fmt.Sprintf("（%d年第%d期，补充通报）", b.Year, b.Number)
		}
		head.Sub = append(head.Sub, no)
		if v := b.Voided; v != nil {
			// A voided bulletin still downloads, marked so that no printed
			// copy passes for a standing one.
			head.Sub = append(head.Sub, fmt.Sprintf("【已作废】%s作废。原因：%s", cnDate(model.DateOf(v.At)), v.Reason))
		}
	}
	d := newDocx(head)
	d.para("", fmt.Sprintf("现将%s至%s督办事项办理情况通报如下（事项状态截至%s）。", cnDate(b.From), cnDate(b.To), cnDate(b.To)), false)

	s := b.Summary()
	d.para("Heading1", "一、总体情况", false)
	d.para("", fmt.Sprintf("截至%s，全校督办事项中逾期及红灯事项%d项，涉及%d个单位；橙灯事项%d项，涉及%d个单位。"+
		"%s至%s，按期办结事项%d项，涉及%d个单位。", cnDate(b.To), s.Overdue, s.OverdueUnits, s.Orange, s.OrangeUnits,
		cnDate(b.From), cnDate(b.To), s.Completed, s.CompletedUnits), false)
	d.tableCols([][]string{{"类别", "事项数", "涉及单位数"},
		{"逾期及红灯事项", strconv.Itoa(s.Overdue), strconv.Itoa(s.OverdueUnits)},
		{"橙灯事项", strconv.Itoa(s.Orange), strconv.Itoa(s.OrangeUnits)},
		{"按期办结事项", strconv.Itoa(s.Completed), strconv.Itoa(s.CompletedUnits)}}, []col{{3000, false}, {1800, true}, {1800, true}})

	d.para("Heading1", "二、逾期及红灯事项", false)
	if len(b.Sections.Overdue) == 0 {
		d.para("", "本期无逾期及红灯事项。", false)
	} else {
		d.para("Heading2", "（一）按牵头单位", false)
		for _, g := range b.OverdueByUnit() {
			d.para("", fmt.Sprintf("%s（%d项）", g.Name, len(g.Items)), false)
			rows := [][]string{overdueCols}
			for i, it := range g.Items {
				rows = append(rows, []string{strconv.Itoa(i + 1), it.Code, it.Title, it.LeadUnitName, leaderOr(it.LeaderName, it.Leader),
					isoDate(it.Due), strconv.Itoa(it.DaysOverdue), strconv.Itoa(it.Progress) + "%"})
			}
			d.tableCols(rows, overdueSpec)
		}
		d.para("Heading2", "（二）按分管校领导", false)
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
		d.tableCols(rows, []col{{1800, true}, {1000, true}, {6000, false}})
	}

	d.para("Heading1", "三、橙灯事项", false)
	if len(b.Sections.Orange) == 0 {
		d.para("", "本期无橙灯事项。", false)
	}
	for _, g := range b.OrangeByUnit() {
		d.para("", fmt.Sprintf("%s（%d项）", g.Name, len(g.Items)), false)
		rows := [][]string{orangeCols}
		for i, it := range g.Items {
			rows = append(rows, []string{strconv.Itoa(i + 1), it.Code, it.Title, it.LeadUnitName, leaderOr(it.LeaderName, it.Leader),
				isoDate(it.Due), strconv.Itoa(it.Progress) + "%"})
		}
		d.tableCols(rows, orangeSpec)
	}

	d.para("Heading1", "四、按期办结事项", false)
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
				isoDate(it.Due), isoDate(it.Completed), late})
		}
		d.tableCols(rows, completedSpec)
	}
	if office == "" {
		return d.finish(w, nil)
	}
	d.signature(office, b.IssuedOn)
	return d.finish(w, &Closing{CopyTo: []string{"校领导"}, Office: office, On: b.IssuedOn})
}
