package decompose

// Held-out evaluation (testdata/heldout): texts written for this package
// after the rules were tuned on shared/eval/dev, in genres and wording unlike
// the dev texts, each with hard negatives. Gold files follow
// shared/eval/README.md and are scored by the score.py port in eval_test.go.
//
// Figures for the decomposer as it stood BEFORE any rule was changed for
// these texts (the honest held-out estimate at the time; score.py agrees):
//
//	file                               gold pred  P    R    F1   theme
//	01-zh-party-committee-minutes        10   10 1.00 1.00 1.00 0.70
//	02-zh-graduate-education-speech      13   15 1.00 1.00 1.00 0.62
//	03-zh-annual-work-points             15   24 0.58 0.93 0.72 0.86
//	04-en-state-of-university             7    8 0.88 1.00 0.93 0.71
//	05-en-task-force-recommendations      8    1 1.00 0.12 0.22 1.00
//	06-mt-spring-deployment               9   12 1.00 1.00 1.00 1.00
//	07-zh-supervision-notice              7    8 1.00 1.00 1.00 0.86
//	08-mixed-international-report         7    9 0.56 0.71 0.63 0.60
//	TOTAL 01-08                          76   87 0.828 0.868 0.848 0.773
//
// Rules and lexicon were then changed where the misses showed a genre
// pattern (outline headings, "Recommendation N:" items, "X recommends that
// Y do", past-tense bullets, purpose clauses, agenda-topic context, theme
// vocabulary). After that, 01-08 are no longer held out:
//
//	TOTAL 01-08 after                    76   80 1.000 1.000 1.000 0.961
//
// 09 and 10 were written after the changes and NOT tuned on; their score is
// the untouched estimate (identical before and after the changes):
//
//	09-mt-president-office-meeting        5    7 1.00 0.80 0.89 0.25
//	10-zh-student-work-speech             8   10 0.80 1.00 0.89 0.75
//	TOTAL 09-10                          13   17 0.882 0.923 0.902 0.583
//
// Do not tune rules on 09 and 10; add fresh texts (11, 12…) to get a new
// untouched estimate after the next round of changes.
//
// 11-13 were written after the second round of rules (issue 17: chains,
// elaborations without a marker, two doers in one sentence, commitments
// without a modal, headings) and scored once, with no rule changed for them.
// Their writer knew the new rules, so read the figure as an upper bound:
//
//	11-zh-logistics-work-meeting         12   14 1.00 1.00 1.00
//	12-en-dean-spring-letter              8   10 0.80 1.00 0.89
//	13-mt-graduate-work-meeting           6    6 1.00 1.00 1.00
//	TOTAL 11-13                          26   30 0.933 1.000 0.966
//
// The two false positives in 12 are open classes: a forecast written as
// "X is expected to remain tight", and a principle after a colon ("Our
// strategy remains the same: protect the students first"). The first was
// then ruled out ("is expected to" + a verb of state), so 12 is no longer
// untouched: 11-13 after that P 0.966 R 1.000 F1 0.982.

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// Held-out floors: the figures above minus a margin, so that a change that
// costs generalisation fails here even when dev and seed still pass.
const (
	heldoutMinF1    = 0.93 // all held-out texts (0.980 with 11-13)
	heldoutMinTheme = 0.80 // (0.833 with 11-13, whose themes no rule was tuned on; 0.909 before them)
	untouchedMinF1  = 0.85 // 09-11 and 13 (0.957; 09-10 alone 0.902)
)

// untouched lists the held-out texts no rule was tuned on.
var untouched = map[string]bool{"09-mt-president-office-meeting": true, "10-zh-student-work-speech": true,
	"11-zh-logistics-work-meeting": true, "13-mt-graduate-work-meeting": true}

// TestEvalHeldout scores testdata/heldout, the tuned part and the untouched
// part separately.
func TestEvalHeldout(t *testing.T) {
	dir := filepath.Join("testdata", "heldout")
	names, err := filepath.Glob(filepath.Join(dir, "*.gold.json"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no gold files in %s", dir)
	}
	sort.Strings(names)
	var all, fresh evalCounts
	for _, gp := range names {
		stem := strings.TrimSuffix(gp, ".gold.json")
		text, err := os.ReadFile(stem + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(stem)
		c := scoreText(t, name, text, loadGold(t, gp))
		all.add(c)
		if untouched[name] {
			fresh.add(c)
		}
	}
	_, _, f, th := logTotal(t, "heldout", all)
	_, _, ff, _ := logTotal(t, "heldout-untouched", fresh)
	if f < heldoutMinF1 || th < heldoutMinTheme {
		t.Errorf("held-out below floor: F1=%.3f (%.2f) theme=%.3f (%.2f)", f, heldoutMinF1, th, heldoutMinTheme)
	}
	if ff < untouchedMinF1 {
		t.Errorf("untouched held-out below floor: F1=%.3f (%.2f)", ff, untouchedMinF1)
	}
}
