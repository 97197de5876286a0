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
}

// matcher finds every phrase of a lexicon in one left-to-right pass, indexed
// by the first byte (ASCII) or first rune, because scanning the text once per
// phrase would cost hundreds of passes per draft and miss the speed target.
type matcher struct {
	entries []lexEntry
	ascii   [128 * 128][]int32 // by the first two lowercased bytes
	ascii1  [128][]int32       // one-letter phrases
	other   map[rune][]int32
	bmp     [0x10000 / 64]uint64 // which BMP runes start a phrase, to skip map look-ups
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
		r, _ := utf8.DecodeRuneInString(e.pat)
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
		default:
			m.other[r] = append(m.other[r], idx)
			if r < 0x10000 {
				m.bmp[r>>6] |= 1 << (uint(r) & 63)
			}
		}
	}
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
			for _, idx := range list {
				e := &m.entries[idx]
				if !hasPrefixFold(t[i:], e.pat) {
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
		if r < 0x10000 && m.bmp[r>>6]&(1<<(uint(r)&63)) == 0 {
			i += size
			continue
		}
		if list, ok := m.other[r]; ok {
			for _, idx := range list {
				e := &m.entries[idx]
				if strings.HasPrefix(t[i:], e.pat) {
					fn(e, i)
				}
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
