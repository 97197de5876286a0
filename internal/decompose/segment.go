package decompose

import "unicode/utf8"

// sentence is one span of the input between strong boundaries (。！？；,
// line breaks, an English full stop, a lead-in colon). Offsets are byte
// offsets into the input as given, on rune boundaries as decodeAt walks them.
type sentence struct {
	s, e      int  // trimmed span; s == e for an empty sentence
	term      rune // what ended it: the punctuation rune, '\n', or 0 at end of input
	para      int  // paragraph number: bumped by each blank line
	line      int  // line number, so a heading line can be told from text after it
	lineStart bool // first sentence on its line
}

// isSpaceRune reports the blanks of both scripts, the byte-order mark included.
func isSpaceRune(r rune) bool {
	switch r {
	case ' ', '\t', '\v', '\f', 0x3000, 0xFEFF, 0xA0, 0x200B, 0x2002, 0x2003, 0x2009:
		return true
	}
	return false
}

// isTrimRune says what is left out at either end of a span: blanks and the
// final punctuation, which the gold spans never include.
func isTrimRune(r rune) bool {
	if isSpaceRune(r) || r == '\r' || r == '\n' {
		return true
	}
	switch r {
	case '。', '．', '.', '!', '！', '?', '？', ';', '；', ',', '，', ':', '：', '、':
		return true
	}
	return false
}

// isHan reports a Chinese character.
func isHan(r rune) bool {
	return r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && r <= 0x4DBF || r >= 0xF900 && r <= 0xFAFF || r >= 0x20000 && r <= 0x2FA1F
}

// isCloser reports a closing quote that belongs to the sentence before it.
func isCloser(r rune) bool {
	switch r {
	case '”', '’', '」', '』', '"', '\'':
		return true
	}
	return false
}

// trimSpan narrows s[a:b] to its first and last non-trim runes. It walks
// back from the end: a rune utf8.DecodeLastRuneInString reads as valid starts
// at a lead byte, which forward decoding (decodeAt) always stops on, so both
// ends stay on the boundaries decodeAt defines even in invalid UTF-8; an
// invalid byte reads as utf8.RuneError, which is no trim rune, and stops the
// walk.
func trimSpan(s string, a, b int) (int, int) {
	start := a
	for start < b {
		r, size := decodeAt(s, start)
		if !isTrimRune(r) {
			break
		}
		start += size
	}
	if start >= b {
		return a, a
	}
	end := b
	for end > start {
		r, size := utf8.DecodeLastRuneInString(s[start:end])
		if !isTrimRune(r) {
			break
		}
		end -= size
	}
	return start, end
}

// trimLeft skips leading blanks only (not punctuation), for clause starts.
func trimLeft(s string, a, b int) int {
	for a < b {
		r, size := decodeAt(s, a)
		if !isSpaceRune(r) && r != '\r' && r != '\n' {
			return a
		}
		a += size
	}
	return a
}

// dotAbbrev are abbreviations whose dot does not end a sentence.
var dotAbbrev = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true, "no": true, "nos": true,
	"vs": true, "fig": true, "jr": true, "sr": true, "inc": true, "ltd": true, "co": true, "dept": true,
	"univ": true, "gov": true, "approx": true, "vol": true, "rev": true, "gen": true, "sen": true,
	"rep": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "art": true, "sec": true,
}

// isSentenceDot decides whether the '.' at i ends an English sentence: not
// inside a number (1.2, $1.2), an initial (D. Whitfield), an abbreviation
// (Ms., p.m.) or a line-opening enumerator (1.1, A1., Goal 2.).
func isSentenceDot(s string, i, protect int) bool {
	if i < protect {
		return false
	}
	if i+1 < len(s) {
		c := s[i+1]
		if c < 0x80 && !(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\'' || c == ')') {
			return false
		}
	}
	// the word before the dot
	j := i
	for j > 0 && i-j < 16 && (isWordByte(s[j-1]) || s[j-1] == '.') {
		j--
	}
	w := s[j:i]
	if w == "" {
		return true
	}
	if len(w) == 1 && w[0] >= 'A' && w[0] <= 'Z' {
		return false
	}
	for k := 0; k < len(w); k++ {
		if w[k] == '.' {
			return false // p.m. e.g. U.S.
		}
	}
	if len(w) <= 5 {
		var buf [5]byte
		for k := 0; k < len(w); k++ {
			buf[k] = lowerByte(w[k])
		}
		if dotAbbrev[string(buf[:len(w)])] {
			return false
		}
	}
	return true
}

// lastRuneBefore returns the last non-blank rune of s[a:b], read from the
// end so that a line is not decoded again for the hard-wrap join test.
func lastRuneBefore(s string, a, b int) rune {
	for i := b; i > a; {
		r, size := utf8.DecodeLastRuneInString(s[a:i])
		if !isSpaceRune(r) && r != '\r' {
			return r
		}
		i -= size
	}
	return -1
}

