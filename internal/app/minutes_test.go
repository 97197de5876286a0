package app

import (
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestDecisionParts splits a decision item as offices write one: a
// lead-in, then numbered decisions, each spanning its own bytes (the
// measures taken from its words fall under it); a text without numbers is
// one decision, and a number that is no list (二、三季度) splits nothing.
func TestDecisionParts(t *testing.T) {
	text := "会议研究决定：一、启动本科专业评估，由教务处牵头。二、调整研究生招生计划。三、开展实验室安全专项检查。"
	parts := decisionParts(text)
	want := []string{"启动本科专业评估，由教务处牵头。", "调整研究生招生计划。", "开展实验室安全专项检查。"}
	if len(parts) != len(want) {
		t.Fatalf("%d parts: %+v", len(parts), parts)
	}
	for i, p := range parts {
		if p.text != want[i] {
			t.Errorf("part %d: %q, want %q", i, p.text, want[i])
		}
		if i > 0 && (p.start != parts[i-1].end || !strings.HasPrefix(text[p.start:], model.ChineseNumber(i+1)+"、")) {
			t.Errorf("part %d spans %d-%d", i, p.start, p.end)
		}
	}
	if parts[0].start != 0 || parts[len(parts)-1].end != len(text) {
		t.Errorf("the parts do not cover the text: %+v", parts)
	}
	for _, one := range []string{"同意开展实验室安全专项检查。", "原则同意，请于二、三季度完成。"} {
		if p := decisionParts(one); len(p) != 1 || p[0].text != one {
			t.Errorf("%q: %+v", one, p)
		}
	}
}
