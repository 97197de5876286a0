package decompose

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// goldItem is one entry of a *.gold.json file (see shared/eval/README.md).
type goldItem struct {
	Text  string `json:"text"`
	Theme string `json:"theme"`
	Start *int   `json:"start,omitempty"`
	End   *int   `json:"end,omitempty"`
}

// goldThemes maps the gold labels to theme codes, as score.py's THEMES does.
var goldThemes = map[string]string{
	"talent training": "talent_training", "discipline construction": "discipline",
	"research": "research", "faculty/talent team": "talent_team",
	"governance/management": "governance", "Party building/discipline": "party_building",
	"resources/finance": "resources", "campus culture/ecology": "culture", "other": "other",
}

type evalSpan struct {
	s, e  int
	theme string
	text  string
}

// spansOf ports score.py's spans_of: offsets when they are valid, else the
// first occurrence of the text.
func spansOf(text []byte, items []evalSpan, useOffsets bool) []evalSpan {
	var out []evalSpan
	for _, it := range items {
		if useOffsets && 0 <= it.s && it.s < it.e && it.e <= len(text) {
			out = append(out, it)
			continue
		}
		tb := []byte(it.text)
		i := -1
		if len(tb) > 0 {
			i = bytes.Index(text, tb)
		}
		if i >= 0 {
			it.s, it.e = i, i+len(tb)
			out = append(out, it)
		}
	}
	return out
}

func inter(a, b evalSpan) int {
	return max(0, min(a.e, b.e)-max(a.s, b.s))
}

// evalCounts are score.py's per-text figures.
type evalCounts struct{ gold, pred, hitGold, hitPred, themeOK int }

func (c *evalCounts) add(o evalCounts) {
	c.gold += o.gold
	c.pred += o.pred
	c.hitGold += o.hitGold
	c.hitPred += o.hitPred
	c.themeOK += o.themeOK
}

func (c evalCounts) prf() (p, r, f, th float64) {
	r = float64(c.hitGold) / float64(max(c.gold, 1))
	p = float64(c.hitPred) / float64(max(c.pred, 1))
	f = 2 * p * r / max(p+r, 1e-9)
	th = float64(c.themeOK) / float64(max(c.hitGold, 1))
	return
}

// scoreSpans ports score.py's score exactly: a prediction is right when at
// least half of it lies inside one gold item; a gold item is found when the
// right predictions inside it cover at least half of it; theme accuracy uses
// the found item's most-overlapping prediction.
func scoreSpans(text []byte, goldIn, predIn []evalSpan) (evalCounts, []bool, []int) {
	g := spansOf(text, goldIn, false)
	p := spansOf(text, predIn, true)
	owner := make([]int, len(p))
	for k, ps := range p {
		best, bestI := -1, 0
		for i, gs := range g {
			if x := inter(ps, gs); x > bestI {
				best, bestI = i, x
			}
		}
		if best >= 0 && bestI*2 >= ps.e-ps.s {
			owner[k] = best
		} else {
			owner[k] = -1
		}
	}
	c := evalCounts{gold: len(g), pred: len(p)}
	found := make([]bool, len(g))
	for i, gs := range g {
		var mine []evalSpan
		for k, ps := range p {
			if owner[k] == i {
				mine = append(mine, ps)
			}
		}
		sort.SliceStable(mine, func(a, b int) bool {
			if mine[a].s != mine[b].s {
				return mine[a].s < mine[b].s
			}
			return mine[a].e < mine[b].e
		})
		covered, last := 0, gs.s
		for _, ps := range mine {
			lo, hi := max(ps.s, last), min(ps.e, gs.e)
			if hi > lo {
				covered += hi - lo
				last = hi
			}
		}
		if len(mine) > 0 && covered*2 >= gs.e-gs.s {
			c.hitGold++
			found[i] = true
			best := mine[0]
			for _, ps := range mine[1:] {
				if inter(ps, gs) > inter(best, gs) {
					best = ps
				}
			}
			want := gs.theme
			if m, ok := goldThemes[want]; ok {
				want = m
			}
			if best.theme == want {
				c.themeOK++
			}
		}
	}
	for _, o := range owner {
		if o >= 0 {
			c.hitPred++
		}
	}
	return c, found, owner
}

// sharedDir finds shared/ beside the repository root: up from the package
// directory to the directory holding go.mod, then ../shared.
func sharedDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Skipf("no working directory: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			sh := filepath.Join(dir, "..", "shared")
			if st, err := os.Stat(filepath.Join(sh, "eval")); err == nil && st.IsDir() {
				return sh
			}
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	t.Skip("shared/eval not found beside the repository root; skipping the scored evaluation")
	return ""
}

func loadGold(t testing.TB, path string) []evalSpan {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var items []goldItem
	if err := json.Unmarshal(b, &items); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	out := make([]evalSpan, len(items))
	for i, it := range items {
		out[i] = evalSpan{s: -1, e: -1, theme: it.Theme, text: it.Text}
	}
	return out
}

func predSpans(r Result) []evalSpan {
	out := make([]evalSpan, len(r.Drafts))
	for i, d := range r.Drafts {
		out[i] = evalSpan{s: d.Start, e: d.End, theme: d.Theme, text: d.Text}
	}
	return out
}

