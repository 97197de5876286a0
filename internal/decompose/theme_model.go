package decompose

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// The theme classifier is a multinomial naive Bayes over the same words the
// unit suggester counts: Chinese character bigrams and lower-cased English
// words. Naive Bayes rather than logistic regression because
//   - it is trained by counting, so the institution's accepted measures
//     refine it one at a time (Suggester.LearnTheme) with no training run;
//   - a few hundred labelled items are enough for it, where a regression
//     over thousands of sparse features would need regularisation tuned on
//     the same few items;
//   - the same counts always give the same model, byte for byte, which is
//     what go generate must produce.
// It does not replace the lexicon: a draft's theme is decided on the sum of
// the two (draftTheme), the lexicon carrying the boundary rules of
// THEMES.md and the model the vocabulary of labelled work.

//go:generate go run ./gen

//go:embed theme_model.txt
var themeModelData []byte

// ThemeModelInputs are the labelled files the theme model is trained on, as
// globs relative to the repository root: the shared evaluation sets beside
// the repository and this package's own labelled cases.
var ThemeModelInputs = []string{
	"../shared/eval/retreat-2024.gold.json",
	"../shared/eval/dev/*.gold.json",
	"../shared/eval/dev2/*.gold.json",
	"internal/decompose/testdata/cases/*.gold.json",
	"internal/decompose/testdata/heldout/*.gold.json",
}

// goldThemeCodes maps the labels of the gold files to theme codes
// (shared/eval/README.md).
var goldThemeCodes = map[string]string{
	"talent training": "talent_training", "discipline construction": "discipline",
	"research": "research", "faculty/talent team": "talent_team",
	"governance/management": "governance", "Party building/discipline": "party_building",
	"resources/finance": "resources", "campus culture/ecology": "culture", "other": "other",
}

// themeIndex returns the index of a theme code or gold label, or -1.
func themeIndex(theme string) int {
	if c, ok := goldThemeCodes[theme]; ok {
		theme = c
	}
	for i, t := range Themes {
		if t == theme {
			return i
		}
	}
	return -1
}

// themeCounts are the counts a naive Bayes model is made of: how often each
// word occurred in the items of each theme, and how many items each theme
// had. It is the mutable, learning form; compile turns it into a themeModel.
type themeCounts struct {
	words map[string]*[nThemes]int
	docs  [nThemes]int
}

func newThemeCounts() *themeCounts {
	return &themeCounts{words: map[string]*[nThemes]int{}}
}

// learn counts the words of text under theme; an unknown theme is ignored.
// n is how many items the text counts for (the institution's own measures
// count more than the labelled examples).
func (c *themeCounts) learn(text, theme string, n int) {
	th := themeIndex(theme)
	if th < 0 || n <= 0 {
		return
	}
	themeWords(text, 0, len(text), func(_ uint64, i, j int) {
		w := strings.ToLower(text[i:j])
		ws := c.words[w]
		if ws == nil {
			ws = new([nThemes]int)
			c.words[w] = ws
		}
		ws[th] += n
	})
	c.docs[th] += n
}

// add adds o's counts to c.
func (c *themeCounts) add(o *themeCounts) {
	for w, ow := range o.words {
		ws := c.words[w]
		if ws == nil {
			ws = new([nThemes]int)
			c.words[w] = ws
		}
		for t := range ws {
			ws[t] += ow[t]
		}
	}
	for t := range c.docs {
		c.docs[t] += o.docs[t]
	}
}

// themeWords calls fn for each word of s[a:b] the theme model counts, with
// its key and byte span: each pair of adjacent Chinese characters (a lone
// character stands for itself) and each run of ASCII letters of two or more
// (digits and single letters say nothing of a theme). It allocates nothing:
// it runs on every draft.
func themeWords(s string, a, b int, fn func(key uint64, i, j int)) {
	prev, prevAt, run := rune(0), 0, 0 // run: Chinese characters in the current run
	flush := func() {
		if run == 1 {
			fn(hanKey(prev, 0), prevAt, prevAt+utf8.RuneLen(prev))
		}
		run = 0
	}
	for i := a; i < b; {
		c := s[i]
		if c < utf8.RuneSelf {
			flush()
			if !isLetterByte(c) {
				i++
				continue
			}
			j := i
			h := uint64(14695981039346656037)
			for j < b && isLetterByte(s[j]) {
				h = (h ^ uint64(lowerByte(s[j]))) * 1099511628211
				j++
			}
			if j-i >= 2 {
				fn(wordKey(h), i, j)
			}
			i = j
			continue
		}
		var r rune
		size := 3
		if c >= 0xE3 && c <= 0xE9 && i+2 < b && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			// the common Chinese characters are three bytes: decoded here,
			// as this runs over every draft
			r = rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)
		} else {
			r, size = decodeAt(s, i)
		}
		if isHan(r) {
			if run > 0 {
				fn(hanKey(prev, r), prevAt, i+size)
			}
			prev, prevAt = r, i
			run++
		} else {
			flush()
		}
		i += size
	}
	flush()
}

