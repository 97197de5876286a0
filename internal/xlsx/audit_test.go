package xlsx

import (
	"strings"
	"testing"
	"unicode/utf16"
)

// TestFitCell: text longer than an Excel cell holds is cut on a character
// boundary with a note saying how much is shown; shorter text is kept.
func TestFitCell(t *testing.T) {
	if s := strings.Repeat("字", 100); fit(s) != s {
		t.Error("short text changed")
	}
	long := strings.Repeat("讲话😀", 20000) // 80,000 UTF-16 units
	got := fit(long)
	if n := len(utf16.Encode([]rune(got))); n > 32767 {
		t.Errorf("cut text is %d UTF-16 units", n)
	}
	if !strings.HasPrefix(long, strings.SplitN(got, "…[truncated", 2)[0]) || !strings.Contains(got, "of 80000 characters shown]") {
		t.Errorf("cut text ends %q", got[len(got)-60:])
	}
}
