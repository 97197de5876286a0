package model

import (
	"strconv"
	"strings"
)

// The documents luoshi numbers, each in its own yearly series: the
// bulletin, the minutes and each kind of notice (DocNotice).
const (
	DocBulletin = "bulletin" // 督办通报
	DocMinutes  = "minutes"  // 会议纪要
)

// DocNotice is the document kind of a notice kind: notice.supervision.
func DocNotice(k NoticeKind) string { return "notice." + string(k) }

// DefaultNumberFormats are the document numbers (发文字号) an office gets
// until it sets its own: {year} is the year, {n} the number in the year's
// series, {short} the institution's short name. GB/T 9704 writes the year
// in 六角括号 〔〕 and the number without leading zeros or 第.
var DefaultNumberFormats = map[string]string{
	DocBulletin:                  "督通〔{year}〕{n}号",
	DocMinutes:                   "〔{year}〕第{n}期",
	DocNotice(NoticeDue):         "到期提醒〔{year}〕第{n}号",
	DocNotice(NoticeReport):      "催报通知〔{year}〕第{n}号",
	DocNotice(NoticeReminder):    "提醒单〔{year}〕第{n}号",
	DocNotice(NoticeSupervision): "督办单〔{year}〕第{n}号",
	DocNotice(NoticeBulletin):    "通报〔{year}〕第{n}号",
}

// DocKinds are the documents whose number format the office sets, in the
// order Settings › Documents lists them.
var DocKinds = []string{DocBulletin, DocMinutes, DocNotice(NoticeReminder), DocNotice(NoticeSupervision), DocNotice(NoticeBulletin),
	DocNotice(NoticeDue), DocNotice(NoticeReport)}

// CheckNumberFormat checks a number format: one line of at most 60
// characters holding {n} (the number in the year's series) and no
// placeholder but {year}, {n} and {short}.
func CheckNumberFormat(kind, format string) error {
	field := "formats[" + kind + "]"
	if err := checkLine(field, format, 1, 60); err != nil {
		return err
	}
	if !strings.Contains(format, "{n}") {
		return Invalid(field, "must hold {n}, the document's number in its year")
	}
	rest := strings.NewReplacer("{year}", "", "{n}", "", "{short}", "").Replace(format)
	if i := strings.IndexByte(rest, '{'); i >= 0 {
		end := strings.IndexByte(rest[i:], '}')
		if end < 0 {
			end = len(rest) - i - 1
		}
		return Invalid(field, "%s is not a placeholder; use {year}, {n} or {short}", rest[i:i+end+1])
	}
	return nil
}

// DocumentNumber writes a document's number by its format.
func DocumentNumber(format string, in Institution, year, n int) string {
	return FillNumber(ShortFormat(format, in), year, n)
}

// ShortFormat is a format with the institution's short name in it, left
// to be filled with the year and the number (FillNumber).
func ShortFormat(format string, in Institution) string {
	return strings.ReplaceAll(format, "{short}", in.ShortName)
}

// FillNumber fills a format's year and number.
// (Digits cannot spell a placeholder, so one replacement after the other
// is the same as both at once, without building a Replacer each time: the
// daily run numbers thousands of notices.)
func FillNumber(format string, year, n int) string {
	return strings.ReplaceAll(strings.ReplaceAll(format, "{year}", strconv.Itoa(year)), "{n}", strconv.Itoa(n))
}

// DocumentMark is the issuing office's mark (发文机关标志): the
// institution's name and its office's, once ("示范大学党政办公室"); the
// institution's name alone when the profile names no office.
func DocumentMark(in Institution) string {
	if strings.HasPrefix(in.OfficeName, in.Name) {
		return in.OfficeName
	}
	return in.Name + in.OfficeName
}
