package decompose

import (
	"strings"
	"unicode/utf8"
)

// lexEntry is one phrase of a lexicon. ASCII phrases are stored lowercased
// and match case-insensitively at a word start; stem phrases (written with a
// trailing '*') may run on into a longer word, others must end at a word end,
// so "party" does not fire inside "partying" while "recruit*" covers
// "recruitment". Chinese phrases match anywhere: Chinese has no spaces.
type lexEntry struct {
	pat   string
	cat   int
	w     float64
	ascii bool
	stem  bool
	// theme marks a theme-lexicon phrase in sentenceLex, which holds the
	// rule and theme lexicons together.
	theme bool
	// next is the phrase's second rune (its third byte when ASCII), or -1
	// when it has none: scan compares it before the whole phrase, which
	// rules out most candidates that share a first character.
	next rune
}

// matcher finds every phrase of a lexicon in one left-to-right pass, indexed
// by the first byte (ASCII) or first rune, because scanning the text once per
// phrase would cost hundreds of passes per draft and miss the speed target.
type matcher struct {
	entries []lexEntry
	ascii   [128 * 128][]int32   // by the first two lowercased bytes
	ascii1  [128][]int32         // one-letter phrases
	other   map[rune][]int32     // phrases opening outside the BMP
	bmp     [0x10000 / 64]uint64 // which BMP runes start a phrase: one cached bit to skip most runes
	bmpAt   [0x10000]uint16      // for those runes, 1 + the index of their list in bmpList
	bmpList [][]int32
}

// newMatcher returns an empty matcher.
func newMatcher() *matcher { return &matcher{other: map[rune][]int32{}} }

// add registers phrases separated by '|' under one category and weight.
func (m *matcher) add(cat int, w float64, phrases string) {
	for _, p := range strings.Split(phrases, "|") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		e := lexEntry{cat: cat, w: w}
		if strings.HasSuffix(p, "*") {
			e.stem = true
			p = strings.TrimSuffix(p, "*")
		}
		e.pat = strings.ToLower(p)
		m.addEntry(e)
	}
}

// addEntry indexes one phrase.
func (m *matcher) addEntry(e lexEntry) {
	r, size := utf8.DecodeRuneInString(e.pat)
	e.next = -1
	switch {
	case r < utf8.RuneSelf && len(e.pat) > 2:
		e.next = rune(e.pat[2])
	case r >= utf8.RuneSelf && len(e.pat) > size:
		e.next, _ = utf8.DecodeRuneInString(e.pat[size:])
	}
	idx := int32(len(m.entries))
	m.entries = append(m.entries, e)
	switch {
	case r < utf8.RuneSelf && len(e.pat) == 1:
		m.entries[idx].ascii = true
		m.ascii1[r] = append(m.ascii1[r], idx)
	case r < utf8.RuneSelf:
		m.entries[idx].ascii = true
		k := int(e.pat[0])<<7 | int(e.pat[1]&0x7f)
		m.ascii[k] = append(m.ascii[k], idx)
	case r < 0x10000:
		if m.bmpAt[r] == 0 {
			m.bmpList = append(m.bmpList, nil)
			m.bmpAt[r] = uint16(len(m.bmpList))
		}
		k := m.bmpAt[r] - 1
		m.bmpList[k] = append(m.bmpList[k], idx)
		m.bmp[r>>6] |= 1 << (uint(r) & 63)
	default:
		m.other[r] = append(m.other[r], idx)
	}
}

// merged returns one matcher holding the phrases of both, those of theme
// marked, so that a sentence is read once for both lexicons.
func merged(rules, theme *matcher) *matcher {
	m := newMatcher()
	for _, e := range rules.entries {
		m.addEntry(e)
	}
	for _, e := range theme.entries {
		e.theme = true
		m.addEntry(e)
	}
	return m
}

// isWordByte reports an ASCII letter or digit.
func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// lowerByte lower-cases an ASCII letter.
func lowerByte(b byte) byte {
	if b >= 'A' && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}

