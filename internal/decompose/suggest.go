package decompose

import (
	"math"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Tokens splits text into the words the unit suggester (and search) count:
// runs of Chinese characters as overlapping bigrams (a lone character stands
// for itself), because Chinese has no spaces and bigrams are the cheapest
// words that still separate 财务 from 任务; Latin letters and digits as
// lowercased words.
func Tokens(text string) []string {
	var out []string
	var han []rune
	flushHan := func() {
		switch {
		case len(han) == 1:
			out = append(out, string(han))
		case len(han) > 1:
			for i := 0; i+1 < len(han); i++ {
				out = append(out, string(han[i:i+2]))
			}
		}
		han = han[:0]
	}
	var lat strings.Builder
	flushLat := func() {
		if lat.Len() > 0 {
			out = append(out, lat.String())
			lat.Reset()
		}
	}
	for i := 0; i < len(text); {
		r, size := decodeAt(text, i)
		i += size
		switch {
		case isHan(r):
			flushLat()
			han = append(han, r)
		case r < utf8.RuneSelf && isWordByte(byte(r)) || r >= utf8.RuneSelf && r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			flushHan()
			lat.WriteString(strings.ToLower(string(r)))
		default:
			flushHan()
			flushLat()
		}
	}
	flushHan()
	flushLat()
	return out
}

// Suggester proposes a lead unit for a draft: a multinomial naive Bayes over
// Tokens, trained from the measures the institution has accepted, because
// who leads a task is a habit of the institution more than a rule; until it
// has seen enough, it falls back to a fixed theme → unit map. It is safe for
// concurrent use: requests suggest while accepted drafts teach it. It also
// learns the themes the office gives its measures (LearnTheme): Decompose,
// given the suggester, decides themes on the built-in counts plus those.
type Suggester struct {
	mu         sync.RWMutex
	themeUnits map[string]string
	words      map[string]map[string]int // unit → token → count
	totals     map[string]int            // unit → token total
	docs       map[string]int            // unit → documents learned
	nDocs      int
	vocab      map[string]struct{}
	// names maps the ways units are written (names, 简称, former names) to
	// their codes; a directive that names its unit gets that unit.
	names map[string]string
	// themes counts the words of accepted measures by their theme; added to
	// the built-in model's counts they make the model Decompose uses
	// (themeModel), compiled again only after something new was learned.
	themes     *themeCounts
	themeModel *themeModel
}

// SetNames gives the suggester the institution's unit names and aliases
// (written form → unit code). A directive that names a unit ("教务处要牵头…")
// is suggested the unit it names, first in the text, before anything the
// model learned; the map is copied.
func (s *Suggester) SetNames(names map[string]string) {
	cp := make(map[string]string, len(names))
	for k, v := range names {
		if k != "" && v != "" {
			cp[k] = v
		}
	}
	s.mu.Lock()
	s.names = cp
	s.mu.Unlock()
}

// namedUnit returns the unit whose name or alias comes first in text (the
// longest one at that place), or "".
func (s *Suggester) namedUnit(text string) string {
	best, bestAt, bestLen := "", len(text)+1, 0
	for name, code := range s.names {
		i := strings.Index(text, name)
		if i < 0 {
			continue
		}
		if i < bestAt || (i == bestAt && len(name) > bestLen) || (i == bestAt && len(name) == bestLen && code < best) {
			best, bestAt, bestLen = code, i, len(name)
		}
	}
	return best
}

// Minimum evidence before the learned model is trusted over the theme map.
const (
	suggestMinDocs = 3
	suggestMinProb = 0.5
)

// NewSuggester returns a suggester that falls back to themeUnits (theme code
// → unit code) until it has learned enough. The map is copied.
func NewSuggester(themeUnits map[string]string) *Suggester {
	tu := make(map[string]string, len(themeUnits))
	for k, v := range themeUnits {
		tu[k] = v
	}
	return &Suggester{
		themeUnits: tu,
		words:      map[string]map[string]int{},
		totals:     map[string]int{},
		docs:       map[string]int{},
		vocab:      map[string]struct{}{},
	}
}

// Learn records that a measure with this text is led by unit; it is called
// when a draft is accepted or a measure's lead unit is set.
func (s *Suggester) Learn(text, unit string) {
	if unit == "" {
		return
	}
	toks := Tokens(text)
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.words[unit]
	if w == nil {
		w = map[string]int{}
		s.words[unit] = w
	}
	for _, t := range toks {
		w[t]++
		s.vocab[t] = struct{}{}
	}
	s.totals[unit] += len(toks)
	s.docs[unit]++
	s.nDocs++
}

// learnedThemeWeight is how many labelled items one accepted measure counts
// for: the institution's own labelling of its own kind of text says more
// than an example written elsewhere.
const learnedThemeWeight = 2

// LearnTheme records that a measure with this text has this theme (a theme
// code); it is called for the institution's measures, as Learn is.
func (s *Suggester) LearnTheme(text, theme string) {
	if themeIndex(theme) < 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.themes == nil {
		s.themes = newThemeCounts()
	}
	s.themes.learn(text, theme, learnedThemeWeight)
	s.themeModel = nil
}

// themesModel returns the theme model for drafts: the built-in one until a
// measure's theme was learned, then the built-in counts plus the learned.
func (s *Suggester) themesModel() *themeModel {
	s.mu.RLock()
	m, learned := s.themeModel, s.themes != nil
	s.mu.RUnlock()
	if m != nil {
		return m
	}
	if !learned {
		return builtinThemeModel()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.themeModel == nil {
		c := newThemeCounts()
		c.add(builtinThemeCounts())
		c.add(s.themes)
		s.themeModel = c.compile()
	}
	return s.themeModel
}

// Suggest returns the likeliest lead unit for text and the model's posterior
// probability for it. With too little evidence (few measures learned, or no
// unit clearly ahead) it returns themeUnits[theme] with a low confidence, or
// "" and 0 when the map has no entry.
func (s *Suggester) Suggest(text, theme string) (string, float64) {
	toks := Tokens(text)
	s.mu.RLock()
	defer s.mu.RUnlock()
	if u := s.namedUnit(text); u != "" {
		return u, 0.9
	}
	fallback := func() (string, float64) {
		if u, ok := s.themeUnits[theme]; ok && u != "" {
			return u, 0.3
		}
		return "", 0
	}
	if s.nDocs < suggestMinDocs || len(toks) == 0 {
		return fallback()
	}
	v := float64(len(s.vocab) + 1)
	best, bestLP := "", math.Inf(-1)
	lps := make(map[string]float64, len(s.docs))
	for unit, nd := range s.docs {
		lp := math.Log(float64(nd) / float64(s.nDocs))
		w := s.words[unit]
		den := float64(s.totals[unit]) + v
		seen := false
		for _, t := range toks {
			c := w[t]
			if c > 0 {
				seen = true
			}
			lp += math.Log((float64(c) + 1) / den)
		}
		if !seen {
			lp = math.Inf(-1)
		}
		lps[unit] = lp
		if lp > bestLP || (lp == bestLP && unit < best) {
			best, bestLP = unit, lp
		}
	}
	if best == "" || math.IsInf(bestLP, -1) {
		return fallback()
	}
	sum := 0.0
	for _, lp := range lps {
		if !math.IsInf(lp, -1) {
			sum += math.Exp(lp - bestLP)
		}
	}
	p := 1 / sum
	if p < suggestMinProb {
		return fallback()
	}
	return best, round2(p)
}