// joinsNextLine reports whether the line break at [lb, next) is a hard wrap
// inside a sentence rather than a boundary: an English line that does not end
// in punctuation followed by one that starts in lower case, or a long Chinese
// line without final punctuation followed by more Chinese that is not an
// enumerator.
func joinsNextLine(s string, lineBegin, lb, next int) bool {
	j := trimLeft(s, next, len(s))
	if j >= len(s) {
		return false
	}
	r, _ := decodeAt(s, j)
	last := lastRuneBefore(s, lineBegin, lb)
	if last < 0 || isTrimRune(last) || isCloser(last) || last == ')' || last == '）' {
		return false
	}
	if r >= 'a' && r <= 'z' {
		return last < 0x80 || !isHan(last)
	}
	if isHan(r) && isHan(last) && utf8.RuneCountInString(s[lineBegin:lb]) >= 36 {
		if _, _, ok := enumAt(s, j, len(s)); ok {
			return false
		}
		if _, _, ok := enumAt(s, trimLeft(s, lineBegin, lb), lb); ok {
			return false
		}
		return true
	}
	return false
}

// splitSentences cuts the input into sentences.
func splitSentences(s string, out []sentence) []sentence {
	n := len(s)
	start, lineBegin, para, line := 0, 0, 0, 0
	lineStart := true
	protect := enumProtect(s, 0)
	emit := func(a, b int, term rune) {
		a, b = trimSpan(s, a, b)
		if a < b {
			out = append(out, sentence{s: a, e: b, term: term, para: para, line: line, lineStart: lineStart})
			lineStart = false
		}
	}
	for i := 0; i < n; {
		c := s[i]
		var r rune
		size := 1
		if c < 0x80 {
			r = rune(c)
		} else {
			r, size = decodeAt(s, i)
		}
		switch r {
		case '\n', '\r':
			j := i + 1
			if r == '\r' && j < n && s[j] == '\n' {
				j++
			}
			if joinsNextLine(s, lineBegin, i, j) {
				i, lineBegin = j, j
				continue
			}
			emit(start, i, '\n')
			// a blank line (only blanks up to the next break) opens a paragraph
			k := j
			for k < n {
				rr, sz := decodeAt(s, k)
				if !isSpaceRune(rr) {
					break
				}
				k += sz
			}
			if k < n && (s[k] == '\n' || s[k] == '\r') {
				para++
			}
			line++
			start, lineBegin, lineStart = j, j, true
			protect = enumProtect(s, j)
			i = j
		case '。', '！', '？', '!', '?', '；', ';', '：':
			emit(start, i, r)
			i += size
			for i < n {
				rr, sz := decodeAt(s, i)
				if !isCloser(rr) {
					break
				}
				i += sz
			}
			start = i
		case '.', '．':
			if (r == '．' && i >= protect) || (r == '.' && isSentenceDot(s, i, protect)) {
				emit(start, i, '.')
				i += size
				for i < n && (s[i] == '"' || s[i] == '\'') {
					i++
				}
				start = i
				continue
			}
			i += size
		case ':':
			// a colon ends a lead-in only at the end of its line
			k := i + 1
			for k < n && (s[k] == ' ' || s[k] == '\t') {
				k++
			}
			if k >= n || s[k] == '\n' || s[k] == '\r' {
				emit(start, i, ':')
				start = i + 1
			}
			i++
		default:
			i += size
		}
	}
	emit(start, n, 0)
	return out
}

// enumProtect returns the end of a line-opening enumerator at p (after blanks)
// so that its dots are not read as full stops.
func enumProtect(s string, p int) int {
	p = trimLeft(s, p, len(s))
	if end, _, ok := enumAt(s, p, len(s)); ok {
		return end
	}
	return p
}

// clause is a comma-separated part of a sentence.
type clause struct{ s, e int }

// splitClauses cuts a sentence at commas (full- and half-width; not inside a
// number such as 1,200).
func splitClauses(s string, a, b int, out []clause) []clause {
	start := a
	for i := a; i < b; {
		c := s[i]
		if c == ',' {
			if i > a && i+1 < b && s[i-1] >= '0' && s[i-1] <= '9' && s[i+1] >= '0' && s[i+1] <= '9' {
				i++
				continue
			}
			out = appendClause(s, out, start, i)
			i++
			start = i
			continue
		}
		if c < 0x80 {
			i++
			continue
		}
		r, size := decodeAt(s, i)
		if r == '，' {
			out = appendClause(s, out, start, i)
			start = i + size
		}
		i += size
	}
	return appendClause(s, out, start, b)
}

// appendClause adds s[a:b] without leading blanks, if anything is left.
func appendClause(s string, out []clause, a, b int) []clause {
	a = trimLeft(s, a, b)
	if a < b {
		out = append(out, clause{a, b})
	}
	return out
}
