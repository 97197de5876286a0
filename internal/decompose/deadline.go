package decompose

import (
	"strings"
	"unicode/utf8"
)

// Deadlines as the draft writes them (nameDoer): 11月底前, 年内, 秋季开学前,
// 每月25日前, "by March 15", "within three weeks", "before registration
// opens". Frequencies (每学期, "every term") and durations ("through the
// 2027–28 academic year") are not limits and have none of the key words read
// here.

// findDeadline returns the byte span of the first time limit the draft
// writes (11月底前, 年内, "by March 15", "within three weeks"), or zeros. One
// pass over the bytes serves both languages: it runs over every draft, so it
// looks at a Chinese character only when its first two bytes are those of a
// time word's key character, and at an English word only when it could be a
// trigger.
func findDeadline(s string) (int, int) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= 0xE0 && !(c <= 0xE6 && c >= 0xE4 && i+2 < len(s) && zhKeySecond[s[i+1]]&(1<<(c-0xE4)) != 0):
			i += leadSize(c) // most of a Chinese draft: no key character
		case wordByte[c]:
			we := i + 1
			for we < len(s) && wordByte[s[we]] {
				we++
			}
			if n := we - i; enTriggerByte[c] && (n == 2 || n == 3 || n == 4 || n == 6) {
				if a, b := enDeadlineAt(s, i, we); b > a {
					return a, b
				}
			}
			i = we
		case c >= 0xE4 && c <= 0xE6 && i+2 < len(s) && zhKeySecond[s[i+1]]&(1<<(c-0xE4)) != 0:
			if a, b := zhDeadlineAt(s, i); b > a {
				return a, b
			}
			i += 3
		default:
			i += leadSize(c)
		}
	}
	return 0, 0
}

// wordByte marks ASCII letters and digits, as isWordByte does, for the
// byte loop above.
var wordByte = func() (t [256]bool) {
	for c := 0; c < 128; c++ {
		t[c] = isWordByte(byte(c))
	}
	return t
}()

// zhKeySecond marks, by second byte, the key characters of Chinese time
// limits: 在 E5 9C A8, 于 E4 BA 8E, 前 E5 89 8D, 内 E5 86 85, 底 E5 BA 95,
// 末 E6 9C AB, 半 E5 8D 8A (bit 0 for a first byte E4, 1 for E5, 2 for E6).
var zhKeySecond = func() (t [256]uint8) {
	for _, r := range "在于前内底末半" {
		var b [3]byte
		utf8.EncodeRune(b[:], r)
		t[b[1]] |= 1 << (b[0] - 0xE4)
	}
	return t
}()

// zhTimeRunes make up the words of a written time: figures, 年月日, terms,
// seasons, holidays, 上/下/本/今/每.
const zhTimeRunes = "0123456789０１２３４５６７８９〇零一二三四五六七八九十百两几半年月日号周天旬底末初中上下本今明次当每个季度期节假秋春夏冬寒暑时"

// zhTimeAnchors: a time has one of these; "期" or "中" alone do not make one.
const zhTimeAnchors = "年月日号周天旬底末季节假时"

// zhTimeWords are times whose first character is not a time by itself (学
// of 学期, 开 of 开学).
var zhTimeWords = [...]string{"学期", "开学", "学年", "放假", "工作日", "元旦", "国庆", "清明", "端午", "截止", "下班", "上班"}

// zhAfterTimeBad follow 前 when it is not "before" (前列, 前提, 前期, 前沿…).
const zhAfterQianBad = "列面沿提景途夕进行所身者期后台线任方往辈锋端哨置移来年"

// zhBeforeQianBad precede 前 when it is not a time limit (目前, 当前, 提前…).
const zhBeforeQianBad = "目当此先从提超空眼面跟门向往"

// zhAfterNeiBad follow 内 when it means "inside" (内容, 内涵, 内部…).
const zhAfterNeiBad = "容涵部在生控设化外地蒙务需"