// scoreDir scores every NN.txt / NN.gold.json pair in dir, logging each.
func scoreDir(t *testing.T, dir string) evalCounts {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.gold.json"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no gold files in %s", dir)
	}
	sort.Strings(names)
	var tot evalCounts
	for _, gp := range names {
		stem := strings.TrimSuffix(gp, ".gold.json")
		text, err := os.ReadFile(stem + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		c := scoreText(t, filepath.Base(stem), text, loadGold(t, gp))
		tot.add(c)
	}
	return tot
}

func scoreText(t *testing.T, name string, text []byte, gold []evalSpan) evalCounts {
	res := Decompose(string(text), Options{})
	preds := predSpans(res)
	c, found, owner := scoreSpans(text, gold, preds)
	p, r, f, th := c.prf()
	t.Logf("%-40s gold=%3d pred=%3d P=%.2f R=%.2f F1=%.2f theme=%.2f", name, c.gold, c.pred, p, r, f, th)
	if os.Getenv("DECOMPOSE_DEBUG") != "" {
		g := spansOf(text, gold, false)
		for i, ok := range found {
			if !ok {
				t.Logf("   MISSED [%s] %q", g[i].theme, g[i].text)
			}
		}
		for k, ps := range preds {
			mark := "ok "
			if owner[k] < 0 {
				mark = "FP "
			} else if gt := goldThemes[g[owner[k]].theme]; gt != ps.theme {
				mark = "th " + gt + " "
			}
			t.Logf("   %s[%s] %q", mark, ps.theme, ps.text)
		}
	}
	return c
}

func logTotal(t *testing.T, label string, c evalCounts) (p, r, f, th float64) {
	p, r, f, th = c.prf()
	t.Logf("%s TOTAL gold=%d pred=%d P=%.3f R=%.3f F1=%.3f theme=%.3f", label, c.gold, c.pred, p, r, f, th)
	return
}

// TestEvalSeed scores the seed report against its gold labels.
func TestEvalSeed(t *testing.T) {
	sh := sharedDir(t)
	text, err := os.ReadFile(filepath.Join(sh, "seed", "retreat-2024.txt"))
	if err != nil {
		t.Skipf("seed text missing: %v", err)
	}
	gold := loadGold(t, filepath.Join(sh, "eval", "retreat-2024.gold.json"))
	c := scoreText(t, "seed", text, gold)
	p, r, f, th := logTotal(t, "seed", c)
	if p < 0.90 || r < 0.90 || f < seedMinF1 || th < 0.75 {
		t.Errorf("seed below thresholds: P=%.3f (0.90) R=%.3f (0.90) F1=%.3f (%.2f) theme=%.3f (0.75)", p, r, f, seedMinF1, th)
	}
}

// Floors: what this decomposer reaches on the shared sets minus a small
// margin, and never below what issue 17 asks (seed F1 0.95, dev 0.97, dev2
// 0.92), so a regression fails while the unseen-text score stays the goal.
// Reached when set: seed F1 0.968, dev 1.000 (theme 1.000), dev2 0.994
// (theme 0.969). The themes are learned from these very texts, so their
// floor is the (0.85); leave-one-text-out (loto_test.go) is the
// theme figure that counts.
const (
	seedMinF1    = 0.95
	devMinF1     = 0.98
	devMinTheme  = 0.90
	dev2MinF1    = 0.97
	dev2MinTheme = 0.85
)

// TestEvalDev scores the development set.
func TestEvalDev(t *testing.T) {
	sh := sharedDir(t)
	c := scoreDir(t, filepath.Join(sh, "eval", "dev"))
	_, _, f, th := logTotal(t, "dev", c)
	if f < devMinF1 || th < devMinTheme {
		t.Errorf("dev below floor: F1=%.3f (%.2f) theme=%.3f (%.2f)", f, devMinF1, th, devMinTheme)
	}
}

// TestEvalDev2 scores the second development set (shared/eval/dev2):
// enumerated headings with their elaboration, owner-level directives in
// narration, chains, English reported speech and commitments, lumping traps
// and hard negatives.
func TestEvalDev2(t *testing.T) {
	sh := sharedDir(t)
	dir := filepath.Join(sh, "eval", "dev2")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("dev2 missing: %v", err)
	}
	c := scoreDir(t, dir)
	_, _, f, th := logTotal(t, "dev2", c)
	if f < dev2MinF1 || th < dev2MinTheme {
		t.Errorf("dev2 below floor: F1=%.3f (%.2f) theme=%.3f (%.2f)", f, dev2MinF1, th, dev2MinTheme)
	}
}

// TestEvalCases scores the labelled cases written for this package, one or
// more per rule family (testdata/cases).
func TestEvalCases(t *testing.T) {
	c := scoreDir(t, filepath.Join("testdata", "cases"))
	p, r, _, th := logTotal(t, "cases", c)
	if p < 0.85 || r < 0.85 || th < 0.7 {
		t.Errorf("own cases below floor: P=%.3f R=%.3f theme=%.3f", p, r, th)
	}
}
