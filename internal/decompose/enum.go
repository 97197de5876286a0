package decompose

import "strings"

// enumKind classifies an enumerator.
type enumKind int

const (
	enumSeq     enumKind = iota + 1 // 一是, 首先, 第一, First, The second is: a speaker's chain of points
	enumSection                     // 一、 : a section heading in a document
	enumParen                       // （一） (1)
	enumNum                         // 1. 1、 1.1 A1. ①
	enumBullet                      // • - *
	enumHeader                      // Goal 1. / Part 2: a plan's header, never an item itself
)

// zhDigits are the Chinese numerals used by enumerators.
const zhDigits = "一二三四五六七八九十"

// isZhDigit reports a Chinese numeral.
func isZhDigit(r rune) bool { return zhDigitSet.has(r) }

var zhDigitSet = newRuneSet(zhDigits)

// isDigitRune reports an ASCII or full-width digit.
func isDigitRune(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

// skipSep skips separators and blanks that follow an enumerator.
func skipSep(s string, p, b int) int {
	for p < b {
		r, size := decodeAt(s, p)
		if r == '，' || r == ',' || r == '、' || r == '：' || r == ':' || isSpaceRune(r) {
			p += size
			continue
		}
		break
	}
	return p
}

// word returns the ASCII word (letters and digits, with inner hyphens and apostrophes) at p and its end.
func word(s string, p, b int) (string, int) {
	q := p
	for q < b && (isWordByte(s[q]) || (q > p && (s[q] == '-' || s[q] == '\''))) {
		q++
	}
	return s[p:q], q
}

// wordTok is a word with its offsets.
type wordTok struct {
	w    string
	s, e int
}

// words splits s[p:b] into up to max ASCII words, lowercased, with offsets.
// Non-word characters between words are skipped, so "in his comments," reads
// as three words. It stops early at a non-ASCII rune.
func words(s string, p, b, max int, buf []wordTok) []wordTok {
	buf = buf[:0]
	for p < b && len(buf) < max {
		c := s[p]
		if c >= 0x80 {
			break
		}
		if !isWordByte(c) {
			p++
			continue
		}
		w, q := word(s, p, b)
		buf = append(buf, wordTok{lowerWord(w), p, q})
		p = q
	}
	return buf
}

// lowerKnown maps the capitalised and upper-case spellings of every word the
// rules look up to its lower case. Rules only compare words against this
// vocabulary, so an unknown word may keep its case; this saves an allocation
// per capitalised word, which mattered for speed.
var lowerKnown map[string]string

// ruleWords are the words the rules compare literally, beside the word sets.
const ruleWords = `'ll all also although am and are ask asked asking at be because but call called calling can
challenge charge could crucial during each encourage encouraged essential every everyone expect expected for going
has have i i'm if imperative important in invite invited is it may might must my necessary need needs note of on or
ought our out please pointed realize really recognise recognize remember request requested required say shall should
so stress that the then to truly understand upon urge urged urgent urging vital want we we'll will would you yet
regarding about direct committed focused remain remains stay stays require requires not responsible each every`

// init fills lowerKnown from the word sets.
func init() {
	lowerKnown = map[string]string{}
	addAll := func(words []string) {
		for _, w := range words {
			lowerKnown[strings.ToUpper(w[:1])+w[1:]] = w
			lowerKnown[strings.ToUpper(w)] = w
		}
	}
	for _, set := range []map[string]bool{enOrdinals, headerWords, npStop, statementLabels, irregularPast, edNotPast, enImperatives,
		enAdverbs, nounFollow, enFrameVerbs, pronouns, stateVerbs, feelingWords, umbrellaCount, umbrellaNoun, itemWords, mandVerbs} {
		ws := make([]string, 0, len(set))
		for w := range set {
			ws = append(ws, w)
		}
		addAll(ws)
	}
	addAll(strings.Fields(ruleWords))
}

// lowerWord lower-cases w for rule look-ups (see lowerKnown).
func lowerWord(w string) string {
	for i := 0; i < len(w); i++ {
		if w[i] >= 'A' && w[i] <= 'Z' {
			if l, ok := lowerKnown[w]; ok {
				return l
			}
			return w
		}
	}
	return w
}

// enOrdinals open English enumerations ("Second, …", "The third is").
var enOrdinals = map[string]bool{
	"first": true, "second": true, "third": true, "fourth": true, "fifth": true, "sixth": true,
	"seventh": true, "eighth": true, "ninth": true, "tenth": true, "firstly": true, "secondly": true,
	"thirdly": true, "fourthly": true, "finally": true, "lastly": true, "next": true, "last": true, "final": true,
}

// headerWords open plan headers ("Goal 2.", "Part Four").
var headerWords = map[string]bool{
	"goal": true, "objective": true, "aim": true, "pillar": true, "strategy": true, "part": true,
	"section": true, "chapter": true, "area": true, "theme": true, "priority": true,
}

// itemWords name the numbered items of a report's list ("Recommendation 3:").
var itemWords = wordSet(`recommendation proposal action step item measure task resolution`)

// enumAt recognises an enumerator at p and returns where its content starts.
func enumAt(s string, p, b int) (int, enumKind, bool) {
	if p >= b {
		return 0, 0, false
	}
	r, size := decodeAt(s, p)
	switch {
	case isZhDigit(r):
		q := p + size
		for n := 0; q < b && n < 2; n++ {
			r2, sz := decodeAt(s, q)
			if !isZhDigit(r2) {
				break
			}
			q += sz
		}
		if q >= b {
			return 0, 0, false
		}
		r2, sz := decodeAt(s, q)
		switch r2 {
		case '是':
			return skipSep(s, q+sz, b), enumSeq, true
		case '要':
			return q, enumSeq, true
		case '、', '．', '.':
			return skipSep(s, q+sz, b), enumSection, true
		}
	case r == '第':
		q := p + size
		n := 0
		for q < b && n < 3 {
			r2, sz := decodeAt(s, q)
			if !isZhDigit(r2) {
				break
			}
			q += sz
			n++
		}
		if n > 0 && q < b {
			r2, sz := decodeAt(s, q)
			if r2 == '，' || r2 == ',' || r2 == '、' || r2 == '：' || r2 == '是' {
				return skipSep(s, q+sz, b), enumSeq, true
			}
		}
	case r == '首' || r == '其' || r == '再' || r == '最':
		for _, w := range [...]string{"首先", "其次", "再次", "最后", "其三", "其四"} {
			if strings.HasPrefix(s[p:b], w) {
				q := p + len(w)
				if q < b {
					r2, sz := decodeAt(s, q)
					if r2 == '，' || r2 == ',' || r2 == '、' || r2 == '：' {
						return skipSep(s, q+sz, b), enumSeq, true
					}
					if r2 == '要' || r2 == '是' {
						return q, enumSeq, true
					}
				}
			}
		}
	case r == '（' || r == '(':
		q := p + size
		n, digits := 0, 0
		for q < b && n < 3 {
			r2, sz := decodeAt(s, q)
			if isZhDigit(r2) {
				n++
			} else if isDigitRune(r2) {
				digits++
				n++
			} else {
				break
			}
			q += sz
		}
		if n > 0 && q < b && (digits == 0 || digits <= 2) {
			r2, sz := decodeAt(s, q)
			if r2 == '）' || r2 == ')' {
				return skipSep(s, q+sz, b), enumParen, true
			}
		}
	case isDigitRune(r):
		q := p + size
		n := 1
		for q < b {
			r2, sz := decodeAt(s, q)
			if !isDigitRune(r2) {
				break
			}
			q += sz
			n++
		}
		if n > 2 || q >= b {
			return 0, 0, false
		}
		r2, sz := decodeAt(s, q)
		switch r2 {
		case '、', '）', ')':
			return skipSep(s, q+sz, b), enumNum, true
		case '.', '．':
			q += sz
			// 1.1 or 1.1.2 followed by a blank
			for q < b && s[q] >= '0' && s[q] <= '9' {
				for q < b && s[q] >= '0' && s[q] <= '9' {
					q++
				}
				if q < b && s[q] == '.' && q+1 < b && s[q+1] >= '0' && s[q+1] <= '9' {
					q++
				}
			}
			if q < b && s[q] == '.' {
				q++
			}
			if q < b && s[q] >= '0' && s[q] <= '9' {
				return 0, 0, false
			}
			return skipSep(s, q, b), enumNum, true
		}
	case r >= 0x2460 && r <= 0x2473: // ①..⑳
		return skipSep(s, p+size, b), enumNum, true
	case r == '•' || r == '·' || r == '●' || r == '○' || r == '■' || r == '□' || r == '◆' || r == '◇' || r == '▪' || r == '►' || r == '➢' || r == '✓':
		return skipSep(s, p+size, b), enumBullet, true
	case (r == '-' || r == '*' || r == '–' || r == '—') && p+size < b && s[p+size] == ' ':
		return skipSep(s, p+size, b), enumBullet, true
	case r >= 'A' && r <= 'Z' && p+1 < b && s[p+1] >= '0' && s[p+1] <= '9':
		q := p + 1
		for q < b && s[q] >= '0' && s[q] <= '9' {
			q++
		}
		if q-p <= 3 && q < b && (s[q] == '.' || s[q] == ')') {
			return skipSep(s, q+1, b), enumNum, true
		}
	case r >= 'a' && r <= 'z' && p+1 < b && s[p+1] == ')':
		return skipSep(s, p+2, b), enumNum, true
	}
	if r < 0x80 && (r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
		return enumWords(s, p, b)
	}
	return 0, 0, false
}

// enumWords recognises English enumerators: "First," "The second is",
// "Our first priority is", and plan headers "Goal 2.".
func enumWords(s string, p, b int) (int, enumKind, bool) {
	var buf [6]wordTok
	ws := words(s, p, b, 6, buf[:0])
	if len(ws) == 0 {
		return 0, 0, false
	}
	w0 := ws[0]
	if enOrdinals[w0.w] && w0.w != "next" && w0.w != "last" && w0.w != "final" {
		q := w0.e
		if q < b && (s[q] == ',' || s[q] == ':') {
			return skipSep(s, q+1, b), enumSeq, true
		}
		if w0.w == "first" && len(ws) >= 3 && ws[1].w == "of" && ws[2].w == "all" && ws[2].e < b && s[ws[2].e] == ',' {
			return skipSep(s, ws[2].e+1, b), enumSeq, true
		}
	}
	if (w0.w == "the" || w0.w == "our" || w0.w == "my") && len(ws) >= 3 && enOrdinals[ws[1].w] {
		for k := 2; k <= 3 && k < len(ws); k++ {
			if ws[k].w == "is" || ws[k].w == "are" {
				return skipSep(s, ws[k].e, b), enumSeq, true
			}
		}
	}
	// "Recommendation 3:", "Action 2." open an item of a report's list
	if itemWords[w0.w] && w0.e+1 < b && s[w0.e] == ' ' {
		c := s[w0.e+1]
		if c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' {
			_, q := word(s, w0.e+1, b)
			if q-(w0.e+1) <= 4 && q < b && (s[q] == ':' || s[q] == '.' || s[q] == ')') {
				return skipSep(s, q+1, b), enumNum, true
			}
		}
	}
	if headerWords[w0.w] && w0.e < b && s[w0.e] == ' ' && w0.e+1 < b {
		c := s[w0.e+1]
		// "Goal 2.", "Part IV:", "Priority A." (one capital letter and a stop)
		letter := c >= 'A' && c <= 'Z' && w0.e+2 < b && (s[w0.e+2] == '.' || s[w0.e+2] == ':')
		if c >= '0' && c <= '9' || c == 'I' || c == 'V' || c == 'X' || letter {
			_, q := word(s, w0.e+1, b)
			for q < b && (s[q] == '.' || s[q] == ':') {
				q++
			}
			return skipSep(s, q, b), enumHeader, true
		}
	}
	return 0, 0, false
}