// isLetterByte reports an ASCII letter.
func isLetterByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// hanKey and wordKey keep the two kinds of word apart by the top bit; no key
// is 0, which marks an empty slot of the model's table.
func hanKey(r1, r2 rune) uint64 { return 1<<63 | uint64(r1)<<32 | uint64(r2) }
func wordKey(h uint64) uint64 {
	h &^= 1 << 63
	if h == 0 {
		h = 1
	}
	return h
}

// themeModel is a compiled naive Bayes model: for each known word the log
// probability of meeting it in an item of each theme, in an open-addressed
// table so that looking a word up costs a multiply and a probe or two, not
// a map access and a string.
type themeModel struct {
	keys  []uint64 // 0 = empty slot
	slot  []int32  // index into logp
	logp  [][nThemes]float32
	prior [nThemes]float32 // log share of items per theme
	shift uint
	words int // number of known words
}

// themeSmoothing is the additive smoothing of the word probabilities. Below
// 1 because most words were seen in a handful of items: a word met only
// under one theme should lean to it clearly.
const themeSmoothing = 0.3

// compile turns counts into a model.
func (c *themeCounts) compile() *themeModel {
	m := &themeModel{}
	n := len(c.words)
	size := 16
	for size < 2*n {
		size <<= 1
	}
	m.keys = make([]uint64, size)
	m.slot = make([]int32, size)
	m.shift = uint(64 - bitsLen(size))
	m.logp = make([][nThemes]float32, 0, n)
	var total [nThemes]float64
	for _, ws := range c.words {
		for t, k := range ws {
			total[t] += float64(k)
		}
	}
	v := float64(n)
	// most words were seen under one or two themes: the log of the
	// smoothing alone is computed once per theme
	var den, unseen [nThemes]float64
	for t := range den {
		den[t] = math.Log(total[t] + themeSmoothing*v)
		unseen[t] = math.Log(themeSmoothing) - den[t]
	}
	for w, ws := range c.words {
		var lp [nThemes]float32
		for t, k := range ws {
			if k == 0 {
				lp[t] = float32(unseen[t])
			} else {
				lp[t] = float32(math.Log(float64(k)+themeSmoothing) - den[t])
			}
		}
		themeWords(w, 0, len(w), func(key uint64, _, _ int) {
			m.insert(key, lp)
		})
	}
	docs := 0
	for _, d := range c.docs {
		docs += d
	}
	for t := range m.prior {
		m.prior[t] = float32(math.Log((float64(c.docs[t]) + 1) / (float64(docs) + nThemes)))
	}
	return m
}

func bitsLen(n int) int {
	b := 0
	for n > 1 {
		n >>= 1
		b++
	}
	return b
}

func (m *themeModel) insert(key uint64, lp [nThemes]float32) {
	for i := (key * 0x9E3779B97F4A7C15) >> m.shift; ; i = (i + 1) & uint64(len(m.keys)-1) {
		if m.keys[i] == 0 {
			m.keys[i] = key
			m.slot[i] = int32(len(m.logp))
			m.logp = append(m.logp, lp)
			m.words++
			return
		}
		if m.keys[i] == key {
			return
		}
	}
}

func (m *themeModel) lookup(key uint64) *[nThemes]float32 {
	for i := (key * 0x9E3779B97F4A7C15) >> m.shift; ; i = (i + 1) & uint64(len(m.keys)-1) {
		switch m.keys[i] {
		case key:
			return &m.logp[m.slot[i]]
		case 0:
			return nil
		}
	}
}

// logJoint fills out with the log joint probability of s[a:b] and each
// theme (the log posterior plus a constant that is the same for every theme,
// which neither the choice of a theme nor a softmax over the themes sees)
// and returns how many known words it read. Words the model never saw are
// left out, as naive Bayes does.
func (m *themeModel) logJoint(s string, a, b int, out *[nThemes]float64) (han, latin int) {
	acc := m.prior
	themeWords(s, a, b, func(key uint64, _, _ int) {
		if lp := m.lookup(key); lp != nil {
			for t := range acc {
				acc[t] += lp[t]
			}
			if key>>63 == 1 {
				han++
			} else {
				latin++
			}
		}
	})
	for t := range out {
		out[t] = float64(acc[t])
	}
	return han, latin
}

// builtinThemeModel is the model trained on the labelled items
// (theme_model.txt); tests that train on a part of them replace it.
var builtinThemeModel = sync.OnceValue(func() *themeModel {
	return builtinThemeCounts().compile()
})

// builtinThemeCounts are the counts of theme_model.txt, which the
// institution's learned measures add to.
var builtinThemeCounts = sync.OnceValue(func() *themeCounts {
	c, err := parseThemeCounts(themeModelData)
	if err != nil {
		panic("decompose: theme_model.txt: " + err.Error())
	}
	return c
})

