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

// Deadlines said relative to the day they were said. A speech says "10月底前"
// or "一个月内" and means the next such day from the meeting on; written
// into a measure, the day must be fixed from the meeting's date.
var (
	// 10月底前, 十月前, 今年10月底: a month, the next one from the day said.
	reSaidMonth = regexp.MustCompile(`^(今年|本年|明年)?\s*([0-9一二三四五六七八九十]{1,3})\s*月份?\s*(?:底|末|份)?\s*(?:前|之前|以前|内|完成)?$`)
	// 11月15日前: a day of a month, the next one from the day said.
	reSaidMonthDay = regexp.MustCompile(`^(今年|本年|明年)?\s*([0-9一二三四五六七八九十]{1,3})\s*月\s*([0-9一二三四五六七八九十]{1,3})\s*[日号]\s*(?:前|之前|以前|完成)?$`)
	// 年底前, 明年底, 年内: the end of the year said, or the next.
	reSaidYearEnd = regexp.MustCompile(`^(今年|本年|明年)?\s*(?:年底|年末|年内|年度内|底)\s*(?:前|之前|以前|完成)?$`)
	// 上半年, 明年下半年: the end of that half of the year.
	reSaidHalf = regexp.MustCompile(`^(今年|本年|明年)?\s*(上|下)半年\s*(?:内|底|末)?\s*(?:前|之前|以前|完成)?$`)
	// 本月底前, 下月底: the end of the month said, or the next.
	reSaidThisMonth = regexp.MustCompile(`^(本|下)(?:个)?月\s*(?:底|末|内)?\s*(?:前|之前|以前|完成)?$`)
	// 一个月内, 三周内, 10天内, 半年内: a span counted from the day said.
	reSaidWithin = regexp.MustCompile(`^([0-9一二两三四五六七八九十半]{1,3})\s*(个月|个星期|星期|周|天|日|年)\s*(?:之内|以内|内)(?:完成)?$`)
	// English: "by March 31", "before the end of June", "by 15 November".
	reSaidEnMonth    = regexp.MustCompile(`^(?:by|before|no later than|until)\s+(?:the\s+end\s+of\s+|end\s+of\s+)?([a-z]+)\.?(?:\s+(\d{1,2})(?:st|nd|rd|th)?)?$`)
	reSaidEnDayMonth = regexp.MustCompile(`^(?:by|before|no later than|until)\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)$`)
	reSaidEnYearEnd  = regexp.MustCompile(`^(?:by|before)\s+(?:the\s+)?(?:end\s+of\s+(?:the|this)\s+year|year[- ]end|end\s+of\s+year)$`)
	// English: "within three weeks", "within a month", "within 10 days".
	reSaidEnWithin = regexp.MustCompile(`^within\s+(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|half\s+a|\d{1,3})\s+(days?|weeks?|months?|years?)$`)
)

