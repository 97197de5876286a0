package decompose

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// labelledText is one labelled text of the theme model's inputs.
type labelledText struct {
	name, lang string
	text       []byte
	gold       []evalSpan
	src        ThemeSource
}

// labelledTexts reads every labelled text the theme model is trained on,
// with the text each gold file labels; it skips when ../shared is absent.
func labelledTexts(t testing.TB) []labelledText {
	t.Helper()
	sharedDir(t) // skips when ../shared is absent
	root := mustRepoRoot(t)
	srcs, err := ReadThemeSources(root, os.ReadFile, filepath.Glob)
	if err != nil {
		t.Fatal(err)
	}
	var out []labelledText
	for _, src := range srcs {
		txt := strings.TrimSuffix(src.Path, ".gold.json") + ".txt"
		if strings.HasSuffix(src.Path, "retreat-2024.gold.json") {
			txt = "../shared/seed/retreat-2024.txt"
		}
		text, err := os.ReadFile(filepath.Join(root, txt))
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(src.Path), ".gold.json")
		if d := filepath.Base(filepath.Dir(src.Path)); d != "eval" {
			name = d + "/" + name
		}
		out = append(out, labelledText{name: name, lang: textLang(name, text), text: text,
			gold: loadGold(t, filepath.Join(root, src.Path)), src: src})
	}
	return out
}

// mustRepoRoot is the directory holding go.mod above the package.
func mustRepoRoot(t testing.TB) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the package")
		}
		dir = parent
	}
}

// textLang sorts a labelled text into the three kinds the issue reports:
// machine-translated and mixed texts (named so, and the seed report) as
// mixed, else zh or en by which script most of its letters are in.
func textLang(name string, text []byte) string {
	if strings.Contains(name, "-mt-") || strings.Contains(name, "mixed") || strings.Contains(name, "retreat") {
		return "mixed"
	}
	han, latin := 0, 0
	for _, r := range string(text) {
		switch {
		case isHan(r):
			han++
		case r < utf8.RuneSelf && isLetterByte(byte(r)):
			latin++
		}
	}
	// a Chinese character carries about as much as a short English word
	if han*4 > latin {
		return "zh"
	}
	return "en"
}

// lotoModels trains, for each labelled text, a model on all the others.
func lotoModels(texts []labelledText) []*themeModel {
	out := make([]*themeModel, len(texts))
	for i := range texts {
		c := newThemeCounts()
		for j, o := range texts {
			if j != i {
				if err := learnGold(c, o.src.Data); err != nil {
					panic(err)
				}
			}
		}
		out[i] = c.compile()
	}
	return out
}

// lotoScore runs Decompose on each text with the model that never saw it.
func lotoScore(t *testing.T, texts []labelledText, models []*themeModel, log bool) (all evalCounts, byLang map[string]*evalCounts) {
	saved := builtinThemeModel
	defer func() { builtinThemeModel = saved }()
	byLang = map[string]*evalCounts{"zh": {}, "en": {}, "mixed": {}}
	for i, lt := range texts {
		if models != nil {
			m := models[i]
			builtinThemeModel = func() *themeModel { return m }
		}
		preds := predSpans(Decompose(string(lt.text), Options{}))
		c, found, owner := scoreSpans(lt.text, lt.gold, preds)
		if log && os.Getenv("DECOMPOSE_DEBUG") != "" {
			logThemeMisses(t, lt, preds, found, owner)
		}
		all.add(c)
		byLang[lt.lang].add(c)
		if log {
			_, _, _, th := c.prf()
			t.Logf("%-48s %-5s found=%3d theme=%.2f", lt.name, lt.lang, c.hitGold, th)
		}
	}
	return all, byLang
}

// lotoMinTheme is the floor of the leave-one-text-out theme accuracy, just
// under what the lexicon and model reach together over 47 texts and 536
// items found (0.884: zh 0.895, en 0.875, mixed 0.866; the lexicon alone
// 0.843). Three held-out texts written after the extraction's second
// round (heldout/11–13, their themes untuned) pull it down from 0.924.
const lotoMinTheme = 0.87

// TestThemeLeaveOneTextOut is the theme figure that counts: each labelled
// text is decomposed with a model trained on all the other texts, so no
// text's own labels help it. Theme accuracy is score.py's, over the gold
// items found.
func TestThemeLeaveOneTextOut(t *testing.T) {
	texts := labelledTexts(t)
	all, byLang := lotoScore(t, texts, lotoModels(texts), true)
	for _, l := range []string{"zh", "en", "mixed"} {
		c := byLang[l]
		_, _, _, th := c.prf()
		t.Logf("LOTO %-5s found=%3d theme=%.3f", l, c.hitGold, th)
	}
	_, _, _, th := all.prf()
	t.Logf("LOTO all   found=%3d theme=%.3f", all.hitGold, th)
	// for comparison: the lexicon alone (it was written with these texts in
	// view, so this is not a held-out figure)
	saved, savedEn := themeModelWeight, themeModelWeightEn
	themeModelWeight, themeModelWeightEn = 0, 0
	lex, _ := lotoScore(t, texts, nil, false)
	themeModelWeight, themeModelWeightEn = saved, savedEn
	_, _, _, lth := lex.prf()
	t.Logf("lexicon alone: theme=%.3f", lth)
	if th < lotoMinTheme {
		t.Errorf("leave-one-text-out theme accuracy %.3f below %.2f", th, lotoMinTheme)
	}
}

// TestThemeLOTOGrid searches the model's weight against the lexicon
// (LOTO_GRID=1 only).
func TestThemeLOTOGrid(t *testing.T) {
	if os.Getenv("LOTO_GRID") == "" {
		t.Skip("LOTO_GRID not set")
	}
	texts := labelledTexts(t)
	models := lotoModels(texts)
	saved, savedEn := themeModelWeight, themeModelWeightEn
	defer func() { themeModelWeight, themeModelWeightEn = saved, savedEn }()
	for _, w := range []float64{0.2, 0.3, 0.4, 0.5} {
		for _, we := range []float64{0, 0.1, 0.15, 0.2, 0.3} {
			themeModelWeight, themeModelWeightEn = w, we
			all, byLang := lotoScore(t, texts, models, false)
			_, _, _, th := all.prf()
			_, _, _, zh := byLang["zh"].prf()
			_, _, _, en := byLang["en"].prf()
			_, _, _, mx := byLang["mixed"].prf()
			t.Logf("model weight %.2f (English %.2f): all=%.3f zh=%.3f en=%.3f mixed=%.3f", w, we, th, zh, en, mx)
		}
	}
}

// logThemeMisses logs the found gold items whose theme came out wrong.
func logThemeMisses(t *testing.T, lt labelledText, preds []evalSpan, found []bool, owner []int) {
	g := spansOf(lt.text, lt.gold, false)
	for i, ok := range found {
		if !ok {
			continue
		}
		best := -1
		for k, o := range owner {
			if o == i && (best < 0 || inter(preds[k], g[i]) > inter(preds[best], g[i])) {
				best = k
			}
		}
		if want := goldThemes[g[i].theme]; preds[best].theme != want {
			t.Logf("   want %-15s got %-15s %q", want, preds[best].theme, preds[best].text)
		}
	}
}
