package model

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// ongoingWords mark a deadline that is no date at all: the work continues and
// is supervised by its reporting cycle instead.
var ongoingWords = []string{"长期坚持", "持续推进", "长期", "持续", "常态化", "ongoing", "continuous", "long-term"}

var (
	reYMD  = regexp.MustCompile(`^(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*[日号]?\s*(?:前|之前|以前)?$`)
	reYM   = regexp.MustCompile(`^(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*月?\s*(?:底|末)?\s*(?:前|之前|以前)?$`)
	reY    = regexp.MustCompile(`^(\d{4})\s*年\s*(?:底|末|内|年底|年末)\s*(?:前|之前|以前)?$`)
	reM    = regexp.MustCompile(`^(?:本年|今年)?\s*(\d{1,2})\s*月\s*(?:底|末)?\s*(?:前|之前|以前)?$`)
	reHalf = regexp.MustCompile(`^(\d{4})\s*年\s*(上|下)半年\s*(?:内|底|末)?\s*(?:前|之前|以前)?$`)
)

// ParseDeadline reads a deadline the way offices write it ("2024-12-31",
// "2024年12月底前", "2024年9月", "本学期内", "长期坚持") and returns the day it
// means: a month or "月底前" its last day, a term or half-year its last day.
// ongoing is true for work with no due date. period is the measure's period,
// used for "本学期内", "年底前" and months written without a year.
func ParseDeadline(text string, period Period) (due Date, ongoing bool, err error) {
	s := strings.TrimSpace(text)
	s = strings.TrimPrefix(s, "于")
	s = strings.TrimPrefix(s, "在")
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false, Invalid("deadline", "a deadline is required (a date, 2024年12月底前, 本学期内 or 长期坚持)")
	}
	low := strings.ToLower(s)
	for _, w := range ongoingWords {
		if strings.HasPrefix(low, w) {
			return 0, true, nil
		}
	}
	if d, err := ParseDate(s); err == nil && d != 0 {
		return d, false, nil
	}
	if m := reYMD.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		if mo < 1 || mo > 12 || d < 1 || d > 31 {
			return 0, false, Invalid("deadline", "%q is not a valid date", text)
		}
		v := Ymd(y, time.Month(mo), d)
		if v.Time().Day() != d {
			return 0, false, Invalid("deadline", "%q is not a valid date", text)
		}
		return v, false, nil
	}
	if m := reYM.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		if mo < 1 || mo > 12 {
			return 0, false, Invalid("deadline", "%q names no month 1–12", text)
		}
		return Ymd(y, time.Month(mo), 1).EndOfMonth(), false, nil
	}
	if m := reY.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		return Ymd(y, 12, 31), false, nil
	}
	if m := reHalf.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		if m[2] == "上" {
			return Ymd(y, 6, 30), false, nil
		}
		return Ymd(y, 12, 31), false, nil
	}
	if period.Code != "" {
		year := period.End.Time().Year()
		if m := reM.FindStringSubmatch(s); m != nil {
			mo, _ := strconv.Atoi(m[1])
			if mo < 1 || mo > 12 {
				return 0, false, Invalid("deadline", "%q names no month 1–12", text)
			}
			return Ymd(year, time.Month(mo), 1).EndOfMonth(), false, nil
		}
		switch strings.TrimSuffix(strings.TrimSuffix(s, "前"), "内") {
		case "本学期", "本学期末", "本学期结束", "本半年", "本期", "本期末", "this term", "end of term":
			return period.End, false, nil
		case "年底", "年末", "本年底", "今年底", "本年度", "年内", "本年":
			return Ymd(year, 12, 31), false, nil
		}
	}
	return 0, false, Invalid("deadline", "cannot read %q as a deadline (use a date, 2024年12月底前, 本学期内 or 长期坚持)", text)
}
