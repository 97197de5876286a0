package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// NoticeDoc is a notice (提醒单, 督办单, 通报) as a document: the notice,
// the issuing office's mark and name, the lead unit's name and the names
// of those it was sent to.
type NoticeDoc struct {
	Notice     model.Notice
	Mark       string
	OfficeName string
	UnitName   string
	Recipients []string
	// Names are people's names by username, for the receipt.
	Names map[string]string
}

// NoticeFileName is the download's name: 督办单〔2024〕第3号.docx.
func NoticeFileName(n model.Notice) string {
	return app.NoticeNumber(i18n.Default, n) + ".docx"
}

// noticeCols are the measure's table on a notice.
var (
	noticeCols = []string{"编号", "督办事项", "牵头单位", "分管校领导", "完成时限", "进度", "状态"}
	noticeSpec = []col{colCode, {2400, false}, colUnit, colLeader, colDate, colProgress, {900, true}}
)

// WriteNoticeDocx writes a notice as an official document in Chinese, as
// offices file them: the office's red mark, the notice's number over the
// red rule, the kind as its title, the unit (and, on a 督办单 or 通报,
// the leader in charge) it is addressed to, why it was issued, the
// measure as it stood, the signature and the record block: one page.
// Whom the notice reached (its recipients' accounts) is the page's and
// the history's to say; the document names its addressees. A voided notice says so under its title.
func WriteNoticeDocx(w io.Writer, doc NoticeDoc) error {
	n, s := doc.Notice, doc.Notice.Snapshot
	lang := i18n.Default
	to := i18n.T(lang, "notice.to", doc.UnitName)
	if (n.Kind == model.NoticeSupervision || n.Kind == model.NoticeBulletin) && s.LeaderName != "" {
		to += i18n.T(lang, "notice.to_leader", s.LeaderName)
	}
	head := Head{Mark: doc.Mark, Number: app.NoticeNumber(lang, n), Title: i18n.T(lang, "notice.kind."+string(n.Kind)), To: to + i18n.T(lang, "notice.to_end")}
	if v := n.Voided; v != nil {
		head.Sub = append(head.Sub, fmt.Sprintf("【已作废】%s作废。原因：%s", cnDate(model.DateOf(v.At)), v.Reason))
	}
	d := newDocx(head)
	// Why, and as of when the table below stands: one paragraph, so that
	// a notice keeps to one page with its signature.
	d.para("", app.NoticeSummary(lang, n)+i18n.T(lang, "notice.as_of", cnDate(n.Day)), false)
	title := s.Title
	if s.Milestone != "" {
		title += "（" + i18n.T(lang, "notice.milestone", s.Milestone) + "）"
	}
	due := s.Deadline
	if s.Due != 0 {
		due = isoDate(s.Due)
	}
	if due == "" {
		due = i18n.T(lang, "notice.ongoing")
	}
	d.tableCols([][]string{noticeCols, {n.Measure, title, doc.UnitName, leaderOr(s.LeaderName, ""), due,
		strconv.Itoa(s.Progress) + "%", Word(lang, "status", string(s.Status))}}, noticeSpec)
	if n.AgendaItem != 0 {
		d.para("", i18n.T(lang, "notice.carried_over"), false)
	}
	if doc.OfficeName != "" {
		d.signature(doc.OfficeName, n.Day)
	}
	if n.SignedFor() {
		d.receipt(doc)
	}
	if doc.OfficeName == "" {
		return d.finish(w, nil)
	}
	return d.finish(w, &Closing{Office: doc.OfficeName, On: n.Day})
}

// receipt writes a 督办单's receipt (回执) for the unit to fill in and
// return, below a cut line: the notice it answers, who signed for it and
// when, the handling and the expected day, as the unit answered in luoshi
// or blank for a pen.
func (d *docxWriter) receipt(doc NoticeDoc) {
	n := doc.Notice
	d.para("Subtitle", "-------------------- 沿此线剪下 --------------------", false)
	d.para("Title", "回　执", false)
	signed, handling, expected, by := "", "", "", ""
	if s := n.Signed; s != nil {
		signed = doc.Names[s.By] + "　" + cnDate(model.DateOf(s.At))
	}
	if r := n.Receipt; r != nil {
		handling, expected, by = r.Handling, cnDate(r.Expected), doc.Names[r.By]
	}
	d.tableCols([][]string{
		{"项目", "内容"},
		{"督办单", app.NoticeNumber(i18n.Default, n)},
		{"督办事项", n.Measure + "　" + n.Snapshot.Title},
		{"责任单位", doc.UnitName},
		{"签收人及时间", signed},
		{"办理情况", handling + strings.Repeat("\n", max(0, 4-strings.Count(handling, "\n")))},
		{"预计完成时间", expected},
		{"填报人", by},
	}, []col{{1800, true}, {7000, false}})
}
