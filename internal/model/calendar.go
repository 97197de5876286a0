package model

import (
	"fmt"
	"sort"
	"strings"
)

// Terms and breaks of an academic year, in the order they come.
const (
	TermAutumn = "autumn" // 秋季学期
	TermWinter = "winter" // 寒假
	TermSpring = "spring" // 春季学期
	TermSummer = "summer" // 暑假
)

// TermKinds lists the parts of an academic year in order.
var TermKinds = []string{TermAutumn, TermWinter, TermSpring, TermSummer}

// Term is one part of an academic year: a teaching term or a break.
type Term struct {
	Term  string `json:"term"`
	Start Date   `json:"start"`
	End   Date   `json:"end"`
}

// IsBreak reports whether the term is a break (winter or summer).
func (t Term) IsBreak() bool { return t.Term == TermWinter || t.Term == TermSummer }

// AcademicYear is a year's terms; Year is its first calendar year (the
// academic year 2024–2025 is 2024).
type AcademicYear struct {
	Year  int    `json:"year"`
	Terms []Term `json:"terms"`
}

// Validate checks an academic year: an autumn and a spring term at least,
// each part at most once, each ending on or after its start, in the order
// autumn, winter, spring, summer without overlapping, and the autumn term
// starting in the year the academic year is named after.
func (y *AcademicYear) Validate() error {
	if y.Year < 1900 || y.Year > 2999 {
		return Invalid("year", "%d is not a year", y.Year)
	}
	seen := map[string]bool{}
	for i, t := range y.Terms {
		// Fields name a term by its kind (terms[spring].end), as the
		// forms and the API's clients know them; by place only when the
		// kind itself is wrong.
		field := "terms[" + t.Term + "]"
		if !oneOf(t.Term, TermKinds) {
			return Invalid(fmt.Sprintf("terms[%d].term", i), "must be one of %s", strings.Join(TermKinds, ", "))
		}
		if seen[t.Term] {
			return Invalid(field+".term", "%s is given twice", t.Term)
		}
		seen[t.Term] = true
		if t.Start == 0 {
			return Invalid(field+".start", "is required")
		}
		if t.End == 0 {
			return Invalid(field+".end", "is required")
		}
		if t.End < t.Start {
			return Invalid(field+".end", "%s ends before it starts (%s)", t.End, t.Start)
		}
	}
	if !seen[TermAutumn] {
		return Invalid("terms", "the autumn term is required")
	}
	if !seen[TermSpring] {
		return Invalid("terms", "the spring term is required")
	}
	order := map[string]int{}
	for i, k := range TermKinds {
		order[k] = i
	}
	sort.SliceStable(y.Terms, func(i, j int) bool { return order[y.Terms[i].Term] < order[y.Terms[j].Term] })
	for i := 1; i < len(y.Terms); i++ {
		prev, t := y.Terms[i-1], y.Terms[i]
		if t.Start <= prev.End {
			return Invalid("terms["+t.Term+"].start", "%s overlaps the %s (which ends %s)", t.Start, prev.Term, prev.End)
		}
	}
	if got := y.Terms[0].Start.Time().Year(); got != y.Year {
		return Invalid("terms[autumn].start", "the autumn term of %d–%d must start in %d (got %s)", y.Year, y.Year+1, y.Year, y.Terms[0].Start)
	}
	return nil
}

// Calendar is the institution's academic years, in any order.
type Calendar []AcademicYear

// AcademicYearOf returns the first calendar year of the academic year a day
// falls in, counting from August (a day in July 2025 is in 2024–2025).
func AcademicYearOf(d Date) int {
	t := d.Time()
	if t.Month() >= 8 {
		return t.Year()
	}
	return t.Year() - 1
}