// hasPrefixFold reports whether s starts with the lowercase ASCII-or-UTF-8
// pattern p, folding ASCII case only.
func hasPrefixFold(s, p string) bool {
	if len(s) < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		if lowerByte(s[i]) != p[i] {
			return false
		}
	}
	return true
}

// scan calls fn for every match in s[a:b] with the match's start offset.
func (m *matcher) scan(s string, a, b int, fn func(e *lexEntry, pos int)) {
	t := s[:b]
	for i := a; i < b; {
		c := t[i]
		if c < utf8.RuneSelf {
			if isWordByte(c) && i > a && isWordByte(t[i-1]) {
				i++
				continue
			}
			var list []int32
			if i+1 < b && t[i+1] < utf8.RuneSelf {
				list = m.ascii[int(lowerByte(c))<<7|int(lowerByte(t[i+1]))]
			}
			if l1 := m.ascii1[lowerByte(c)]; len(l1) > 0 {
				list = append(list[:len(list):len(list)], l1...)
			}
			third := rune(-2)
			if i+2 < b {
				third = rune(lowerByte(t[i+2]))
			}
			for _, idx := range list {
				e := &m.entries[idx]
				if e.next >= 0 && e.next != third || !hasPrefixFold(t[i:], e.pat) {
					continue
				}
				end := i + len(e.pat)
				if !e.stem && end < b && isWordByte(t[end]) && isWordByte(e.pat[len(e.pat)-1]) {
					continue
				}
				fn(e, i)
			}
			i++
			continue
		}
		r, size := decodeAt(t, i)
		var list []int32
		if r < 0x10000 {
			if m.bmp[r>>6]&(1<<(uint(r)&63)) == 0 {
				i += size
				continue
			}
			list = m.bmpList[m.bmpAt[r]-1]
		} else {
			list = m.other[r]
		}
		next := rune(-2)
		if i+size < b {
			next, _ = decodeAt(t, i+size)
		}
		for _, idx := range list {
			e := &m.entries[idx]
			if (e.next < 0 || e.next == next) && strings.HasPrefix(t[i:], e.pat) {
				fn(e, i)
			}
		}
		i += size
	}
}

// decodeAt decodes the rune at i. An invalid byte comes back as
// utf8.RuneError of size 1: it is treated as an ordinary one-byte character,
// which is how every offset in this package is kept on a boundary.
//
// Three-byte runes (all of common Chinese and its punctuation) are decoded
// inline when their lead byte accepts any continuation byte (E1–EC, EE–EF),
// where the answer is exactly utf8's; this is the hottest call in the package.
func decodeAt(s string, i int) (rune, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	if (c >= 0xE1 && c <= 0xEC || c == 0xEE || c == 0xEF) && i+2 < len(s) {
		c1, c2 := s[i+1], s[i+2]
		if c1&0xC0 == 0x80 && c2&0xC0 == 0x80 {
			return rune(c&0x0F)<<12 | rune(c1&0x3F)<<6 | rune(c2&0x3F), 3
		}
	}
	return utf8.DecodeRuneInString(s[i:])
}

// runeSet answers "is r one of these characters?" with one bit test: the
// per-character loops of the rules ask it for every rune of a clause, where
// strings.ContainsRune cost more than the rest of the loop.
type runeSet struct {
	bmp   [0x10000 / 64]uint64
	other string // characters outside the BMP, rare
}

// newRuneSet returns the set of the characters of chars.
func newRuneSet(chars string) *runeSet {
	rs := &runeSet{}
	for _, r := range chars {
		if r < 0x10000 {
			rs.bmp[r>>6] |= 1 << (uint(r) & 63)
		} else {
			rs.other += string(r)
		}
	}
	return rs
}

// has reports whether r is in the set.
func (rs *runeSet) has(r rune) bool {
	if r >= 0 && r < 0x10000 {
		return rs.bmp[r>>6]&(1<<(uint(r)&63)) != 0
	}
	return rs.other != "" && strings.ContainsRune(rs.other, r)
}