var enMonths = map[string]time.Month{"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
	"jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}

var enNumbers = map[string]int{"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}

// cnNumber reads a small number as written in a deadline: digits or 一…九十九
// (两 is 2). 0 when it is neither.
func cnNumber(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	digit := map[rune]int{'一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	r := []rune(s)
	switch {
	case len(r) == 1 && r[0] == '十':
		return 10
	case len(r) == 1:
		return digit[r[0]]
	case len(r) == 2 && r[0] == '十':
		return 10 + digit[r[1]]
	case len(r) == 2 && r[1] == '十':
		return digit[r[0]] * 10
	case len(r) == 3 && r[1] == '十' && digit[r[0]] > 0 && digit[r[2]] > 0:
		return digit[r[0]]*10 + digit[r[2]]
	}
	return 0
}

// nextFrom returns the first of the days that fall (month, day) in year y or
// later that is not before said; explicit says the year was named (今年,
// 明年), so no rolling on.
func nextFrom(said Date, y int, mo time.Month, day int, explicit bool) Date {
	at := func(y int) Date {
		if day == 0 {
			return Ymd(y, mo, 1).EndOfMonth()
		}
		return Ymd(y, mo, day)
	}
	d := at(y)
	if !explicit && d < said {
		d = at(y + 1)
	}
	return d
}

// validDay reports whether day exists in the month (any year: 2月29日 is).
func validDay(mo, day int) bool {
	return mo >= 1 && mo <= 12 && day >= 1 && Ymd(2024, time.Month(mo), day).Time().Day() == day
}

// ReadDeadline reads a deadline as written in a speech or a table, said on
// day said (the meeting's date), against the academic calendar:
//   - 10月底前 / 11月15日前 / "by March 31" / "before the end of June": the
//     next such day from the day said (10月底前 said in November is next
//     October's end);
//   - 年底前, 上半年 / 下半年: the end of the year or half said in (上半年
//     said in the second half is next year's);
//   - 一个月内, 三周内, "within three weeks": counted from the day said;
//   - 本学期内, 下学期, 寒假前: by the calendar (ResolveTerm), else the
//     half-year said in;
//   - a date or 2024年12月底前 as ParseDeadline reads it; 长期坚持 is ongoing.
//
// A day before the day said is refused (EINVALID on "deadline"), but due is
// still returned, so the office sees what the words were read as.
func ReadDeadline(text string, said Date, cal Calendar) (due Date, ongoing bool, err error) {
	if said == 0 {
		return ParseDeadline(text, Period{})
	}
	due, ongoing, err = readSaid(text, said, cal)
	if err == nil && !ongoing && due < said {
		err = Invalid("deadline", "%s is read as %s, before the meeting on %s", strings.TrimSpace(text), due, said)
	}
	return due, ongoing, err
}

func readSaid(text string, said Date, cal Calendar) (Date, bool, error) {
	s := strings.TrimSpace(text)
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(s, "于"), "在"))
	low := strings.Join(strings.Fields(strings.ToLower(s)), " ")
	low = strings.TrimSuffix(low, ".")
	t := said.Time()
	year := t.Year()
	named := func(w string) (int, bool) {
		if w == "明年" {
			return year + 1, true
		}
		return year, w != ""
	}
	if IsTermDeadline(s) {
		if due, ok := cal.ResolveTerm(s, said); ok {
			return due, false, nil
		}
		return ParseDeadline(s, HalfYearOf(said))
	}
	if m := reSaidMonthDay.FindStringSubmatch(s); m != nil {
		mo, day := cnNumber(m[2]), cnNumber(m[3])
		if !validDay(mo, day) {
			return 0, false, Invalid("deadline", "%q is not a valid date", text)
		}
		y, explicit := named(m[1])
		return nextFrom(said, y, time.Month(mo), day, explicit), false, nil
	}
	if m := reSaidMonth.FindStringSubmatch(s); m != nil {
		mo := cnNumber(m[2])
		if mo < 1 || mo > 12 {
			return 0, false, Invalid("deadline", "%q names no month 1–12", text)
		}
		y, explicit := named(m[1])
		return nextFrom(said, y, time.Month(mo), 0, explicit), false, nil
	}
	if m := reSaidYearEnd.FindStringSubmatch(s); m != nil && (m[1] != "" || !strings.HasPrefix(s, "底")) {
		y, _ := named(m[1])
		return Ymd(y, 12, 31), false, nil
	}
	if m := reSaidHalf.FindStringSubmatch(s); m != nil {
		y, explicit := named(m[1])
		if m[2] == "上" {
			return nextFrom(said, y, 6, 30, explicit), false, nil
		}
		return Ymd(y, 12, 31), false, nil
	}
	if m := reSaidThisMonth.FindStringSubmatch(s); m != nil {
		if m[1] == "下" {
			return Ymd(year, t.Month()+1, 1).EndOfMonth(), false, nil
		}
		return said.EndOfMonth(), false, nil
	}
	if m := reSaidWithin.FindStringSubmatch(s); m != nil {
		n := cnNumber(m[1])
		if m[1] == "半" {
			switch m[2] {
			case "年":
				return DateOf(t.AddDate(0, 6, 0)), false, nil
			case "个月":
				return said + 15, false, nil
			}
		}
		if n > 0 {
			return within(t, n, m[2]), false, nil
		}
	}
	if m := reSaidEnWithin.FindStringSubmatch(low); m != nil {
		n, half := enNumbers[m[1]], strings.HasPrefix(m[1], "half")
		if n == 0 && !half {
			n, _ = strconv.Atoi(m[1])
		}
		unit := map[string]string{"day": "天", "week": "周", "month": "个月", "year": "年"}[strings.TrimSuffix(m[2], "s")]
		switch {
		case half && unit == "年":
			return DateOf(t.AddDate(0, 6, 0)), false, nil
		case half && unit == "个月":
			return said + 15, false, nil
		case n > 0:
			return within(t, n, unit), false, nil
		}
	}
	if reSaidEnYearEnd.MatchString(low) {
		return Ymd(year, 12, 31), false, nil
	}
	if m := reSaidEnMonth.FindStringSubmatch(low); m != nil {
		if mo, ok := enMonths[m[1]]; ok {
			day := 0
			if m[2] != "" {
				day, _ = strconv.Atoi(m[2])
				if !validDay(int(mo), day) {
					return 0, false, Invalid("deadline", "%q is not a valid date", text)
				}
			}
			return nextFrom(said, year, mo, day, false), false, nil
		}
	}
	if m := reSaidEnDayMonth.FindStringSubmatch(low); m != nil {
		if mo, ok := enMonths[m[2]]; ok {
			day, _ := strconv.Atoi(m[1])
			if !validDay(int(mo), day) {
				return 0, false, Invalid("deadline", "%q is not a valid date", text)
			}
			return nextFrom(said, year, mo, day, false), false, nil
		}
	}
	return ParseDeadline(s, HalfYearOf(said))
}

// within is the day n units (天, 周, 个月, 年) after t.
func within(t time.Time, n int, unit string) Date {
	switch unit {
	case "天", "日":
		return DateOf(t.AddDate(0, 0, n))
	case "周", "星期", "个星期":
		return DateOf(t.AddDate(0, 0, 7*n))
	case "年":
		return DateOf(t.AddDate(n, 0, 0))
	}
	// A month from 31 January is the end of February, not 2 March.
	end := Ymd(t.Year(), t.Month()+time.Month(n), 1).EndOfMonth()
	if d := DateOf(t.AddDate(0, n, 0)); d < end {
		return d
	}
	return end
}

// SaidDayDeadline reports whether a deadline as written is read only from
// the day it was said (一个月内, 本学期内, 11月15日前, 上半年, "by March 31"),
// so a due day read that way must be kept: the words and the measure's
// period alone do not give it again. (10月底前 and 年底前 do: ParseDeadline
// reads them in the period of the day they were read as.)
func SaidDayDeadline(text string) bool {
	s := strings.TrimSpace(text)
	low := strings.TrimSuffix(strings.Join(strings.Fields(strings.ToLower(s)), " "), ".")
	for _, re := range []*regexp.Regexp{reSaidWithin, reSaidThisMonth, reSaidMonthDay, reSaidHalf} {
		if re.MatchString(s) {
			return true
		}
	}
	for _, re := range []*regexp.Regexp{reSaidEnWithin, reSaidEnMonth, reSaidEnDayMonth, reSaidEnYearEnd} {
		if re.MatchString(low) {
			return true
		}
	}
	return IsTermDeadline(s)
}