// ThemeSource is one labelled file: its path relative to the repository
// root and its contents (a JSON array of {"text","theme"}).
type ThemeSource struct {
	Path string
	Data []byte
}

// ReadThemeSources reads the files of ThemeModelInputs under the repository
// root, in a fixed order, with the reading and globbing given by the caller
// (os.ReadFile, filepath.Glob) so that this package stays free of I/O. A glob
// that matches nothing is an error: a missing set would quietly change the
// model.
func ReadThemeSources(root string, readFile func(string) ([]byte, error), glob func(string) ([]string, error)) ([]ThemeSource, error) {
	var out []ThemeSource
	for _, in := range ThemeModelInputs {
		names, err := glob(root + "/" + in)
		if err != nil {
			return nil, err
		}
		if len(names) == 0 {
			return nil, fmt.Errorf("no labelled file matches %s", in)
		}
		sort.Strings(names)
		for _, name := range names {
			b, err := readFile(name)
			if err != nil {
				return nil, err
			}
			// named as the input names it, wherever the repository lies
			rel := path.Dir(in) + "/" + path.Base(strings.ReplaceAll(name, "\\", "/"))
			out = append(out, ThemeSource{Path: rel, Data: b})
		}
	}
	return out, nil
}

// BuildThemeModel returns the contents of theme_model.txt trained on the
// labelled files: a header naming the inputs' hash, the items per theme,
// then one line per word with its counts per theme, sorted, so the same
// inputs give the same bytes.
func BuildThemeModel(srcs []ThemeSource) ([]byte, error) {
	c := newThemeCounts()
	h := sha256.New()
	for _, src := range srcs {
		fmt.Fprintf(h, "%s\n%d\n", src.Path, len(src.Data))
		h.Write(src.Data)
		if err := learnGold(c, src.Data); err != nil {
			return nil, fmt.Errorf("%s: %w", src.Path, err)
		}
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# theme model: naive Bayes word counts per theme; generated by `go generate ./internal/decompose`, do not edit\n")
	fmt.Fprintf(&buf, "# inputs %d files sha256 %s\n", len(srcs), hex.EncodeToString(h.Sum(nil)))
	fmt.Fprintf(&buf, "# themes %s\n", strings.Join(Themes, " "))
	buf.WriteString("=docs")
	for _, d := range c.docs {
		fmt.Fprintf(&buf, " %d", d)
	}
	buf.WriteByte('\n')
	list := make([]string, 0, len(c.words))
	for w := range c.words {
		list = append(list, w)
	}
	sort.Strings(list)
	for _, w := range list {
		buf.WriteString(w)
		for t, k := range c.words[w] {
			if k > 0 {
				fmt.Fprintf(&buf, " %d:%d", t, k)
			}
		}
		buf.WriteByte('\n')
	}
	return buf.Bytes(), nil
}

// learnGold counts every item of a gold file.
func learnGold(c *themeCounts, data []byte) error {
	var items []struct{ Text, Theme string }
	if err := json.Unmarshal(data, &items); err != nil {
		return err
	}
	for _, it := range items {
		if themeIndex(it.Theme) < 0 {
			return fmt.Errorf("unknown theme %q", it.Theme)
		}
		c.learn(it.Text, it.Theme, 1)
	}
	return nil
}

// parseThemeCounts reads what BuildThemeModel wrote. It runs once per
// process, on the first draft, so it keeps to one string and one block of
// counts rather than allocating per line.
func parseThemeCounts(data []byte) (*themeCounts, error) {
	c := newThemeCounts()
	rest := string(data)
	slab := make([][nThemes]int, 0, strings.Count(rest, "\n"))
	for line := 1; rest != ""; line++ {
		var ln string
		ln, rest, _ = strings.Cut(rest, "\n")
		if ln == "" || ln[0] == '#' {
			continue
		}
		word, fields, _ := strings.Cut(ln, " ")
		if word == "=docs" { // not a word: words are letters or Chinese characters
			for t := range c.docs {
				var f string
				f, fields, _ = strings.Cut(fields, " ")
				d, err := strconv.Atoi(f)
				if err != nil {
					return nil, fmt.Errorf("line %d: %w", line, err)
				}
				c.docs[t] = d
			}
			if fields != "" {
				return nil, fmt.Errorf("line %d: more than %d item counts", line, nThemes)
			}
			continue
		}
		slab = append(slab, [nThemes]int{})
		ws := &slab[len(slab)-1]
		for fields != "" {
			var f string
			f, fields, _ = strings.Cut(fields, " ")
			ts, ks, ok := strings.Cut(f, ":")
			t, err1 := strconv.Atoi(ts)
			k, err2 := strconv.Atoi(ks)
			if !ok || err1 != nil || err2 != nil || t < 0 || t >= nThemes {
				return nil, fmt.Errorf("line %d: bad count %q", line, f)
			}
			ws[t] = k
		}
		c.words[word] = ws
	}
	return c, nil
}