// teaching returns the teaching terms in time order, and the breaks the
// calendar names or that lie between two terms.
func (c Calendar) parts() (terms, breaks []Term) {
	for _, y := range c {
		for _, t := range y.Terms {
			if t.IsBreak() {
				breaks = append(breaks, t)
			} else {
				terms = append(terms, t)
			}
		}
	}
	sort.Slice(terms, func(i, j int) bool { return terms[i].Start < terms[j].Start })
	// A break not given is the gap between the terms around it.
	for i := 1; i < len(terms); i++ {
		gap := Term{Term: TermWinter, Start: terms[i-1].End + 1, End: terms[i].Start - 1}
		if terms[i].Term == TermAutumn {
			gap.Term = TermSummer
		}
		if gap.End < gap.Start {
			continue
		}
		known := false
		for _, b := range breaks {
			known = known || (b.Term == gap.Term && b.Start <= gap.End && b.End >= gap.Start)
		}
		if !known {
			breaks = append(breaks, gap)
		}
	}
	sort.Slice(breaks, func(i, j int) bool { return breaks[i].Start < breaks[j].Start })
	return terms, breaks
}

// Term words: deadlines that name a term or a break rather than a date.
var (
	thisTermWords = []string{"本学期内", "本学期末", "本学期结束前", "本学期结束", "本学期", "this term", "end of term", "by the end of this term"}
	nextTermWords = []string{"下学期内", "下学期末", "下学期结束前", "下学期", "next term", "by the end of next term"}
	beforeWinter  = []string{"寒假前", "寒假之前", "放寒假前", "before the winter break", "before winter break"}
	beforeSummer  = []string{"暑假前", "暑假之前", "放暑假前", "before the summer break", "before summer break"}
)

// termWord says which term word a deadline is, or "".
func termWord(text string) string {
	s := strings.ToLower(strings.TrimSpace(text))
	s = strings.TrimPrefix(strings.TrimPrefix(s, "于"), "在")
	for _, g := range []struct {
		kind  string
		words []string
	}{{"this", thisTermWords}, {"next", nextTermWords}, {"winter", beforeWinter}, {"summer", beforeSummer}} {
		for _, w := range g.words {
			if s == w || s == w+"前" || s == w+"完成" {
				return g.kind
			}
		}
	}
	return ""
}

// IsTermDeadline reports whether a deadline as written names a term or a
// break (本学期内, 下学期, 寒假前, 暑假前): its day depends on the academic
// calendar and on the day it was said.
func IsTermDeadline(text string) bool { return termWord(text) != "" }

// termTailDays is how close to a term's end "本学期" starts to mean the
// next term.
const termTailDays = 28

// ResolveTerm reads a term deadline said on day ref against the calendar:
//   - 本学期内 / 本学期末: the last day of the term ref falls in; said in a
//     break or in a term's last four weeks, of the term that follows;
//   - 下学期: the last day of the term after that one;
//   - 寒假前 / 暑假前: the day before the next winter or summer break
//     starts.
//
// ok is false when text is no term word or the calendar does not reach far
// enough (the caller then falls back to the half-year).
func (c Calendar) ResolveTerm(text string, ref Date) (Date, bool) {
	kind := termWord(text)
	if kind == "" || ref == 0 {
		return 0, false
	}
	terms, breaks := c.parts()
	switch kind {
	case "this", "next":
		i := sort.Search(len(terms), func(i int) bool { return terms[i].End >= ref })
		// Said in a term's last weeks (a summer retreat at the end of the
		// spring term), "this term" is the one about to start: work set
		// then is not due in a few days.
		if i < len(terms) && terms[i].Start <= ref && int(terms[i].End-ref) < termTailDays {
			i++
		}
		if kind == "next" {
			i++
		}
		if i >= len(terms) {
			return 0, false
		}
		return terms[i].End, true
	default:
		want := TermWinter
		if kind == "summer" {
			want = TermSummer
		}
		for _, b := range breaks {
			if b.Term == want && b.Start > ref {
				return b.Start - 1, true
			}
		}
	}
	return 0, false
}
