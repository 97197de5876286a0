package decompose

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestThemeModelFresh fails when theme_model.txt is stale: trained again on
// the labelled files as they are now, by the same code, it must come out
// byte for byte as committed. Skips when ../shared is absent.
func TestThemeModelFresh(t *testing.T) {
	sharedDir(t)
	srcs, err := ReadThemeSources(mustRepoRoot(t), os.ReadFile, filepath.Glob)
	if err != nil {
		t.Fatal(err)
	}
	want, err := BuildThemeModel(srcs)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, themeModelData) {
		t.Errorf("theme_model.txt is stale (%d bytes committed, %d trained now): run go generate ./internal/decompose", len(themeModelData), len(want))
	}
	again, _ := BuildThemeModel(srcs)
	if !bytes.Equal(want, again) {
		t.Error("BuildThemeModel gave different bytes for the same inputs")
	}
}

// TestThemeModelRoundTrip: the embedded file reads back into the counts it
// was written from, and is small enough to keep in the repository.
func TestThemeModelRoundTrip(t *testing.T) {
	c := builtinThemeCounts()
	if len(c.words) < 1000 {
		t.Fatalf("theme model has %d words", len(c.words))
	}
	if n := len(themeModelData); n > 300<<10 {
		t.Errorf("theme_model.txt is %d bytes, want < 300 KB", n)
	}
	m := builtinThemeModel()
	if m.words != len(c.words) {
		t.Errorf("compiled %d words of %d", m.words, len(c.words))
	}
	var post [nThemes]float64
	for _, c := range []struct{ text, want string }{
		{"加强预算管理，提高经费使用效益", "resources"},
		{"Strengthen the budget and the use of funds", "resources"},
		{"严格落实中央八项规定精神，加强党风廉政建设", "party_building"},
	} {
		m.logJoint(c.text, 0, len(c.text), &post)
		best := 0
		for i := range post {
			if post[i] > post[best] {
				best = i
			}
		}
		if Themes[best] != c.want {
			t.Errorf("model alone: %q → %s, want %s", c.text, Themes[best], c.want)
		}
	}
}

// TestThemeWords: Chinese bigrams and English words, keys the same wherever
// the word stands, nothing for digits, single letters and punctuation.
func TestThemeWords(t *testing.T) {
	var got []string
	s := "加强财务，Budget 2025 a 教"
	themeWords(s, 0, len(s), func(_ uint64, i, j int) { got = append(got, s[i:j]) })
	want := []string{"加强", "强财", "财务", "Budget", "教"}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %q, want %q", got, want)
		}
	}
	var k1, k2 uint64
	themeWords("BUDGET", 0, 6, func(k uint64, _, _ int) { k1 = k })
	themeWords("budget", 0, 6, func(k uint64, _, _ int) { k2 = k })
	if k1 != k2 {
		t.Error("word keys differ by case")
	}
}

// TestSuggesterLearnsThemes: the institution's own measures move the theme
// of drafts like them, and only when Decompose is given the suggester.
func TestSuggesterLearnsThemes(t *testing.T) {
	text := "各学院要做好校友联络工作，组织校友返校活动。"
	base := Decompose(text, Options{})
	if len(base.Drafts) != 1 {
		t.Fatalf("want one draft, got %+v", base.Drafts)
	}
	want := "culture"
	if base.Drafts[0].Theme == want {
		want = "talent_team"
	}
	s := NewSuggester(nil)
	for i := 0; i < 6; i++ {
		s.LearnTheme("做好校友联络工作，组织校友返校活动", want)
	}
	s.LearnTheme("ignored", "no_such_theme")
	got := Decompose(text, Options{Units: s})
	if got.Drafts[0].Theme != want {
		t.Errorf("after learning, theme = %s, want %s (was %s)", got.Drafts[0].Theme, want, base.Drafts[0].Theme)
	}
	if again := Decompose(text, Options{}); again.Drafts[0].Theme != base.Drafts[0].Theme {
		t.Errorf("learning changed the built-in model: %s", again.Drafts[0].Theme)
	}
}

// TestSuggesterThemesConcurrent: drafts are decomposed while measures teach
// themes (run with -race).
func TestSuggesterThemesConcurrent(t *testing.T) {
	s := NewSuggester(nil)
	done := make(chan bool)
	for g := 0; g < 4; g++ {
		go func() {
			for i := 0; i < 50; i++ {
				if g%2 == 0 {
					s.LearnTheme("加强预算管理", "resources")
				} else {
					Decompose("要加强预算管理。要做好校友工作。", Options{Units: s})
				}
			}
			done <- true
		}()
	}
	for g := 0; g < 4; g++ {
		<-done
	}
}