// zhDoneNext may follow a bare time (年底, 上半年) that limits the work
// after it: a verb of completion or a clause break, not a noun (年底考核).
const zhDoneNext = "完实建全基达出形启交投确力要将召举制印报提落推组配，,、"

// zhDeadlineAt reads a Chinese time limit around the key character at i: "在/于…前", a time word
// before 前 or 内 (11月底前, 秋季开学前, 一个月内, 年内), or a bare 年底/上半年
// before a verb of completion. The span leaves out 在/于 as the gold does.
func zhDeadlineAt(s string, i int) (int, int) {
	r, size := decodeAt(s, i)
	switch r {
	case '在', '于':
		return zhAnchored(s, i, size)
	case '前':
		return zhBefore(s, i, size)
	case '内':
		return zhWithin(s, i, size)
	case '底', '末':
		return zhBareEnd(s, i, size)
	case '半':
		return zhHalfYear(s, i, size)
	}
	return 0, 0
}

// zhAnchored reads "在/于 <event or time> 前" (在下一期督办通报印发前, 于11月10日前)
// and "于 <date> <verb>" (于11月15日报送).
func zhAnchored(s string, i, size int) (int, int) {
	prev := rune(-1)
	if i > 0 {
		prev, _ = utf8.DecodeLastRuneInString(s[:i])
	}
	r, _ := decodeAt(s, i)
	if r == '在' && strings.ContainsRune("存现正所实自内外好", prev) {
		return 0, 0
	}
	if r == '于' && strings.ContainsRune("关对由属至终等位基鉴善勇敢乐便利用忠源高低多少大小急易难趋归限出致足眼在", prev) {
		return 0, 0
	}
	a := i + size
	n := 0
	for q := a; q < len(s) && n < 16; n++ {
		r, sz := decodeAt(s, q)
		if isTrimRune(r) || r == '的' || r == '要' || r == '将' || r == '把' || r == '在' || r == '于' || r == '“' || r == '《' {
			return 0, 0
		}
		if q > a {
			switch {
			case r == '前' && !strings.ContainsRune(zhAfterQianBad, runeAfter(s, q+sz, len(s))) &&
				!strings.ContainsRune(zhBeforeQianBad, runePrev(s, a, q)):
				return a, q + sz
			case r == '内' && zhTimeEnd(s, a, q) && !strings.ContainsRune(zhAfterNeiBad, runeAfter(s, q+sz, len(s))):
				return a, q + sz
			case (r == '日' || r == '号') && isDigitRune(runePrev(s, a, q)) && strings.ContainsRune("完报提交反送", runeAfter(s, q+sz, len(s))):
				return a, q + sz
			}
		}
		q += sz
	}
	return 0, 0
}

// zhTimeEnd reports that s[a:q] ends in a time word (年, 月, 学期…), as 内
// needs ("年内" but not "校内").
func zhTimeEnd(s string, a, q int) bool {
	if q <= a {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s[a:q])
	return strings.ContainsRune("年月周天日时旬", r) || strings.HasSuffix(s[a:q], "学期") || strings.HasSuffix(s[a:q], "假期") || strings.HasSuffix(s[a:q], "工作日")
}

// zhTimeStart walks back from end over the words of a time and returns
// where the time starts (end when there is none).
func zhTimeStart(s string, end int) int {
	a := end
	for a > 0 && end-a < 60 {
		r, size := utf8.DecodeLastRuneInString(s[:a])
		if r == utf8.RuneError {
			break
		}
		if strings.ContainsRune(zhTimeRunes, r) {
			a -= size
			continue
		}
		moved := false
		for _, w := range zhTimeWords {
			// a whole time word ends here, or one begins here and runs into
			// what was already taken (学 of 学期)
			if strings.HasSuffix(s[:a], w) {
				a -= len(w)
				moved = true
				break
			}
			if a-size+len(w) <= end && a-size+len(w) > a && strings.HasPrefix(s[a-size:], w) {
				a -= size
				moved = true
				break
			}
		}
		if !moved {
			break
		}
	}
	return a
}

