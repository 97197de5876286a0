package decompose

import (
	"strings"
	"unicode/utf8"
)

// Which of the institution's units a draft names (nameDoer): the owner's
// unit and the units that cooperate, read from the unit names and aliases
// the suggester holds.

// zhCooperate open the units that help the owner (会同人事处, 配合财务处).
var zhCooperate = [...]string{"会同", "配合", "联合", "协同", "协助", "商请"}

// enCooperate does the same in English.
var enCooperate = [...]string{"in cooperation with ", "in collaboration with ", "in consultation with ", "in coordination with ",
	"in partnership with ", "together with ", "jointly with ", "working with ", "with the support of ", "supported by "}

// zhHelpAfter are the verbs a helping unit is written before when its
// clause ends there ("教务处牵头，人事处配合").
var zhHelpAfter = [...]string{"配合", "协助", "参与", "协同"}

// forCooperating calls fn with each range of the draft that names units
// helping the owner: after 会同/配合/联合/协同 up to the predicate, before a
// clause-final 配合/协助, or after "in cooperation with" up to the clause's
// end.
func forCooperating(s string, fn func(a, b int)) {
	clause := 0
	for i := 0; i < len(s); {
		brk, size := clauseBreak(s, i)
		if brk {
			clause = i + size
			i += size
			continue
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if (c == 'i' || c == 't' || c == 'j' || c == 'w' || c == 's' || c == 'I' || c == 'T' || c == 'J' || c == 'W' || c == 'S') && (i == 0 || !isWordByte(s[i-1])) {
				for _, w := range enCooperate {
					if hasPrefixFold(s[i:], w) {
						a := i + len(w)
						fn(a, clauseEnd(s, a))
						break
					}
				}
			}
			i++
			continue
		}
		for _, w := range zhHelpAfter {
			if strings.HasPrefix(s[i:], w) && i > clause {
				if end := i + len(w); end >= len(s) || clauseEnd(s, end) == end {
					fn(clause, i)
				}
			}
		}
		for _, w := range zhCooperate {
			if strings.HasPrefix(s[i:], w) && !zhRoleNounAt(s, i, len(s)) {
				a := i + len(w)
				fn(a, zhPhraseEnd(s, a, clauseEnd(s, a)))
				break
			}
		}
		i += size
	}
}

// zhPhraseEnd returns where the noun phrase of units starting at p ends:
// at the first predicate after a doer ("后勤保障处|在秋季开学前"), else at the
// clause's end.
func zhPhraseEnd(s string, p, e int) int {
	for q := p; q < e; {
		_, size := decodeAt(s, q)
		if q > p && zhActor(s[p:q]) {
			if _, ok := zhPredAt(s, p, q, e); ok {
				return q
			}
		}
		q += size
	}
	return e
}

// unitOf returns the code of the unit the owner names: the owner itself as a
// name or alias, else the first (then longest) known name inside it
// ("马克思主义学院党委" → the college, "The Graduate School" → "Graduate
// School"). The caller holds s.mu.
func (s *Suggester) unitOf(owner string) string {
	if code, ok := s.names[owner]; ok {
		return code
	}
	code, _, _ := s.firstName(owner)
	return code
}

// unitsIn appends, in the order the text names them, the codes of the units
// named in text, leaving out skip and codes already in out. The caller holds
// s.mu.
func (s *Suggester) unitsIn(text string, out []string, skip string) []string {
	for len(text) > 0 {
		code, at, n := s.firstName(text)
		if n == 0 {
			break
		}
		if code != skip && !hasString(out, code) {
			out = append(out, code)
		}
		text = text[at+n:]
	}
	return out
}

// firstName finds the known unit name that comes first in text, the longest
// at that place (ties by code, for a stable answer); ASCII letters match in
// any case. It returns the code, the place and the name's length.
func (s *Suggester) firstName(text string) (string, int, int) {
	best, bestAt, bestLen := "", len(text)+1, 0
	for name, code := range s.names {
		i := indexFold(text, name)
		if i < 0 {
			continue
		}
		if i < bestAt || (i == bestAt && len(name) > bestLen) || (i == bestAt && len(name) == bestLen && code < best) {
			best, bestAt, bestLen = code, i, len(name)
		}
	}
	return best, bestAt, bestLen
}

// indexFold is strings.Index folding ASCII case, so that "the Graduate
// School" finds an alias written "graduate school".
func indexFold(s, sub string) int {
	if i := strings.Index(s, sub); i >= 0 {
		return i
	}
	ascii := false
	for i := 0; i < len(sub); i++ {
		if c := sub[i]; c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' {
			ascii = true
			break
		}
	}
	if !ascii || sub == "" {
		return -1
	}
	for i := 0; i+len(sub) <= len(s); i++ {
		j := 0
		for j < len(sub) && lowerByte(s[i+j]) == lowerByte(sub[j]) {
			j++
		}
		if j == len(sub) {
			return i
		}
	}
	return -1
}

// hasString reports whether list holds v.
func hasString(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