// zhIsTime reports words that name a time: an anchor rune or a time word.
func zhIsTime(t string) bool {
	for _, r := range t {
		if strings.ContainsRune(zhTimeAnchors, r) {
			return true
		}
	}
	for _, w := range zhTimeWords {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

// zhAgo reports "三年前", "两个月前", "3年前": a count of time units before
// now, which reports the past rather than limiting the work.
func zhAgo(t string) bool {
	n := 0
	digits := 0
	for _, r := range t {
		switch {
		case strings.ContainsRune("〇零一二三四五六七八九十百两几", r):
			n++
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune("个年月周天日", r):
		default:
			return false
		}
	}
	return (n > 0 && digits == 0) || (digits > 0 && digits < 4 && !strings.ContainsRune(t, '月') && !strings.ContainsRune(t, '日'))
}

// zhBefore reads a time limit ending in 前, 之前 or 以前 at i.
func zhBefore(s string, i, size int) (int, int) {
	// after a time, 前 is "before" unless it reads 前后 (around), 前期
	// (earlier) or 前列; 前提交 is "before submitting"
	if strings.ContainsRune("后期列夕年", runeAfter(s, i+size, len(s))) {
		return 0, 0
	}
	end := i
	if strings.HasSuffix(s[:end], "之") || strings.HasSuffix(s[:end], "以") {
		end -= len("之")
	}
	if end > 0 {
		if r, _ := utf8.DecodeLastRuneInString(s[:end]); strings.ContainsRune(zhBeforeQianBad, r) {
			return 0, 0
		}
	}
	a := zhTimeStart(s, end)
	if a >= end || !zhIsTime(s[a:end]) || zhAgo(s[a:end]) {
		return 0, 0
	}
	return a, i + size
}

// zhWithin reads a time limit ending in 内 or 以内 (年内, 一个月内, 本学期内).
func zhWithin(s string, i, size int) (int, int) {
	if strings.ContainsRune(zhAfterNeiBad, runeAfter(s, i+size, len(s))) {
		return 0, 0
	}
	end := i
	if strings.HasSuffix(s[:end], "以") {
		end -= len("以")
	}
	a := zhTimeStart(s, end)
	if a >= end || !zhTimeEnd(s, a, end) || !zhIsTime(s[a:end]) {
		return 0, 0
	}
	return a, i + size
}

// zhBareEnd reads 年底, 11月底, 学期末 written without 前 before a verb of
// completion ("年底实现全覆盖"); "截至年底" reports a state and is left out.
func zhBareEnd(s string, i, size int) (int, int) {
	prev := runePrev(s, 0, i)
	if prev != '年' && prev != '月' && prev != '期' {
		return 0, 0
	}
	next := runeAfter(s, i+size, len(s))
	if next == -1 || !strings.ContainsRune(zhDoneNext, next) {
		return 0, 0
	}
	a := zhTimeStart(s, i)
	if a >= i || strings.HasSuffix(s[:a], "截至") || strings.HasSuffix(s[:a], "截止") || !zhIsTime(s[a:i+size]) {
		return 0, 0
	}
	return a, i + size
}

// zhHalfYear reads 上半年/下半年 (今年上半年) limiting the work after it
// ("上半年完成…"), not naming a period ("下半年专题学习").
func zhHalfYear(s string, i, size int) (int, int) {
	prev := runePrev(s, 0, i)
	if (prev != '上' && prev != '下') || runeAfter(s, i+size, len(s)) != '年' {
		return 0, 0
	}
	end := i + size + len("年")
	for _, w := range [...]string{"以前", "之前", "以内", "前", "内", "底", "末"} {
		if strings.HasPrefix(s[end:], w) {
			end += len(w)
			break
		}
	}
	if next := runeAfter(s, end, len(s)); next != -1 && !strings.ContainsRune(zhDoneNext, next) && !strings.ContainsRune("前内底末", runePrev(s, 0, end)) {
		return 0, 0
	}
	return zhTimeStart(s, i), end
}

// enDeadlineAt reads an English time limit opened by the word s[i:we]: "by <date>", "before
// <date or event>", "within <count> <units>", "this <term>", "in the first
// half of the year", "no later than <date>". Frequencies ("every term") and
// durations ("through the 2027–28 academic year") have none of these.
func enDeadlineAt(s string, i, we int) (int, int) {
	w := s[i:we]
	end := -1
	switch {
	case eqFold(w, "by"):
		end = enTimeAt(s, we)
	case eqFold(w, "before"):
		if end = enTimeAt(s, we); end < 0 {
			end = enEventAt(s, we)
		}
	case eqFold(w, "within"):
		end = enSpanAt(s, we)
	case eqFold(w, "this"), eqFold(w, "next"):
		// "this spring", "next term"; a bare "this year" is the year the
		// speech is about, like 今年, not a limit
		if _, e2 := enUnitAt(s, we); e2 > 0 && !enPeriodOf(s, i) && !(eqFold(w, "this") && eqFold(strings.TrimSpace(s[we:e2]), "year")) {
			end = e2
		}
	case eqFold(w, "in"):
		end = enHalfAt(s, we)
	case eqFold(w, "no"), eqFold(w, "not"):
		if x, xe := nextWord(s, we); eqFold(x, "later") {
			if y, ye := nextWord(s, xe); eqFold(y, "than") {
				end = enTimeAt(s, ye)
			}
		}
	case eqFold(w, "on"):
		if x, xe := nextWord(s, we); eqFold(x, "or") {
			if y, ye := nextWord(s, xe); eqFold(y, "before") {
				end = enTimeAt(s, ye)
			}
		}
	}
	if end > we {
		return i, end
	}
	return 0, 0
}

// leadSize is how far to step past the character whose first byte is c,
// for scans that only look at some characters: one for ASCII and for a
// stray continuation byte, which keeps the scan on the boundaries decodeAt
// uses for valid text.
func leadSize(c byte) int {
	switch {
	case c >= 0xF0:
		return 4
	case c >= 0xE0:
		return 3
	case c >= 0xC0:
		return 2
	}
	return 1
}

// enTriggerByte marks the first letters of by, before, within, this, next,
// in, no, not, on.
var enTriggerByte = [256]bool{'b': true, 'B': true, 'w': true, 'W': true, 't': true, 'T': true, 'n': true, 'N': true,
	'i': true, 'I': true, 'o': true, 'O': true}

// eqFold compares an ASCII word with a lowercase one, ignoring case.
func eqFold(w, lower string) bool {
	return len(w) == len(lower) && hasPrefixFold(w, lower)
}

// nextWord returns the ASCII word after blanks at p and its end ("" when
// something else comes first).
func nextWord(s string, p int) (string, int) {
	for p < len(s) && s[p] == ' ' {
		p++
	}
	if p >= len(s) || !isWordByte(s[p]) {
		return "", p
	}
	return word(s, p, len(s))
}

// The words of English dates.
var (
	enMonths = wordSet(`january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec`)
	enSeasons = wordSet(`spring summer fall autumn winter`)
	enUnits   = wordSet(`year term semester quarter month week day session decade years terms semesters quarters months weeks
days hours hour`)
	enCounts = wordSet(`a an one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty sixty ninety
the this next few several`)
	enDays = wordSet(`monday tuesday wednesday thursday friday saturday sunday today tomorrow tonight then midyear mid-year
year-end yearend`)
	enEvents = wordSet(`open opens begin begins start starts end ends close closes arrive arrives return returns resume resumes
convene convenes meet meets expire expires`)
)

// isLower reports a lowercase copy of w in set (ASCII).
func inSet(set map[string]bool, w string) bool {
	if w == "" || len(w) > 16 {
		return false
	}
	var buf [16]byte
	for i := 0; i < len(w); i++ {
		buf[i] = lowerByte(w[i])
	}
	return set[string(buf[:len(w)])]
}

// isYear reports 2029, FY2027, FY27.
func isYear(w string) bool {
	if len(w) >= 4 && (w[0] == 'F' || w[0] == 'f') && (w[1] == 'Y' || w[1] == 'y') {
		w = w[2:]
		if len(w) == 2 {
			return w[0] >= '0' && w[0] <= '9' && w[1] >= '0' && w[1] <= '9'
		}
	}
	if len(w) != 4 || !(strings.HasPrefix(w, "19") || strings.HasPrefix(w, "20")) {
		return false
	}
	return w[2] >= '0' && w[2] <= '9' && w[3] >= '0' && w[3] <= '9'
}

// isDayNumber reports 1..31, with st/nd/rd/th.
func isDayNumber(w string) bool {
	n := 0
	for n < len(w) && w[n] >= '0' && w[n] <= '9' {
		n++
	}
	if n == 0 || n > 2 {
		return false
	}
	rest := w[n:]
	return rest == "" || eqFold(rest, "st") || eqFold(rest, "nd") || eqFold(rest, "rd") || eqFold(rest, "th")
}

// enTimeAt reads a date or a point in the calendar after p ("March 15",
// "July 1, 2026", "fall 2027", "2029", "the end of January", "the first day
// of classes", "the spring semester", "next term") and returns its end, or
// -1.
func enTimeAt(s string, p int) int {
	w, we := nextWord(s, p)
	switch {
	case w == "":
		return -1
	case inSet(enMonths, w) || len(w) > 4 && (hasPrefixFold(w, "mid-") && inSet(enMonths, w[4:])):
		return enDateRest(s, we)
	case eqFold(w, "early") || eqFold(w, "late") || eqFold(w, "mid"):
		if m, me := nextWord(s, we); inSet(enMonths, m) {
			return enDateRest(s, me)
		}
		return -1
	case inSet(enSeasons, w):
		end := we
		if y, ye := nextWord(s, end); isYear(y) {
			end = ye
		} else if inSet(enUnits, y) {
			end = ye
		}
		return end
	case isYear(w) || inSet(enDays, w):
		return we
	case eqFold(w, "next") || eqFold(w, "this"):
		_, e := enUnitAt(s, we)
		return e
	case eqFold(w, "end"), eqFold(w, "start"), eqFold(w, "beginning"), eqFold(w, "middle"), eqFold(w, "close"):
		if o, oe := nextWord(s, we); eqFold(o, "of") {
			return enTailAt(s, oe)
		}
		return -1
	case eqFold(w, "the"):
		x, xe := nextWord(s, we)
		switch {
		case eqFold(x, "end") || eqFold(x, "start") || eqFold(x, "beginning") || eqFold(x, "middle") || eqFold(x, "close"):
			if o, oe := nextWord(s, xe); eqFold(o, "of") {
				return enTailAt(s, oe)
			}
		case eqFold(x, "first") || eqFold(x, "last"):
			if u, ue := nextWord(s, xe); inSet(enUnits, u) {
				if o, oe := nextWord(s, ue); eqFold(o, "of") {
					return enTailAt(s, oe)
				}
			}
		case eqFold(x, "deadline"):
			return xe
		default:
			_, e := enUnitAt(s, we)
			return e
		}
	}
	return -1
}

// enDateRest reads what may follow a month: a day and a year.
func enDateRest(s string, p int) int {
	end := p
	if d, de := nextWord(s, end); isDayNumber(d) {
		end = de
	}
	q := end
	if q < len(s) && s[q] == ',' {
		q++
	}
	if y, ye := nextWord(s, q); isYear(y) {
		end = ye
	}
	return end
}

// enUnitAt reads "[next|coming] [spring] semester", "spring", "year",
// "academic year" after p; it returns the start of the last word and the end,
// or -1.
func enUnitAt(s string, p int) (int, int) {
	end := -1
	for n := 0; n < 3; n++ {
		w, we := nextWord(s, p)
		switch {
		case eqFold(w, "next") || eqFold(w, "coming") || eqFold(w, "upcoming") || eqFold(w, "academic") || eqFold(w, "fiscal") || eqFold(w, "calendar") || eqFold(w, "current"):
		case inSet(enSeasons, w) || (inSet(enUnits, w) && lowerByte(w[len(w)-1]) != 's'):
			end = we
		default:
			return 0, end
		}
		p = we
	}
	return 0, end
}

// enTailAt reads what follows "the end of": a month, a term, a year
// ("June", "the term", "the year", "classes", "the 2026 fiscal year").
func enTailAt(s string, p int) int {
	end := -1
	for n := 0; n < 5; n++ {
		w, we := nextWord(s, p)
		switch {
		case eqFold(w, "the") || eqFold(w, "this") || eqFold(w, "next") || eqFold(w, "academic") || eqFold(w, "fiscal") || eqFold(w, "calendar") || eqFold(w, "school"):
		case inSet(enMonths, w) || inSet(enSeasons, w) || inSet(enUnits, w) || isYear(w) || eqFold(w, "classes") || eqFold(w, "registration"):
			end = we
		default:
			return end
		}
		p = we
	}
	return end
}

// enEventAt reads "registration opens", "classes begin", "the semester
// starts" after "before".
func enEventAt(s string, p int) int {
	for n := 0; n < 4; n++ {
		w, we := nextWord(s, p)
		if w == "" || inSet(npStop, w) {
			return -1
		}
		if n > 0 && inSet(enEvents, w) {
			return we
		}
		p = we
	}
	return -1
}

// enSpanAt reads "three weeks", "30 days", "the year", "10 working days"
// after "within".
func enSpanAt(s string, p int) int {
	w, we := nextWord(s, p)
	if !(inSet(enCounts, w) || isDayNumber(w) || len(w) <= 3 && w != "" && w[0] >= '0' && w[0] <= '9') {
		return -1
	}
	for n := 0; n < 3; n++ {
		x, xe := nextWord(s, we)
		switch {
		case inSet(enUnits, x):
			return xe
		case eqFold(x, "working") || eqFold(x, "business") || eqFold(x, "calendar") || eqFold(x, "academic") || eqFold(x, "more") || inSet(enCounts, x):
			we = xe
		default:
			return -1
		}
	}
	return -1
}

// enHalfAt reads "the first half of the year" or "mid-March", "early
// April" after "in".
func enHalfAt(s string, p int) int {
	w, we := nextWord(s, p)
	if len(w) > 4 && hasPrefixFold(w, "mid-") && inSet(enMonths, w[4:]) {
		return we
	}
	if eqFold(w, "early") || eqFold(w, "late") {
		if m, me := nextWord(s, we); inSet(enMonths, m) {
			return me
		}
	}
	if !eqFold(w, "the") {
		return -1
	}
	x, xe := nextWord(s, we)
	if !eqFold(x, "first") && !eqFold(x, "second") {
		return -1
	}
	if h, he := nextWord(s, xe); eqFold(h, "half") {
		if o, oe := nextWord(s, he); eqFold(o, "of") {
			return enTailAt(s, oe)
		}
	}
	return -1
}

var enPeriodWords = wordSet(`of for during through throughout since in all the over`)

// enPeriodOf reports "this year" used as a noun ("the work of this year",
// "over the next year"), not as the time of the work.
func enPeriodOf(s string, i int) bool {
	var buf [1]wordTok
	ws := wordBefore(s, i, buf[:0])
	if len(ws) == 0 {
		return false
	}
	return inSet(enPeriodWords, ws[0].w)
}
